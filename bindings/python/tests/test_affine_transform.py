"""affine_transform's transform_matrix, a float_list param (spec/ops/affine_transform.yaml):
a list, a tuple or a numpy array of any shape (flattened), or None for the identity; 9, 12
or 16 finite numbers; the deprecated keywords transform, linear_interpolation and auto_size
warn and act as transform_matrix, interpolate and resize (as pyclesperanto 0.25.1's)."""

import warnings

import numpy
import pytest

import cesperanto as cle

SHIFT = [[1, 0, 2], [0, 1, -1], [0, 0, 1]]


def image():
    return numpy.random.default_rng(5).integers(0, 200, (7, 9)).astype(numpy.uint8)


def test_list_tuple_and_ndarray_are_one_matrix():
    img = image()
    want = cle.pull(cle.affine_transform(img, transform_matrix=sum(SHIFT, [])))
    expected = numpy.zeros_like(img)
    expected[:-1, 2:] = img[1:, :-2]  # x + 2, y - 1
    numpy.testing.assert_array_equal(want, expected)
    for given in (tuple(sum(SHIFT, [])), numpy.array(SHIFT), numpy.array(SHIFT, dtype=numpy.float32).ravel(),
                  numpy.array([[1, 0, 0, 2], [0, 1, 0, -1], [0, 0, 1, 0]]),
                  numpy.array([[1, 0, 0, 2], [0, 1, 0, -1], [0, 0, 1, 0], [0, 0, 0, 1]])):
        numpy.testing.assert_array_equal(cle.pull(cle.affine_transform(img, transform_matrix=given)), want)


def test_none_is_the_identity():
    img = image()
    numpy.testing.assert_array_equal(cle.pull(cle.affine_transform(img)), img)
    numpy.testing.assert_array_equal(cle.pull(cle.affine_transform(img, None)), img)


def test_deprecated_keywords_warn_and_act():
    img = image()
    want = cle.pull(cle.affine_transform(img, transform_matrix=[2, 0, 0, 0, 2, 0, 0, 0, 1], interpolate=True,
                                         resize=True))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        got = cle.pull(cle.affine_transform(img, transform=numpy.array([[2, 0, 0], [0, 2, 0], [0, 0, 1]]),
                                            linear_interpolation=True, auto_size=True))
    numpy.testing.assert_array_equal(got, want)
    assert got.shape == (14, 18) and got.dtype == numpy.float32
    words = sorted(str(w.message) for w in caught if issubclass(w.category, DeprecationWarning))
    assert len(words) == 3
    for old, new in (("auto_size", "resize"), ("linear_interpolation", "interpolate"), ("transform", "transform_matrix")):
        assert any("'%s'" % old in w and "'%s'" % new in w for w in words), words


@pytest.mark.parametrize("matrix, says", [
    ([1, 0, 0, 0, 1, 0, 0], "transform_matrix must have 9, 12 or 16 numbers, got 7"),
    ([], "transform_matrix must have 9, 12 or 16 numbers, got 0"),
    ([1, 0, float("nan"), 0, 1, 0, 0, 0, 1], "transform_matrix must hold finite numbers, got nan (number 3)"),
    ([1, 0, 0, 0, 1, 0, 0.5, 0, 1], "transform_matrix's last row must be 0, 0, 1"),
    ([0, 0, 0, 0, 1, 0, 0, 0, 1], "transform_matrix has no inverse"),
    ("identity", "transform_matrix must be a list, tuple or numpy array of numbers"),
    ([1, "x", 0, 0, 1, 0, 0, 0, 1], "transform_matrix must be a list, tuple or numpy array of numbers"),
])
def test_bad_matrices_are_refused(matrix, says):
    with pytest.raises(cle.InvalidArgumentError) as e:
        cle.affine_transform(image(), transform_matrix=matrix)
    assert str(e.value).startswith("affine_transform: ") and says in str(e.value), str(e.value)


def test_resize_sizes_the_output_to_the_box():
    img = image()  # 9 wide, 7 high
    got = cle.pull(cle.affine_transform(img, transform_matrix=[0, -1, 0, 1, 0, 0, 0, 0, 1], resize=True))
    numpy.testing.assert_array_equal(got, numpy.rot90(img, -1))  # a quarter turn, x toward y: clockwise on screen
    with pytest.raises(cle.InvalidArgumentError, match=r"output_image has shape \(7, 9\), expected \(9, 7\)"):
        cle.affine_transform(img, cle.create_like(img), [0, -1, 0, 1, 0, 0, 0, 0, 1], resize=True)


def test_agrees_with_scipy_away_from_the_borders():
    """scipy.ndimage.affine_transform (order 0 and 1) on the pixels whose source lies at least a pixel
    inside the image: the matrix maps output to input as inverse(transform_matrix), pixel centers at
    integer + 0.5 (clij's convention: scipy's offset gets the half-pixel shift)."""
    ndimage = pytest.importorskip("scipy.ndimage")
    rng = numpy.random.default_rng(1)
    img = ndimage.gaussian_filter(rng.random((40, 48)), 2).astype(numpy.float32)
    swap = numpy.array([[0, 1], [1, 0]])  # (x, y) <-> scipy's (y, x)
    angle = numpy.deg2rad(17)
    for matrix in ([[1.1, 0, 0], [0, 1.1, 0], [0, 0, 1]], [[1, 0.2, 0], [0, 1, 0], [0, 0, 1]],
                   [[1.1 * numpy.cos(angle), -1.1 * numpy.sin(angle), 3.5],
                    [1.1 * numpy.sin(angle), 1.1 * numpy.cos(angle), -2.0], [0, 0, 1]]):
        inverse = numpy.linalg.inv(numpy.array(matrix, dtype=float))
        linear = swap @ inverse[:2, :2] @ swap
        offset = swap @ inverse[:2, 2] + linear @ [0.5, 0.5] - 0.5
        yy, xx = numpy.mgrid[0:40, 0:48]
        source = numpy.einsum("ij,jyx->iyx", linear, numpy.array([yy, xx], dtype=float)) + offset[:, None, None]
        inside = (source[0] >= 1) & (source[0] <= 38) & (source[1] >= 1) & (source[1] <= 46)
        assert inside.mean() > 0.5
        for interpolate, order, tolerance in ((False, 0, None), (True, 1, 1e-5)):
            ours = cle.pull(cle.affine_transform(img, transform_matrix=matrix, interpolate=interpolate))
            theirs = ndimage.affine_transform(img.astype(float), linear, offset=offset, order=order)
            if tolerance is None:  # nearest: the same pixel, but where a source lands half-way (a tie)
                fraction = source - numpy.floor(source)
                clear = inside & numpy.all(numpy.abs(fraction - 0.5) > 1e-3, axis=0)
                assert clear.mean() > 0.5
                numpy.testing.assert_array_equal(ours[clear], theirs[clear].astype(numpy.float32))
            else:
                numpy.testing.assert_allclose(ours[inside], theirs[inside], atol=tolerance)
