"""The ops through Python agree with independent references (numpy,
scikit-image): the binding passes arguments in the right order and returns
the right arrays. The ops' own accuracy is tested in C (tests/ops)."""

import numpy as np
import pytest
import skimage.measure

import cesperanto as cle


def test_projections_match_numpy():
    rng = np.random.default_rng(1)
    data = rng.integers(0, 60000, size=(4, 9, 11), dtype=np.uint16)
    np.testing.assert_array_equal(cle.pull(cle.maximum_z_projection(data)), data.max(axis=0))
    np.testing.assert_array_equal(cle.pull(cle.minimum_z_projection(data)), data.min(axis=0))


def test_weighted_sum_argument_order():
    a = np.arange(6, dtype=np.float32).reshape(2, 3)
    b = np.full((2, 3), 10, dtype=np.float32)
    got = cle.pull(cle.add_images_weighted(a, b, factor1=2.0, factor2=-1.0))
    np.testing.assert_array_equal(got, 2 * a - b)
    got = cle.pull(cle.subtract_images(a, b))
    np.testing.assert_array_equal(got, a - b)


def test_labeling_matches_skimage_numbering():
    rng = np.random.default_rng(7)
    binary = (rng.random((40, 50)) < 0.3).astype(np.uint8)
    box = cle.pull(cle.connected_component_labeling(binary))
    np.testing.assert_array_equal(box, skimage.measure.label(binary, connectivity=2))
    diamond = cle.pull(cle.connected_component_labeling(binary, connectivity="diamond"))
    np.testing.assert_array_equal(diamond, skimage.measure.label(binary, connectivity=1))


def test_defaults_equal_explicit_spec_defaults():
    rng = np.random.default_rng(2)
    data = rng.random((12, 13), dtype=np.float32)
    spec = {p.name: p.default for p in cle.operation("difference_of_gaussian").params}
    implicit = cle.pull(cle.difference_of_gaussian(data))
    explicit = cle.pull(cle.difference_of_gaussian(data, None, **spec))
    np.testing.assert_array_equal(implicit, explicit)


def test_projections_keep_dims_and_the_sum_dtype():
    rng = np.random.default_rng(3)
    data = rng.integers(0, 60000, size=(4, 9, 11), dtype=np.uint16)
    kept = cle.maximum_z_projection(data, keep_dims=True)
    assert kept.shape == (1, 9, 11)
    np.testing.assert_array_equal(cle.pull(kept), data.max(axis=0, keepdims=True))
    assert cle.maximum_z_projection(data[0], keep_dims=True).shape == (9, 11)  # only a 3D input keeps its depth
    total = cle.sum_z_projection(data)  # widened: uint32 for unsigned inputs, as pyclesperanto gives
    assert total.dtype == np.uint32
    np.testing.assert_array_equal(cle.pull(total), data.sum(axis=0))
    signed = cle.sum_z_projection(data.astype(np.int16) - 30000)
    assert signed.dtype == np.int32
    np.testing.assert_array_equal(cle.pull(signed), (data.astype(np.int16) - 30000).sum(axis=0, dtype=np.int32))


def test_deprecated_alias_warns_and_choice_aliases_work():
    rng = np.random.default_rng(8)
    binary = (rng.random((30, 40)) < 0.4).astype(np.uint8)
    with pytest.warns(DeprecationWarning, match="connected_components_labeling is deprecated; use connected_component_labeling"):
        old = cle.pull(cle.connected_components_labeling(binary, connectivity="sphere"))
    new = cle.pull(cle.connected_component_labeling(binary, connectivity="diamond"))
    np.testing.assert_array_equal(old, new)
    np.testing.assert_array_equal(new, skimage.measure.label(binary, connectivity=1))


def test_device_argument():
    dev = cle.get_device()
    data = np.arange(12, dtype=np.float32).reshape(3, 4)
    on_dev = cle.gaussian_blur(data, sigma_x=1, device=dev)
    np.testing.assert_array_equal(cle.pull(on_dev), cle.pull(cle.gaussian_blur(data, sigma_x=1)))
    with pytest.raises(cle.InvalidArgumentError, match="gaussian_blur: device must be a cesperanto.Device or None, got str"):
        cle.gaussian_blur(data, device="gpu")


def test_list_and_bool_results_are_pyclesperantos_types():
    image = np.zeros((3, 4), dtype=np.uint8)
    image[0, 1] = 1
    image[2, 3] = 5
    box = cle.bounding_box(image)
    assert box == [1.0, 0.0, 0.0, 3.0, 2.0, 0.0] and all(type(v) is float for v in box)
    ys, xs = np.nonzero(image)
    weights = image[ys, xs].astype(np.float64)
    assert cle.center_of_mass(image) == pytest.approx([np.average(xs, weights=weights),
                                                       np.average(ys, weights=weights), 0.0])
    assert cle.maximum_position(image) == [3.0, 2.0, 0.0]
    big = np.array([16777217], dtype=np.uint32)
    assert cle.array_equal(image, image) is True
    assert cle.array_equal(big, big - 1) is False  # float32 would call them equal
