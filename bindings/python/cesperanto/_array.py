"""cesperanto.Array as a numpy-like array that stays on the device.

The SWIG proxy class (cesperanto_core.Array) gets its numpy behaviour here,
as pyclesperanto patches its backend's class:

- indexing (basic slices with any step, ellipsis, newaxis, integer and boolean
  arrays) reads and writes on the device: numpy computes the index on a
  memory-less stand-in of the shape (so its rules and its IndexError messages
  apply), and one strided-copy, gather or scatter kernel moves the pixels;
- operators and numpy ufuncs run the op that the spec tags with that ufunc
  (spec/README.md, "operator"; the generated table _ops.__operators__), with
  the rewrites listed at _dispatch, else fall back to numpy (pull, compute,
  push the result);
- reductions run the ..._of_all_pixels and ..._projection ops.

Arrays own their memory: a slice, reshape or transpose is a new Array (a copy
on the device), never a view of its source, as in pyclesperanto.
bindings/python/README.md lists every difference from numpy."""

import numbers

import numpy

from . import cesperanto_core as core
from . import _ops
from ._support import Array, DTYPES, as_pixels, current_device, device_or_default

_OPERATORS = _ops.__operators__

# ---- dtypes and creation ---------------------------------------------------------------------

_CANONICAL = {"float64": "float32", "float16": "float32", "int64": "int32", "uint64": "uint32", "bool": "uint8"}


def canonical_dtype(dtype, who="dtype"):
    """A dtype the device has: float64 -> float32, int64 -> int32, uint64 -> uint32, bool -> uint8
    (pyclesperanto's rules); anything else not in DTYPES is an error."""
    try:
        name = numpy.dtype(dtype).name
    except TypeError:
        raise core.InvalidArgumentError("%s: not a dtype: %r" % (who, dtype)) from None
    name = _CANONICAL.get(name, name)
    if name not in DTYPES:
        raise core.InvalidArgumentError("%s: dtype must be one of %s, got %s" % (who, ", ".join(DTYPES), name))
    return numpy.dtype(name)


def check_mtype(mtype, who):
    if mtype not in (None, "buffer", "image"):
        raise core.InvalidArgumentError(
            "%s: Invalid memory type: %s. Supported values are 'buffer' and 'image'." % (who, mtype))


def new_array(shape, dtype, device=None, who="create"):
    """An uninitialised Array of a numpy shape (1 to 3 sizes, each >= 1)."""
    if isinstance(shape, (numbers.Integral,)):
        shape = (int(shape),)
    shape = tuple(int(s) for s in shape)
    if not 1 <= len(shape) <= 3:
        raise core.InvalidArgumentError("%s: shape must have 1 to 3 sizes, got %d" % (who, len(shape)))
    if min(shape) < 1:
        raise core.InvalidArgumentError("%s: every size must be >= 1, got %r" % (who, shape))
    code = core.dtype_parse(canonical_dtype(dtype, who).name)
    return core.create_shape(device_or_default(device), code, len(shape), *(shape + (1,) * (3 - len(shape))))


def _filled(value, dtype, device, shape=(1,)):
    """A new Array holding value converted to dtype as numpy converts it (OverflowError for a Python int
    out of range, as numpy 2)."""
    host = numpy.empty(shape, dtype=dtype)
    host[...] = value
    return core.push_bytes(device, host, core.dtype_parse(host.dtype.name), host.ndim,
                           *(host.shape + (1,) * (3 - host.ndim)))


# ---- kernels: the device side of indexing, broadcasting, transposing -------------------------

_STRIDED_COPY = """
__kernel void cle_strided_copy(IMAGE_src_TYPE src, IMAGE_dst_TYPE dst, int src_offset, int src_s0, int src_s1,
                               int src_s2, int dst_offset, int dst_s0, int dst_s1, int dst_s2)
{
  const int x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
  dst[dst_offset + z * dst_s0 + y * dst_s1 + x * dst_s2] = src[src_offset + z * src_s0 + y * src_s1 + x * src_s2];
}
"""

_GATHER = """
__kernel void cle_gather(IMAGE_src_TYPE src, IMAGE_dst_TYPE dst, IMAGE_index_TYPE index)
{
  const int i = get_global_id(0);
  dst[i] = src[index[i]];
}
"""

_SCATTER = """
__kernel void cle_scatter(IMAGE_src_TYPE src, IMAGE_dst_TYPE dst, IMAGE_index_TYPE index, int src_step)
{
  const int i = get_global_id(0);
  dst[index[i]] = src[i * src_step];
}
"""

_MASK_FILL = """
__kernel void cle_mask_fill(IMAGE_dst_TYPE dst, IMAGE_mask_TYPE mask, IMAGE_value_TYPE value)
{
  const int i = (get_global_id(2) * get_global_size(1) + get_global_id(1)) * get_global_size(0) + get_global_id(0);
  if (mask[i] != 0)
    dst[i] = value[0];
}
"""

_INT_MAX = 2**31 - 1


def _run(source, name, arrays, ints, global_range):
    params = core.KernelParams()
    for key, arr in arrays:
        params.add_array(key, arr)
    for key, value in ints:
        value = int(value)
        if not -_INT_MAX - 1 <= value <= _INT_MAX:
            raise core.UnsupportedError("indexing: arrays of 2^31 or more pixels cannot be indexed on the device")
        params.add_int(key, value)
    shape = tuple(int(s) for s in global_range) or (1,)
    core.execute_params(None, source, name, params, len(shape), *(shape + (1,) * (3 - len(shape))))


def contiguous_strides(shape):
    strides, step = [], 1
    for n in reversed(shape):
        strides.append(step)
        step *= int(n)
    return tuple(reversed(strides))


def _strided_copy(src, dst, shape, src_offset, src_strides, dst_offset, dst_strides):
    """dst[dst_offset + i . dst_strides] = src[src_offset + i . src_strides] for every index i of shape
    (strides in elements, any sign, 0 broadcasts); src and dst of one dtype."""
    axes = [(n, s, d) for n, s, d in zip(shape, src_strides, dst_strides) if n != 1]
    if len(axes) > 3:
        raise core.UnsupportedError("cesperanto arrays have at most 3 dimensions")
    axes = [(1, 0, 0)] * (3 - len(axes)) + axes
    ints = [("src_offset", src_offset), ("dst_offset", dst_offset)]
    ints += [("src_s%d" % i, a[1]) for i, a in enumerate(axes)] + [("dst_s%d" % i, a[2]) for i, a in enumerate(axes)]
    _run(_STRIDED_COPY, "cle_strided_copy", [("src", src), ("dst", dst)], ints, [a[0] for a in axes])


