"""cesperanto over dask arrays: images larger than one device, on many devices and machines.

    import dask.array as da
    import cesperanto.dask as cled

    volume = da.from_zarr("big.zarr")                        # or any dask array of 1 to 3 dimensions
    blurred = cled.map("gaussian_blur", volume, sigma_x=2, sigma_y=2, sigma_z=2)
    labels = cled.pipeline(volume, [("gaussian_blur", {"sigma_x": 1, "sigma_y": 1, "sigma_z": 1}),
                                    ("threshold_otsu", {}),
                                    ("connected_component_labeling", {"connectivity": "box"})])
    labels.to_zarr("labels.zarr")                            # or .compute(): a numpy array

Both return dask arrays (0-d for whole-image reductions); nothing runs until they are computed,
on dask's threads or on a dask.distributed cluster (use_devices() gives each worker its device).
Each chunk is pushed to the device of the process that computes it, the op runs there and the
result is pulled back to numpy: tasks carry numpy arrays and op names, never device objects.

Which ops, and how (the footprint and uses_position of ops.json, the spec's):
- a finite footprint: dask's map_overlap with the op's halo at the call's params as the depth of
  each axis; at the image's edge no padding (boundary "none"), so the edge chunk's op repeats the
  image's own edge as the untiled op does: the result is bit-identical to the untiled op. An axis
  whose footprint is "global" is taken whole (one chunk along it).
- connected_component_labeling: each chunk labelled on its device, the labels that touch across
  chunk faces (and edges and corners with connectivity "box") merged, and every object numbered
  by its first pixel in raster order: the untiled op's label image, numbering included.
- threshold_otsu: the global minimum and maximum, then per-chunk histograms with the C op's bins
  (histogram, the same bin count and range) summed, Otsu's threshold from the sum as the C op
  computes it, and each chunk compared with it: the untiled op's result.
- maximum/minimum/sum/mean_of_all_pixels: dask reductions of per-chunk results (0-d arrays;
  sum and mean of float images equal the untiled op's up to rounding, integers exactly).
- refused, with an error naming the op: ops whose result depends on the pixel's position
  (uses_position), ops whose output has another shape than their inputs (projections, crops,
  vectors, tables, several outputs), ops that write into an input, other global ops.

Requires dask (dask.array); use_devices() also dask.distributed."""

import functools
import itertools
import json
import os
import re

import numpy as np

import dask.array as da

from . import _footprint

__all__ = ["map", "pipeline", "use_devices", "DevicePlugin", "choose_device", "worker_index", "supported", "otsu_threshold",
           "REDUCTIONS", "GLOBAL_OPS"]

REDUCTIONS = ("maximum_of_all_pixels", "minimum_of_all_pixels", "sum_of_all_pixels", "mean_of_all_pixels")
GLOBAL_OPS = ("connected_component_labeling", "threshold_otsu") + REDUCTIONS

_ABOUT = None


def _cle():
    import cesperanto
    return cesperanto


def _about():
    """ops.json's records by name (the package's copy, else CLE_OPS_JSON's)."""
    global _ABOUT
    if _ABOUT is None:
        path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "ops.json")
        if not os.path.exists(path):
            path = os.environ.get("CLE_OPS_JSON", path)
        with open(path, encoding="utf-8") as f:
            _ABOUT = {op["name"]: op for op in json.load(f)["ops"]}
    return _ABOUT


def _unsupported(message):
    return _cle().UnsupportedError(message)


def _invalid(message):
    return _cle().InvalidArgumentError(message)


def _op_name(op):
    """The registry's name of op (a name, an alias, an Operation or a cesperanto function)."""
    name = op if isinstance(op, str) else getattr(op, "__name__", None)
    if not isinstance(name, str):
        raise _invalid("cesperanto.dask: op must be an op's name, got %r" % (op,))
    return _cle().operation(name).name  # unknown names raise, with a suggestion


# ---- the op's description ---------------------------------------------------------------------


