"""Every op's spec footprint (the halo tiling will trust) is at least what
the op reads: the op on a crop equals the crop of the op on the whole image,
away from the crop's border by exactly the footprint. Runs each op with one
or more same-shape image inputs and an output of the input's shape, at its
default params, on float32 data. Ops whose result depends on the pixel's
position (ops.json `uses_position`: a rule of x, y, z, ...) are left out:
a tile of them needs its origin, which the footprint does not describe.
The footprint is evaluated by cesperanto._footprint, as cesperanto.dask does."""

import numpy as np
import pytest

import cesperanto as cle
from cesperanto._footprint import halo

SHAPE = (11, 27, 33)  # z, y, x
OFFSET = 4  # the crop starts this far in on each side...
MARGIN = 3  # ...and ends this far before the end


def candidates(ops):
    for op in ops:
        out = op["output"]
        if (op["uses_position"] or op["footprint"] == "global" or "global" in op["footprint"] or out["kind"] != "array"
                or out["rule"] not in ("like", "binary") or not op["inputs"]
                or any("float32" not in i["dtypes"] for i in op["inputs"])
                or any(p["default"] is None for p in op["params"])):
            continue
        yield op


def test_the_filters_are_candidates(ops_json):
    names = {op["name"] for op in candidates(ops_json)}
    assert {"median", "sobel", "gaussian_blur", "top_hat", "detect_maxima", "add_images"} <= names


def test_position_dependent_ops_say_so(ops_json):
    flagged = {op["name"] for op in ops_json if op["uses_position"]}
    assert {"multiply_image_and_position", "set_nonzero_pixels_to_pixelindex", "set_ramp_x"} <= flagged
    assert not flagged & {"median", "add_images", "gaussian_blur"}


def test_crop_of_the_op_is_the_op_of_the_crop(ops_json):
    rng = np.random.default_rng(5)
    wrong = []
    for op in candidates(ops_json):
        params = {p["name"]: p["default"] for p in op["params"]}
        h = halo(op["footprint"], params)  # z, y, x
        if any(2 * h[k] >= SHAPE[k] - OFFSET - MARGIN for k in range(3)):
            continue  # the crop would have no inside
        inputs = [rng.random(SHAPE, dtype=np.float32) for _ in op["inputs"]]
        fn = getattr(cle, op["name"])
        try:
            whole = cle.pull(fn(*inputs))
        except cle.InvalidArgumentError:
            continue  # refuses fractional pixels (labels)
        crop = tuple(slice(OFFSET, SHAPE[k] - MARGIN) for k in range(3))
        part = cle.pull(fn(*[np.ascontiguousarray(a[crop]) for a in inputs]))
        inside = tuple(slice(h[k], part.shape[k] - h[k]) for k in range(3))
        want = whole[crop][inside]
        if not np.array_equal(part[inside], want, equal_nan=True):
            wrong.append("%s (footprint %s)" % (op["name"], op["footprint"]))
    assert not wrong, "reads beyond its footprint: " + ", ".join(wrong)
