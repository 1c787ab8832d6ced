"""make_isotropic and make_anisotropic (spec/ops/make_*.yaml): scale with resize by
current / target spacing; the shapes against the rule computed here, the nearest
pixels against numpy's indexing of the output pixels' centers, and the errors."""

import numpy
import pytest

import cesperanto as cle


def expected_shape(shape, factors):
    # numpy order; an axis of size 1 stays 1, else round(f * n) halves up, at least 1
    out = []
    for n, f in zip(shape, factors[-len(shape):]):
        out.append(1 if n == 1 else max(1, int(numpy.floor(abs(f) * n + 0.5 + 1e-6))))
    return tuple(out)


def nearest(image, factors):
    # output pixel i takes the input pixel floor((i + 0.5) / f) along each axis, 0 past the input's end
    f = factors[-image.ndim:]
    shape = expected_shape(image.shape, factors)
    padded = numpy.pad(image, [(0, 1)] * image.ndim)  # one 0 past the end of each axis
    index = numpy.ix_(*[numpy.minimum(((numpy.arange(m) + 0.5) / numpy.float32(fa)).astype(int), n)
                        if n > 1 else numpy.zeros(m, int) for m, n, fa in zip(shape, image.shape, f)])
    return padded[index]


def test_make_isotropic_nearest_is_indexing():
    rng = numpy.random.default_rng(3)
    image = rng.integers(0, 255, (5, 7, 9), dtype=numpy.uint8)
    for spacing, target in [((1, 1, 2), -1), ((0.5, 1.5, 2.5), -1), ((1, 1, 3), 2), ((0.4, 0.4, 1.2), 0.8)]:
        t = numpy.float32(target) if target > 0 else numpy.float32(min(spacing))
        factors = [numpy.float32(s) / t for s in reversed(spacing)]  # z, y, x
        got = cle.pull(cle.make_isotropic(image, current_spacing_x=spacing[0], current_spacing_y=spacing[1],
                                          current_spacing_z=spacing[2], target_spacing=target,
                                          interpolate=False))
        assert got.dtype == numpy.uint8
        assert got.shape == expected_shape(image.shape, factors), (spacing, target)
        assert numpy.array_equal(got, nearest(image, factors)), (spacing, target)


def test_make_anisotropic_inverts_make_isotropic_shape():
    image = numpy.arange(5 * 7 * 9, dtype=numpy.float32).reshape(5, 7, 9)
    iso = cle.make_isotropic(image, current_spacing_z=2)
    assert iso.shape == (10, 7, 9) and iso.dtype == numpy.float32
    back = cle.pull(cle.make_anisotropic(iso, current_spacing=1, target_spacing_x=1, target_spacing_y=1,
                                         target_spacing_z=2, interpolate=False))
    assert back.shape == image.shape


def test_2d_stays_2d():
    image = numpy.arange(9 * 11, dtype=numpy.uint16).reshape(9, 11)
    got = cle.pull(cle.make_isotropic(image, current_spacing_x=1.5, current_spacing_z=2, interpolate=False))
    assert got.shape == (9, 17)
    assert numpy.array_equal(got, nearest(image, [1, 1, numpy.float32(1.5)]))


def test_make_anisotropic_targets_le_0_leave_axes_alone():
    # pyclesperanto 0.25.1 raises for a target <= 0 (its defaults); here the axis keeps its spacing
    image = numpy.arange(3 * 5 * 7, dtype=numpy.uint8).reshape(3, 5, 7)
    assert numpy.array_equal(cle.pull(cle.make_anisotropic(image, interpolate=False)), image)
    got = cle.pull(cle.make_anisotropic(image, current_spacing=1, target_spacing_x=0.5, interpolate=False))
    assert got.shape == (3, 5, 14)
    assert numpy.array_equal(got, numpy.repeat(image, 2, axis=2))


def test_given_output():
    image = numpy.ones((4, 6), numpy.float32)
    out = cle.create((8, 6), dtype=numpy.float32)
    assert cle.make_isotropic(image, out, current_spacing_y=2, interpolate=False) is not None
    assert numpy.array_equal(cle.pull(out), numpy.ones((8, 6), numpy.float32))
    with pytest.raises(cle.InvalidArgumentError, match=r"make_isotropic: output_image has shape \(4, 6\), expected \(8, 6\)"):
        cle.make_isotropic(image, cle.create((4, 6), dtype=numpy.float32), current_spacing_y=2)


def test_errors():
    image = numpy.zeros((3, 4), numpy.uint8)
    with pytest.raises(cle.InvalidArgumentError, match="make_isotropic: current_spacing_x must be a finite number > 0, got 0"):
        cle.make_isotropic(image, current_spacing_x=0)
    with pytest.raises(cle.InvalidArgumentError, match="make_isotropic: current_spacing_z must be a finite number > 0, got nan"):
        cle.make_isotropic(image, current_spacing_z=float("nan"))
    with pytest.raises(cle.InvalidArgumentError, match="make_isotropic: target_spacing must be finite"):
        cle.make_isotropic(image, target_spacing=float("inf"))
    with pytest.raises(cle.InvalidArgumentError, match="make_anisotropic: target_spacing_y must be finite .*got inf"):
        cle.make_anisotropic(image, target_spacing_y=float("inf"))
    with pytest.raises(cle.InvalidArgumentError, match="make_anisotropic: current_spacing must be finite"):
        cle.make_anisotropic(image, current_spacing=float("nan"), target_spacing_x=1, target_spacing_y=1,
                             target_spacing_z=1)
    with pytest.raises(cle.InvalidArgumentError, match="make_isotropic: the output's width would be"):
        cle.make_isotropic(numpy.zeros((3, 4), numpy.uint8), current_spacing_x=1, target_spacing=1e-9)