def _same(a, b):
    return int(a.this) == int(b.this)


# A byte whose address stands for element 0: numpy indexes views of it (never reading them) to
# turn any basic index into an offset, a shape and strides, with numpy's rules and errors.
_BASE = numpy.zeros(1, dtype=numpy.int8)
_BASE_ADDRESS = _BASE.__array_interface__["data"][0]


def _standin(shape, strides=None):
    return numpy.lib.stride_tricks.as_strided(_BASE, shape=tuple(shape),
                                              strides=contiguous_strides(shape) if strides is None else strides,
                                              writeable=False)


def _layout(view):
    return view.__array_interface__["data"][0] - _BASE_ADDRESS, view.shape, view.strides


def broadcast_strides(shape, target, who=None):
    """Strides (elements) reading an array of shape, contiguous, as numpy broadcasts it to target."""
    try:
        return numpy.broadcast_to(_standin(shape), target).strides
    except ValueError:
        if who is None:
            raise ValueError("could not broadcast input array from shape %s into shape %s"
                             % (_shape_text(shape), _shape_text(target))) from None
        raise ValueError("operands could not be broadcast together with shapes %s" % who) from None


def _shape_text(shape):
    return "(" + ",".join(str(s) for s in shape) + ("," if len(shape) == 1 else "") + ")"


def broadcast_to(arr, shape):
    """arr with numpy's broadcasting to shape, materialised on the device (arr itself if it has that shape)."""
    shape = tuple(shape)
    if arr.shape == shape:
        return arr
    strides = broadcast_strides(arr.shape, shape)
    out = new_array(shape, arr.dtype, arr.device)
    _strided_copy(arr, out, shape, 0, strides, 0, contiguous_strides(shape))
    return out


def reshaped(arr, shape):
    """A new Array with arr's pixels in C order and another shape of the same size."""
    shape = tuple(int(s) for s in shape)
    if arr.shape == shape:
        return arr.copy()
    out = new_array(shape, arr.dtype, arr.device, "reshape")
    size = arr.size
    _strided_copy(arr, out, (size,), 0, (1,), 0, (1,))
    return out


def transposed(arr, axes):
    """A new Array: numpy's arr.transpose(axes), on the device."""
    shape = tuple(arr.shape[a] for a in axes)
    strides = contiguous_strides(arr.shape)
    out = new_array(shape, arr.dtype, arr.device)
    _strided_copy(arr, out, shape, 0, tuple(strides[a] for a in axes), 0, contiguous_strides(shape))
    return out


# ---- indexing --------------------------------------------------------------------------------


def _is_mask_array(item):
    """An Array index of uint8 counts as a boolean mask (comparisons give uint8 0/1 images)."""
    return isinstance(item, Array) and item.dtype == numpy.uint8


def _host_index(item):
    if isinstance(item, Array):
        data = item.get()
        return data != 0 if item.dtype == numpy.uint8 else data
    if isinstance(item, numpy.ndarray) and item.ndim == 0 and item.dtype.kind in "iu":
        return int(item)  # numpy's integer, which the stand-in must see as one (not as an index array)
    return item


def _is_basic(items):
    for it in items:
        if it is None or it is Ellipsis or isinstance(it, slice):
            continue
        if isinstance(it, (bool, numpy.bool_)):
            return False
        if isinstance(it, numbers.Integral):
            continue
        return False
    return True


def _plan(shape, index):
    """("basic", offset, shape, strides) or ("flat", flat element indices (numpy array of the result's shape))."""
    items = index if isinstance(index, tuple) else (index,)
    items = tuple(_host_index(it) for it in items)
    if _is_basic(items):
        if not any(it is Ellipsis for it in items):
            items = items + (Ellipsis,)  # a 0-d view, never a scalar read from the stand-in
        view = _standin(shape)[items]
        if not view.flags.owndata:  # a view of the stand-in (always, for a basic index): its layout is the answer
            offset, out_shape, strides = _layout(view)
            return ("basic", offset, out_shape, strides)
    if len(items) == 1 and isinstance(items[0], numpy.ndarray) and items[0].dtype == bool \
            and items[0].shape == tuple(shape):
        return ("flat", numpy.flatnonzero(items[0]))
    index = items if isinstance(index, tuple) else items[0]
    strides = contiguous_strides(shape)
    flat = 0
    for axis, n in enumerate(shape):
        along = numpy.arange(n, dtype=numpy.int64).reshape([n if a == axis else 1 for a in range(len(shape))])
        flat = flat + numpy.asarray(numpy.broadcast_to(along, shape)[index]) * strides[axis]
    return ("flat", numpy.asarray(flat))


def _check_result_ndim(shape):
    if len(shape) > 3:
        raise core.UnsupportedError("indexing: the result would have %d dimensions; cesperanto arrays have at most 3"
                                    % len(shape))


def _index_array(flat, device):
    return core.push_bytes(device, numpy.ascontiguousarray(flat.reshape(-1), dtype=numpy.int32),
                           core.dtype_parse("int32"), 1, flat.size, 1, 1)


def _getitem(self, index):
    if self.size > _INT_MAX:
        raise core.UnsupportedError("indexing: arrays of 2^31 or more pixels cannot be indexed on the device")
    plan = _plan(self.shape, index)
    if plan[0] == "basic":
        _, offset, shape, strides = plan
        if 0 in shape:
            return numpy.empty(shape, dtype=self.dtype)
        if not shape:
            one = new_array((1,), self.dtype, self.device)
            _strided_copy(self, one, (1,), offset, (0,), 0, (0,))
            return one.get()[0]
        _check_result_ndim(shape)
        out = new_array(shape, self.dtype, self.device)
        _strided_copy(self, out, shape, offset, strides, 0, contiguous_strides(shape))
        return out
    flat = plan[1]
    if flat.size == 0:
        return numpy.empty(flat.shape, dtype=self.dtype)
    if flat.ndim == 0:
        return _getitem(self, tuple(int(i) for i in numpy.unravel_index(int(flat), self.shape)))
    _check_result_ndim(flat.shape)
    out = new_array(flat.shape, self.dtype, self.device)
    _run(_GATHER, "cle_gather", [("src", self), ("dst", out), ("index", _index_array(flat, self.device))], [],
         (flat.size,))
    return out


