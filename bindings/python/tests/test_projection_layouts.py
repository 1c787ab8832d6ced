"""Projections on the GPU layouts that move 8- and 16-bit pixels in 32-bit words
(runtime/families/projection.c): along x, projection_rows_packed for lines a
multiple of 4 bytes long (with a tail chunk, and lines that do not qualify);
along y and z, projection_columns with 4 output pixels per work item where the
plane is a multiple of 4 and there are enough items for the device. Each result
equals numpy's (exactly for extremes, positions and integer sums) and is bit for
bit the CPU layout's (CLE_REDUCE_PATH), which folds every line in the same order.

8-bit sums, means, maximums and minimums along x take projection_split (several work
items per line, any order: exact, see kernels/projection.cl) where the line is short
enough for float32 to hold every partial sum exactly; they too must give the CPU
layout's bits, and a longer line must fall back to the in-order fold."""

import os
import subprocess
import sys

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


# (dtype, width, (depth, height), rules): every vector width (16, 8, 1 pixels), lines of one
# vector or less (1, 15, 16, 17 pixels) up to 4099, line counts that fill the work-groups (512:
# a multiple of every group's lines) and that do not (21, 1)
SPLIT_CASES = [
    (np.uint8, 1, (3, 7), ("sum", "maximum")),
    (np.uint8, 15, (3, 7), ("sum", "maximum")),
    (np.uint8, 16, (2, 256), ("sum", "maximum")),
    (np.uint8, 17, (3, 7), ("sum", "mean", "maximum", "minimum")),
    (np.uint8, 1000, (3, 7), ("sum", "maximum")),
    (np.uint8, 1024, (2, 256), ("sum", "mean", "maximum", "minimum")),
    (np.uint8, 1024, (1, 1), ("sum", "maximum")),
    (np.uint8, 4099, (3, 7), ("sum", "maximum")),
    (np.int8, 1000, (3, 7), ("sum", "maximum", "minimum")),
]


@pytest.mark.parametrize("dtype,width,lines,rules", SPLIT_CASES,
                         ids=[f"{c[0].__name__}-{c[1]}x{c[2][0] * c[2][1]}" for c in SPLIT_CASES])
def test_8bit_sums_and_extremes_along_x_on_the_split_layout(dtype, width, lines, rules):
    rng = np.random.default_rng(width)
    info = np.iinfo(dtype)
    a = rng.integers(info.min, info.max, size=(*lines, width), endpoint=True).astype(dtype)
    d = a.astype(np.float64)
    for rule in rules:
        op = getattr(cle, f"{rule}_x_projection")
        gpu = on_layout("gpu", lambda: op(a))
        cpu = on_layout("cpu", lambda: op(a))
        what = f"{rule} {dtype.__name__} {a.shape}"
        assert gpu.tobytes() == cpu.tobytes(), f"{what}: layouts differ"
        if rule == "mean":
            np.testing.assert_allclose(gpu, d.mean(axis=-1), rtol=1e-6, err_msg=what)
        else:
            ref = {"sum": d.sum(axis=-1), "maximum": a.max(axis=-1), "minimum": a.min(axis=-1)}[rule]
            np.testing.assert_array_equal(gpu, ref.astype(gpu.dtype), what)


def test_8bit_lines_too_long_for_exact_sums_fold_in_order():
    # 70000 pixels of 255: the sum passes 2^24, where float32 rounds; the in-order fold's
    # rounding (numpy's sequential float32 accumulation) is the result on both layouts
    for dtype, rules in ((np.uint8, ("sum", "mean", "maximum")), (np.int8, ("sum",))):
        a = np.full((2, 70000), np.iinfo(dtype).max, dtype)
        a[1, 5] = np.iinfo(dtype).min
        in_order = np.add.accumulate(a.astype(np.float32), axis=-1)[:, -1]
        for rule in rules:
            ref = {"sum": in_order, "mean": in_order / np.float32(70000), "maximum": a.max(axis=-1)}[rule]
            op = getattr(cle, f"{rule}_x_projection")
            gpu = on_layout("gpu", lambda: op(a))
            cpu = on_layout("cpu", lambda: op(a))
            assert gpu.tobytes() == cpu.tobytes(), f"{rule} {dtype.__name__}: layouts differ"
            if rule == "mean":
                np.testing.assert_allclose(gpu, ref, rtol=1e-6)
            else:
                np.testing.assert_array_equal(gpu, ref.astype(gpu.dtype), f"{rule} {dtype.__name__}")
        if dtype == np.uint8:
            assert in_order[0] != 70000 * 255  # the sum did round: an exact (split) sum would differ


def test_the_split_layout_is_taken_only_where_exact():
    # the kernels each call ran (CLE_PROFILE): split for 8-bit sums and extremes along x (the
    # maximum of any length), the in-order layouts for a sum past 65793 pixels, 16 bits, std
    code = """
import numpy as np, cesperanto as cle
cle.sum_x_projection(np.ones((4, 1024), np.uint8))
cle.maximum_x_projection(np.ones((2, 70000), np.int8))
cle.sum_x_projection(np.ones((2, 70000), np.uint8))
cle.sum_x_projection(np.ones((4, 1024), np.uint16))
cle.std_x_projection(np.ones((4, 1024), np.uint8))
cle.x_position_of_maximum_x_projection(np.ones((4, 1024), np.uint8))
"""
    env = dict(os.environ, CLE_PROFILE="1", CLE_REDUCE_PATH="gpu")
    err = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stderr
    calls = {line.split()[0]: int(line.split()[1]) for line in err.splitlines() if line.startswith("  projection:")}
    assert calls.get("projection:projection_split") == 2, err
    assert calls.get("projection:projection_rows_packed") == 4, err