def _inputs_and_params(name, arrays, params):
    """The op's image inputs (dask arrays, in the op's order) and its params (defaults filled)."""
    about = _about()[name]
    inputs = list(arrays)
    params = dict(params)
    names = [i["name"] for i in about["inputs"]]
    for k, input_name in enumerate(names):
        if input_name in params:
            if k < len(inputs):
                raise _invalid("%s: input %s given twice" % (name, input_name))
            inputs.append(params.pop(input_name))
    if len(inputs) != len(names):
        raise _invalid("%s: takes %d image input(s) (%s), got %d" % (name, len(names), ", ".join(names), len(inputs)))
    spelled = {}  # the params by their names and their other names (ops.json aliases)
    for p in about["params"]:
        for alias in [p["name"]] + list(p.get("aliases") or []):
            spelled[alias] = p["name"]
    given = {}
    for key, value in params.items():
        if key not in spelled:
            raise _invalid("%s: no parameter %r; its parameters: %s"
                           % (name, key, ", ".join(p["name"] for p in about["params"]) or "none"))
        if spelled[key] in given:
            raise _invalid("%s: parameter %s given twice" % (name, spelled[key]))
        given[spelled[key]] = value
    full = {}
    for p in _cle().operation(name).params:  # typed defaults
        if p.name in given:
            full[p.name] = given[p.name]
        elif not p.has_default:
            raise _invalid("%s: parameter %s has no default: give it" % (name, p.name))
        else:
            full[p.name] = p.default
    first = None
    converted = []
    for k, a in enumerate(inputs):
        if isinstance(a, da.Array):
            arr = a
        elif isinstance(a, np.ndarray):
            arr = da.from_array(a, chunks=first.chunks if first is not None and a.shape == first.shape else "auto")
        else:
            raise _invalid("%s: input %s must be a dask or numpy array, got %s" % (name, names[k], type(a).__name__))
        if not 1 <= arr.ndim <= 3:
            raise _invalid("%s: input %s must have 1 to 3 dimensions, got %d" % (name, names[k], arr.ndim))
        if first is not None and arr.shape != first.shape:
            raise _invalid("%s: input %s has shape %s, input %s %s: they must be equal"
                           % (name, names[k], arr.shape, names[0], first.shape))
        first = arr if first is None else first
        converted.append(arr)
    return converted, full


def _device_dtype(dtype, who):
    return np.dtype(_cle()._array.canonical_dtype(dtype, who))


def _widened(dtype):
    return np.dtype("float32" if dtype == np.float32 else "int32" if dtype.kind == "i" else "uint32")


def _promoted(dtypes):
    t = np.result_type(*dtypes)
    return np.dtype("float32" if t.kind == "f" or t.itemsize == 8 else t.name)


def _out_dtype(name, inputs, params):
    """The output's dtype by the op's creator rule (spec/README.md, "output")."""
    out = _about()[name]["output"]
    in_names = [i["name"] for i in _about()[name]["inputs"]]
    in_dtypes = {n: _device_dtype(a.dtype, "%s: input %s" % (name, n)) for n, a in zip(in_names, inputs)}
    of = in_dtypes.get(out.get("of")) if out.get("of") else next(iter(in_dtypes.values()))
    if out["rule"] == "binary":
        return np.dtype("uint8")
    if out["rule"] == "labels":
        return np.dtype("uint32")
    dt = out.get("dtype")
    if dt is None:
        return of
    if dt == "widened":
        return _widened(of)
    if dt == "promoted":
        return _promoted(list(in_dtypes.values()))
    if out.get("dtype_if") and not params.get(out["dtype_if"]):
        return of
    return np.dtype(dt)


def supported(op):
    """How cesperanto.dask runs op: "overlap" (finite footprint), "global" (an exact merge:
    labeling, Otsu, reductions), or None with the reason as the second item."""
    name = _op_name(op)
    about = _about()[name]
    out = about["output"]
    if name in GLOBAL_OPS:
        return "global", None
    if about["uses_position"]:
        return None, ("its result depends on the pixel's position (ops.json uses_position), which a chunk "
                      "does not know")
    if out["kind"] == "scalar":
        return None, ("it reduces the whole image to one value and cesperanto.dask merges only %s"
                      % ", ".join(REDUCTIONS))
    if out["kind"] != "array" or out["rule"] not in ("like", "binary", "labels"):
        return None, "its output (%s) is not an image of its input's shape" % (out["creator"] or out["kind"])
    if any(i["written"] for i in about["inputs"]):
        return None, "it writes into an input"
    if not about["inputs"]:
        return None, "it has no image input"
    fp = about["footprint"]
    if isinstance(fp, str) and fp == "global":
        return None, ("its footprint is global and cesperanto.dask has no exact merge for it (it has one for %s)"
                      % ", ".join(GLOBAL_OPS))
    return "overlap", None


