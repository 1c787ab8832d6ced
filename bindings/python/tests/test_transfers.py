"""Pinned host arrays (cle.pinned_empty) and pulls into a given ndarray (cle.pull(a, out=...)):
the same pixels as the plain path for every dtype and odd sizes, clear errors for bad arguments."""
import gc

import numpy as np
import pytest

import cesperanto as cle

DTYPES = ["int8", "uint8", "int16", "uint16", "int32", "uint32", "float32"]
SHAPES = [(7,), (5, 13), (3, 7, 11), (2, 1000, 1031)]  # the last is above the 2 MiB staging chunk


def random(shape, dtype, seed=0):
    rng = np.random.default_rng(seed)
    if dtype == "float32":
        return rng.standard_normal(shape).astype(np.float32)
    info = np.iinfo(dtype)
    return rng.integers(info.min, info.max, size=shape, endpoint=True).astype(dtype)


@pytest.mark.parametrize("dtype", DTYPES)
def test_pinned_round_trip_is_bit_identical(dtype):
    for shape in SHAPES:
        data = random(shape, dtype)
        host = cle.pinned_empty(shape, dtype)
        assert host.shape == shape and host.dtype == np.dtype(dtype) and host.flags.c_contiguous
        host[...] = data
        gpu = cle.push(host)
        np.testing.assert_array_equal(cle.pull(gpu), data)
        back = cle.pinned_empty(shape, dtype)
        assert cle.pull(gpu, out=back) is back
        np.testing.assert_array_equal(back, data)
        plain = np.empty(shape, dtype)  # an ordinary ndarray as out
        np.testing.assert_array_equal(cle.pull(gpu, out=plain), data)


def test_pinned_memory_is_freed_with_its_last_view():
    host = cle.pinned_empty((64, 64), np.uint16)
    view = host[10:20]
    del host
    gc.collect()
    view[...] = 7  # still valid: the view keeps the memory
    np.testing.assert_array_equal(cle.pull(cle.push(view)), np.full((10, 64), 7, np.uint16))
    del view
    gc.collect()
    for _ in range(200):  # 200 x 4 MiB: freed each round, or the process would hold 800 MiB pinned
        block = cle.pinned_empty(1 << 20, np.float32)
        block[0] = 1
        del block


def test_pinned_empty_refuses_bad_arguments():
    cases = [((0, 3), np.float32, "shape must have sizes >= 1"), ((), np.float32, "shape must have sizes >= 1"),
             ("abc", np.float32, "shape must be an int or a tuple of ints"),
             (3.0, np.float32, "shape must be an int or a tuple of ints"),
             ((3,), np.float64, "dtype must be one of int8, uint8, int16, uint16, int32, uint32, float32, got float64"),
             ((3,), "nonsense", "not a dtype")]
    for shape, dtype, words in cases:
        with pytest.raises(cle.InvalidArgumentError, match="pinned_empty: " + words.replace("(", r"\(")):
            cle.pinned_empty(shape, dtype)


def test_pull_into_refuses_what_does_not_fit():
    gpu = cle.push(np.arange(12, dtype=np.float32).reshape(3, 4))
    cases = [(np.empty((4, 3), np.float32), r"pull: out shape \(4, 3\), expected \(3, 4\)"),
             (np.empty((3, 4), np.int32), "pull: out dtype int32, expected float32"),
             (np.empty((4, 3), np.float32).T, "pull: out is not C-contiguous"),
             (np.empty((3, 4), np.float32)[::1].view(), None),
             ([0] * 12, "pull: out must be a numpy.ndarray, got list")]
    readonly = np.empty((3, 4), np.float32)
    readonly.flags.writeable = False
    cases.append((readonly, "pull: out is read-only"))
    for out, words in cases:
        if words is None:
            np.testing.assert_array_equal(cle.pull(gpu, out=out), np.arange(12).reshape(3, 4))
            continue
        with pytest.raises(cle.InvalidArgumentError, match=words):
            cle.pull(gpu, out=out)
