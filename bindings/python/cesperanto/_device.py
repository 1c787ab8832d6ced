"""Devices as pyclesperanto shows them: a Device with properties (name, info,
type, ...) and a readable repr, and select_device / get_device /
list_available_devices / info / wait_for_kernel_to_finish with pyclesperanto
0.25.1's signatures and fallback rules.

The selected device is kept here, in Python (_support.current_device): push,
create and ops given numpy data use it. The C library's default (CLE_DEVICE,
else the first GPU, else the first device) is the starting point and is
updated too where a name picks the device unambiguously."""

import warnings

from . import cesperanto_core as core
from . import _support

Device = core.Device

DEVICE_TYPES = ("all", "gpu", "cpu", "accelerator", "other")


class _Text(str):
    """A str that can still be called: Device.name was a method (dev.name()), it is a property now."""

    __slots__ = ()

    def __call__(self):
        return str(self)


class _Number(int):
    """An int that can still be called (dev.global_memory() keeps working)."""

    __slots__ = ()

    def __call__(self):
        return int(self)


def _text_property(method, doc):
    return property(lambda self: _Text(method(self)), doc=doc)


def _number_property(method, doc):
    return property(lambda self: _Number(method(self)), doc=doc)


def all_devices():
    return [core.device_get(i) for i in range(core.device_count())]


def _index(self):
    """Position of the device in list_available_devices() (all types)."""
    key = int(self.this)
    for i, dev in enumerate(all_devices()):
        if int(dev.this) == key:
            return i
    return -1


