"""labels_neighbors_statistics and statistics_of_labelled_neighbors (Python compositions of the ops,
cesperanto/_neighbors.py): pyclesperanto 0.25.1's signatures, its dict (the same keys, float64 columns,
counts equal, distances and portions within float32 rounding), and an independent numpy reference of
the touching, distance and touch-count columns."""

import inspect
import os
import warnings

import numpy as np
import pytest

import cesperanto as cle

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    up = pytest.importorskip("pyclesperanto")

OPS = ["labels_neighbors_statistics", "statistics_of_labelled_neighbors"]
PARAMS = {"proximal_distances": [2, 5, 9], "nearest_neighbor_ns": [1, 2, 3, 30], "dilation_radii": [1, 3]}
# columns that count (labels, neighbours, pixels): equal exactly; the others within float32 rounding
COUNTS = ("label", "touching_neighbor_count", "proximal_neighbor_count", "touch_portion_above", "touch_count_sum",
          "minimum_touch_count", "maximum_touch_count")


def upstream(op, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return getattr(up, op)(*args, **kwargs)


def blocks(shape, block, n, dtype, seed):
    """Labels 0..n-1 drawn per block (so labels touch, and some are absent)."""
    rng = np.random.default_rng(seed)
    return np.kron(rng.integers(0, n, shape), np.ones(block, dtype=np.int64)).astype(dtype)


def blobs():
    data = np.asarray(cle.pull(cle.imread(os.path.join(os.environ["CLE_DATA_DIR"], "blobs.tif")))).astype(np.float32)
    return np.asarray(cle.pull(cle.voronoi_otsu_labeling(data, spot_sigma=3, outline_sigma=1)))


# 3D blocks 3 planes deep: pyclesperanto 0.25.1's touch matrix skips the plane pairs 0-1 and 1-2
# (generate_touch_matrix's spec), which then hold no border between two labels
IMAGES = {
    "uint32_2d": lambda: blocks((4, 5), (3, 3), 6, np.uint32, 1),
    "uint16_3d": lambda: blocks((2, 4, 5), (3, 3, 4), 9, np.uint16, 2),
    "float32_2d_gaps": lambda: blocks((5, 7), (3, 2), 5, np.float32, 3) * 2,
    "uint8_1d": lambda: blocks((9,), (3,), 5, np.uint8, 4),
}


def assert_equals_pyclesperanto(ours, theirs):
    assert isinstance(ours, dict) and set(ours) == set(theirs)
    rows = len(ours["label"])
    for name, column in ours.items():
        assert isinstance(column, np.ndarray) and column.dtype == np.float64 and column.shape == (rows,), name
        expected = np.asarray(theirs[name], dtype=np.float64)
        assert expected.shape == column.shape, name
        if name.startswith(COUNTS):
            np.testing.assert_array_equal(column, expected, err_msg=name)
        else:  # float32 distances and portions (pyclesperanto's centroids are float32 sums: 1.3e-6 apart on blobs)
            np.testing.assert_allclose(column, expected, rtol=1e-5, atol=1e-5, equal_nan=True, err_msg=name)


@pytest.mark.parametrize("op", OPS)
def test_signature_is_pyclesperantos(op):
    ours = list(inspect.signature(getattr(cle, op)).parameters.values())
    theirs = list(inspect.signature(getattr(up, op)).parameters.values())
    assert [p.name for p in ours] == [p.name for p in theirs]
    assert [p.default for p in ours] == [p.default for p in theirs]


@pytest.mark.parametrize("include_background", [False, True])
@pytest.mark.parametrize("image", sorted(IMAGES))
def test_equals_pyclesperanto(image, include_background):
    labels = IMAGES[image]()
    ours = cle.labels_neighbors_statistics(labels, **PARAMS, include_background=include_background)
    theirs = upstream("labels_neighbors_statistics", labels, **PARAMS, include_background=include_background)
    assert_equals_pyclesperanto(ours, theirs)
    assert len(ours["label"]) == int(labels.max()) + (1 if include_background else 0)
    if include_background:
        assert all(column[0] == 0 for column in ours.values())  # the background's row: all 0, as pyclesperanto's


def test_defaults_on_blobs_equal_pyclesperanto():
    labels = blobs()
    ours = cle.labels_neighbors_statistics(cle.push(labels))
    assert_equals_pyclesperanto(ours, upstream("labels_neighbors_statistics", labels))
    assert len(ours) == 64  # 5 proximal distances, 10 n, 2 radii: pyclesperanto's 64 columns


def test_deprecated_name():
    labels = IMAGES["uint32_2d"]()
    with pytest.warns(DeprecationWarning, match="statistics_of_labelled_neighbors"):
        old = cle.statistics_of_labelled_neighbors(labels, **PARAMS)
    assert_equals_pyclesperanto(old, upstream("statistics_of_labelled_neighbors", labels, **PARAMS))
    new = cle.labels_neighbors_statistics(labels, **PARAMS)
    assert list(old) == list(new)
    for name in new:
        np.testing.assert_array_equal(old[name], new[name], err_msg=name)


def reference(labels, proximal_distances, nearest_neighbor_ns):
    """numpy, float64: labels 1..n all present; face neighbours along every axis."""
    n = int(labels.max())
    coords = np.indices(labels.shape, dtype=np.float64)[::-1]  # x, y, z
    centroids = np.array([[c[labels == i].mean() for c in coords] for i in range(1, n + 1)])
    dist = np.sqrt(((centroids[:, None, :] - centroids[None, :, :]) ** 2).sum(axis=2))
    pairs = np.zeros((n + 1, n + 1), dtype=np.int64)
    for axis in range(labels.ndim):
        a = np.moveaxis(labels, axis, 0)[:-1].ravel().astype(np.int64)
        b = np.moveaxis(labels, axis, 0)[1:].ravel().astype(np.int64)
        differ = a != b
        np.add.at(pairs, (a[differ], b[differ]), 1)
        np.add.at(pairs, (b[differ], a[differ]), 1)
    pairs = pairs[1:, 1:]  # the background's faces are not counted
    touch = pairs > 0
    other = ~np.eye(n, dtype=bool)
    out = {"label": np.arange(1, n + 1), "touching_neighbor_count": touch.sum(axis=1),
           "touch_count_sum": pairs.sum(axis=1), "maximum_touch_count": pairs.max(axis=1),
           "distance_to_most_distant_other": np.where(other, dist, -np.inf).max(axis=1)}
    masked = np.where(touch, dist, np.nan)
    out["minimum_distance_of_touching_neighbors"] = np.nanmin(masked, axis=1)
    out["average_distance_of_touching_neighbors"] = np.nanmean(masked, axis=1)
    out["maximum_distance_of_touching_neighbors"] = np.nanmax(masked, axis=1)
    for d in proximal_distances:
        out["proximal_neighbor_count_d%d" % d] = ((dist <= d) & other).sum(axis=1)
    nearest = np.sort(np.where(other, dist, np.inf), axis=1)[:, :n - 1]
    for k in nearest_neighbor_ns:
        m = min(k, n - 1)
        out["maximum_distance_of_n%d_nearest_neighbors" % k] = nearest[:, m - 1]
        out["average_distance_of_n%d_nearest_neighbors" % k] = nearest[:, :m].mean(axis=1)
    return out


@pytest.mark.parametrize("image", ["uint32_2d", "uint16_3d", "blobs"])
def test_numpy_reference(image):
    labels = blobs() if image == "blobs" else IMAGES[image]()
    labels = np.unique(labels, return_inverse=True)[1].reshape(labels.shape)  # 0, 1..n, none absent
    labels = labels.astype(np.uint32) + (0 if labels.min() == 0 else 1)
    ours = cle.labels_neighbors_statistics(labels, **PARAMS)
    ref = reference(labels, PARAMS["proximal_distances"], PARAMS["nearest_neighbor_ns"])
    touching = ref["touching_neighbor_count"] > 0
    for name, expected in ref.items():
        got = ours[name]
        if "touching_neighbors" in name:  # only labels with a touching neighbour have these distances
            got, expected = got[touching], expected[touching]
        if name.startswith(COUNTS):
            np.testing.assert_array_equal(got, expected, err_msg=name)
        else:  # float32 centroids and distances against float64
            np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-5, err_msg=name)


