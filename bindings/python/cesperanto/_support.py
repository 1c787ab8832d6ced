"""What the generated op functions (_ops.py) and the package share: the SWIG
module, numpy <-> Array conversion and argument checks that name the op and
the parameter, as the C library's own messages do."""

import numbers
import os
import sys
import warnings

import numpy

from . import cesperanto_core as core

Array = core.Array

# numpy dtypes an array can have; others are converted by push() when lossless.
DTYPES = ("int8", "uint8", "int16", "uint16", "int32", "uint32", "float32")


def _fail(message):
    raise core.InvalidArgumentError(message)


# The device select_device() chose (None: the library's default, core.device_default()).
_current_device = None
# Pointers of the devices on which every op waits until its kernels are done (wait_for_kernel_to_finish).
_waiting_devices = set()


def current_device():
    """The device ops and push use when none is given: select_device()'s, else the library's default."""
    return _current_device if _current_device is not None else core.device_default()


def set_current_device(device):
    global _current_device
    _current_device = device


def device_or_default(device):
    return device if device is not None else current_device()


def set_wait(device, wait):
    key = int(device.this)
    if wait:
        _waiting_devices.add(key)
    else:
        _waiting_devices.discard(key)


def finish(result):
    """An op's Array result, after waiting for its device when wait_for_kernel_to_finish() asked for it."""
    if _waiting_devices and result is not None:
        device = result._device()
        if int(device.this) in _waiting_devices:
            device.wait_idle()
    return result


def as_pixels(data, who):
    """data as a C-contiguous ndarray of a dtype the library has.

    bool becomes uint8, float64 and float16 become float32, int64/uint64
    become int32/uint32 when every value fits (else an error)."""
    arr = numpy.asarray(data)
    kind = arr.dtype
    if kind == numpy.bool_:
        arr = arr.astype(numpy.uint8)
    elif kind in (numpy.float64, numpy.float16):
        arr = arr.astype(numpy.float32)
    elif kind in (numpy.int64, numpy.uint64):
        target = numpy.int32 if kind == numpy.int64 else numpy.uint32
        info = numpy.iinfo(target)
        if arr.size and (arr.min() < info.min or arr.max() > info.max):
            _fail("%s: %s values do not fit in %s" % (who, kind, numpy.dtype(target).name))
        arr = arr.astype(target)
    elif kind.name not in DTYPES:
        _fail("%s: dtype must be one of %s, got %s" % (who, ", ".join(DTYPES), kind))
    if not 1 <= arr.ndim <= 3:
        _fail("%s: an image must have 1 to 3 dimensions, got %d" % (who, arr.ndim))
    return numpy.ascontiguousarray(arr)


def push(data, device=None, who="push"):
    pixels = as_pixels(data, who)
    shape = tuple(pixels.shape) + (1,) * (3 - pixels.ndim)
    dtype = core.dtype_parse(pixels.dtype.name)
    return core.push_bytes(device_or_default(device), pixels, dtype, pixels.ndim, *shape)


def image(value, op, name, device=None):
    """An op's image argument: an Array as is (on device, when one is given),
    None as NULL (the op reports it), anything numpy can read is pushed to
    device (default: the default device)."""
    if device is not None and not isinstance(device, core.Device):
        _fail("%s: device must be a cesperanto.Device or None, got %s" % (op, type(device).__name__))
    if value is None:
        return value
    if isinstance(value, Array):
        if device is not None and int(value.device.this) != int(device.this):
            _fail("%s: %s is on device '%s', device is '%s'" % (op, name, value.device.name(), device.name()))
        return value
    if isinstance(value, (numpy.ndarray, list, tuple)) or hasattr(value, "__array__"):
        return push(value, device, who="%s: %s" % (op, name))
    _fail("%s: %s must be a cesperanto.Array or a numpy array, got %s" % (op, name, type(value).__name__))