def _info(self):
    """A readable summary, as pyclesperanto's Device.info."""
    mb = 1024 * 1024
    return (
        "(OpenCL) %s (%s)\n"
        "\tVendor:                      %s\n"
        "\tPlatform:                    %s\n"
        "\tDriver Version:              %s\n"
        "\tDevice Type:                 %s\n"
        "\tGlobal Memory Size:          %d MB\n"
        "\tMaximum Buffer Size:         %d MB\n"
        % (self.name, self.version, self.vendor, self.platform, self.driver_version, self.type.upper(),
           self.global_memory // mb, self.max_allocation // mb))


def _repr(self):
    return "<cesperanto.Device %d: %r (%s, %s)>" % (self.index, str(self.name), self.type, self.platform)


def _eq(self, other):
    if not isinstance(other, Device):
        return NotImplemented
    return int(self.this) == int(other.this)


def _ne(self, other):
    result = _eq(self, other)
    return result if result is NotImplemented else not result


def _hash(self):
    return hash(int(self.this))


def _set_wait_to_finish(self, wait=True):
    """Make every op on this device wait until its kernels have run (pyclesperanto's Device.set_wait_to_finish)."""
    _support.set_wait(self, bool(wait))


def _patch_device_class():
    if getattr(Device, "_cesperanto_patched", False):
        return
    for name in ("name", "vendor", "platform", "type", "version", "driver_version"):
        setattr(Device, name, _text_property(getattr(Device, name), "The device's %s (a str)." % name))
    Device.global_memory = _number_property(Device.global_memory, "Global memory in bytes.")
    Device.max_allocation = _number_property(Device.max_allocation, "The largest buffer in bytes.")
    Device.index = property(_index, doc=_index.__doc__)
    Device.info = property(_info, doc=_info.__doc__)
    Device.__repr__ = _repr
    Device.__str__ = _repr
    Device.__eq__ = _eq
    Device.__ne__ = _ne
    Device.__hash__ = _hash
    Device.set_wait_to_finish = _set_wait_to_finish
    Device._cesperanto_patched = True


_patch_device_class()


def _of_type(device_type):
    if not isinstance(device_type, str):
        raise core.InvalidArgumentError("device_type must be a str (%s), got %r"
                                        % (", ".join(DEVICE_TYPES), device_type))
    kind = device_type.lower()
    if kind not in DEVICE_TYPES:
        warnings.warn("device_type %r is none of %s; choosing among all devices"
                      % (device_type, ", ".join(DEVICE_TYPES)), RuntimeWarning, stacklevel=3)
        kind = "all"
    devices = all_devices()
    return devices if kind == "all" else [d for d in devices if d.type == kind]


def list_available_devices(device_type="all"):
    """Names of the OpenCL devices of a type ("all", "gpu", "cpu", ...), in index order.

    Lists them; selects nothing (select_device does). Warns when there is none."""
    names = [str(d.name) for d in _of_type(device_type)]
    if not names:
        warnings.warn("No device available. Please check your system installation.", RuntimeWarning, stacklevel=2)
    return names


def _select(device):
    """Make device the default of push, create and ops (and of the C library when its name picks it)."""
    _support.set_current_device(device)
    try:
        if int(core.device_find(str(device.name)).this) == int(device.this):
            core.device_select(str(device.name))
    except core.Error:
        pass
    return device


def select_device(device_id="", device_type="all"):
    """Select the device by name or index (and type), and make it the current device.

    device_id: a substring of the device's name (or vendor, or platform; any case), or
    its index among the devices of device_type. device_type: "all", "gpu", "cpu"...
    As pyclesperanto 0.25.1: "" selects the default device (of the type); a name
    that matches no device or an index out of range selects the default device, and
    a type with no device chooses among all devices. cesperanto warns (RuntimeWarning)
    in each of those fallbacks. Returns the Device."""
    if isinstance(device_id, bool) or not isinstance(device_id, (str, int)):
        raise core.InvalidArgumentError(
            "'%s' is not a supported device_id. Please use either a string or an integer." % (device_id,))
    candidates = _of_type(device_type)
    if not candidates:
        warnings.warn("no %s device; choosing among all devices" % device_type, RuntimeWarning, stacklevel=2)
        candidates = all_devices()
    if not candidates:
        raise core.DeviceError("select_device: no OpenCL device found; check the system's OpenCL installation")
    default = core.device_default()
    if not any(int(default.this) == int(d.this) for d in candidates):
        default = candidates[0]
    if isinstance(device_id, int):
        if device_id < 0:
            raise core.InvalidArgumentError("select_device: device_id must be >= 0, got %d" % device_id)
        if device_id >= len(candidates):
            warnings.warn("select_device: no device %d among %d %s device(s); selected %r" % (
                device_id, len(candidates), device_type, str(default.name)), RuntimeWarning, stacklevel=2)
            return _select(default)
        return _select(candidates[device_id])
    if device_id == "":
        return _select(default)
    wanted = device_id.lower()
    for dev in candidates:
        if any(wanted in str(text).lower() for text in (dev.name, dev.vendor, dev.platform)):
            return _select(dev)
    kind = "" if device_type == "all" else device_type + " "
    warnings.warn("select_device: no %sdevice matches %r; selected %r" % (kind, device_id, str(default.name)),
                  RuntimeWarning, stacklevel=2)
    return _select(default)


def warmup(operations=None, dtypes=None, device=None):
    """Build the programs of operations ahead of time, into the disk cache (cle warmup).

    operations: op names (a list, or one comma-separated string; default: every op with
    inputs); dtypes: their input dtypes (default "float32"); device: default the current
    one. Each op runs once on small zero images per dtype, in 2D and in 3D, with its
    defaults (and with float params that default to 0 at 1): a later process then loads
    those programs instead of compiling them. Returns the number of calls that ran."""
    def joined(names, what):
        if names is None:
            return ""
        if isinstance(names, str):
            return names
        if not all(isinstance(n, str) for n in names):
            raise core.InvalidArgumentError("warmup: %s must be names (str), got %r" % (what, names))
        return ",".join(names)
    if device is not None and not isinstance(device, Device):
        raise core.InvalidArgumentError("warmup: device must be a Device or None, got %s" % type(device).__name__)
    dtype_names = dtypes if dtypes is None or isinstance(dtypes, str) else [
        d if isinstance(d, str) else getattr(d, "__name__", str(d)) for d in dtypes]
    return core.warmup(device if device is not None else get_device(), joined(operations, "operations"),
                       joined(dtype_names, "dtypes"))


def get_device():
    """The current device (select_device's, else the default one)."""
    return _support.current_device()


def info():
    """Print every device's info, as pyclesperanto's info()."""
    print("".join("%d - %s" % (i, dev.info) for i, dev in enumerate(all_devices())))


def cl_info():
    """Deprecated alias of info() (pyclesperanto's)."""
    warnings.warn("cl_info: This function is deprecated, please use info() instead.", DeprecationWarning, stacklevel=2)
    info()


def wait_for_kernel_to_finish(wait=True, device=None):
    """Make every op wait until its kernels have run on device (default: the current one).

    For debugging, timing and profiling; ops are asynchronous otherwise (a pull waits)."""
    if device is not None and not isinstance(device, Device):
        raise core.InvalidArgumentError("wait_for_kernel_to_finish: device must be a Device or None, got %s"
                                        % type(device).__name__)
    _support.set_wait(device if device is not None else get_device(), bool(wait))


def set_wait_for_kernel_finish(wait=True):
    """Deprecated alias of wait_for_kernel_to_finish(wait) (pyclesperanto's)."""
    warnings.warn("set_wait_for_kernel_finish: This function is deprecated, please use wait_for_kernel_to_finish() "
                  "instead.", DeprecationWarning, stacklevel=2)
    wait_for_kernel_to_finish(wait)
