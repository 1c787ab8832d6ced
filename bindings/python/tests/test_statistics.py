"""The table ops (output creator `table`): statistics_of_labelled_pixels,
statistics_of_background_and_labelled_pixels and labels_statistics (label
first, include_background) give pyclesperanto 0.25.1's dict
of columns -- the same keys, numpy float64 arrays here (lists there) -- with
values equal to pyclesperanto's within float32 rounding (it sums in float32),
and to scikit-image's regionprops_table on the measurements both have."""

import inspect
import os
import warnings

import numpy as np
import pytest

import cesperanto as cle

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    up = pytest.importorskip("pyclesperanto")

OPS = ["statistics_of_labelled_pixels", "statistics_of_background_and_labelled_pixels"]


def blobs_and_labels():
    blobs = np.asarray(cle.pull(cle.imread(os.path.join(os.environ["CLE_DATA_DIR"], "blobs.tif")))).astype(np.float32)
    labels = np.asarray(cle.pull(cle.voronoi_otsu_labeling(blobs, spot_sigma=3, outline_sigma=1)))
    return blobs, labels


def random_3d():
    rng = np.random.default_rng(11)
    labels = np.kron(rng.integers(0, 9, (3, 4, 5)), np.ones((2, 3, 4), dtype=np.int64)).astype(np.uint16)
    intensity = (rng.random(labels.shape) * 100).astype(np.float32)
    return intensity, labels


def upstream(op, intensity, label):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return getattr(up, op)(intensity, label)


@pytest.mark.parametrize("op", OPS)
def test_signature_is_pyclesperantos(op):
    ours = inspect.signature(getattr(cle, op))
    theirs = inspect.signature(getattr(up, op))
    assert list(ours.parameters) == list(theirs.parameters)
    assert all(p.default is None for p in ours.parameters.values())


@pytest.mark.parametrize("op", OPS)
@pytest.mark.parametrize("images", [blobs_and_labels, random_3d])
def test_equals_pyclesperanto(op, images):
    intensity, labels = images()
    ours = getattr(cle, op)(intensity, labels)
    theirs = upstream(op, intensity, labels)
    assert isinstance(ours, dict) and set(ours) == set(theirs)
    area = ours["area"]
    for name, column in ours.items():
        assert isinstance(column, np.ndarray) and column.dtype == np.float64 and column.shape == area.shape, name
        expected = np.asarray(theirs[name], dtype=np.float64)
        assert expected.shape == column.shape, name
        present = area > 0  # labels without pixels: NaN here, float32's extremes there (the spec says why)
        scale = np.maximum(1, np.abs(expected[present]))
        assert np.all(np.abs(column[present] - expected[present]) <= 1e-5 * scale), name


def test_regionprops_table():
    skimage_measure = pytest.importorskip("skimage.measure")
    intensity, labels = blobs_and_labels()
    ours = cle.statistics_of_labelled_pixels(intensity, labels)
    props = skimage_measure.regionprops_table(
        labels.astype(np.int32), intensity,
        properties=["label", "area", "centroid", "bbox", "intensity_mean", "intensity_min", "intensity_max"])
    rows = props["label"].astype(int) - 1  # ours: a row per label 1..max
    np.testing.assert_array_equal(ours["label"][rows], props["label"])
    np.testing.assert_array_equal(ours["area"][rows], props["area"])
    np.testing.assert_allclose(ours["centroid_y"][rows], props["centroid-0"], rtol=1e-9)
    np.testing.assert_allclose(ours["centroid_x"][rows], props["centroid-1"], rtol=1e-9)
    np.testing.assert_array_equal(ours["bbox_min_y"][rows], props["bbox-0"])
    np.testing.assert_array_equal(ours["bbox_min_x"][rows], props["bbox-1"])
    np.testing.assert_array_equal(ours["bbox_max_y"][rows] + 1, props["bbox-2"])  # skimage's max is exclusive
    np.testing.assert_array_equal(ours["bbox_max_x"][rows] + 1, props["bbox-3"])
    np.testing.assert_allclose(ours["mean_intensity"][rows], props["intensity_mean"], rtol=1e-6)
    np.testing.assert_array_equal(ours["min_intensity"][rows], props["intensity_min"])
    np.testing.assert_array_equal(ours["max_intensity"][rows], props["intensity_max"])