def _is_scalar(value):
    return isinstance(value, (numbers.Number, numpy.generic)) or (isinstance(value, numpy.ndarray) and value.ndim == 0)


def _strip(vshape, shape):
    """numpy's assignment drops a value's leading axes of size 1 beyond the target's."""
    vshape = tuple(vshape)
    while len(vshape) > len(shape) and vshape[0] == 1:
        vshape = vshape[1:]
    return vshape


def _source(self, value, shape):
    """(Array, strides) reading value as numpy broadcasts it to shape, in self's dtype."""
    if _is_scalar(value):
        return _filled(value, self.dtype, self.device), (0,) * len(shape)
    if isinstance(value, Array):
        if value.dtype != self.dtype:
            value = value.astype(self.dtype)
        elif _same(value, self):
            value = value.copy()  # reading what is being written: copy first, as numpy does
        return value, broadcast_strides(_strip(value.shape, shape), shape)
    host = numpy.asarray(value)
    if host.dtype != self.dtype:
        host = host.astype(self.dtype)
    host = host.reshape(_strip(host.shape, shape))
    broadcast_strides(host.shape, shape)  # numpy's error when it cannot broadcast
    host = numpy.ascontiguousarray(numpy.broadcast_to(host, shape)).reshape(-1)
    if host.size == 0:
        return None, None
    arr = core.push_bytes(self.device, host, core.dtype_parse(host.dtype.name), 1, host.size, 1, 1)
    return arr, contiguous_strides(shape)


def _setitem(self, index, value):
    if self.size > _INT_MAX:
        raise core.UnsupportedError("indexing: arrays of 2^31 or more pixels cannot be indexed on the device")
    if _is_scalar(value) and self.ndim:
        mask = None
        if _is_mask_array(index) and index.shape == self.shape:
            mask = index
        elif isinstance(index, numpy.ndarray) and index.dtype == bool and index.shape == self.shape:
            mask = core.push_bytes(self.device, numpy.ascontiguousarray(index, dtype=numpy.uint8),
                                   core.dtype_parse("uint8"), self.ndim,
                                   *(self.shape + (1,) * (3 - self.ndim)))
        if mask is not None:  # a[a > 3] = 0: one kernel, nothing leaves the device
            _run(_MASK_FILL, "cle_mask_fill",
                 [("dst", self), ("mask", mask), ("value", _filled(value, self.dtype, self.device))], [], self.shape)
            return
    plan = _plan(self.shape, index)
    if plan[0] == "basic":
        _, offset, shape, strides = plan
        src, src_strides = _source(self, value, shape)
        if src is not None and 0 not in shape:
            _strided_copy(src, self, shape, 0, src_strides, offset, strides)
        return
    target = plan[1].shape
    src, src_strides = _source(self, value, target)
    if src is None or plan[1].size == 0:
        return
    flat = plan[1].reshape(-1)
    step = 1 if any(src_strides) else 0
    if step and (src.size != flat.size or tuple(src_strides) != contiguous_strides(target)):
        full = new_array((flat.size,), self.dtype, self.device)  # the value laid out as the selection
        _strided_copy(src, full, target, 0, src_strides, 0, contiguous_strides(target))
        src = full
    unique, first = numpy.unique(flat[::-1], return_index=True)
    if unique.size != flat.size:  # repeated indices: the last value wins, as in numpy
        positions = flat.size - 1 - first
        if step:
            picked = new_array((unique.size,), self.dtype, self.device)
            index = _index_array(positions, self.device)
            _run(_GATHER, "cle_gather", [("src", src), ("dst", picked), ("index", index)], [], (unique.size,))
            src = picked
        flat = unique
    _run(_SCATTER, "cle_scatter", [("src", src), ("dst", self), ("index", _index_array(flat, self.device))],
         [("src_step", step)], (flat.size,))


# ---- element-wise operations: the spec's operator table ---------------------------------------

_COMMUTATIVE = {"add", "multiply", "equal", "not_equal", "maximum", "minimum", "fmax", "fmin", "logical_and",
                "logical_or", "logical_xor", "hypot", "bitwise_and", "bitwise_or", "bitwise_xor"}
_MIRRORED = {"less": "greater", "greater": "less", "less_equal": "greater_equal", "greater_equal": "less_equal"}
_OUTPUT_NAMES = {}


def _output_name(op):
    if op not in _OUTPUT_NAMES:
        _OUTPUT_NAMES[op] = core.op_find(op).output_name()
    return _OUTPUT_NAMES[op]


def _entry(ufunc, kinds):
    for op, k, names in _OPERATORS.get(ufunc, ()):
        if k == kinds:
            return op, names
    return None


def _call(ufunc, values, kinds, out):
    found = _entry(ufunc, kinds)
    if found is None:
        return None
    op, names = found
    kwargs = dict(zip(names, values))
    if out is not None:
        kwargs[_output_name(op)] = out
    return getattr(_ops, op)(**kwargs)


def _has_nan(arr):
    return arr.dtype == numpy.float32 and _ops.maximum_of_all_pixels(_elementwise("not_equal", [arr, arr])) > 0


def _weak_scalar_array(value, like):
    """A scalar as an Array like `like`, in `like`'s dtype where numpy 2 keeps it (a Python int that fits an
    integer image, any float with a float32 image), else float32."""
    dtype = numpy.float32
    if like.dtype != numpy.float32 and isinstance(value, numbers.Integral):
        info = numpy.iinfo(like.dtype)
        if info.min <= int(value) <= info.max:
            dtype = like.dtype
    return _filled(value, dtype, like.device, like.shape)


