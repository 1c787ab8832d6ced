"""The benchmark cases: which op, on what data, compared how.

A case is one op (with its parameters) at one size and dtype. Inputs are
synthetic and seeded, so every peer sees the same pixels and a rerun sees the
same data. Comparisons are independent of the code under test: each pair of
peers must agree, exactly for integer results, up to a bijection for labels
(numbering may differ between libraries), within a tolerance for floats.
"""
from dataclasses import dataclass, field

import numpy as np

SIZES_2D = {"512^2": (512, 512), "2048^2": (2048, 2048), "8192^2": (8192, 8192)}
SIZES_3D = {"64^3": (64, 64, 64), "256^3": (256, 256, 256), "512^3": (512, 512, 512)}
# the seed pipeline is also timed at the size the issue sets its GPU target for
SIZES_PIPELINE = {"287^3": (287, 287, 287)}
# memory-bound ops on 8- and 16-bit images are also timed where launch latency no longer hides the bandwidth
SIZES_BANDWIDTH = {"1024^3": (1024, 1024, 1024)}
QUICK_SIZES = {"64^2": (64, 64), "16^3": (16, 16, 16)}


@dataclass
class Op:
    key: str            # row name in the tables
    method: str         # Peer method called
    params: dict        # keyword parameters of the method
    dims: tuple         # allowed dimensionalities
    dtypes: tuple       # input dtypes timed
    data: str           # "noise", "blobs" or "binary"
    n_inputs: int = 1
    out: str = "like"   # output rule: like, float32, uint8, uint32, xy, scalar, labels, table,
    #                     drop0/drop1/drop2 (projection along a numpy axis), swap01/swap02/swap12 (transpose)
    compare: str = "exact"  # exact, float, scalar, otsu, labels, pipeline
    bandwidth: bool = False  # memory-bound: report achieved GB/s
    temp_factor: float = 0.0  # device temporaries, in multiples of the input's bytes
    uses: tuple = ()     # cesperanto ops called
    extra_sizes: dict = field(default_factory=dict)
    out_dtype: str = ""  # drop*/swap*: the output's dtype when it is not the input's (mean projections: float32)


