"""The ops through Python agree with independent references (numpy,
scikit-image): the binding passes arguments in the right order and returns
the right arrays. The ops' own accuracy is tested in C (tests/ops)."""

import numpy as np
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
    box = cle.pull(cle.connected_components_labeling(binary))
    np.testing.assert_array_equal(box, skimage.measure.label(binary, connectivity=2))
    diamond = cle.pull(cle.connected_components_labeling(binary, connectivity="diamond"))
    np.testing.assert_array_equal(diamond, skimage.measure.label(binary, connectivity=1))


def test_defaults_equal_explicit_spec_defaults():
    rng = np.random.default_rng(2)
    data = rng.random((12, 13), dtype=np.float32)
    spec = {p.name: p.default for p in cle.operation("difference_of_gaussian").params}
    implicit = cle.pull(cle.difference_of_gaussian(data))
    explicit = cle.pull(cle.difference_of_gaussian(data, None, **spec))
    np.testing.assert_array_equal(implicit, explicit)