def _dispatch(ufunc, values, kinds, out):
    """Run ufunc on device operands (values: Arrays of one shape, scalars; kinds: "AA", "AS", "SA", "A"):
    the op the spec tags with it, else one of these rewrites (exact unless noted), else None.

    - commutative ufuncs with operands swapped; less(s, a) as greater(a, s) and the like;
    - a - s as a + (-s); a / s as a * (1 / s) (pyclesperanto's; within 1 ulp of numpy's division);
    - maximum / minimum as fmax / fmin where no operand holds NaN (integer images never do);
    - floor_divide as floor(divide(x, y)) (pyclesperanto's; float32 division first);
    - an array-scalar form missing where the array-array form exists (logical_and(a, 1), fmod(a, 3)):
      the scalar as a full image."""
    result = _call(ufunc, values, kinds, out)
    if result is not None:
        return result
    if len(kinds) == 2:
        swapped = ufunc if ufunc in _COMMUTATIVE else _MIRRORED.get(ufunc)
        if swapped is not None:
            result = _call(swapped, values[::-1], kinds[::-1], out)
            if result is not None:
                return result
    if kinds == "AS" and ufunc == "subtract":
        return _call("add", [values[0], -values[1]], "AS", out)
    if kinds == "AS" and ufunc == "divide":
        scalar = values[1]
        inverse = 1.0 / scalar if scalar != 0 else numpy.copysign(numpy.inf, scalar)
        return _call("multiply", [values[0], inverse], "AS", out)
    if ufunc in ("maximum", "minimum"):
        nan = any((isinstance(v, Array) and _has_nan(v)) or (k == "S" and v != v) for v, k in zip(values, kinds))
        if not nan:
            return _dispatch("f" + ufunc[:3], values, kinds, out)
        return None
    if ufunc == "floor_divide" and len(kinds) == 2:
        quotient = _dispatch("divide", values, kinds, None)
        return None if quotient is None else _call("floor", [quotient], "A", out)
    if kinds in ("AS", "SA") and _entry(ufunc, "AA") is not None:
        like = values[0] if kinds == "AS" else values[1]
        full = [v if k == "A" else _weak_scalar_array(v, like) for v, k in zip(values, kinds)]
        return _call(ufunc, full, "AA", out)
    return None


def _operand(value):
    """(value, kind): an Array "A", a number "S"; (None, None) for what numpy could not take either."""
    if isinstance(value, Array):
        return value, "A"
    if isinstance(value, (bool, numpy.bool_)):
        return int(value), "S"
    if isinstance(value, (numbers.Real, numpy.integer, numpy.floating)):
        return value, "S"
    if isinstance(value, numpy.ndarray) and value.ndim == 0 and value.dtype.kind in "biuf":
        return value.item(), "S"
    return None, None


def _to_device(result, device):
    """A numpy fallback's result as an Array where the device can hold it, else as numpy gave it."""
    if isinstance(result, tuple):
        return tuple(_to_device(r, device) for r in result)
    if isinstance(result, numpy.ndarray) and 1 <= result.ndim <= 3 and result.size:
        try:
            pixels = as_pixels(result, "numpy fallback")
        except core.Error:
            return result
        return core.push_bytes(device, pixels, core.dtype_parse(pixels.dtype.name), pixels.ndim,
                               *(pixels.shape + (1,) * (3 - pixels.ndim)))
    return result


def _write_out(out, result):
    """Store result (Array, ndarray or scalar) into out (Array or ndarray); returns out."""
    if isinstance(out, numpy.ndarray):
        numpy.copyto(out, numpy.asarray(result), casting="unsafe")
        return out
    if isinstance(result, Array):
        if result.dtype != out.dtype:
            result = result.astype(out.dtype)
        out[...] = result
        return out
    out[...] = numpy.asarray(result)
    return out


def _numpy_fallback(ufunc, method, inputs, kwargs, device):
    host = [numpy.asarray(x) if isinstance(x, Array) else x for x in inputs]
    out = kwargs.pop("out", None)
    if out is not None:
        outs = out if isinstance(out, tuple) else (out,)
        result = getattr(ufunc, method)(*host, **kwargs)
        results = result if isinstance(result, tuple) else (result,)
        for o, r in zip(outs, results):
            _write_out(o, r)
        return out if isinstance(out, tuple) and len(outs) > 1 else outs[0]
    return _to_device(getattr(ufunc, method)(*host, **kwargs), device)


def _elementwise(ufunc, inputs, out=None):
    """ufunc (numpy's name) over Arrays, ndarrays and numbers, on the device where an op (or a rewrite)
    computes it; else numpy's result pushed back. NotImplemented for operands numpy could not take."""
    device = next((x.device for x in inputs if isinstance(x, Array)), None) or current_device()
    values, kinds = [], ""
    for x in inputs:
        value, kind = _operand(x)
        if kind is None:
            if isinstance(x, (numpy.ndarray, list, tuple)):
                try:
                    value, kind = core_push(x, device), "A"
                except core.Error:
                    return _numpy_fallback(getattr(numpy, ufunc), "__call__", inputs,
                                           {} if out is None else {"out": out}, device)
            else:
                return NotImplemented
        values.append(value)
        kinds += kind
    shapes = [v.shape for v, k in zip(values, kinds) if k == "A"]
    if not shapes:
        return getattr(numpy, ufunc)(*values)
    try:
        shape = numpy.broadcast_shapes(*shapes)
    except ValueError:
        raise ValueError("operands could not be broadcast together with shapes %s"
                         % " ".join(_shape_text(s) for s in shapes)) from None
    if out is not None and isinstance(out, Array):
        if numpy.broadcast_shapes(shape, out.shape) != out.shape:
            raise ValueError("non-broadcastable output operand with shape %s doesn't match the broadcast shape %s"
                             % (_shape_text(out.shape), _shape_text(shape)))
        shape = out.shape
    values = [broadcast_to(v, shape) if k == "A" else v for v, k in zip(values, kinds)]
    target = out if isinstance(out, Array) else None
    result = _dispatch(ufunc, values, kinds, target)
    if result is None:
        return _numpy_fallback(getattr(numpy, ufunc), "__call__", values, {} if out is None else {"out": out}, device)
    if out is not None and target is None:
        return _write_out(out, result)
    return out if target is not None else result  # numpy returns the out it was given


def core_push(data, device):
    pixels = as_pixels(data, "push")
    return core.push_bytes(device, pixels, core.dtype_parse(pixels.dtype.name), pixels.ndim,
                           *(pixels.shape + (1,) * (3 - pixels.ndim)))


