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