def op_device(device, output, op):
    """The device of an op without inputs: device, else None (the C op then takes output's device)
    when an output Array is given, else the current device."""
    if device is not None and not isinstance(device, core.Device):
        _fail("%s: device must be a cesperanto.Device or None, got %s" % (op, type(device).__name__))
    if device is None and isinstance(output, Array):
        return None
    return device_or_default(device)


def written(value, op, name, device=None):
    """An input the op writes into (a flag, spec: written): an Array the caller keeps, as a numpy
    array would not see what the op writes."""
    if isinstance(value, Array):
        return image(value, op, name, device)
    _fail("%s: %s must be a cesperanto.Array (the op writes into it), got %s" % (op, name, type(value).__name__))


_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep


def user_stacklevel():
    """warnings.warn's stacklevel, from its caller, of the first frame outside this package: a warning names
    the user's line however many of the package's functions (wrappers, Operation.__call__) lie between, and
    Python's default filters show it when that line is __main__'s."""
    level, frame = 1, sys._getframe(1)
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE_DIR):
        frame, level = frame.f_back, level + 1
    return level


def deprecated(old, new):
    """Warn once per call site that op name old is deprecated in favour of new (as pyclesperanto does)."""
    warnings.warn("%s is deprecated; use %s" % (old, new), DeprecationWarning, stacklevel=user_stacklevel())


def out(value, op, name):
    """An op's dst: an Array or None (an ndarray could not receive the result)."""
    if value is None or isinstance(value, Array):
        return value
    _fail("%s: %s must be a cesperanto.Array or None, got %s" % (op, name, type(value).__name__))


def table(t):
    """A table result (output creator `table`) as the dict pyclesperanto gives:
    {column name: numpy float64 array of one value per row}, in column order.
    The C table is freed here."""
    try:
        return {t.column_name(c): numpy.frombuffer(t.column_bytes(c), dtype="<f8").copy()
                for c in range(t.column_count())}
    finally:
        del t


def arrays(outputs):
    """Several outputs (spec: outputs) as the list pyclesperanto gives, in its order
    (hessian_eigenvalues: [large, middle, small] in 3D, [large, small] in 2D). The C list is freed here."""
    try:
        return [finish(outputs.get(i)) for i in range(outputs.count())]
    finally:
        del outputs


def as_list(array):
    """A vector result as the Python list of floats pyclesperanto gives (bounding_box, ...)."""
    return [float(v) for v in array.get()]


def to_float(value, op, name):
    if isinstance(value, numbers.Real):
        return float(value)
    _fail("%s: %s must be a number, got %r" % (op, name, value))


def to_int(value, op, name):
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real) and float(value).is_integer():
        return int(value)
    _fail("%s: %s must be an integer, got %r" % (op, name, value))


def to_bool(value, op, name):
    if isinstance(value, (bool, numpy.bool_)):
        return bool(value)
    if isinstance(value, numbers.Integral) and int(value) in (0, 1):
        return bool(value)
    _fail("%s: %s must be True or False, got %r" % (op, name, value))


def to_float_list(value, op, name):
    """A float_list param: None, or a list, tuple or ndarray of numbers (flattened) as a list of floats."""
    if value is None:
        return None
    if isinstance(value, (list, tuple, numpy.ndarray)):
        try:
            flat = numpy.asarray(value, dtype=numpy.float64).ravel()
        except (TypeError, ValueError):
            flat = None
        if flat is not None:
            return [float(v) for v in flat]
    _fail("%s: %s must be a list, tuple or numpy array of numbers, got %r" % (op, name, value))


def deprecated_param(op, old, new):
    """Warn that keyword old of op is deprecated in favour of new (as pyclesperanto 0.25.1 does)."""
    warnings.warn("%s: '%s' parameter is deprecated; use '%s'" % (op, old, new), DeprecationWarning,
                  stacklevel=user_stacklevel())


def to_str(value, op, name):
    if isinstance(value, str):
        return value
    _fail("%s: %s must be a string, got %r" % (op, name, value))
