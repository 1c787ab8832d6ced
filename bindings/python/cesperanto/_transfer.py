"""Host side of transfers: pull (into a new or a given ndarray) and pinned host arrays.

Pushes and pulls of large arrays go through pinned staging buffers in the C runtime; an ndarray
from pinned_empty is pinned itself, so its transfers skip the staging copy and run at the bus's
full speed (on the H200 about 52-55 GB/s against 18-44 GB/s from ordinary memory:
bench/results/h200-transfers).
"""
import ctypes
import weakref

import numpy

from . import cesperanto_core as core
from ._array import DTYPES
from ._support import Array, device_or_default


def _free_pinned(address):
    try:
        core.host_free_address(address)
    except core.Error:  # its device was already released (interpreter exit): nothing left to free
        pass


def pinned_empty(shape, dtype=numpy.float32, device=None):
    """An uninitialised numpy array in pinned (page-locked) host memory of device (default: the
    current one): push and pull with it skip the staging copy. The memory is freed when the last
    view of the array is gone.

    shape: an int or a tuple of sizes (any number of dimensions, each >= 1); dtype: one an Array
    can hold (bool, 64-bit ints and float64 are refused rather than silently narrowed)."""
    if isinstance(shape, (int, numpy.integer)):
        shape = (int(shape),)
    if not isinstance(shape, (tuple, list)) or not all(isinstance(s, (int, numpy.integer)) for s in shape):
        raise core.InvalidArgumentError("pinned_empty: shape must be an int or a tuple of ints, got %r" % (shape,))
    shape = tuple(int(s) for s in shape)
    if not shape or min(shape) < 1:
        raise core.InvalidArgumentError("pinned_empty: shape must have sizes >= 1, got %r" % (shape,))
    try:
        dtype = numpy.dtype(dtype)
    except TypeError:
        raise core.InvalidArgumentError("pinned_empty: not a dtype: %r" % (dtype,)) from None
    if dtype.name not in DTYPES:
        raise core.InvalidArgumentError("pinned_empty: dtype must be one of %s, got %s" % (", ".join(DTYPES), dtype))
    nbytes = int(numpy.prod(shape, dtype=numpy.int64)) * dtype.itemsize
    address = core.host_alloc_address(device_or_default(device), nbytes)
    buffer = (ctypes.c_byte * nbytes).from_address(address)
    weakref.finalize(buffer, _free_pinned, address)  # the ndarray below keeps buffer alive
    return numpy.frombuffer(buffer, dtype=dtype).reshape(shape)


def pull(array, out=None):
    """The pixels of an Array as a numpy array of its shape and dtype; anything else as numpy.asarray.

    out (cesperanto's, not pyclesperanto's): an existing C-contiguous, writeable ndarray of the
    Array's shape and dtype to pull into (e.g. from pinned_empty, for the bus's full speed); it is
    returned."""
    if out is None:
        return array.get() if isinstance(array, Array) else numpy.asarray(array)
    if not isinstance(out, numpy.ndarray):
        raise core.InvalidArgumentError("pull: out must be a numpy.ndarray, got %s" % type(out).__name__)
    if not isinstance(array, Array):
        array = numpy.asarray(array)
        if out.shape != array.shape:
            raise core.InvalidArgumentError("pull: out has shape %r, expected %r" % (out.shape, array.shape))
        out[...] = array
        return out
    problems = []
    if out.shape != array.shape:
        problems.append("shape %r, expected %r" % (out.shape, array.shape))
    if out.dtype != array.dtype:
        problems.append("dtype %s, expected %s" % (out.dtype, array.dtype))
    if not out.flags.c_contiguous:
        problems.append("is not C-contiguous")
    if not out.flags.writeable:
        problems.append("is read-only")
    if problems:
        raise core.InvalidArgumentError("pull: out " + "; ".join(problems))
    array.pull_into(out)
    return out