def test_none_and_background():
    intensity, labels = random_3d()
    whole = cle.statistics_of_labelled_pixels(intensity)  # one label over the whole image
    assert whole["area"].tolist() == [intensity.size]
    assert whole["sum_intensity"][0] == pytest.approx(float(intensity.astype(np.float64).sum()), rel=1e-12)
    self_measured = cle.statistics_of_labelled_pixels(label=labels)  # the labels as intensities
    np.testing.assert_array_equal(self_measured["mean_intensity"][self_measured["area"] > 0],
                                  self_measured["label"][self_measured["area"] > 0])
    with_background = cle.statistics_of_background_and_labelled_pixels(intensity, labels)
    without = cle.statistics_of_labelled_pixels(intensity, labels)
    assert with_background["label"][0] == 0 and with_background["area"][0] == np.count_nonzero(labels == 0)
    for name in without:
        np.testing.assert_array_equal(with_background[name][1:], without[name])
    with pytest.raises(cle.InvalidArgumentError, match="statistics_of_labelled_pixels: give intensity, label"):
        cle.statistics_of_labelled_pixels()
    with pytest.raises(ValueError, match="statistics_of_labelled_pixels"):
        cle.statistics_of_labelled_pixels(intensity[:1], labels)


@pytest.mark.parametrize("stats_op", OPS)
@pytest.mark.parametrize("prop", ["label", "area", "mean_intensity", "max_distance_to_centroid"])
def test_parametric_map_equals_pyclesperanto(stats_op, prop):
    intensity, labels = blobs_and_labels()
    ours = cle.parametric_map(labels, getattr(cle, stats_op)(intensity, labels), property=prop)
    theirs = np.asarray(up.parametric_map(labels, upstream(stats_op, intensity, labels), property=prop))
    got = np.asarray(ours)
    assert got.dtype == np.float32 and got.shape == labels.shape
    np.testing.assert_allclose(got, theirs, rtol=1e-5, atol=1e-4)


def test_parametric_map_columns():
    labels = np.array([[0, 1, 1], [2, 2, 0], [3, 0, 3]], np.uint32)
    for column in ([10, 20, 30, 40], [10, 20, 30], [10, 20, 30, 40, 50, 60], [10, 20]):
        np.testing.assert_array_equal(np.asarray(cle.parametric_map(labels, {"x": column}, property="x")),
                                      np.asarray(up.parametric_map(labels, {"x": column}, property="x")))
    with pytest.raises(cle.InvalidArgumentError, match="parametric_map: property 'y' is not a column"):
        cle.parametric_map(labels, {"x": [1, 2]}, property="y")
    with pytest.raises(cle.InvalidArgumentError, match="parametric_map: properties must be a dict"):
        cle.parametric_map(labels, [1, 2, 3])
    out = cle.push(np.zeros(labels.shape, np.float32))
    cle.parametric_map(labels, {"label": [0, 5, 6, 7]}, out)  # into a given output
    np.testing.assert_array_equal(np.asarray(out), [[0, 5, 5], [6, 6, 0], [7, 0, 7]])


def test_in_the_registry():
    op = cle.operation("statistics_of_labelled_pixels") if hasattr(cle, "operation") else None
    if op is not None and hasattr(op, "output_kind"):
        assert op.output_kind == "table"


def reference(intensity, labels):
    """The table's intensity and distance columns in float64 numpy, label by label."""
    coords = np.indices(labels.shape, dtype=np.float64)[::-1]  # x, y, z order
    out = {k: [] for k in ("sum_intensity", "mean_intensity", "standard_deviation_intensity", "min_intensity",
                           "max_intensity", "mass_center_x", "sum_distance_to_centroid", "max_distance_to_centroid",
                           "sum_distance_to_mass_center", "max_distance_to_mass_center")}
    v64 = intensity.astype(np.float64)
    for lab in range(1, int(labels.max()) + 1):
        m = labels == lab
        v = v64[m]
        pos = np.array([c[m] for c in coords])
        centroid = pos.mean(axis=1)
        mass = (pos * v).sum(axis=1) / v.sum()
        dc = np.sqrt(((pos - centroid[:, None]) ** 2).sum(axis=0))
        dm = np.sqrt(((pos - mass[:, None]) ** 2).sum(axis=0))
        for k, x in (("sum_intensity", v.sum()), ("mean_intensity", v.mean()), ("standard_deviation_intensity", v.std()),
                     ("min_intensity", v.min()), ("max_intensity", v.max()), ("mass_center_x", mass[0]),
                     ("sum_distance_to_centroid", dc.sum()), ("max_distance_to_centroid", dc.max()),
                     ("sum_distance_to_mass_center", dm.sum()), ("max_distance_to_mass_center", dm.max())):
            out[k].append(x)
    return {k: np.array(x) for k, x in out.items()}


@pytest.mark.parametrize("scale, offset, dtype", [(1.0, 0.0, np.float32), (1e6, -5e5, np.float32),
                                                  (1e-6, 0.0, np.float32), (255, 0, np.uint8),
                                                  (60000, 0, np.uint16), (1.0, 0.0, "nan")])
