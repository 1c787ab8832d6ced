"""Projections on the GPU layouts that move 8- and 16-bit pixels in 32-bit words
(runtime/families/projection.c): along x, projection_rows_packed for lines a
multiple of 4 bytes long (with a tail chunk, and lines that do not qualify);
along y and z, projection_columns with 4 output pixels per work item where the
plane is a multiple of 4 and there are enough items for the device. Each result
equals numpy's (exactly for extremes, positions and integer sums) and is bit for
bit the CPU layout's (CLE_REDUCE_PATH), which folds every line in the same order."""

import os

import numpy as np
import pytest

import cesperanto as cle

RULES = ("maximum", "minimum", "sum", "mean", "std")
# (shape z, y, x): x lines of 128 and 200 pixels (64-pixel chunks and a tail), 66 (uint8: not a
# multiple of 4 bytes), planes of 128 x 96 and rows of 1024 (enough items for 4 lanes on a CPU device)
SHAPES = [(3, 40, 128), (2, 17, 200), (2, 30, 66), (5, 96, 128), (16, 7, 1024), (3, 5, 7)]
AXES = {"x": 2, "y": 1, "z": 0}


def on_layout(path, fn):
    before = os.environ.get("CLE_REDUCE_PATH")
    os.environ["CLE_REDUCE_PATH"] = path
    try:
        return np.asarray(cle.pull(fn()))
    finally:
        if before is None:
            del os.environ["CLE_REDUCE_PATH"]
        else:
            os.environ["CLE_REDUCE_PATH"] = before


def reference(rule, a, axis):
    d = a.astype(np.float64)
    return {"maximum": a.max(axis=axis), "minimum": a.min(axis=axis), "sum": d.sum(axis=axis),
            "mean": d.mean(axis=axis), "std": d.std(axis=axis)}[rule]


@pytest.mark.parametrize("dtype", [np.uint8, np.uint16, np.int16])
@pytest.mark.parametrize("shape", SHAPES)
def test_projections_on_both_layouts(dtype, shape):
    rng = np.random.default_rng(sum(shape))
    info = np.iinfo(dtype) if np.issubdtype(dtype, np.integer) else None
    a = (rng.integers(info.min, info.max, size=shape, endpoint=True) if info else
         rng.normal(0, 100, size=shape)).astype(dtype)
    a[0, 0, 0] = a.max()  # ties: the first position must win
    for name, axis in AXES.items():
        for rule in RULES:
            op = getattr(cle, f"{rule}_{name}_projection")
            gpu = on_layout("gpu", lambda: op(a))
            cpu = on_layout("cpu", lambda: op(a))
            assert gpu.tobytes() == cpu.tobytes(), f"{rule} {name} {dtype.__name__} {shape}: layouts differ"
            ref = reference(rule, a, axis)
            if rule in ("maximum", "minimum") or (rule == "sum" and info and a.shape[axis] * 2**16 < 2**24):
                np.testing.assert_array_equal(gpu, ref.astype(gpu.dtype), f"{rule} {name} {dtype.__name__} {shape}")
            else:
                np.testing.assert_allclose(gpu, ref, rtol=2e-5, atol=1e-3, err_msg=f"{rule} {name} {shape}")
        for extreme, ref_fn in (("maximum", np.argmax), ("minimum", np.argmin)):
            op = getattr(cle, f"{name}_position_of_{extreme}_{name}_projection")
            gpu = on_layout("gpu", lambda: op(a))
            cpu = on_layout("cpu", lambda: op(a))
            assert gpu.tobytes() == cpu.tobytes(), f"{name} position of {extreme}: layouts differ"
            np.testing.assert_array_equal(gpu, ref_fn(a, axis=axis), f"{name} position of {extreme} {shape}")