# ---- the work of one chunk (runs on a worker; numpy in, numpy out) ------------------------------


def _run_op(name, params, *blocks):
    cle = _cle()
    result = getattr(cle, name)(*[np.ascontiguousarray(b) for b in blocks], **params)
    return cle.pull(result)


def _scalar(name, params, block):
    return float(getattr(_cle(), name)(np.ascontiguousarray(block), **params))


# ---- map -----------------------------------------------------------------------------------------


def map(op, *arrays, **params):  # noqa: A001 (cesperanto.dask.map, as the issue names it)
    """op over dask arrays, chunk by chunk, as one dask array (0-d for a whole-image reduction).

    op: an op's name (or alias, or the cesperanto function). arrays: its image inputs in order
    (dask or numpy arrays of one shape; they may also be given by input name as keywords);
    params: the op's params by name (defaults as the op's). Raises cesperanto.UnsupportedError
    naming the op for the ops it cannot run chunk by chunk (see the module's doc)."""
    name = _op_name(op)
    how, why = supported(name)
    if how is None:
        raise _unsupported("cesperanto.dask: %s cannot run chunk by chunk: %s" % (name, why))
    inputs, full = _inputs_and_params(name, arrays, params)
    if name == "connected_component_labeling":
        return _label(inputs[0], full["connectivity"])
    if name == "threshold_otsu":
        return _otsu(inputs[0])
    if name in REDUCTIONS:
        return _reduce(name, inputs[0])
    return _overlap(name, inputs, full)


def _overlap(name, inputs, params):
    ndim = inputs[0].ndim
    dtype = _out_dtype(name, inputs, params)
    depth = _footprint.halo(_about()[name]["footprint"], params, ndim)
    whole = {axis: -1 for axis in range(ndim) if depth[axis] is None}
    depth = {axis: (d or 0) for axis, d in enumerate(depth)}
    if whole:
        inputs = [a.rechunk(whole) for a in inputs]
    if len(inputs) > 1:  # one chunking for all (map_blocks does not align them itself)
        index = tuple(range(ndim))
        inputs = list(da.core.unify_chunks(*itertools.chain.from_iterable((a, index) for a in inputs))[1])
    meta = np.empty((0,) * ndim, dtype)
    run = functools.partial(_run_op, name, params)
    if not any(depth.values()):
        return da.map_blocks(run, *inputs, dtype=dtype, meta=meta, token="cle_" + name)
    return da.map_overlap(run, *inputs, depth=depth, boundary="none", trim=True, dtype=dtype,
                          meta=meta, align_arrays=True, token="cle_" + name)


# ---- whole-image reductions ----------------------------------------------------------------------


def _partial(block, axis=None, keepdims=True, name=None):
    value = _scalar(name, {}, block) if block.size else np.nan
    return np.full((1,) * block.ndim, value, np.float64)


def _fmax(x, axis=None, keepdims=False):
    return np.fmax.reduce(x, axis=axis, keepdims=keepdims) if x.size else np.full((), np.nan)


def _fmin(x, axis=None, keepdims=False):
    return np.fmin.reduce(x, axis=axis, keepdims=keepdims) if x.size else np.full((), np.nan)


def _sum(x, axis=None, keepdims=False):
    return np.sum(x, axis=axis, keepdims=keepdims)


