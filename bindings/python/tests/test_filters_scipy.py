"""The box neighbourhood filters agree with scipy.ndimage (mode='nearest', a
size of 2 r + 1 per axis): an independent implementation of the same
definition. Mean is compared on float32 (pyclesperanto's integer mean
truncates after every separable pass, which scipy does not)."""

import numpy as np
import pytest
import scipy.ndimage as ndi

import cesperanto as cle

SHAPES = [(257,), (33, 47), (7, 19, 23)]
RADII = [(1, 2, 1), (3, 1, 2)]


def radii_kwargs(radius, ndim):
    names = ("radius_x", "radius_y", "radius_z")
    return {names[k]: float(radius[k]) if k < ndim else 0.0 for k in range(3)}


def sizes(radius, ndim):
    # numpy axis order (z, y, x): radius_x is the last axis
    return tuple(2 * radius[k] + 1 for k in range(ndim))[::-1]


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("radius", RADII)
@pytest.mark.parametrize(
    "op, scipy_filter",
    [("minimum_filter", ndi.minimum_filter), ("maximum_filter", ndi.maximum_filter), ("median", ndi.median_filter)],
)
def test_order_filters_equal_scipy(op, scipy_filter, shape, radius):
    rng = np.random.default_rng(3)
    for data in (rng.integers(0, 65535, size=shape, dtype=np.uint16), rng.random(shape, dtype=np.float32)):
        got = cle.pull(getattr(cle, op)(data, **radii_kwargs(radius, len(shape))))
        want = scipy_filter(data, size=sizes(radius, len(shape)), mode="nearest")
        np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("radius", RADII)
def test_mean_filter_float32_close_to_scipy(shape, radius):
    data = np.random.default_rng(4).random(shape, dtype=np.float32)
    got = cle.pull(cle.mean_filter(data, **radii_kwargs(radius, len(shape))))
    want = ndi.uniform_filter(data.astype(np.float64), size=sizes(radius, len(shape)), mode="nearest")
    np.testing.assert_allclose(got, want, atol=1e-6, rtol=0)


def test_convolve_is_scipy_correlate():
    rng = np.random.default_rng(6)
    for shape, kshape in (((33, 47), (3, 5)), ((7, 19, 23), (3, 3, 3)), ((257,), (7,))):
        data = rng.random(shape, dtype=np.float32)
        kernel = rng.random(kshape, dtype=np.float32)
        got = cle.pull(cle.convolve(data, kernel))
        want = ndi.correlate(data.astype(np.float64), kernel, mode="nearest")
        np.testing.assert_allclose(got, want, atol=1e-5, rtol=0)


def test_erosion_dilation_opening_closing_equal_scipy_where_the_footprint_centre_is_set():
    rng = np.random.default_rng(8)
    data = rng.random((29, 31), dtype=np.float32)
    footprint = (rng.random((3, 5)) < 0.5).astype(np.uint8)
    footprint[1, 2] = 1  # scipy leaves the pixel itself out where the centre is 0; pyclesperanto does not
    np.testing.assert_array_equal(cle.pull(cle.erosion(data, footprint)),
                                  ndi.grey_erosion(data, footprint=footprint.astype(bool), mode="nearest"))
    # dilation keeps the footprint's orientation (scipy's grey_dilation reflects it)
    mirrored = footprint[::-1, ::-1].astype(bool)
    eroded = ndi.grey_erosion(data, footprint=footprint.astype(bool), mode="nearest")
    np.testing.assert_array_equal(cle.pull(cle.opening(data, footprint)),
                                  ndi.grey_dilation(eroded, footprint=mirrored, mode="nearest"))
    np.testing.assert_array_equal(cle.pull(cle.dilation(data, footprint)),
                                  ndi.grey_dilation(data, footprint=mirrored, mode="nearest"))
    # in 3D too, with an asymmetric footprint (a mirrored one would hide the orientation)
    volume = rng.integers(0, 60000, (7, 9, 11), dtype=np.uint16)
    element = np.zeros((3, 3, 3), np.uint8)
    element[1, 1, 1] = element[0, 1, 2] = element[2, 0, 1] = 1
    np.testing.assert_array_equal(cle.pull(cle.dilation(volume, element)),
                                  ndi.grey_dilation(volume, footprint=element[::-1, ::-1, ::-1].astype(bool),
                                                    mode="nearest"))


def test_the_kernel_may_be_the_output():
    """op(a, k, k): the op reads its inputs from a copy when the output is one
    of them (generated for every op that reads other pixels than it writes)."""
    rng = np.random.default_rng(5)
    image, kernel = rng.random((7, 9), dtype=np.float32), rng.random((7, 9), dtype=np.float32)
    fresh = cle.pull(cle.convolve(image, kernel))
    a, k = cle.push(image), cle.push(kernel)
    cle.convolve(a, k, k)
    assert np.array_equal(cle.pull(k), fresh)
    assert np.array_equal(cle.pull(a), image)
    del a, k