def test_where_it_differs_from_pyclesperanto():
    """A single label has no other: NaN for its n nearest distances, where pyclesperanto 0.25.1 gives -1
    (maximum_distance_n_nearest_neighbors' spec); an image without labels gives no rows (or the
    background's alone), where pyclesperanto raises."""
    one = np.pad(np.ones((3, 4), np.uint32), 2)
    ours = cle.labels_neighbors_statistics(one, **PARAMS)
    theirs = upstream("labels_neighbors_statistics", one, **PARAMS)
    for k in PARAMS["nearest_neighbor_ns"]:
        name = "maximum_distance_of_n%d_nearest_neighbors" % k
        assert np.isnan(ours[name][0]) and theirs[name][0] == -1
    same = {k: v for k, v in theirs.items() if not k.startswith("maximum_distance_of_n")}
    assert_equals_pyclesperanto({k: ours[k] for k in same}, same)
    empty = np.zeros((5, 6), np.uint8)
    assert all(len(v) == 0 for v in cle.labels_neighbors_statistics(empty, **PARAMS).values())
    assert cle.labels_neighbors_statistics(empty, **PARAMS, include_background=True)["label"].tolist() == [0]
    with pytest.raises(Exception):
        upstream("labels_neighbors_statistics", empty, **PARAMS)


def test_list_params_hold_whole_numbers():
    labels = IMAGES["uint32_2d"]()
    with pytest.raises(cle.InvalidArgumentError, match="labels_neighbors_statistics: proximal_distances must hold"):
        cle.labels_neighbors_statistics(labels, proximal_distances=[2.5])
    with pytest.raises(cle.InvalidArgumentError, match="dilation_radii must be a list"):
        cle.labels_neighbors_statistics(labels, dilation_radii=3)
    given = cle.push(labels)
    cle.labels_neighbors_statistics(given, dilation_radii=np.array([1, 2]))  # numpy ints are whole numbers
    np.testing.assert_array_equal(cle.pull(given), labels)  # the caller's labels are left alone