def _reduce(name, x):
    """A whole-image reduction as a dask reduction of each chunk's value (a 0-d float64 array).
    NaN pixels: as the C op (minimum and maximum skip them; a chunk of NaN only gives NaN)."""
    x = x if x.dtype == _device_dtype(x.dtype, name) else x.astype(_device_dtype(x.dtype, name))
    if name == "mean_of_all_pixels":
        total = _reduce("sum_of_all_pixels", x)
        return total / x.size
    chunk = functools.partial(_partial, name=name)
    agg = {"maximum_of_all_pixels": _fmax, "minimum_of_all_pixels": _fmin, "sum_of_all_pixels": _sum}[name]
    return da.reduction(x, chunk, agg, combine=agg, axis=None, keepdims=False, dtype=np.float64,
                        name="cle_" + name, meta=np.empty((), np.float64))


# ---- threshold_otsu ------------------------------------------------------------------------------


def otsu_threshold(counts, minimum, maximum):
    """Otsu's threshold from a histogram, as the C op computes it (runtime/ops/threshold_otsu.c:
    scikit-image's threshold_otsu on (counts, bin centers) in double, empty bins at both ends
    trimmed, the first maximum wins): counts over bins centered at minimum + i * (maximum -
    minimum) / (bins - 1), minimum and maximum float32. Returns the threshold as a float32."""
    counts = [int(c) for c in counts]
    bins = len(counts)
    lo, hi = np.float32(minimum), np.float32(maximum)
    if np.isnan(lo):
        return np.float32(np.nan)
    span = float(hi - lo)  # a float32 difference, as the C op (and CLIc) compute it
    first, last = 0, bins - 1
    while first < last and counts[first] == 0:
        first += 1
    while last > first and counts[last] == 0:
        last -= 1
    center = [0.0] * bins
    for i in range(first, last + 1):
        center[i] = (float(i) * span) / (bins - 1) + float(lo) if bins > 1 else float(lo)
    weight2 = [0.0] * bins
    mean2 = [0.0] * bins
    weight = moment = 0.0
    for i in range(last, first - 1, -1):
        weight += counts[i]
        moment += counts[i] * center[i]
        weight2[i] = weight
        mean2[i] = moment / weight
    best, best_variance = first, -1.0
    weight = moment = 0.0
    for i in range(first, last):
        weight += counts[i]
        moment += counts[i] * center[i]
        mean1 = moment / weight
        diff = mean1 - mean2[i + 1]
        variance = (weight * weight2[i + 1]) * (diff * diff)
        if variance > best_variance:
            best_variance, best = variance, i
    return np.float32(center[best])


def _histogram_range(lo, hi, dtype):
    """The C op's bins (intensity_histogram.c): 256, or one per integer value for integer images
    whose range is below 256; the range as float32."""
    lo, hi = float(lo), float(hi)
    bins = int(hi - lo) + 1 if dtype != np.float32 and hi - lo < 256 else 256
    return bins, np.float32(lo), np.float32(hi)


def _chunk_histogram(block, lo, hi):
    """The chunk's counts in the C op's bins over the whole image's [lo, hi], as a (1, ..., 1, 256)
    array (the bins past the C op's count stay 0)."""
    bins, lo, hi = _histogram_range(lo, hi, block.dtype)
    out = np.zeros((1,) * block.ndim + (256,), np.int64)
    if not np.isnan(lo) and block.size:
        cle = _cle()
        counts = cle.histogram(np.ascontiguousarray(block), num_bins=bins, minimum_intensity=float(lo),
                               maximum_intensity=float(hi))
        out[(0,) * block.ndim + (slice(0, bins),)] = cle.pull(counts)
    return out


def _threshold_from(counts, lo, hi, dtype=None):
    bins, lo, hi = _histogram_range(lo, hi, dtype)
    return np.asarray(otsu_threshold(counts[:bins], lo, hi), np.float32)


def _greater(block, threshold):
    cle = _cle()
    return cle.pull(cle.greater_constant(np.ascontiguousarray(block), scalar=float(threshold)))