def test_float64_reference(scale, offset, dtype):
    """Finite intensities take the fixed-point path (sums rounded per pixel to 2^-e, e from the image's
    largest magnitude: far below float32's rounding), an image with a NaN the slot path (NaN sums where
    the NaN is, min/max skipping it); both agree with float64 numpy within 1e-9 relative (maxima of
    distances: float32's rounding)."""
    rng = np.random.default_rng(3)
    labels = np.kron(rng.integers(1, 40, (6, 7, 5)), np.ones((3, 4, 5), dtype=np.int64)).astype(np.uint32)
    labels = np.unique(labels, return_inverse=True)[1].reshape(labels.shape).astype(np.uint32) + 1
    raw = rng.random(labels.shape)
    intensity = (raw * scale + offset).astype(np.float32 if dtype == "nan" else dtype)
    if dtype == "nan":
        intensity[0, 0, 0] = np.nan
    ours = cle.statistics_of_labelled_pixels(intensity, labels)
    ref = reference(intensity, labels)
    nan_label = int(labels[0, 0, 0]) - 1 if dtype == "nan" else None
    for k, expected in ref.items():
        got = ours[k]
        if nan_label is not None:
            if k.endswith(("min_intensity", "max_intensity")):  # NaN skipped: recompute without it
                continue
            if k in ("sum_intensity", "mean_intensity", "mass_center_x"):
                assert np.isnan(got[nan_label]), k
            keep = np.arange(len(got)) != nan_label
            got, expected = got[keep], expected[keep]
        rtol = 1e-7 if k.startswith("max_distance") else 1e-9
        np.testing.assert_allclose(got, expected, rtol=rtol, atol=1e-9 * np.abs(expected).max(), err_msg=k)


@pytest.mark.parametrize("path", ["cpu", "gpu"])
def test_label_without_mass_center_as_pyclesperanto(path, monkeypatch):
    """A label whose intensities sum to 0 has no mass center (0/0): the distances to it sum to
    NaN and their maximum skips them, as in pyclesperanto 0.25.1, on both summing layouts."""
    up = pytest.importorskip("pyclesperanto")
    monkeypatch.setenv("CLE_REDUCE_PATH", path)
    labels = np.array([[1, 1, 0], [2, 2, 2], [0, 3, 3]], dtype=np.uint32)
    intensity = np.array([[0, 0, 5], [1, 2, 3], [4, 5, 6]], dtype=np.float32)
    ours = cle.statistics_of_labelled_pixels(intensity, labels)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        theirs = up.statistics_of_labelled_pixels(intensity, labels)
    for key in ("mass_center_x", "sum_distance_to_mass_center", "mean_distance_to_mass_center",
                "max_distance_to_mass_center"):
        np.testing.assert_allclose(np.asarray(ours[key], dtype=float), np.asarray(theirs[key], dtype=float),
                                   rtol=1e-6, equal_nan=True, err_msg=key)
    assert np.isnan(ours["mean_distance_to_mass_center"][0]) and ours["max_distance_to_mass_center"][0] == 0


# labels_statistics(label, intensity, include_background): the old ops' measurements, label first
BACKGROUND = [False, True]


