"""pyclesperanto 0.25.1's backend functions, for scripts that call them: pyclesperanto runs on
OpenCL, CUDA or Metal through separate packages; cesperanto has one runtime, OpenCL (NVIDIA GPUs
through NVIDIA's OpenCL driver), so "opencl" is the only backend and selecting it changes nothing.
And is_image, pyclesperanto's test of what its functions take as an image."""

import numpy

from ._support import Array

_BACKENDS = ("opencl",)
_UPSTREAM_ONLY = ("cuda", "metal")  # pyclesperanto's other backends

# Types pyclesperanto 0.25.1's is_image names by their module and qualified name (no import needed).
_IMAGE_TYPES = frozenset([
    "cupy._core.core.ndarray",
    "dask.array.core.Array",
    "xarray.core.dataarray.DataArray",
    "resource_backed_dask_array.ResourceBackedDaskArray",
    "torch.Tensor",
    "pyclesperanto_prototype._tier0._pycl.OCLArray",
    "napari.layers._multiscale_data.MultiScaleData",
])


def list_available_backends():
    """The backends cesperanto can run on: ["opencl"]."""
    return list(_BACKENDS)


def get_backend_name():
    """The active backend: always "opencl"."""
    return _BACKENDS[0]


def select_backend(name):
    """Select the backend by name, as pyclesperanto: "opencl" (any case) is the one there is and
    selecting it does nothing; any other name raises ValueError saying why."""
    if not isinstance(name, str):
        raise TypeError(f"select_backend: name must be a string, got {type(name).__name__}")
    key = name.lower()
    if key in _BACKENDS:
        return
    if key in _UPSTREAM_ONLY:
        raise ValueError(f"select_backend: cesperanto runs on OpenCL only, not '{name}' (pyclesperanto's "
                         f"{key} backend); NVIDIA GPUs are used through their OpenCL driver")
    raise ValueError(f"select_backend: unknown backend '{name}'; choose from: {', '.join(_BACKENDS)}")


def is_image(object):
    """True if object is something the ops take as an image, by pyclesperanto 0.25.1's rule: a numpy
    array, a tuple or list, a cesperanto Array, or an array of cupy, dask, xarray, torch,
    pyclesperanto_prototype or a napari multiscale layer's data; otherwise False."""
    if isinstance(object, (numpy.ndarray, tuple, list, Array)):
        return True
    return type(object).__module__ + "." + type(object).__qualname__ in _IMAGE_TYPES