def _otsu(x):
    """threshold_otsu in three passes over the chunks: minimum and maximum (dask reductions), the
    histograms (one per chunk, summed), the comparison with the threshold computed from their sum."""
    dtype = _device_dtype(x.dtype, "threshold_otsu")
    x = x if x.dtype == dtype else x.astype(dtype)
    lo = _reduce("minimum_of_all_pixels", x)
    hi = _reduce("maximum_of_all_pixels", x)
    index = tuple(range(x.ndim))
    bins = x.ndim
    hists = da.blockwise(_chunk_histogram, index + (bins,), x, index, lo, (), hi, (), new_axes={bins: 256},
                         adjust_chunks={i: 1 for i in index}, dtype=np.int64,
                         meta=np.empty((0,) * (x.ndim + 1), np.int64))
    counts = hists.sum(axis=index)
    threshold = da.blockwise(functools.partial(_threshold_from, dtype=dtype), (), counts, (0,), lo, (), hi, (),
                             concatenate=True, dtype=np.float32, meta=np.empty((), np.float32))
    return da.blockwise(_greater, index, x, index, threshold, (), dtype=np.uint8,
                        meta=np.empty((0,) * x.ndim, np.uint8))


# ---- connected_component_labeling --------------------------------------------------------------


def _label_block(block, connectivity):
    cle = _cle()
    return cle.pull(cle.connected_component_labeling(np.ascontiguousarray(block), connectivity=connectivity))


def _first_pixels(labels):
    """The flat index of each label's first pixel (labels 1..n, numbered in raster order)."""
    flat = labels.ravel()
    if not flat.size:
        return np.zeros(0, np.int64)
    # In raster order the running maximum first reaches k at label k's first pixel: a binary
    # search per label instead of gathering every nonzero pixel (7x less time on a 256^3 chunk).
    running = np.maximum.accumulate(flat)
    n = int(running[-1])
    if n == 0:
        return np.zeros(0, np.int64)
    wanted = np.arange(1, n + 1, dtype=running.dtype)
    starts = np.searchsorted(running, wanted)
    if np.array_equal(flat[starts], wanted):
        return starts.astype(np.int64)
    nz = np.flatnonzero(flat)
    values = flat[nz]
    first = np.full(n + 1, np.iinfo(np.int64).max, np.int64)  # labels not in raster order: the slow way
    np.minimum.at(first, values, nz)
    return first[1:]


def _block_summary(labels, block_info=None):
    """What the merge needs of one chunk, as a (1, ..., 1) object array: its label count, each
    label's first pixel (a flat index into the whole image) and its first and last plane along
    each axis."""
    origin = [start for start, _ in block_info[0]["array-location"]]
    shape = block_info[0]["shape"]
    first = _first_pixels(labels)
    n = int(first.size)
    if n:
        coords = np.unravel_index(first, labels.shape)
        first = np.ravel_multi_index(tuple(c + o for c, o in zip(coords, origin)), shape).astype(np.int64)
    faces = {}
    for axis in range(labels.ndim):
        faces[axis, 0] = np.array(np.take(labels, 0, axis=axis))
        faces[axis, 1] = np.array(np.take(labels, labels.shape[axis] - 1, axis=axis))
    out = np.empty((1,) * labels.ndim, object)
    out[(0,) * labels.ndim] = (n, first, faces)
    return out


def _union(n, a, b):
    """Each of 0..n's root (the smallest label of its group) after joining a[i] with b[i]."""
    parent = np.arange(n + 1, dtype=np.int64)
    if not a.size:
        return parent
    while True:
        ra, rb = parent[a], parent[b]
        differ = ra != rb
        if not differ.any():
            return parent
        low = np.minimum(ra[differ], rb[differ])
        np.minimum.at(parent, ra[differ], low)
        np.minimum.at(parent, rb[differ], low)
        while True:  # every label straight to its root
            grand = parent[parent]
            if np.array_equal(grand, parent):
                break
            parent = grand