def _binary(ufunc, reflected=False):
    def method(self, other):
        return _elementwise(ufunc, [other, self] if reflected else [self, other])
    method.__name__ = ufunc
    return method


def _inplace(ufunc):
    def method(self, other):
        result = _elementwise(ufunc, [self, other], out=self)
        return self if result is not NotImplemented else NotImplemented
    method.__name__ = ufunc
    return method


def _unary(ufunc):
    def method(self):
        return _elementwise(ufunc, [self])
    method.__name__ = ufunc
    return method


def _array_ufunc(self, ufunc, method, *inputs, **kwargs):
    """numpy's ufuncs on Arrays (np.sqrt(a), ndarray + a, np.add(a, b, out=c)): the op the spec tags with the
    ufunc, on the device, else numpy's computation with the result pushed back (documented fallback)."""
    device = self.device
    name = ufunc.__name__
    if method == "__call__":
        out = kwargs.pop("out", None)
        if isinstance(out, tuple):
            out = out[0] if len(out) == 1 else out
        if not kwargs and not isinstance(out, tuple) and ufunc.nout == 1:
            result = _elementwise(name, list(inputs), out)
            if result is not NotImplemented:
                return result
        if out is not None:
            kwargs["out"] = out
        return _numpy_fallback(ufunc, method, inputs, kwargs, device)
    if method == "reduce" and len(inputs) == 1 and isinstance(inputs[0], Array) and name in _REDUCE_METHODS \
            and set(kwargs) <= {"axis", "dtype", "out", "keepdims"}:
        axis = kwargs.pop("axis", 0)
        return getattr(inputs[0], _REDUCE_METHODS[name])(axis=axis, **kwargs)
    if method == "at" and isinstance(inputs[0], Array):
        host = inputs[0].get()
        getattr(ufunc, "at")(host, *[numpy.asarray(x) if isinstance(x, Array) else x for x in inputs[1:]], **kwargs)
        inputs[0][...] = host
        return None
    return _numpy_fallback(ufunc, method, inputs, kwargs, device)


_REDUCE_METHODS = {"add": "sum", "maximum": "max", "minimum": "min"}


# ---- reductions ------------------------------------------------------------------------------


def _axes(axis, ndim):
    items = axis if isinstance(axis, (tuple, list)) else (axis,)
    axes = []
    for a in items:
        if not isinstance(a, numbers.Integral):
            raise TypeError("'%s' object cannot be interpreted as an integer" % type(a).__name__)
        if not -ndim <= a < ndim:
            raise getattr(numpy, "exceptions", numpy).AxisError(int(a), ndim)
        axes.append(int(a) % ndim)
    if len(set(axes)) != len(axes):
        raise ValueError("duplicate value in 'axis'")
    return sorted(axes)


_PREFIX = {"max": "maximum", "min": "minimum", "sum": "sum", "mean": "mean"}


def _project(arr, prefix, axis, **params):
    """arr reduced along one axis by the ops PREFIX_{x,y,z}_projection (given params); None when this build
    has none."""
    ndim = arr.ndim
    expected = tuple(n for a, n in enumerate(arr.shape) if a != axis)
    z = getattr(_ops, prefix + "_z_projection", None)
    if ndim == 3 and axis == 0 and z is not None:
        return z(arr, **params)
    other = getattr(_ops, "%s_%s_projection" % (prefix, "xyz"[ndim - 1 - axis]), None)
    if other is not None:  # use them where they give numpy's shape (or it up to axes of size 1)
        result = other(arr, **params)
        if result.shape == expected:
            return result
        if [n for n in result.shape if n != 1] == [n for n in expected if n != 1]:
            return reshaped(result, expected)
    if z is None:
        return None
    # Bring the axis to the front of a 3D layout and project along z (one strided copy).
    rest = [a for a in range(ndim) if a != axis]
    strides = contiguous_strides(arr.shape)
    layout = [arr.shape[axis]] + [1] * (2 - len(rest)) + [arr.shape[a] for a in rest]
    layout_strides = [strides[axis]] + [0] * (2 - len(rest)) + [strides[a] for a in rest]
    moved = new_array(layout, arr.dtype, arr.device)
    _strided_copy(arr, moved, layout, 0, layout_strides, 0, contiguous_strides(layout))
    result = z(moved, **params)
    return result if result.shape == expected else reshaped(result, expected)


def _full_value(self, kind, ddof=0):
    if kind == "max":
        return self.dtype.type(_ops.maximum_of_all_pixels(self))
    if kind == "min":
        return self.dtype.type(_ops.minimum_of_all_pixels(self))
    wide = numpy.float32 if self.dtype == numpy.float32 else numpy.float64
    if kind == "sum":
        value = _ops.sum_of_all_pixels(self)
        dtype = numpy.sum(numpy.zeros(1, self.dtype)).dtype  # numpy's: int64, uint64 or float32
        return dtype.type(value)
    if kind == "mean":
        return wide(_ops.mean_of_all_pixels(self))
    std = _ops.standard_deviation_of_all_pixels(self, ddof=ddof)
    return wide(std) if kind == "std" else wide(std * std)


def _reduce(self, kind, axis=None, dtype=None, out=None, keepdims=False, ddof=0):
    axes = list(range(self.ndim)) if axis is None else _axes(axis, self.ndim)
    if not axes:  # axis=(): nothing to reduce
        result = self.copy() if dtype is None else self.astype(dtype)
    elif len(axes) == self.ndim:
        result = _full_value(self, kind, ddof)
        if dtype is not None:
            result = canonical_dtype(dtype).type(result)
        if keepdims:
            result = _filled(result, result.dtype, self.device, (1,) * self.ndim)
    else:
        result = None
        if kind in _PREFIX:
            result = self
            for a in reversed(axes):
                result = _project(result, _PREFIX[kind], a)
                if result is None:
                    break
        elif kind == "std" and len(axes) == 1:  # not decomposable over several axes
            result = _project(self, "std", axes[0], ddof=ddof)
        if result is None:  # no op for it (var, std over several axes): numpy's, pushed back
            host = getattr(numpy, kind)(self.get(), axis=tuple(axes), **({"ddof": ddof} if kind in ("std", "var")
                                                                          else {}))
            result = _to_device(numpy.asarray(host), self.device)
        if dtype is not None and isinstance(result, Array):
            result = result.astype(dtype)
        if keepdims:
            result = reshaped(result, tuple(1 if a in axes else n for a, n in enumerate(self.shape)))
    if out is not None:
        return _write_out(out, result)
    return result


