"""Transposes and x projections on the GPU layout on any device (CLE_REDUCE_PATH=gpu; the spec tests run both
layouts): its tiles, row copies and local-memory line chunks must give numpy's pixels, bit for bit, at sizes
that are not multiples of a tile, with axes of size 1, and in 1D and 2D; the x projections the same bits as
the CPU layout's."""

import numpy as np
import pytest

import cesperanto as cle

PATHS = ("cpu", "gpu")
# numpy shapes: odd sizes, one tile and a bit (tiles are 32 or 64 pixels), axes of size 1, 1D and 2D
SHAPES = [(1,), (300,), (1, 1), (1, 130), (130, 1), (70, 133), (1, 1, 1), (5, 17, 33), (1, 3, 1000), (1000, 3, 1),
          (3, 70, 1), (70, 1, 3), (1, 70, 66), (66, 70, 1), (3, 65, 67), (2, 64, 64)]
TRANSPOSES = {"transpose_xy": (-1, -2), "transpose_xz": (0, 2), "transpose_yz": (0, 1)}


def random_image(shape, dtype, seed=0):
    rng = np.random.default_rng(seed)
    if dtype == "float32":
        return rng.standard_normal(shape).astype(np.float32)
    info = np.iinfo(dtype)
    return rng.integers(info.min, info.max, size=shape, endpoint=True, dtype=dtype)


def numpy_transpose(a, op):
    i, j = TRANSPOSES[op]
    if op != "transpose_xy":  # the result gains axes up to 3D, as pyclesperanto's
        a = a.reshape((1,) * (3 - a.ndim) + a.shape)
    elif a.ndim == 1:
        a = a.reshape(1, -1)
    return np.swapaxes(a, i, j)


@pytest.mark.parametrize("op", sorted(TRANSPOSES))
def test_transposes_match_numpy(monkeypatch, op):
    monkeypatch.setenv("CLE_REDUCE_PATH", "gpu")
    for shape in SHAPES:
        for dtype in ("uint8", "int16", "float32") if shape == (5, 17, 33) else ("float32",):
            a = random_image(shape, dtype)
            got = cle.pull(getattr(cle, op)(a))
            want = numpy_transpose(a, op)
            assert got.dtype == a.dtype
            np.testing.assert_array_equal(got.reshape(want.shape), want, err_msg=f"{op} {shape} {dtype}")


def test_transposes_into_another_dtype(monkeypatch):
    """An output of another dtype takes every pixel with clij's saturation (float to integer toward zero)."""
    monkeypatch.setenv("CLE_REDUCE_PATH", "gpu")
    a = (random_image((3, 40, 70), "float32") * 200).astype(np.float32)
    for op in sorted(TRANSPOSES):
        want = numpy_transpose(a, op)
        out = cle.create(want.shape, dtype="int8")
        getattr(cle, op)(a, out)
        np.testing.assert_array_equal(cle.pull(out), np.clip(np.trunc(want), -128, 127).astype(np.int8))
        out = cle.create(want.shape, dtype="float32")
        getattr(cle, op)(np.abs(a).astype(np.uint16), out)
        np.testing.assert_array_equal(cle.pull(out), np.abs(want).astype(np.uint16).astype(np.float32))


# lines of 63 and 64 pixels (the GPU layout's chunk), and more line blocks than the persistent grid has groups
X_SHAPES = [(1,), (15,), (16,), (1, 64), (70, 133), (1, 1, 1), (5, 17, 33), (1, 3, 1000), (1000, 3, 1), (3, 65, 67),
            (2, 130, 64), (2, 70, 63), (2, 70, 65), (3, 1000, 71)]


@pytest.mark.parametrize("dtype", ("uint8", "float32"))
def test_x_projections_match_numpy_on_both_layouts(monkeypatch, dtype):
    """The spec tests run every x projection on both layouts; these add odd and degenerate shapes."""
    ops = ("maximum", "x_position_of_maximum") + (("mean",) if dtype == "float32" else ())
    for shape in X_SHAPES:
        a = random_image(shape, dtype, seed=len(shape))
        if dtype == "uint8":
            a[..., 1::3] = a.max()  # ties: the position projection takes the first
        results = {}
        for path in PATHS:
            monkeypatch.setenv("CLE_REDUCE_PATH", path)
            results[path] = {op: cle.pull(getattr(cle, op + "_x_projection")(a)).ravel() for op in ops}
        for op, got in results["gpu"].items():  # one fold order on both layouts: the same bits
            np.testing.assert_array_equal(got, results["cpu"][op], err_msg=f"{op} {shape} {dtype}")
        got = results["gpu"]
        np.testing.assert_array_equal(got["maximum"], a.max(axis=-1).ravel())
        np.testing.assert_array_equal(got["x_position_of_maximum"], a.argmax(axis=-1).ravel())
        if "mean" in got:  # the float32 sum from index 0 upwards (numpy's sum is pairwise), over the length
            total = np.add.accumulate(a, axis=-1, dtype=np.float32)[..., -1].ravel()
            np.testing.assert_array_equal(got["mean"], total / np.float32(a.shape[-1]))