OPS = [
    Op("copy", "copy", {}, (2, 3), ("float32", "uint8", "uint16"), "noise", bandwidth=True, extra_sizes=SIZES_BANDWIDTH, uses=("copy",)),
    Op("add_images_weighted", "add_images_weighted", {"factor1": 0.7, "factor2": 0.3}, (2, 3),
       ("float32", "uint8", "uint16"), "noise", n_inputs=2, out="float32", compare="float", bandwidth=True,
       extra_sizes=SIZES_BANDWIDTH, uses=("add_images_weighted",)),
    Op("add_image_and_scalar", "add_image_and_scalar", {"scalar": 1.5}, (2, 3), ("float32", "uint8"), "noise",
       out="float32", compare="float", bandwidth=True, uses=("add_image_and_scalar",)),
    Op("multiply_images", "multiply_images", {}, (2, 3), ("float32", "uint8"), "noise", n_inputs=2,
       compare="float", bandwidth=True, uses=("multiply_images",)),
    Op("greater", "greater", {}, (2, 3), ("float32", "uint8"), "noise", n_inputs=2, out="uint8",
       bandwidth=True, uses=("greater",)),
    Op("mean_of_all_pixels", "mean_of_all_pixels", {}, (2, 3), ("float32", "uint8", "uint16"), "noise",
       out="scalar", compare="scalar", bandwidth=True, temp_factor=0.1, extra_sizes=SIZES_BANDWIDTH, uses=("mean_of_all_pixels",)),
    Op("standard_deviation_of_all_pixels", "standard_deviation_of_all_pixels", {}, (2, 3), ("float32", "uint8", "uint16"),
       "noise", out="scalar", compare="scalar", bandwidth=True, temp_factor=0.1,
       extra_sizes=SIZES_BANDWIDTH, uses=("standard_deviation_of_all_pixels",)),
    Op("gaussian_blur s1", "gaussian_blur", {"sigma": 1.0}, (2, 3), ("float32", "uint8"), "noise",
       out="float32", compare="float", temp_factor=4.0, uses=("gaussian_blur",)),
    Op("gaussian_blur s5", "gaussian_blur", {"sigma": 5.0}, (2, 3), ("float32", "uint8"), "noise",
       out="float32", compare="float", temp_factor=4.0, uses=("gaussian_blur",)),
    Op("maximum_z_projection", "maximum_z_projection", {}, (3,), ("float32", "uint8", "uint16"), "noise",
       out="xy", bandwidth=True, extra_sizes=SIZES_BANDWIDTH, uses=("maximum_z_projection",)),
    Op("sum_of_all_pixels", "sum_of_all_pixels", {}, (2, 3), ("float32", "uint8", "uint16"), "noise",
       out="scalar", compare="scalar", bandwidth=True, temp_factor=0.1, extra_sizes=SIZES_BANDWIDTH, uses=("sum_of_all_pixels",)),
    Op("threshold_otsu", "threshold_otsu", {}, (2, 3), ("float32", "uint8"), "blobs", out="uint8",
       compare="otsu", temp_factor=0.1, uses=("threshold_otsu",)),
    Op("connected_component_labeling box", "labeling", {}, (2, 3), ("uint8",), "binary",
       out="uint32", compare="labels", temp_factor=12.0, uses=("labeling",)),
    Op("mean_filter r1", "filter", {"op": "mean_filter", "radius": 1.0}, (2, 3), ("float32",), "noise",
       compare="float", temp_factor=2.0, uses=("mean_filter",)),
    Op("mean_filter r5", "filter", {"op": "mean_filter", "radius": 5.0}, (2, 3), ("float32",), "noise",
       compare="float", temp_factor=2.0, uses=("mean_filter",)),
    Op("maximum_filter r1", "filter", {"op": "maximum_filter", "radius": 1.0}, (2, 3), ("float32",), "noise",
       temp_factor=2.0, uses=("maximum_filter",)),
    Op("maximum_filter r5", "filter", {"op": "maximum_filter", "radius": 5.0}, (2, 3), ("float32",), "noise",
       temp_factor=2.0, uses=("maximum_filter",)),
    Op("median r1", "filter", {"op": "median", "radius": 1.0}, (2, 3), ("float32",), "noise",
       uses=("median",)),
    Op("median r2", "filter", {"op": "median", "radius": 2.0}, (2, 3), ("float32",), "noise",
       uses=("median",)),
    Op("sobel", "sobel", {}, (2, 3), ("float32",), "noise", out="float32", compare="float", uses=("sobel",)),
    Op("top_hat r5", "filter", {"op": "top_hat", "radius": 5.0}, (2, 3), ("float32",), "noise",
       temp_factor=3.0, uses=("top_hat",)),
    # geometry (issue 14): memory-bound, every projection axis and transpose, and a linear affine transform
    *[Op(f"{rule}_{ax}_projection", "unary", {"op": f"{rule}_{ax}_projection"}, (3,), ("float32", "uint8", "uint16"),
         "noise",
         out=f"drop{axis}", compare="exact" if rule == "maximum" else "float", bandwidth=True,
         extra_sizes=SIZES_BANDWIDTH, out_dtype="float32" if rule == "mean" else "",
         uses=(f"{rule}_{ax}_projection",))
      for rule in ("maximum", "mean") for ax, axis in (("x", 2), ("y", 1), ("z", 0))],
    *[Op(f"transpose_{ax}", "unary", {"op": f"transpose_{ax}"}, (3,), ("float32",), "noise",
         out=f"swap{pair}", bandwidth=True, uses=(f"transpose_{ax}",))
      for ax, pair in (("xy", "12"), ("xz", "02"), ("yz", "01"))],
    Op("affine_transform linear", "affine_transform", {}, (3,), ("float32",), "blobs", out="float32",
       compare="affine", temp_factor=1.0, uses=("affine_transform",)),
    # labels (issue 15): per-label statistics, Voronoi-Otsu labeling, label morphology and removal
    Op("statistics_of_labelled_pixels", "statistics", {}, (2, 3), ("float32",), "noise,labels", n_inputs=2,
       out="table", compare="table", temp_factor=1.0, uses=("statistics_of_labelled_pixels",)),
    Op("voronoi_otsu_labeling", "unary", {"op": "voronoi_otsu_labeling", "spot_sigma": 2.0, "outline_sigma": 2.0},
       (2, 3), ("float32",), "blobs", out="uint32", compare="labels_near", temp_factor=8.0,
       uses=("voronoi_otsu_labeling",)),
    Op("dilate_labels r2", "unary", {"op": "dilate_labels", "radius": 2}, (2, 3), ("uint32",), "labels",
       temp_factor=2.0, uses=("dilate_labels",)),
    Op("exclude_small_labels", "unary", {"op": "exclude_small_labels", "maximum_size": 100.0}, (2, 3),
       ("uint32",), "labels", temp_factor=3.0, uses=("exclude_small_labels",)),
    Op("pipeline blur3-otsu-label", "pipeline", {"sigma": 3.0}, (2, 3), ("float32",), "blobs",
       out="labels", compare="pipeline", temp_factor=4.0,
       uses=("gaussian_blur", "threshold_otsu", "labeling"), extra_sizes=SIZES_PIPELINE),
]