def _host_reduce(self, kind, kwargs):
    """numpy's reduction with arguments the device path does not take (where=, initial=), pushed back."""
    result = getattr(numpy, kind)(self.get(), **{k: v for k, v in kwargs.items() if v is not None or k == "axis"})
    return _to_device(result, self.device) if isinstance(result, numpy.ndarray) else result


def _reduction(kind, doc):
    if kind in ("std", "var"):
        def method(self, axis=None, dtype=None, out=None, ddof=0, keepdims=False, **kwargs):
            if kwargs:
                return _host_reduce(self, kind, dict(kwargs, axis=axis, dtype=dtype, out=out, ddof=ddof,
                                                     keepdims=keepdims))
            return _reduce(self, kind, axis, dtype, out, keepdims, ddof)
    elif kind in ("sum", "mean"):
        def method(self, axis=None, dtype=None, out=None, keepdims=False, **kwargs):
            if kwargs:
                return _host_reduce(self, kind, dict(kwargs, axis=axis, dtype=dtype, out=out, keepdims=keepdims))
            return _reduce(self, kind, axis, dtype, out, keepdims)
    else:
        def method(self, axis=None, out=None, keepdims=False, **kwargs):
            if kwargs:
                return _host_reduce(self, kind, dict(kwargs, axis=axis, out=out, keepdims=keepdims))
            return _reduce(self, kind, axis, None, out, keepdims)
    method.__name__ = kind
    method.__doc__ = doc
    return method


# ---- the Array class -------------------------------------------------------------------------


def _from_view(self, view):
    """A new Array with the pixels a view of _standin(self.shape) selects (transpose, swapaxes, ...)."""
    offset, shape, strides = _layout(view)
    _check_result_ndim(shape)
    out = new_array(shape, self.dtype, self.device)
    _strided_copy(self, out, shape, offset, strides, 0, contiguous_strides(shape))
    return out


def _bool(self):
    """A one-pixel Array's truth; more pixels raise ValueError, as numpy's arrays do."""
    if self.size != 1:
        raise ValueError("The truth value of an array with more than one element is ambiguous. "
                         "Use a.any() or a.all()")
    return bool(self.get().reshape(-1)[0])


def _python_scalar(kind):
    def method(self):
        if self.size != 1:
            raise TypeError("only length-1 arrays can be converted to Python scalars")
        return kind(self.get().reshape(-1)[0])
    method.__name__ = "__%s__" % kind.__name__
    return method


def _len(self):
    return self.shape[0]


def _iter(self):
    """Iterate over the first axis: numpy scalars of a 1D Array, Arrays of one dimension less otherwise."""
    if self.ndim == 1:
        yield from self.get()
    else:
        for i in range(self.shape[0]):
            yield self[i]


def _contains(self, value):
    return bool(_ops.maximum_of_all_pixels(_elementwise("equal", [self, value])) != 0)


def _repr(self):
    """numpy's repr of the pixels (pulled), named Array, with the shape."""
    text = numpy.array_repr(self.get())
    if text.startswith("array("):
        text = "Array(" + text[len("array("):]
    return text[:-1] + ", shape=%s)" % (self.shape,)


def _str(self):
    return str(self.get())


def _array(self, dtype=None, copy=None):
    """numpy.asarray(a): the pixels, pulled (always a copy: copy=False raises, as numpy's protocol asks)."""
    if copy is False:
        raise ValueError("Unable to avoid copy while creating an array as requested: "
                         "a cesperanto.Array lives on the device")
    out = self.get()
    return out if dtype is None else out.astype(dtype, copy=False)


def _astype(self, dtype, order="K", casting="unsafe", subok=True, copy=True):
    """The pixels converted on the device (the copy op: saturated, rounded toward zero, NaN to 0).
    float64, int64, uint64 and bool stand for float32, int32, uint32 and uint8, as in pyclesperanto."""
    target = canonical_dtype(dtype, "astype")
    if target == self.dtype:
        return self.copy() if copy else self
    return _ops.copy(self, new_array(self.shape, target, self.device))


def _copy(self, order="K"):
    """A new Array with the same pixels (a device copy; Arrays are always C-ordered)."""
    return _ops.copy(self)


def _reshape(self, *shape, order="C"):
    """A new Array (a device copy, not a view) with numpy's reshape of the shape (-1 allowed).

    A shape of more than 3 dimensions (or of none) falls back to numpy: the pixels are pulled and
    a numpy array is returned (tifffile, for one, reshapes to 6 axes before writing)."""
    if order != "C":
        raise core.UnsupportedError("reshape: only order='C' is supported")
    if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
        shape = tuple(shape[0])
    new = _standin(self.shape).reshape(shape).shape  # numpy's rules and messages
    if not 1 <= len(new) <= 3:
        return self.get().reshape(new)
    return reshaped(self, new)


def _ravel(self, order="C"):
    return _reshape(self, -1, order=order)


def _squeeze(self, axis=None):
    """Axes of size 1 removed (a copy); all removed gives shape (1,): the device has no 0-d arrays."""
    new = _standin(self.shape).squeeze(axis).shape or (1,)
    return reshaped(self, new)


def _transpose(self, *axes):
    """numpy's transpose (a device copy)."""
    if len(axes) == 1 and (axes[0] is None or isinstance(axes[0], (tuple, list))):
        axes = () if axes[0] is None else tuple(axes[0])
    if self.ndim < 2 and not axes:
        return self.copy()
    return _from_view(self, _standin(self.shape).transpose(*axes))


def _T(self):
    """The transpose; a 1D Array is its own transpose (as numpy's view)."""
    return self if self.ndim < 2 else _from_view(self, _standin(self.shape).T)


def _swapaxes(self, axis1, axis2):
    return _from_view(self, _standin(self.shape).swapaxes(axis1, axis2))