def _merge(blocks, chunks=None, shape=None, connectivity=None):
    """Each chunk's lookup table (local label -> final label), as a 0-d object array holding an
    object array of the chunks' grid: labels joined across the chunks' faces, objects numbered
    by their first pixel in raster order. blocks: the chunks' summaries, in their grid."""
    numblocks = blocks.shape
    summaries = [blocks[idx] for idx in np.ndindex(*numblocks)]
    ndim = len(shape)
    grid = list(np.ndindex(*numblocks))
    counts = np.array([s[0] for s in summaries], np.int64)
    offsets = np.concatenate(([0], np.cumsum(counts)))
    total = int(offsets[-1])
    first = np.concatenate([np.zeros(1, np.int64)] + [s[1] for s in summaries])
    starts = [np.concatenate(([0], np.cumsum(c))) for c in chunks]
    position = {idx: k for k, idx in enumerate(grid)}
    encode = (total + 1) ** 2 < 2 ** 62
    a_all, b_all = [], []
    for axis in range(ndim):
        others = [d for d in range(ndim) if d != axis]
        plane_shape = tuple(shape[d] for d in others)
        for i in range(1, numblocks[axis]):
            low = np.zeros(plane_shape, np.int64)
            high = np.zeros(plane_shape, np.int64)
            for idx in grid:
                if idx[axis] not in (i - 1, i):
                    continue
                k = position[idx]
                face = summaries[k][2][axis, 0 if idx[axis] == i else 1].astype(np.int64)
                face = np.where(face > 0, face + offsets[k], 0)
                where = tuple(slice(starts[d][idx[d]], starts[d][idx[d] + 1]) for d in others)
                (high if idx[axis] == i else low)[where] = face
            shifts = itertools.product((-1, 0, 1), repeat=ndim - 1) if connectivity == "box" else [(0,) * (ndim - 1)]
            for shift in shifts:
                sl_low = tuple(slice(max(0, -s), n - max(0, s)) for s, n in zip(shift, plane_shape))
                sl_high = tuple(slice(max(0, s), n - max(0, -s)) for s, n in zip(shift, plane_shape))
                la, lb = low[sl_low], high[sl_high]
                touch = (la > 0) & (lb > 0)
                la, lb = la[touch], lb[touch]
                if encode:  # each pair once (two labels touch at many pixels), as one int64
                    pair = np.unique(la * (total + 1) + lb)
                    la, lb = pair // (total + 1), pair % (total + 1)
                a_all.append(la)
                b_all.append(lb)
    a = np.concatenate(a_all) if a_all else np.zeros(0, np.int64)
    b = np.concatenate(b_all) if b_all else np.zeros(0, np.int64)
    root = _union(total, a, b)
    key = np.full(total + 1, np.iinfo(np.int64).max, np.int64)
    np.minimum.at(key, root[1:], first[1:])
    roots = np.flatnonzero(root == np.arange(total + 1))[1:] if total else np.zeros(0, np.int64)
    if roots.size > np.iinfo(np.uint32).max:
        raise _unsupported("connected_component_labeling: %d objects do not fit in uint32 labels" % roots.size)
    final = np.zeros(total + 1, np.uint32)
    final[roots[np.argsort(key[roots], kind="stable")]] = np.arange(1, roots.size + 1, dtype=np.uint32)
    final = final[root]
    luts = np.empty(numblocks, object)
    for k, idx in enumerate(grid):
        luts[idx] = np.concatenate(([0], final[offsets[k] + 1:offsets[k + 1] + 1])).astype(np.uint32)
    out = np.empty((), object)
    out[()] = luts
    return out


def _relabel(labels, luts, block_info=None):
    return luts[()][tuple(block_info[0]["chunk-location"])][labels]


def _label(x, connectivity):
    if connectivity not in ("box", "sphere"):
        raise _invalid("connected_component_labeling: connectivity must be 'box' or 'sphere', got %r"
                       % (connectivity,))
    _device_dtype(x.dtype, "connected_component_labeling")
    ndim = x.ndim
    meta = np.empty((0,) * ndim, np.uint32)
    local = x.map_blocks(_label_block, connectivity, dtype=np.uint32, meta=meta)
    index = tuple(range(ndim))
    summaries = local.map_blocks(_block_summary, chunks=tuple((1,) * n for n in local.numblocks), dtype=object,
                                 meta=np.empty((0,) * ndim, object))
    luts = da.blockwise(functools.partial(_merge, chunks=local.chunks, shape=x.shape, connectivity=connectivity), (),
                        summaries, index, concatenate=True, dtype=object, meta=np.empty((), object))
    return da.map_blocks(_relabel, local, luts, dtype=np.uint32, meta=meta)