def output_spec(op, shape, dtype):
    """Shape and dtype of the op's result (None for scalars and for the pipeline)."""
    if op.out in ("scalar", "labels", "table"):
        return None
    if op.out.startswith("drop"):
        axis = int(op.out[4:])
        return shape[:axis] + shape[axis + 1:], np.dtype(op.out_dtype or dtype)
    if op.out.startswith("swap"):
        i, j = int(op.out[4]), int(op.out[5])
        s = list(shape)
        s[i], s[j] = s[j], s[i]
        return tuple(s), np.dtype(dtype)
    if op.out == "xy":
        return shape[1:], np.dtype(dtype)
    if op.out == "like":
        return shape, np.dtype(dtype)
    return shape, np.dtype(op.out)


def bytes_moved(op, shape, dtype):
    """Least bytes a memory-bound op must read and write (for GB/s)."""
    n = int(np.prod(shape))
    b = np.dtype(dtype).itemsize
    if op.method == "copy":
        return 2 * n * b
    if op.method == "add_images_weighted":
        return 2 * n * b + 4 * n
    if op.method == "maximum_z_projection":
        return n * b + (n // shape[0]) * b
    if op.out.startswith("drop"):
        return n * b + (n // shape[int(op.out[4:])]) * np.dtype(op.out_dtype or dtype).itemsize
    if op.out.startswith("swap"):
        return 2 * n * b
    if op.method in ("sum_of_all_pixels", "mean_of_all_pixels", "standard_deviation_of_all_pixels"):
        return n * b
    if op.method == "add_image_and_scalar":
        return n * b + 4 * n
    if op.method == "multiply_images":
        return 3 * n * b
    if op.method == "greater":
        return 2 * n * b + n
    return None


def device_bytes(op, shape, dtype):
    """Device memory the case needs at its peak, estimated (for skipping what cannot fit)."""
    n = int(np.prod(shape))
    b = np.dtype(dtype).itemsize
    total = op.n_inputs * n * b + op.temp_factor * n * b
    if op.out == "labels":
        total += n * (4 + 1 + 4)  # blurred float, binary, labels
    elif op.out == "table":
        total += n * 4  # the label image beside the intensities
    elif op.out != "scalar":
        oshape, odt = output_spec(op, shape, dtype)
        total += int(np.prod(oshape)) * odt.itemsize
    return int(total)


# ---- data --------------------------------------------------------------------

_cache = {}


def _blobs(shape, rng):
    # smooth random field: coarse noise linearly upsampled, plus a little fine noise;
    # thresholded it gives many objects of ~8 pixels across, like nuclei
    from scipy.ndimage import zoom
    coarse = rng.random(tuple(s // 8 + 2 for s in shape), dtype=np.float32)
    field_ = zoom(coarse, 8, order=1, output=np.float32, grid_mode=False)
    field_ = field_[tuple(slice(0, s) for s in shape)]
    field_ += 0.15 * rng.random(shape, dtype=np.float32)
    field_ /= 1.15
    return field_


def _labels(shape, rng):
    """Objects labelled 1..n (scipy.ndimage.label, full connectivity) in a smooth field above
    0.62: about 48 000 labels on 8192² (no fine noise, objects ~11 pixels apart) and 20 000
    on 512³ (the blobs field), the sizes issue 15's statistics targets name."""
    from scipy.ndimage import label, zoom
    scale, noise = (11, 0.0) if len(shape) == 2 else (8, 0.15)
    coarse = rng.random(tuple(s // scale + 2 for s in shape), dtype=np.float32)
    field_ = zoom(coarse, scale, order=1, output=np.float32, grid_mode=False)
    field_ = field_[tuple(slice(0, s) for s in shape)]
    if noise:
        field_ += noise * rng.random(shape, dtype=np.float32)
        field_ /= 1 + noise
    lab = np.empty(shape, np.uint32)
    label(field_ > 0.62, structure=np.ones((3,) * len(shape), bool), output=lab)
    return lab


def make_inputs(op, shape, dtype, seed=1):
    """The op's input arrays (numpy), cached per (data, shape, dtype, index). op.data names
    the kind of data, one per input where it holds commas ("noise,labels"); label images
    are uint32 whatever the case's dtype."""
    out = []
    kinds = op.data.split(",")
    for i in range(op.n_inputs):
        kind = kinds[min(i, len(kinds) - 1)]
        key = (kind, shape, dtype, i)
        if key not in _cache:
            rng = np.random.default_rng(seed + i)
            if kind == "labels":
                a = _labels(shape, rng)
            elif kind == "noise":
                a = (rng.random(shape, dtype=np.float32) if dtype == "float32"
                     else rng.integers(0, 65536, shape, dtype=np.uint16) if dtype == "uint16"
                     else rng.integers(0, 256, shape, dtype=np.uint8))
            else:
                f = _blobs(shape, rng)
                if kind == "binary":
                    a = (f > 0.62).astype(np.uint8)
                elif dtype == "float32":
                    a = f
                else:
                    a = (f * 255).astype(np.uint8)
            _cache[key] = np.ascontiguousarray(a if kind == "labels" else a.astype(dtype, copy=False))
        out.append(_cache[key])
    return out


def forget_inputs():
    _cache.clear()


# ---- comparisons -------------------------------------------------------------

def same_labels(a, b):
    """True if a and b label the same objects: same background, and the map between
    their label values is one-to-one both ways. O(n), no sorting."""
    a = a.ravel().astype(np.int64)
    b = b.ravel().astype(np.int64)
    if not np.array_equal(a == 0, b == 0):
        return False, f"foreground differs at {int(np.count_nonzero((a == 0) != (b == 0)))} pixels"
    if a.size and (a.min() < 0 or b.min() < 0):
        return False, "negative labels"
    # a -> b is a function iff writing b at a's labels and reading back gives b everywhere
    for x, y, what in ((a, b, "first"), (b, a, "second")):
        m = np.zeros(int(x.max(initial=0)) + 1, np.int64)
        m[x] = y
        bad = np.count_nonzero(m[x] != y)
        if bad:
            return False, f"{bad} pixels of one {what}-side label map to several labels"
    return True, f"same objects up to numbering (max labels {int(a.max(initial=0))}, {int(b.max(initial=0))})"


def _float(x, y, rtol):
    x = np.asarray(x, np.float64)
    y = np.asarray(y, np.float64)
    scale = max(1.0, float(np.max(np.abs(y)))) if y.size else 1.0
    err = float(np.max(np.abs(x - y))) if x.size else 0.0
    return err <= rtol * scale, f"max abs diff {err:.3g} (allowed {rtol * scale:.3g})"


def _otsu(x, y, src):
    """Binary results of two Otsu implementations agree up to one histogram bin:
    if their thresholds differ, the pixels that differ are exactly those between
    the two thresholds, so they all lie on one side and within one bin width
    (range/256) of each other."""
    x = np.asarray(x).astype(bool)
    y = np.asarray(y).astype(bool)
    only_x, only_y = x & ~y, ~x & y
    n = int(np.count_nonzero(only_x)) + int(np.count_nonzero(only_y))
    if n == 0:
        return True, "identical"
    if np.any(only_x) and np.any(only_y):
        return False, f"{n} pixels differ both ways: not two thresholds of the same image"
    vals = src[only_x if np.any(only_x) else only_y]
    binw = (float(src.max()) - float(src.min())) / 256.0
    width = float(vals.max()) - float(vals.min())
    ok = width <= binw * 1.0001
    return ok, (f"{n} pixels differ, values within {width:.6g} of each other "
                f"(one bin = {binw:.6g})")


def compare(op, x, y, inputs, aux=None):
    """(ok, detail) for results x and y of the same case from two peers."""
    if op.compare == "exact":
        x, y = np.asarray(x), np.asarray(y)
        if x.shape != y.shape:
            return False, f"shapes differ {x.shape} vs {y.shape}"
        n = int(np.count_nonzero(x != y))
        return n == 0, "identical" if n == 0 else f"{n} elements differ"
    if op.compare == "float":
        if np.shape(x) != np.shape(y):
            return False, f"shapes differ {np.shape(x)} vs {np.shape(y)}"
        # results of filters differ by float rounding of separable passes only
        return _float(x, y, 1e-4)
    if op.compare == "scalar":
        # float32 partial sums in different orders: relative agreement 1e-4
        ok = abs(x - y) <= 1e-4 * max(1.0, abs(y))
        return ok, f"{x!r} vs {y!r}"
    if op.compare == "otsu":
        return _otsu(x, y, inputs[0])
    if op.compare == "labels":
        return same_labels(x, y)
    if op.compare == "pipeline":
        return _pipeline(x, y, aux)
    if op.compare == "labels_near":
        return _labels_near(x, y)
    if op.compare == "affine":
        return _affine(x, y, inputs[0])
    if op.compare == "table":
        return _table(x, y)
    raise ValueError(op.compare)


def _labels_near(x, y):
    """Labels of a float pipeline (blur, threshold, seeds, Voronoi growth): the same objects up to
    numbering, or, where float rounding moves a threshold pixel, a seed or a tie between two
    growing labels, the same foreground within 0.1 % and each label's pixels mapping to one label
    of the other image (both ways) for all but 0.1 % of the foreground."""
    ok, detail = same_labels(x, y)
    if ok:
        return ok, detail
    x, y = np.asarray(x).ravel().astype(np.int64), np.asarray(y).ravel().astype(np.int64)
    fg = (x != 0) & (y != 0)
    frac = float(np.count_nonzero((x == 0) != (y == 0))) / x.size
    if frac > 1e-3:
        return False, f"{detail} (foreground differs at {frac:.3%} of pixels)"
    a, b = x[fg], y[fg]
    worst = 0.0
    for p, q in ((a, b), (b, a)):
        base = int(q.max(initial=0)) + 1
        pairs, counts = np.unique(p * base + q, return_counts=True)
        major = np.zeros(int(p.max(initial=0)) + 1, np.int64)
        np.maximum.at(major, pairs // base, counts)
        worst = max(worst, 1 - major.sum() / max(1, p.size))
    return worst <= 1e-3, (f"not identical ({detail}); foreground differs at {frac:.4%} of pixels, "
                           f"{worst:.4%} of foreground pixels outside their label's main match")


def affine_matrix(shape):
    """The benchmarked transform: a 15° turn in the xy plane about the image's center, scaled by
    0.95 (4 x 4, row-major, on (x, y, z, 1) in pixel units: cesperanto's and pyclesperanto's)."""
    t = np.deg2rad(15.0)
    c = [s / 2.0 for s in reversed(shape)] + [0.0] * (3 - len(shape))  # x, y, z
    m = np.eye(4)
    m[:2, :2] = 0.95 * np.array([[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]])
    m[:3, 3] = np.array(c) - m[:3, :3] @ np.array(c)
    return m


def affine_scipy(shape):
    """(matrix, offset) of scipy's/CuPy's affine_transform (output -> input, numpy axis order) that
    does what affine_matrix does, with clij's pixel centers at integer + 0.5."""
    inv = np.linalg.inv(affine_matrix(shape))
    rev = np.eye(3)[::-1]
    linear = rev @ inv[:3, :3] @ rev
    offset = rev @ inv[:3, 3] + linear @ np.full(3, 0.5) - 0.5
    return linear, offset


def _affine(x, y, src):
    """Linear interpolation by two libraries: pixels whose source lies at least one pixel inside
    the image agree within 5e-3 of the data's range (pyclesperanto samples through the GPU's
    texture units, whose weights have 8 fractional bits)."""
    x, y = np.asarray(x, np.float64), np.asarray(y, np.float64)
    if x.shape != y.shape:
        return False, f"shapes differ {x.shape} vs {y.shape}"
    linear, offset = affine_scipy(src.shape)
    grid = np.indices(src.shape, dtype=np.float32).reshape(3, -1)
    source = (linear.astype(np.float32) @ grid + offset[:, None].astype(np.float32)).reshape((3,) + src.shape)
    inside = np.ones(src.shape, bool)
    for k, n in enumerate(src.shape):
        inside &= (source[k] >= 1) & (source[k] <= n - 2)
    rng_ = float(src.max() - src.min()) or 1.0
    err = float(np.max(np.abs(x[inside] - y[inside]))) if inside.any() else 0.0
    return err <= 5e-3 * rng_, f"max abs diff {err:.3g} inside ({inside.mean():.0%} of pixels; allowed {5e-3 * rng_:.3g})"


def _table(x, y):
    """Per-label tables (dicts of columns): every column both have agrees within 1e-3 relative to
    the column's largest magnitude (float32 sums in different orders), labels one row each. The
    max / mean distance ratios are 0 / 0 for a label whose pixels all lie at its center, so NaN or
    inf by rounding: rows where one table has a finite ratio and the other not are left out of the
    ratio columns and reported with an example (the distances themselves are compared)."""
    common = [k for k in x if k in y]
    if not common:
        return False, "no common columns"
    worst, where, notes = 0.0, "", []
    for k in common:
        a, b = np.asarray(x[k], np.float64), np.asarray(y[k], np.float64)
        if a.shape != b.shape:
            return False, f"column {k}: {a.shape[0] if a.ndim else 1} vs {b.shape[0] if b.ndim else 1} rows"
        fin = np.isfinite(a) & np.isfinite(b)
        odd = np.isfinite(a) != np.isfinite(b)
        if k.endswith("_ratio"):  # 0 / 0 up to rounding where a mean distance is ~0 (a label of ~1 pixel)
            mean_k = "mean_distance_to_" + k[len("mean_max_distance_to_"):-len("_ratio")]
            if mean_k in x and mean_k in y:
                odd |= (np.asarray(x[mean_k]) < 1e-3) | (np.asarray(y[mean_k]) < 1e-3)
                fin &= ~odd
        if np.any(odd) and k.endswith("_ratio"):
            r = int(np.nonzero(odd)[0][0])
            mean_k = "mean_distance_to_" + k[len("mean_max_distance_to_"):-len("_ratio")]
            max_k = mean_k.replace("mean_", "max_", 1)
            ex = ", ".join(f"{c} {float(np.asarray(x[c])[r]):.6g} / {float(np.asarray(y[c])[r]):.6g}"
                           for c in ("label", "area", mean_k, max_k, k) if c in x and c in y)
            notes.append(f"{k}: {int(np.count_nonzero(odd))} rows 0/0 or finite in one table only (e.g. {ex})")
        elif np.any(odd):
            return False, f"column {k}: NaN/inf in different rows"
        scale = max(1.0, float(np.max(np.abs(b[fin]), initial=0)))
        e = float(np.max(np.abs(a[fin] - b[fin]), initial=0)) / scale
        if e > worst:
            worst, where = e, k
    n = len(np.asarray(x[common[0]]))
    return worst <= 1e-3, (f"{len(common)} columns, {n} rows, worst relative diff {worst:.2g} ({where or '-'})"
                           + "".join("; " + n for n in notes))


def _pipeline(x, y, aux):
    """Labels of blur -> Otsu -> labeling. Exact up to numbering, except that float
    rounding in the blur, or Otsu bins, may flip pixels lying at the threshold: then
    the masks may differ only at pixels whose blurred value is within one histogram
    bin of the threshold,
    and each result's labels must be the labeling of its own mask (checked with
    scipy.ndimage.label)."""
    ok, detail = same_labels(x, y)
    if ok:
        return ok, detail
    blurred, threshold = aux()  # CPU blur and skimage's Otsu threshold, made on demand
    mx, my = np.asarray(x) > 0, np.asarray(y) > 0
    diff = mx != my
    # Otsu implementations may pick neighbouring bins (see _otsu)
    binw = (float(blurred.max()) - float(blurred.min())) / 256.0
    near = np.abs(blurred - threshold) <= binw * 1.0001
    if np.any(diff & ~near):
        return False, f"{detail}; {int(np.count_nonzero(diff & ~near))} differing pixels are not at the threshold"
    from scipy.ndimage import label
    st = np.ones((3,) * mx.ndim, bool)
    for m, lab in ((mx, x), (my, y)):
        ok2, d2 = same_labels(label(m, structure=st)[0], lab)
        if not ok2:
            return False, f"labels are not the labeling of their own mask: {d2}"
    return True, f"{int(np.count_nonzero(diff))} pixels at the threshold differ; each labeling exact"