def _item(self, *args):
    """One pixel as a Python scalar: a.item() (size 1), a.item(flat_index), a.item(z, y, x)."""
    if len(args) == 1 and isinstance(args[0], tuple):
        args = args[0]
    if not args:
        if self.size != 1:
            raise ValueError("can only convert an array of size 1 to a Python scalar")
        return self.get().reshape(-1)[0].item()
    if len(args) == 1:
        flat = int(args[0])
        if not -self.size <= flat < self.size:
            raise IndexError("index %d is out of bounds for size %d" % (flat, self.size))
        args = numpy.unravel_index(flat % self.size, self.shape)
    if len(args) != self.ndim:
        raise ValueError("incorrect number of indices for array")
    return self[tuple(int(i) for i in args)].item()


def _tolist(self):
    return self.get().tolist()


def _any(self, axis=None, out=None, keepdims=False, **kwargs):
    if kwargs:
        return _host_reduce(self, "any", dict(kwargs, axis=axis, out=out, keepdims=keepdims))
    result = _reduce(_elementwise("not_equal", [self, 0]), "max", axis, None, None, keepdims)
    if not isinstance(result, Array):
        result = numpy.bool_(result)
    return result if out is None else _write_out(out, result)


def _all(self, axis=None, out=None, keepdims=False, **kwargs):
    if kwargs:
        return _host_reduce(self, "all", dict(kwargs, axis=axis, out=out, keepdims=keepdims))
    result = _reduce(_elementwise("not_equal", [self, 0]), "min", axis, None, None, keepdims)
    if not isinstance(result, Array):
        result = numpy.bool_(result)
    return result if out is None else _write_out(out, result)


def _clip(self, min=None, max=None, out=None, **kwargs):
    """numpy's clip: maximum(a, min) then minimum(..., max), on the device (fmax/fmin where no NaN)."""
    if kwargs:
        return _numpy_fallback(numpy.clip, "__call__", [self, min, max], dict(kwargs, out=out) if out is not None
                               else kwargs, self.device)
    result = self
    if min is not None:
        result = _elementwise("maximum", [result, min])
    if max is not None:
        result = _elementwise("minimum", [result, max])
    if result is self:
        result = self.copy()
    return result if out is None else _write_out(out, result)


def _host_method(name, doc):
    """A method computed by numpy on the pulled pixels, its array result pushed back (documented fallback)."""
    def method(self, *args, **kwargs):
        return _to_device(getattr(numpy, name)(self.get(), *args, **kwargs), self.device)
    method.__name__ = name
    method.__doc__ = doc
    return method


def _set(self, array, origin=None, region=None):
    """Write host pixels into the Array (as many as it has; reshaped to its shape), as pyclesperanto's set."""
    if origin is not None or region is not None:
        raise core.UnsupportedError("set: origin and region are not supported; assign to a slice instead: "
                                    "a[z0:z1, y0:y1] = ...")
    data = numpy.asarray(array.get() if isinstance(array, Array) else array)
    if data.size != self.size:
        raise IndexError("Value size mismatch the targeted region: %d != %d (%s != %s)"
                         % (self.size, data.size, self.shape, data.shape))
    self[...] = data.reshape(self.shape)
    return self


def _dlpack(self, stream=None, **kwargs):
    """A DLPack capsule of a host copy of the pixels (the device buffer is not shared: documented copy)."""
    return numpy.ascontiguousarray(self.get()).__dlpack__(stream=stream, **kwargs)


def _dlpack_device(self):
    return (1, 0)  # kDLCPU: the capsule describes the host copy


def patch_array_class(repr_html):
    A = Array
    A.__getitem__ = _getitem
    A.__setitem__ = _setitem
    A.__len__ = _len
    A.__iter__ = _iter
    A.__contains__ = _contains
    A.__bool__ = _bool
    A.__float__ = _python_scalar(float)
    A.__int__ = _python_scalar(int)
    A.__repr__ = _repr
    A.__str__ = _str
    A._repr_html_ = repr_html
    A.__array__ = _array
    A.__array_ufunc__ = _array_ufunc
    A.__dlpack__ = _dlpack
    A.__dlpack_device__ = _dlpack_device
    binary = {"add": "add", "sub": "subtract", "mul": "multiply", "truediv": "divide", "floordiv": "floor_divide",
              "mod": "remainder", "pow": "power"}
    for name, ufunc in binary.items():
        setattr(A, "__%s__" % name, _binary(ufunc))
        setattr(A, "__r%s__" % name, _binary(ufunc, reflected=True))
        setattr(A, "__i%s__" % name, _inplace(ufunc))
    for name, ufunc in {"lt": "less", "le": "less_equal", "gt": "greater", "ge": "greater_equal", "eq": "equal",
                        "ne": "not_equal"}.items():
        setattr(A, "__%s__" % name, _binary(ufunc))
    A.__hash__ = object.__hash__  # identity, as before; == is element-wise
    # & | ^ ~ are logical (nonzero is true), as pyclesperanto's: masks are uint8 0/1 images here.
    for name, ufunc in {"and": "logical_and", "or": "logical_or", "xor": "logical_xor"}.items():
        setattr(A, "__%s__" % name, _binary(ufunc))
        setattr(A, "__r%s__" % name, _binary(ufunc, reflected=True))
        setattr(A, "__i%s__" % name, _inplace(ufunc))
    A.__invert__ = _unary("logical_not")
    A.__neg__ = _unary("negative")
    A.__pos__ = _unary("positive")
    A.__abs__ = _unary("absolute")
    for kind, doc in (("min", "The minimum (numpy's signature); along axes: the minimum projections."),
                      ("max", "The maximum (numpy's signature); along axes: the maximum projections."),
                      ("sum", "The sum (numpy's signature and dtype: int64, uint64 or float32); along axes: the sum "
                              "projections (their dtype: int32, uint32 or float32)."),
                      ("mean", "The mean (numpy's dtype: float64 for integers, float32); along axes: the mean "
                               "projections (float32)."),
                      ("std", "The standard deviation (ddof as numpy); along one axis: the std projections; along "
                              "several: numpy's, pushed back."),
                      ("var", "The variance (ddof as numpy); along axes: numpy's, pushed back.")):
        setattr(A, kind, _reduction(kind, doc))
    A.any = _any
    A.all = _all
    A.clip = _clip
    for name in ("prod", "argmax", "argmin", "cumsum", "cumprod", "round", "sort", "argsort", "nonzero", "dot"):
        setattr(A, name, _host_method(name, "numpy.%s of the pixels (computed on the host, arrays pushed back)."
                                            % name))
    A.astype = _astype
    A.copy = _copy
    A.reshape = _reshape
    A.ravel = _ravel
    A.flatten = _ravel
    A.squeeze = _squeeze
    A.transpose = _transpose
    A.swapaxes = _swapaxes
    A.T = property(_T, doc=_T.__doc__)
    A.mT = property(lambda self: _swapaxes(self, -1, -2), doc="The transpose of the last two axes.")
    A.item = _item
    A.tolist = _tolist
    A.set = _set
    A.itemsize = property(lambda self: self.dtype.itemsize, doc="Bytes per pixel.")
    A.mtype = property(lambda self: "buffer", doc="Memory type: always 'buffer' (pyclesperanto's name).")
    for name in ("from_array", "empty", "empty_like", "zeros", "zeros_like", "ones", "ones_like", "full",
                 "full_like", "arange", "linspace", "eye", "from_dlpack"):
        setattr(A, name, staticmethod(globals()[name]))