# ---- pipelines -----------------------------------------------------------------------------------


def _yaml_steps(path, array):
    """A pipeline file as cle run reads it (a list of {op, inputs, params, as, save} steps): each
    step's inputs, its params and its name. Files it reads are replaced by array (a dict of file
    name as written -> array where it reads several)."""
    import yaml
    with open(path, encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    if not isinstance(doc, list) or not doc:
        raise _invalid("%s: a pipeline is a non-empty YAML list of steps" % path)
    named = set()
    files = []
    for k, step in enumerate(doc):
        where = "%s: step %d" % (path, k + 1)
        if not isinstance(step, dict) or "op" not in step:
            raise _invalid("%s: a step is a mapping with an op" % where)
        unknown = set(step) - {"op", "inputs", "params", "as", "save"}
        if unknown:
            raise _invalid("%s: unknown key(s) %s; a step has op, inputs, params, as, save"
                           % (where, ", ".join(sorted(unknown))))
        inputs = step.get("inputs") or {}
        if not isinstance(inputs, dict) or not isinstance(step.get("params") or {}, dict):
            raise _invalid("%s: inputs and params are mappings" % where)
        for value in inputs.values():
            if str(value) not in named and str(value) not in files:
                files.append(str(value))
        if step.get("as") is not None:
            named.add(str(step["as"]))
    if isinstance(array, dict):
        sources = {str(k): v for k, v in array.items()}
        missing = [f for f in files if f not in sources]
        if missing:
            raise _invalid("%s: no array given for %s (the files it reads: %s)" % (path, ", ".join(missing),
                                                                                  ", ".join(files)))
    else:
        if len(files) != 1:
            raise _invalid("%s: the pipeline reads %s files (%s); give a dict of file name -> array"
                           % (path, len(files) or "no", ", ".join(files)))
        sources = {files[0]: array}
    return doc, sources


def pipeline(array, steps, result=None):
    """A pipeline of ops over a dask array, as a dask array (0-d where the result is a reduction).

    steps: a list of (op_name, {params}) pairs, each op taking the previous step's result as its
    first input (an op's further inputs can be params naming them: {"input_image1": other_array}),
    or the path of a pipeline YAML file as cle run reads it (examples/seed_workflow.yaml): its
    steps' inputs name earlier steps (as) or files, and the files it reads are array (a dict of
    file name as written -> array where it reads several); save is ignored (store the result
    yourself). result: the name (as) or index of the step whose result to return; default the
    last. Every step is checked (ops, params, support) before the graph is built."""
    if isinstance(steps, (str, os.PathLike)):
        return _pipeline_yaml(os.fspath(steps), array, result)
    if not isinstance(steps, (list, tuple)) or not steps:
        raise _invalid("cesperanto.dask.pipeline: steps must be a non-empty list of (op_name, {params}) pairs or a "
                       "pipeline YAML file, got %r" % (steps,))
    checked = []
    for k, step in enumerate(steps):
        if not isinstance(step, (list, tuple)) or len(step) != 2 or not isinstance(step[1], dict):
            raise _invalid("cesperanto.dask.pipeline: step %d must be an (op_name, {params}) pair, got %r"
                           % (k + 1, step))
        name = _op_name(step[0])
        how, why = supported(name)
        if how is None:
            raise _unsupported("cesperanto.dask.pipeline: step %d: %s cannot run chunk by chunk: %s"
                               % (k + 1, name, why))
        checked.append((name, dict(step[1])))
    results = []
    current = array
    for k, (name, params) in enumerate(checked):
        if isinstance(current, da.Array) and current.ndim == 0:
            raise _invalid("cesperanto.dask.pipeline: step %d (%s) takes an image, but step %d (%s) gives a single "
                           "value" % (k + 1, name, k, checked[k - 1][0]))
        current = map(name, current, **params)
        results.append(current)
    if result is None:
        return current
    if not isinstance(result, int) or not -len(results) <= result < len(results):
        raise _invalid("cesperanto.dask.pipeline: result must be a step's index (0..%d), got %r"
                       % (len(results) - 1, result))
    return results[result]


def _pipeline_yaml(path, array, result):
    doc, sources = _yaml_steps(path, array)
    values = {}
    last = None
    by_index = []
    plan = []
    for k, step in enumerate(doc):  # check everything first
        name = _op_name(str(step["op"]))
        how, why = supported(name)
        if how is None:
            raise _unsupported("%s: step %d: %s cannot run chunk by chunk: %s" % (path, k + 1, name, why))
        plan.append(name)
    for k, step in enumerate(doc):
        name = plan[k]
        inputs = step.get("inputs") or {}
        args = {}
        for input_name, ref in inputs.items():
            ref = str(ref)
            value = values[ref] if ref in values else sources[ref]
            if isinstance(value, da.Array) and value.ndim == 0:
                raise _invalid("%s: step %d (%s): input %s names %s, a single value, not an image"
                               % (path, k + 1, name, input_name, ref))
            args[str(input_name)] = value
        last = map(name, **args, **(step.get("params") or {}))
        if step.get("as") is not None:
            values[str(step["as"])] = last
        by_index.append(last)
    if result is None:
        return last
    if isinstance(result, str):
        if result not in values:
            raise _invalid("%s: no step is named %r (named: %s)" % (path, result, ", ".join(values) or "none"))
        return values[result]
    if not isinstance(result, int) or not -len(by_index) <= result < len(by_index):
        raise _invalid("%s: result must be a step's name or index, got %r" % (path, result))
    return by_index[result]


# ---- devices of a dask.distributed cluster --------------------------------------------------------


def worker_index(name):
    """The index of a worker for round-robin device choice: its name if an integer (LocalCluster's
    0, 1, ...), else the integer that ends it (dask-worker --name w --nworkers 2: w-0, w-1;
    dask-jobqueue's JOB-PROCESS), else None."""
    if isinstance(name, int):
        return name
    match = re.search(r"(\d+)$", str(name))
    return int(match.group(1)) if match else None


def choose_device(index, devices=None, device_type="gpu"):
    """Select this process's device: CLE_DEVICE (a name substring) if set; else devices[index %
    len(devices)] (indices into cesperanto.list_available_devices() or name substrings), default
    the devices of device_type (all devices where there is none of that type). Returns the Device."""
    import warnings
    cle = _cle()
    if os.environ.get("CLE_DEVICE"):
        return cle.select_device(os.environ["CLE_DEVICE"])
    index = index or 0
    if devices:
        chosen = devices[index % len(devices)]
        return cle.select_device(chosen, "all")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        n = len(cle.list_available_devices(device_type))
    if n == 0:
        device_type, n = "all", len(cle.list_available_devices("all"))
    return cle.select_device(index % n, device_type)


try:
    from distributed.diagnostics.plugin import WorkerPlugin as _WorkerPlugin
except ImportError:  # dask without distributed: map and pipeline still work, on dask's threads
    _WorkerPlugin = object


class DevicePlugin(_WorkerPlugin):
    """A dask.distributed WorkerPlugin that selects each worker's device when it starts
    (choose_device with the worker's index, worker_index(worker.name))."""

    name = "cesperanto-device"

    def __init__(self, devices=None, device_type="gpu"):
        self.devices = list(devices) if devices else None
        self.device_type = device_type

    def setup(self, worker):
        device = choose_device(worker_index(worker.name), self.devices, self.device_type)
        worker.cesperanto_device = "%d: %s" % (device.index, device.name)


def _current_device():
    device = _cle().get_device()
    return "%d: %s" % (device.index, device.name)


def use_devices(client, devices=None, device_type="gpu"):
    """Give every worker of a dask.distributed client its own device, now and as workers join:
    CLE_DEVICE where the worker's environment sets it, else round-robin by worker index
    (worker_index) over devices (indices or names) or over the machine's devices of device_type
    ("gpu" by default, all devices where there is none). Returns {worker address: "index: name"}."""
    plugin = DevicePlugin(devices, device_type)
    register = getattr(client, "register_plugin", None) or client.register_worker_plugin
    register(plugin)
    return client.run(_current_device)
