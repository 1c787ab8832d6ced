"""cesperanto — GPU-accelerated bio-image processing over OpenCL.

    import cesperanto as cle                                  # a drop-in for: import pyclesperanto as cle
    image = cle.push(numpy_image)                             # an Array on the device
    blurred = cle.gaussian_blur(image, sigma_x=2, sigma_y=2)  # numpy inputs are pushed too
    labels = cle.connected_component_labeling(blurred > blurred.mean())
    result = cle.pull(labels)                                 # numpy (z, y, x)

Every op of the library is a function here (generated from spec/ops: see
help(cle.gaussian_blur) or cle.operations()), with pyclesperanto 0.25.1's
names and signatures. Arrays live on an OpenCL device and act like numpy
arrays (indexing, operators, ufuncs, reductions) without leaving it; shapes
are numpy's (z, y, x). Errors raise cle.Error subclasses that are also
ValueError, MemoryError or RuntimeError.
"""

from typing import Union

import numpy

from . import cesperanto_core as _core
from . import _ops
from ._ops import *  # noqa: F401,F403  (the generated op functions)
from ._ops import __all__ as _op_names, __aliases__ as _alias_names
from ._registry import Input, Operation, Parameter, categories, operation, operations
from ._support import Array, device_or_default as _device_or_default
from . import _array
from ._array import (arange, empty, empty_like, eye, from_array, from_dlpack, full, full_like, linspace, ones,
                     ones_like, push, zeros, zeros_like)
from ._device import (Device, cl_info, get_device, info, list_available_devices, select_device, warmup,
                      set_wait_for_kernel_finish, wait_for_kernel_to_finish)
from ._display import imshow, repr_html as _repr_html
from ._evaluate import evaluate
from ._transfer import pinned_empty, pull
from ._backend import get_backend_name, is_image, list_available_backends, select_backend

_array.patch_array_class(_repr_html)

KernelParams = _core.KernelParams
Error = _core.Error
InvalidArgumentError = _core.InvalidArgumentError
OutOfMemoryError = _core.OutOfMemoryError
DeviceError = _core.DeviceError
BuildError = _core.BuildError
FileError = _core.FileError
UnsupportedError = _core.UnsupportedError

# parametric_map takes pyclesperanto's dict of columns (a hand-written wrapper of the generated op)
from ._parametric import parametric_map  # noqa: E402,F811

# pyclesperanto's neighbour statistics: Python compositions of the ops (their list params and named columns)
from ._neighbors import labels_neighbors_statistics, statistics_of_labelled_neighbors  # noqa: E402

# upstream's other names of the ops (connected_components_labeling, ...), deprecated ones warn
globals().update({_name: getattr(_ops, _name) for _name in _alias_names})

# pyclesperanto_prototype's names and keywords (mean_box, maximum_sphere, source=, constant=, ...), they warn
from . import _prototype  # noqa: E402

_prototype_names = _prototype.install(globals(), _ops)
from ._prototype import (available_device_names, create_binary_like, create_labels_like, nparray,  # noqa: E402
                         pull_zyx, push_zyx, regionprops, search_operation_names)

# cle.fft is the op fft and, as pyclesperanto's cle.fft, holds fft, ifft, convolve, deconvolve, smooth_shape
from . import _fft  # noqa: E402

fft = _fft._attach(_ops.fft)

# pyclesperanto's functions carry their categories (operations() filters on them)
for _op in operations().values():
    _op.function.categories = list(_op.categories)
del _op

__version__ = _core.version()

Image = Union[numpy.ndarray, Array]  # pyclesperanto's annotation type: an Array or an ndarray


def asarray(array, dtype=None, mtype=None, device=None):
    """push(array, dtype, mtype, device): pyclesperanto's other name."""
    return push(array, dtype, mtype, device)


def create(dim, dtype=None, mtype=None, device=None):
    """An uninitialised Array (pyclesperanto's create).

    dim: a shape (1 to 3 sizes, numpy order; an int is a 1D shape), or an Array or ndarray whose
    shape (and dtype, and an Array's device) the new one takes. dtype default float32.
    create(shape, dtype, device), cesperanto's former form, still works."""
    if isinstance(mtype, Device) and device is None:
        mtype, device = None, mtype
    _array.check_mtype(mtype, "create")
    if isinstance(dim, Array):
        device = device if device is not None else dim.device
        dtype = dtype if dtype is not None else dim.dtype
        dim = dim.shape
    elif isinstance(dim, numpy.ndarray):
        dtype = dtype if dtype is not None else dim.dtype
        dim = dim.shape
    return _array.new_array(dim, numpy.float32 if dtype is None else dtype, device, "create")


def create_like(array, dtype=None, mtype=None, device=None):
    """An uninitialised Array with the shape of array (an Array or ndarray), its dtype unless given, and
    an Array's device unless given. (pyclesperanto 0.25.1 gives float32 when dtype is None; its
    docstring says "the same dtype as the input image", which is what this does.) array may also be
    a shape (a tuple or list of sizes, numpy order), as pyclesperanto_prototype's create_like(shape):
    then dtype defaults to float32."""
    if array is None:
        raise InvalidArgumentError("create_like: array must not be None")
    if isinstance(array, (tuple, list)):
        return create(tuple(array), dtype, mtype, device)
    if not isinstance(array, (Array, numpy.ndarray)):
        raise InvalidArgumentError("create_like: array must be a cesperanto.Array, a numpy array or a shape, got %s"
                                   % type(array).__name__)
    _array.check_mtype(mtype, "create_like")
    if device is None and isinstance(array, Array):
        device = array.device
    return _array.new_array(array.shape, array.dtype if dtype is None else dtype, device, "create_like")


