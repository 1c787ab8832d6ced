"""The per-label measurements agree with numpy and scipy.ndimage (an
independent implementation of the same definitions): the parametric maps
with ndimage.sum / mean / minimum / maximum / standard_deviation over the
labels, the centroids with ndimage.center_of_mass, the size filters and the
neighbour counts with numpy loops. Counts, labels and matrices are exact;
float measurements within 1e-5 relative (float32 results of double sums)."""

import numpy as np
import pytest
import scipy.ndimage as ndi

import cesperanto as cle

SHAPES = [(301,), (37, 53), (9, 23, 29)]


def blocky_labels(shape, n_labels, seed):
    """Labels 0..n_labels-1 on blocks of 3 pixels per axis, so labels touch and repeat."""
    rng = np.random.default_rng(seed)
    blocks = rng.integers(0, n_labels, size=tuple((s + 2) // 3 for s in shape))
    for axis in range(len(shape)):
        blocks = np.repeat(blocks, 3, axis=axis)
    return blocks[tuple(slice(0, s) for s in shape)].astype(np.uint32)


def per_label(values, labels, fn):
    """fn over each label 1..max (NaN where absent), scipy.ndimage's way."""
    index = np.arange(1, labels.max() + 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.asarray(fn(values, labels, index), dtype=np.float64)


def as_map(labels, per_label_values):
    table = np.concatenate([[0.0], per_label_values])
    return table[labels]


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize(
    "op, fn",
    [
        ("mean_intensity_map", ndi.mean),
        ("minimum_intensity_map", ndi.minimum),
        ("maximum_intensity_map", ndi.maximum),
        ("standard_deviation_intensity_map", ndi.standard_deviation),
    ],
)
def test_intensity_maps_equal_scipy(op, fn, shape):
    labels = blocky_labels(shape, 40, 1)
    for intensity in (
        np.random.default_rng(2).random(shape, dtype=np.float32),
        np.random.default_rng(3).integers(-30000, 30000, size=shape).astype(np.int16),
    ):
        got = cle.pull(getattr(cle, op)(intensity, labels))
        want = as_map(labels, per_label(intensity.astype(np.float64), labels, fn))
        assert got.dtype == np.float32 and got.shape == shape
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("shape", SHAPES)
def test_pixel_count_map_equals_bincount(shape):
    labels = blocky_labels(shape, 40, 4)
    counts = np.bincount(labels.ravel()).astype(np.float32)
    counts[0] = 0
    np.testing.assert_array_equal(cle.pull(cle.pixel_count_map(labels)), counts[labels])


@pytest.mark.parametrize("shape", SHAPES)
def test_centroids_equal_center_of_mass(shape):
    labels = blocky_labels(shape, 40, 5)
    got = cle.pull(cle.centroids_of_labels(labels))
    assert got.shape == (3, labels.max())
    ones = np.ones(shape)
    for l in range(1, labels.max() + 1):
        if not (labels == l).any():
            np.testing.assert_array_equal(got[:, l - 1], 0)  # no pixel: 0, as pyclesperanto
            continue
        com = ndi.center_of_mass(ones, labels, l)[::-1]  # numpy (z, y, x) order -> x, y, z
        want = np.zeros(3)
        want[: len(com)] = com
        np.testing.assert_allclose(got[:, l - 1], want, rtol=1e-6)


@pytest.mark.parametrize("shape", SHAPES)
def test_extension_maps_equal_numpy(shape):
    labels = blocky_labels(shape, 40, 6)
    coords = np.indices(shape).reshape(len(shape), -1).T.astype(np.float64)
    flat = labels.ravel()
    mean_ext, max_ext = np.zeros(labels.max() + 1), np.zeros(labels.max() + 1)
    for l in np.unique(flat):
        pts = coords[flat == l]
        d = np.sqrt(((pts - pts.mean(axis=0)) ** 2).sum(axis=1))
        mean_ext[l], max_ext[l] = d.mean(), d.max()
    mean_ext[0] = max_ext[0] = 0
    np.testing.assert_allclose(cle.pull(cle.mean_extension_map(labels)), mean_ext[labels], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(cle.pull(cle.maximum_extension_map(labels)), max_ext[labels], rtol=1e-5, atol=1e-6)
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = np.where(np.arange(labels.max() + 1) > 0, max_ext / mean_ext, 0)
    np.testing.assert_allclose(cle.pull(cle.extension_ratio_map(labels)), ratio[labels], rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("shape", SHAPES)
def test_size_filters_equal_numpy(shape):
    labels = blocky_labels(shape, 40, 7)
    counts = np.bincount(labels.ravel(), minlength=labels.max() + 1)
    lo, hi = np.percentile(counts[1:], [30, 70])
    keep = (counts >= lo) & (counts <= hi)
    keep[0] = False
    new = np.cumsum(keep) * keep  # kept label values in 1..l, pyclesperanto's numbering
    got = cle.pull(cle.exclude_labels_outside_size_range(labels, minimum_size=lo, maximum_size=hi))
    assert got.dtype == np.uint32
    np.testing.assert_array_equal(got, new[labels])
    big_enough = counts >= lo
    big_enough[0] = False  # the background is never counted
    small = np.cumsum(big_enough) * big_enough
    np.testing.assert_array_equal(cle.pull(cle.remove_small_labels(labels, minimum_size=lo)), small[labels])


@pytest.mark.parametrize("shape", SHAPES)
def test_touch_matrix_and_neighbour_counts_equal_numpy(shape):
    labels = blocky_labels(shape, 12, 8)
    n = labels.max() + 1
    want = np.zeros((n, n), np.uint32)
    for axis in range(len(shape)):
        a = np.moveaxis(labels, axis, 0)
        for u, v in zip(a[:-1].ravel(), a[1:].ravel()):
            if u != v:
                want[u, v] = want[v, u] = 1
    touch = cle.pull(cle.generate_touch_matrix(labels))
    np.testing.assert_array_equal(touch, want)
    inner = want.copy()
    inner[0, :] = inner[:, 0] = 0
    np.fill_diagonal(inner, 0)
    counts = inner.sum(axis=0).astype(np.uint32)
    np.testing.assert_array_equal(cle.pull(cle.count_touching_neighbors(touch)), counts)
    np.testing.assert_array_equal(cle.pull(cle.touching_neighbor_count_map(labels)), counts[labels].astype(np.float32))


def touching_area_numpy(labels):
    """Face-neighbour pairs between each two labels, counted with numpy (both entries per pair)."""
    n = labels.max() + 1
    want = np.zeros((n, n), np.uint32)
    for axis in range(labels.ndim):
        a = np.moveaxis(labels, axis, 0)
        u, v = a[:-1].ravel(), a[1:].ravel()
        apart = u != v
        np.add.at(want, (u[apart], v[apart]), 1)
        np.add.at(want, (v[apart], u[apart]), 1)
    return want


@pytest.mark.parametrize("shape", SHAPES)
def test_touching_area_matrices_equal_numpy(shape):
    labels = blocky_labels(shape, 12, 13)
    area = touching_area_numpy(labels)
    np.testing.assert_array_equal(cle.pull(cle.generate_touching_area_matrix(labels)), area)
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = area.astype(np.float32) / area.sum(axis=0).astype(np.float32)
    partial = cle.pull(cle.generate_partial_touching_area_matrix(labels))
    np.testing.assert_allclose(partial, ratio, rtol=1e-6, equal_nan=True)
    # every touching part strictly inside (0, 1.1): the within-range matrix is the touch matrix
    np.testing.assert_array_equal(
        cle.pull(cle.generate_partial_touching_area_matrix_within_range(partial)),
        (area > 0).astype(np.float32),
    )
    want = np.zeros(area.shape[0], np.float64)
    for x in range(area.shape[0]):
        parts = ratio[area[:, x] > 0, x].astype(np.float64)
        if parts.size:
            want[x] = np.abs(parts - 1 / parts.size).mean()  # the mean absolute deviation, upstream's rule
    np.testing.assert_allclose(
        cle.pull(cle.standard_deviation_partial_touching_area_matrix(labels)), want, rtol=1e-5, atol=1e-7
    )


@pytest.mark.parametrize(
    "labels, area, deviation",
    [
        # labels apart from each other: only the background touches them (3 neighbours of label 0)
        (
            np.array([[1, 1, 0, 2], [1, 1, 0, 2], [0, 0, 0, 0], [3, 0, 0, 0]], np.uint8),
            [[0, 4, 3, 2], [4, 0, 0, 0], [3, 0, 0, 0], [2, 0, 0, 0]],
            [2 / 27, 0, 0, 0],
        ),
        # 3D, two planes: 1 0 2 2 over 1 0 0 2
        (np.array([[[1, 0, 2, 2]], [[1, 0, 0, 2]]], np.uint16), [[0, 2, 3], [2, 0, 0], [3, 0, 0]], [0.1, 0, 0]),
        # one label, no background: nothing touches
        (np.ones((2, 3), np.float32), [[0, 0], [0, 0]], [0, 0]),
    ],
)
def test_touching_areas_hand_worked(labels, area, deviation):
    area = np.array(area, np.uint32)
    np.testing.assert_array_equal(cle.pull(cle.generate_touching_area_matrix(labels)), area)
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = area.astype(np.float32) / area.sum(axis=0).astype(np.float32)
    np.testing.assert_allclose(cle.pull(cle.generate_partial_touching_area_matrix(labels)), ratio, equal_nan=True)
    np.testing.assert_allclose(
        cle.pull(cle.standard_deviation_partial_touching_area_matrix(labels)), deviation, rtol=1e-6, atol=1e-7
    )


def test_touching_area_given_output_and_aliases():
    labels = np.array([0, 1, 1, 2, 0, 3, 3, 3], np.uint8)
    want = [[0, 1, 1, 1], [1, 0, 1, 0], [1, 1, 0, 0], [1, 0, 0, 0]]
    out = cle.create((4, 4), dtype=np.float32)
    cle.generate_touching_area_matrix(labels, out)  # converted (pyclesperanto 0.25.1 writes the uint32 bits)
    np.testing.assert_array_equal(cle.pull(out), np.array(want, np.float32))
    with pytest.warns(DeprecationWarning):
        np.testing.assert_array_equal(cle.pull(cle.generate_touch_count_matrix(labels)), want)
    with pytest.warns(DeprecationWarning):
        portion = cle.pull(cle.generate_touch_portion_matrix(labels))
    np.testing.assert_allclose(portion[:, 0], [0, 1 / 3, 1 / 3, 1 / 3], rtol=1e-6)
    with pytest.warns(DeprecationWarning):
        within = cle.pull(cle.generate_touch_portion_within_range_neighbors_matrix(portion, min_distance=0.4))
    np.testing.assert_array_equal(within[:, 0], [0, 0, 0, 0])
    np.testing.assert_array_equal(within[:, 1], [1, 0, 1, 0])
    with pytest.warns(DeprecationWarning):
        np.testing.assert_array_equal(cle.pull(cle.standard_deviation_touch_portion(labels)), [0, 0, 0, 0])
    with pytest.raises(Exception, match="generate_touching_area_matrix: input_image_label must hold labels >= 0"):
        cle.generate_touching_area_matrix(np.array([[0, -1, 2]], np.int16))


def test_overlap_matrix_and_jaccard():
    a = blocky_labels((37, 53), 9, 9)
    b = blocky_labels((37, 53), 5, 10)
    want = np.zeros((b.max() + 1, a.max() + 1), np.uint32)
    want[b.ravel(), a.ravel()] = 1
    np.testing.assert_array_equal(cle.pull(cle.generate_binary_overlap_matrix(a, b)), want)
    inter, union = np.count_nonzero((a > 0) & (b > 0)), np.count_nonzero((a > 0) | (b > 0))
    assert cle.jaccard_index(a, b) == pytest.approx(inter / union, rel=1e-12)


def test_read_map_values_takes_each_labels_last_pixel():
    labels = blocky_labels((37, 53), 30, 11)
    values = np.random.default_rng(12).random((37, 53), dtype=np.float32)
    want = np.zeros(labels.max() + 1, np.float32)
    want[labels.ravel()] = values.ravel()  # later pixels overwrite earlier ones
    np.testing.assert_array_equal(cle.pull(cle.read_map_values(values, labels)), want)


def test_hand_worked_example():
    """The small example also run through pyclesperanto 0.25.1 by hand (label 4 has no pixel)."""
    lab = np.array([[0, 1, 1, 0, 2], [3, 1, 0, 2, 2], [3, 3, 0, 0, 5]], np.uint32)
    np.testing.assert_array_equal(
        cle.pull(cle.generate_touch_matrix(lab)),
        [[0, 1, 1, 1, 0, 1], [1, 0, 0, 1, 0, 0], [1, 0, 0, 0, 0, 1], [1, 1, 0, 0, 0, 0], [0] * 6, [1, 0, 1, 0, 0, 0]],
    )
    np.testing.assert_allclose(
        cle.pull(cle.centroids_of_labels(lab))[0], [4 / 3, 11 / 3, 1 / 3, 0, 4], rtol=1e-7
    )
    np.testing.assert_array_equal(
        cle.pull(cle.reduce_labels_to_centroids(lab)), [[0, 1, 0, 2, 0], [3, 0, 0, 0, 0], [0, 0, 0, 0, 5]]
    )
    ratio = cle.pull(cle.extension_ratio_map(lab))
    assert np.isnan(ratio[2, 4])  # a one-pixel label: 0 / 0
    assert cle.label_bounding_box(lab, 2) == [3.0, 0.0, 0.0, 4.0, 1.0, 0.0]


@pytest.mark.parametrize(
    "labels, message",
    [
        (np.array([[0, -1, 2]], np.int16), "must hold labels >= 0"),
        (np.array([[0, 1.5, 2]], np.float32), "must hold whole-number labels"),
        (np.array([[0, np.nan, 2]], np.float32), "must hold labels >= 0"),
    ],
)
def test_pixels_that_are_no_labels_are_refused(labels, message):
    with pytest.raises(Exception, match="pixel_count_map: input_image " + message):
        cle.pixel_count_map(labels)
    with pytest.raises(Exception, match="generate_touch_matrix: input_image " + message):
        cle.generate_touch_matrix(labels)
    with pytest.raises(Exception, match="read_map_values: label " + message):
        cle.read_map_values(np.zeros(labels.shape, np.float32), labels)


def test_shapes_must_match():
    with pytest.raises(Exception, match="mean_intensity_map: input_image has shape"):
        cle.mean_intensity_map(np.zeros((3, 4), np.float32), np.zeros((3, 5), np.uint32))
    with pytest.raises(Exception, match="jaccard_index: input_image1 has shape"):
        cle.jaccard_index(np.zeros((3, 4), np.uint8), np.zeros((4, 3), np.uint8))


def test_results_repeat_bit_for_bit():
    labels = blocky_labels((9, 131, 97), 200, 13)
    intensity = np.random.default_rng(14).random(labels.shape, dtype=np.float32)
    first = cle.pull(cle.standard_deviation_intensity_map(intensity, labels))
    for _ in range(3):
        np.testing.assert_array_equal(cle.pull(cle.standard_deviation_intensity_map(intensity, labels)), first)
