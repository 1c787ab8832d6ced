"""product_of_all_pixels over many work-groups, on the CPU and GPU layouts of
kernels/reduce_all.cl (CLE_REDUCE_PATH): pixels of 1, 2 and 1/2 (and 1, 2, 3 for
integer images) whose products are exact in double in any order, so each result
must equal numpy.prod in float64 exactly -- the spec's random fills give 0 on
images this large. Also variance_of_all_pixels against numpy.var on the same
images."""

import os

import numpy as np
import pytest

import cesperanto as cle

# 2.1 Mi pixels: 64 chunks on a CPU device, the host-combined and the device-combined
# (reduce_all_final) partials on the GPU layout; 70001: one chunk and a tail
SHAPES = [(65, 129, 257), (70001,), (3, 5, 7)]


def on_layout(path, fn):
    before = os.environ.get("CLE_REDUCE_PATH")
    os.environ["CLE_REDUCE_PATH"] = path
    try:
        return fn()
    finally:
        if before is None:
            del os.environ["CLE_REDUCE_PATH"]
        else:
            os.environ["CLE_REDUCE_PATH"] = before


def image(shape, dtype, seed):
    rng = np.random.default_rng(seed)
    n = int(np.prod(shape))
    if dtype == np.float32:
        values = np.ones(n, np.float32)
        at = rng.choice(n, size=min(n, 1200), replace=False)
        twos = len(at) // 2 + 3  # three factors of 2 more than of 1/2: the product is 8
        values[at[:twos]] = 2
        values[at[twos:]] = 0.5
    else:
        values = np.ones(n, dtype)
        at = rng.choice(n, size=min(n, 30), replace=False)
        values[at[:20]] = 2
        values[at[20:]] = 3
    return values.reshape(shape)


@pytest.mark.parametrize("path", ["cpu", "gpu"])
@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("dtype", [np.float32, np.uint8, np.int16])
def test_product_exact(path, shape, dtype):
    a = image(shape, dtype, sum(shape))
    want = float(np.prod(a.astype(np.float64)))
    assert want != 1 and want != 0
    got = on_layout(path, lambda: cle.product_of_all_pixels(cle.push(a)))
    assert got == want


@pytest.mark.parametrize("path", ["cpu", "gpu"])
def test_product_zero_nan_inf(path):
    a = np.ones((65, 129, 257), np.float32)
    a[40, 100, 200] = 0
    assert on_layout(path, lambda: cle.product_of_all_pixels(cle.push(a))) == 0
    a[3, 4, 5] = np.inf
    assert np.isnan(on_layout(path, lambda: cle.product_of_all_pixels(cle.push(a))))
    a[40, 100, 200] = -2
    assert on_layout(path, lambda: cle.product_of_all_pixels(cle.push(a))) == -np.inf


@pytest.mark.parametrize("path", ["cpu", "gpu"])
@pytest.mark.parametrize("ddof", [0, 1])
def test_variance_many_groups(path, ddof):
    a = np.random.default_rng(5).random((65, 129, 257), dtype=np.float32)
    want = float(np.var(a.astype(np.float64), ddof=ddof))
    got = on_layout(path, lambda: cle.variance_of_all_pixels(cle.push(a), ddof=ddof))
    assert abs(got - want) <= 1e-8