def upstream_labels_statistics(*args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return up.labels_statistics(*args, **kwargs)


def assert_table_equals_pyclesperanto(ours, theirs):
    """The same keys; float64 columns equal to pyclesperanto's lists within 1e-5 relative (it sums in
    float32) on the rows of labels with pixels (the others: NaN here, float32's extremes there); NaN
    where both have it (a label whose intensities sum to 0 has no mass center)."""
    assert isinstance(ours, dict) and set(ours) == set(theirs)
    area = ours["area"]
    present = area > 0
    for name, column in ours.items():
        assert isinstance(column, np.ndarray) and column.dtype == np.float64 and column.shape == area.shape, name
        expected = np.asarray(theirs[name], dtype=np.float64)
        assert expected.shape == column.shape, name
        got, want = column[present], expected[present]
        close = np.abs(got - want) <= 1e-5 * np.maximum(1, np.abs(want))
        assert np.all(close | (np.isnan(got) & np.isnan(want))), name


def test_labels_statistics_signature_is_pyclesperantos():
    ours = inspect.signature(cle.labels_statistics)
    theirs = inspect.signature(up.labels_statistics)
    assert list(ours.parameters) == list(theirs.parameters)
    assert [p.default for p in ours.parameters.values()] == [p.default for p in theirs.parameters.values()]


@pytest.mark.parametrize("include_background", BACKGROUND)
@pytest.mark.parametrize("images", [blobs_and_labels, random_3d])
def test_labels_statistics_equals_pyclesperanto(include_background, images):
    intensity, labels = images()
    ours = cle.labels_statistics(labels, intensity, include_background)
    assert_table_equals_pyclesperanto(ours, upstream_labels_statistics(labels, intensity, include_background))
    assert ours["label"][0] == (0 if include_background else 1)
    assert len(ours["label"]) == int(labels.max()) + (1 if include_background else 0)


@pytest.mark.parametrize("include_background", BACKGROUND)
def test_labels_statistics_none_as_pyclesperanto(include_background):
    """label None: one label over the whole image (with the background, a row of area 0 before it);
    intensity None: the label image measured as intensities; both None: refused, by both."""
    intensity, labels = random_3d()
    for kwargs in ({"intensity": intensity}, {"label": labels}):
        ours = cle.labels_statistics(include_background=include_background, **kwargs)
        theirs = upstream_labels_statistics(include_background=include_background, **kwargs)
        assert_table_equals_pyclesperanto(ours, theirs)
    whole = cle.labels_statistics(intensity=intensity, include_background=include_background)
    assert whole["area"].tolist() == ([0, intensity.size] if include_background else [intensity.size])
    with pytest.raises(cle.InvalidArgumentError, match="labels_statistics: give intensity, label"):
        cle.labels_statistics(include_background=include_background)
    with pytest.raises(Exception):
        upstream_labels_statistics(include_background=include_background)


@pytest.mark.parametrize("include_background", BACKGROUND)
def test_labels_statistics_is_the_old_ops(include_background):
    """The same computation as statistics_of_[background_and_]labelled_pixels(intensity, label): equal bit
    for bit, column for column, in the same order."""
    intensity, labels = random_3d()
    ours = cle.labels_statistics(labels, intensity, include_background=include_background)
    old = (cle.statistics_of_background_and_labelled_pixels if include_background
           else cle.statistics_of_labelled_pixels)(intensity, labels)
    assert list(ours) == list(old)
    for name in ours:
        np.testing.assert_array_equal(ours[name], old[name], err_msg=name)


@pytest.mark.parametrize("include_background", BACKGROUND)
def test_labels_statistics_regionprops(include_background):
    """An independent reference: scikit-image's regionprops_table, the background measured as label 1 of
    labels == 0 where the row is asked for."""
    skimage_measure = pytest.importorskip("skimage.measure")
    intensity, labels = blobs_and_labels()
    ours = cle.labels_statistics(labels, intensity, include_background)
    props = ["label", "area", "centroid", "bbox", "intensity_mean", "intensity_min", "intensity_max"]
    table = skimage_measure.regionprops_table(labels.astype(np.int32), intensity, properties=props)
    rows = table["label"].astype(int) - (0 if include_background else 1)
    if include_background:
        bg = skimage_measure.regionprops_table((labels == 0).astype(np.int32), intensity, properties=props)
        table = {k: np.concatenate([bg[k] * (0 if k == "label" else 1), table[k]]) for k in table}
        rows = np.concatenate([[0], rows])
    np.testing.assert_array_equal(ours["label"][rows], table["label"])
    np.testing.assert_array_equal(ours["area"][rows], table["area"])
    np.testing.assert_allclose(ours["centroid_y"][rows], table["centroid-0"], rtol=1e-9)
    np.testing.assert_allclose(ours["centroid_x"][rows], table["centroid-1"], rtol=1e-9)
    np.testing.assert_array_equal(ours["bbox_min_y"][rows], table["bbox-0"])
    np.testing.assert_array_equal(ours["bbox_min_x"][rows], table["bbox-1"])
    np.testing.assert_array_equal(ours["bbox_max_y"][rows] + 1, table["bbox-2"])  # skimage's max is exclusive
    np.testing.assert_array_equal(ours["bbox_max_x"][rows] + 1, table["bbox-3"])
    np.testing.assert_allclose(ours["mean_intensity"][rows], table["intensity_mean"], rtol=1e-6)
    np.testing.assert_array_equal(ours["min_intensity"][rows], table["intensity_min"])
    np.testing.assert_array_equal(ours["max_intensity"][rows], table["intensity_max"])


@pytest.mark.parametrize("include_background", BACKGROUND)
def test_labels_statistics_parametric_map_equals_pyclesperanto(include_background):
    intensity, labels = blobs_and_labels()
    ours = cle.parametric_map(labels, cle.labels_statistics(labels, intensity, include_background),
                              property="mean_intensity")
    theirs = up.parametric_map(labels, upstream_labels_statistics(labels, intensity, include_background),
                               property="mean_intensity")
    np.testing.assert_allclose(np.asarray(ours), np.asarray(theirs), rtol=1e-5, atol=1e-4)
