"""cesperanto — GPU-accelerated bio-image processing over OpenCL.

    import cesperanto as cle
    blurred = cle.gaussian_blur(image, sigma_x=2, sigma_y=2)   # image: ndarray or cle.Array
    labels = cle.connected_component_labeling(cle.threshold_otsu(blurred))
    result = cle.pull(labels)                                  # numpy (z, y, x)

Every op of the library is a function here (generated from spec/ops: see
help(cle.gaussian_blur) or cle.operations()). Arrays live on an OpenCL
device; shapes are numpy's (z, y, x). Errors raise cle.Error subclasses
that are also ValueError, MemoryError or RuntimeError.
"""

import numpy

from . import cesperanto_core as _core
from . import _ops
from ._ops import *  # noqa: F401,F403  (the generated op functions)
from ._ops import __all__ as _op_names, __aliases__ as _alias_names
from ._registry import Input, Operation, Parameter, operation, operations
from ._support import Array, push as _push, out as _check_out

Device = _core.Device
KernelParams = _core.KernelParams
Error = _core.Error
InvalidArgumentError = _core.InvalidArgumentError
OutOfMemoryError = _core.OutOfMemoryError
DeviceError = _core.DeviceError
BuildError = _core.BuildError
FileError = _core.FileError
UnsupportedError = _core.UnsupportedError

# upstream's other names of the ops (connected_components_labeling, ...), deprecated ones warn
globals().update({_name: getattr(_ops, _name) for _name in _alias_names})

__version__ = _core.version()


def push(data, device=None):
    """Copy an array-like (numpy order: (z, y, x), (y, x) or (x,)) to the device.

    bool becomes uint8, float64 becomes float32; int64/uint64 become
    int32/uint32 when the values fit."""
    return _push(data, device)


def pull(array):
    """Copy an Array back into a new numpy array of the same shape and dtype."""
    if not isinstance(array, Array):
        raise InvalidArgumentError("pull: array must be a cesperanto.Array, got %s" % type(array).__name__)
    return array.get()


def create(shape, dtype=numpy.float32, device=None):
    """An uninitialised Array of a numpy-ordered shape (1 to 3 sizes) and dtype."""
    if isinstance(shape, (int, numpy.integer)):
        shape = (int(shape),)
    shape = tuple(int(s) for s in shape)
    if not 1 <= len(shape) <= 3:
        raise InvalidArgumentError("create: shape must have 1 to 3 sizes, got %d" % len(shape))
    if min(shape) < 1:
        raise InvalidArgumentError("create: every size must be >= 1, got %r" % (shape,))
    code = _core.dtype_parse(numpy.dtype(dtype).name)
    dev = device if device is not None else _core.device_default()
    return _core.create_shape(dev, code, len(shape), *(shape + (1,) * (3 - len(shape))))


def create_like(array, dtype=None):
    """An uninitialised Array with the shape and device of array (and its dtype unless given)."""
    _check_out(array, "create_like", "array")
    if array is None:
        raise InvalidArgumentError("create_like: array must not be None")
    if dtype is None:
        return _core.create_like(array)
    return _core.create_like_dtype(array, _core.dtype_parse(numpy.dtype(dtype).name))


def list_devices():
    """Names of the OpenCL devices, in index order."""
    return [_core.device_get(i).name() for i in range(_core.device_count())]


def select_device(name=""):
    """Make the first device whose name, vendor or platform contains name the default; returns it."""
    _core.device_select(name)
    return _core.device_default()


def get_device():
    """The default device."""
    return _core.device_default()


def execute(source, kernel_name, parameters, global_range=None, device=None):
    """Run an OpenCL kernel in the clij dialect (IMAGE_src_TYPE, READ_IMAGE, ...).

    parameters maps each kernel parameter name to an Array, an int or a
    float. global_range is numpy-ordered like a shape and defaults to the
    shape of the 'dst' parameter (or of the first Array given)."""
    params = KernelParams()
    arrays = []
    for name, value in parameters.items():
        if isinstance(value, Array):
            params.add_array(name, value)
            arrays.append((name, value))
        elif isinstance(value, (bool, numpy.bool_, int, numpy.integer)):
            params.add_int(name, int(value))
        elif isinstance(value, (float, numpy.floating)):
            params.add_float(name, float(value))
        else:
            raise InvalidArgumentError(
                "execute: parameter %s must be a cesperanto.Array, an int or a float, got %s"
                % (name, type(value).__name__))
    if global_range is None:
        named = dict(arrays)
        anchor = named.get("dst", arrays[0][1] if arrays else None)
        if anchor is None:
            raise InvalidArgumentError("execute: global_range is needed when no Array parameter is given")
        global_range = anchor.shape
    global_range = tuple(int(s) for s in global_range)
    if not 1 <= len(global_range) <= 3 or min(global_range) < 1:
        raise InvalidArgumentError("execute: global_range must be 1 to 3 sizes >= 1, got %r" % (global_range,))
    padded = global_range + (1,) * (3 - len(global_range))
    _core.execute_params(device, source, kernel_name, params, len(global_range), *padded)


def imread(path, device=None):
    """Read a TIFF file (2D page or 3D stack) into a new Array."""
    return _core.image_read(device, str(path))


def imwrite(array, path, png_mode="auto"):
    """Write a .tif/.tiff file (data) or a .png picture (png_mode: auto, intensity or labels)."""
    modes = {"auto": _core.CLE_PNG_AUTO, "intensity": _core.CLE_PNG_INTENSITY, "labels": _core.CLE_PNG_LABELS}
    if png_mode not in modes:
        raise InvalidArgumentError("imwrite: png_mode must be one of auto, intensity, labels, got %r" % (png_mode,))
    _core.image_write(array, str(path), modes[png_mode])


def live_array_count():
    """Arrays alive in this process (all languages); 0 once every Array is collected."""
    return int(_core.live_array_count())


__all__ = list(_op_names) + list(_alias_names) + [
    "Array", "Device", "KernelParams", "Input", "Operation", "Parameter",
    "Error", "InvalidArgumentError", "OutOfMemoryError", "DeviceError", "BuildError", "FileError",
    "UnsupportedError", "push", "pull", "create", "create_like", "list_devices", "select_device",
    "get_device", "execute", "imread", "imwrite", "operations", "operation", "live_array_count",
]