def list_devices():
    """Names of the OpenCL devices, in index order (list_available_devices() with every type)."""
    return list_available_devices()


def execute(anchor=None, kernel_source="", kernel_name="", global_size=None, local_size=None, parameters=None,
            constants=None, device=None, global_range=None):
    """Run an OpenCL kernel in the clij dialect (IMAGE_src_TYPE, READ_IMAGE, ...).

    Three forms:
    - pyclesperanto's: execute(anchor, kernel_source, kernel_name, global_size, local_size, parameters,
      constants, device): kernel_source is OpenCL source or a .cl file name, relative to the folder of
      anchor (a module's __file__; the caller's folder when anchor is None or the text "__file__");
    - pyclesperanto_prototype's: execute(__file__, "kernel.cl", kernel_name, global_size, parameters,
      prog=None, constants=None): a dict in the fifth place is the parameters;
    - cesperanto's former: execute(source, kernel_name, parameters, global_range=None, device=None).

    parameters maps each kernel parameter name to an Array, an int or a float; constants (names to
    ints) become #define lines before the source. global_size (global_range) is numpy-ordered like a
    shape and defaults to the shape of the 'dst' parameter (or of the first Array given). local_size
    is accepted and not used: the device's runtime picks the work-group size."""
    if isinstance(kernel_name, dict):  # cesperanto's former form: (source, kernel_name, parameters, range, device)
        source, name, parameters = anchor, kernel_source, kernel_name
        global_range = global_range if global_range is not None else global_size
        device = device if device is not None else local_size
    else:
        if isinstance(local_size, dict):  # pyclesperanto_prototype's: parameters fifth, then prog, constants
            prog, local_size, parameters = parameters, None, local_size
            if prog is not None:
                raise InvalidArgumentError("execute: prog (pyclesperanto_prototype's compiled program) is not supported")
        source = _prototype.kernel_source(anchor, kernel_source, "execute")
        name = kernel_name
        global_range = global_range if global_range is not None else global_size
        if constants:
            source = "".join("#define %s %s\n" % (k, int(v)) for k, v in constants.items()) + source
    if not isinstance(parameters, dict):
        raise InvalidArgumentError("execute: parameters must be a dict of kernel parameter names to values, got %s"
                                   % type(parameters).__name__)
    params = KernelParams()
    arrays = []
    for pname, value in parameters.items():
        if isinstance(value, Array):
            params.add_array(pname, value)
            arrays.append((pname, value))
        elif isinstance(value, (bool, numpy.bool_, int, numpy.integer)):
            params.add_int(pname, int(value))
        elif isinstance(value, (float, numpy.floating)):
            params.add_float(pname, float(value))
        else:
            raise InvalidArgumentError(
                "execute: parameter %s must be a cesperanto.Array, an int or a float, got %s"
                % (pname, type(value).__name__))
    if global_range is None:
        named = dict(arrays)
        anchor_array = named.get("dst", arrays[0][1] if arrays else None)
        if anchor_array is None:
            raise InvalidArgumentError("execute: global_range is needed when no Array parameter is given")
        global_range = anchor_array.shape
    if isinstance(global_range, (int, numpy.integer)):
        global_range = (global_range,)
    global_range = tuple(int(s) for s in global_range)
    if not 1 <= len(global_range) <= 3 or min(global_range) < 1:
        raise InvalidArgumentError("execute: global_range must be 1 to 3 sizes >= 1, got %r" % (global_range,))
    padded = global_range + (1,) * (3 - len(global_range))
    _core.execute_params(device, source, name, params, len(global_range), *padded)


def imread(path, device=None):
    """Read a TIFF file (2D page or 3D stack) into a new Array."""
    return _core.image_read(_device_or_default(device), str(path))


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
    "Array", "Image", "Device", "KernelParams", "Input", "Operation", "Parameter",
    "Error", "InvalidArgumentError", "OutOfMemoryError", "DeviceError", "BuildError", "FileError",
    "UnsupportedError", "push", "pull", "asarray", "create", "create_like", "empty", "empty_like", "zeros",
    "zeros_like", "ones", "ones_like", "full", "full_like", "from_array", "from_dlpack", "arange", "linspace",
    "eye", "list_devices", "list_available_devices", "select_device", "get_device", "info", "cl_info",
    "wait_for_kernel_to_finish", "set_wait_for_kernel_finish", "execute", "evaluate", "imshow", "imread",
    "imwrite", "operations", "operation", "categories", "live_array_count",
    "create_binary_like", "create_labels_like", "nparray", "pull_zyx", "push_zyx", "regionprops",
    "search_operation_names", "labels_neighbors_statistics", "statistics_of_labelled_neighbors",
    "available_device_names", "warmup", "get_backend_name", "is_image", "list_available_backends",
    "select_backend",
] + _prototype_names
