"""kuwahara_filter (spec/ops/kuwahara_filter.yaml) against the formula written
here in float64 numpy: a window reaching 2 radius + 1 pixels (pyclesperanto
0.25.1's), Gaussian-weighted quadrant (octant) means and variances blended by
inverse variance; edges repeat."""

import numpy as np
import pytest

import cesperanto as cle


def kuwahara(image, radius, sigma):
    a = np.asarray(image, np.float64)
    a3 = a.reshape((1,) * (3 - a.ndim) + a.shape)
    d, h, w = a3.shape
    r = 2 * radius + 1
    rz = r if d > 1 else 0
    regions = 8 if d > 1 else 4
    zz, yy, xx = np.meshgrid(np.arange(d), np.arange(h), np.arange(w), indexing="ij")
    s = np.zeros((regions,) + a3.shape)
    s2, ws = np.zeros_like(s), np.zeros_like(s)
    for dz in range(-rz, rz + 1):
        for dy in range(-r, r + 1):
            for dx in range(-r, r + 1):
                v = a3[np.clip(zz + dz, 0, d - 1), np.clip(yy + dy, 0, h - 1), np.clip(xx + dx, 0, w - 1)]
                wt = np.exp(-(dx * dx + dy * dy + dz * dz) / (2.0 * sigma * sigma))
                for q in range(regions):
                    if (dx >= 0 if q & 1 else dx <= 0) and (dy >= 0 if q & 2 else dy <= 0) and \
                            (dz >= 0 if q & 4 else dz <= 0):
                        s[q] += wt * v
                        s2[q] += wt * v * v
                        ws[q] += wt
    mean = s / ws
    inv = 1.0 / (np.maximum(0.0, s2 / ws - mean * mean) + 1e-6)
    return (mean * inv / inv.sum(0)).sum(0).reshape(a.shape)


@pytest.mark.parametrize("shape,radius,sigma", [((17, 19), 1, 1.0), ((5, 7, 9), 0, 1.5), ((23,), 2, 0.8)])
def test_kuwahara_is_the_formula(shape, radius, sigma):
    rng = np.random.default_rng(len(shape))
    image = rng.random(shape, dtype=np.float32)
    got = cle.pull(cle.kuwahara_filter(image, radius=radius, sigma=sigma))
    assert got.shape == shape and got.dtype == np.float32
    # float32 sums of variances near 0 against float64 ones: relative to the 1e-6 in the weights
    np.testing.assert_allclose(got, kuwahara(image, radius, sigma), atol=2e-3, rtol=0)


def test_flat_image_and_step_edge():
    flat = np.full((9, 11), 42, np.uint16)
    assert np.array_equal(cle.pull(cle.kuwahara_filter(flat, radius=2, sigma=1.5)), flat)
    step = np.zeros((10, 10), np.float32)
    step[:, 5:] = 100
    got = cle.pull(cle.kuwahara_filter(step))
    assert np.abs(got - step).max() < 1e-3  # the edge survives: each side has a flat region


def test_errors():
    image = np.zeros((5, 5), np.float32)
    with pytest.raises(cle.InvalidArgumentError, match="kuwahara_filter: sigma must not be 0 .*got 0"):
        cle.kuwahara_filter(image, sigma=0)
    with pytest.raises(cle.InvalidArgumentError, match="kuwahara_filter: sigma must not be 0 .*got 1e-30"):
        cle.kuwahara_filter(image, sigma=1e-30)
    with pytest.raises(cle.InvalidArgumentError, match="kuwahara_filter: radius must be in \\[0, 31\\], got 32"):
        cle.kuwahara_filter(image, radius=32)