# ---- creation (module functions, also Array.zeros, ...) ----------------------------------------


def push(array, dtype=None, mtype=None, device=None):
    """Copy an array-like (ndarray, list, tuple, an object with __array__) to the device; an Array is returned
    as it is (converted when dtype is given). dtype casts first; bool becomes uint8, float64 float32,
    int64/uint64 int32/uint32 (when every value fits, else an error). Shapes: 1 to 3 dimensions in numpy
    order. mtype: "buffer" (cesperanto has only buffers; "image" is accepted for pyclesperanto's scripts)."""
    if isinstance(dtype, core.Device) and device is None:
        dtype, device = None, dtype  # cesperanto's former push(data, device)
    check_mtype(mtype, "push")
    if isinstance(array, Array):
        if dtype is not None and canonical_dtype(dtype, "push") != array.dtype:
            return array.astype(dtype)
        return array
    if type(array).__module__.startswith("cupy") and hasattr(array, "get"):
        array = array.get()
    elif type(array).__module__.startswith("torch") and hasattr(array, "cpu"):
        array = array.detach().cpu().numpy()
    if type(array).__name__ == "MultiScaleData":
        array = array[0]
    data = numpy.asarray(array)
    if dtype is not None:
        data = data.astype(canonical_dtype(dtype, "push"))
    return core_push(data, device_or_default(device))


def empty(shape, dtype=None, *, mtype="buffer", device=None):
    """An uninitialised Array (dtype default float32)."""
    check_mtype(mtype, "empty")
    return new_array(shape, numpy.float32 if dtype is None else dtype, device, "empty")


def full(shape, fill_value, dtype=None, *, mtype="buffer", device=None):
    """An Array filled with fill_value (dtype default: fill_value's, as numpy, made a device dtype)."""
    arr = empty(shape, numpy.asarray(fill_value).dtype if dtype is None else dtype, mtype=mtype, device=device)
    arr.fill(float(fill_value))
    return arr


def zeros(shape, dtype=None, *, mtype="buffer", device=None):
    return full(shape, 0, numpy.float32 if dtype is None else dtype, mtype=mtype, device=device)


def ones(shape, dtype=None, *, mtype="buffer", device=None):
    return full(shape, 1, numpy.float32 if dtype is None else dtype, mtype=mtype, device=device)


def _like(arr, dtype, device):
    return (arr.shape, arr.dtype if dtype is None else dtype,
            device if device is not None else (arr.device if isinstance(arr, Array) else None))


def empty_like(arr, dtype=None, *, mtype="buffer", device=None):
    """An uninitialised Array with arr's shape and dtype (unless given), on arr's device (an Array's) unless given."""
    shape, dtype, device = _like(arr, dtype, device)
    return empty(shape, dtype, mtype=mtype, device=device)


def zeros_like(arr, dtype=None, *, mtype="buffer", device=None):
    shape, dtype, device = _like(arr, dtype, device)
    return zeros(shape, dtype, mtype=mtype, device=device)


def ones_like(arr, dtype=None, *, mtype="buffer", device=None):
    shape, dtype, device = _like(arr, dtype, device)
    return ones(shape, dtype, mtype=mtype, device=device)


def full_like(arr, fill_value, dtype=None, *, mtype="buffer", device=None):
    shape, dtype, device = _like(arr, dtype, device)
    return full(shape, fill_value, dtype, mtype=mtype, device=device)


def from_array(arr, dtype=None, *, mtype="buffer", device=None):
    """An Array of arr's pixels (arr itself when it is an Array and dtype is not given)."""
    return push(arr, dtype, mtype, device)


def from_dlpack(object, *, device=None, copy=None):
    """An Array from an object with __dlpack__ (torch, cupy, jax, numpy, ...): the data is copied to the
    device (cesperanto shares no memory over DLPack); copy=False therefore raises ValueError."""
    if copy is False:
        raise ValueError("from_dlpack: copy=False is not possible; cesperanto copies the data to its device")
    if hasattr(object, "cpu") and not isinstance(object, Array):
        host = numpy.asarray(object.cpu())
    elif isinstance(object, Array):
        host = object.get()
    elif hasattr(object, "get") and type(object).__module__.startswith("cupy"):
        host = object.get()
    else:
        host = numpy.from_dlpack(object)
    return push(host, device=device)


def arange(start, stop=None, step=1, dtype=None, *, mtype="buffer", device=None):
    """numpy.arange's values as an Array (computed on the host)."""
    return push(numpy.arange(start, stop, step, dtype=dtype), mtype=mtype, device=device)


def linspace(start, stop, num=50, endpoint=True, dtype=None, *, mtype="buffer", device=None):
    """numpy.linspace's values as an Array (computed on the host; float64 becomes float32)."""
    return push(numpy.linspace(start, stop, num=num, endpoint=endpoint, dtype=dtype), mtype=mtype, device=device)


def eye(N, M=None, k=0, dtype=None, *, mtype="buffer", device=None):
    """numpy.eye as an Array (dtype default float32)."""
    return push(numpy.eye(N, M, k, dtype=numpy.float32 if dtype is None else dtype), mtype=mtype, device=device)
