"""cesperanto with the tools Python users combine it with (issue: a drop-in for pyclesperanto, point 5):
dask.array over any op, tifffile, scikit-image and matplotlib given an Array, and deprecated names
warning rather than failing."""
import io
import warnings

import numpy as np
import pytest

import cesperanto as cle

IMAGE = np.random.default_rng(3).random((40, 52), dtype=np.float32)


def test_dask_map_blocks_and_map_overlap_run_any_op():
    da = pytest.importorskip("dask.array")
    d = da.from_array(IMAGE, chunks=(20, 26))
    ours = cle.pull(cle.gaussian_blur(IMAGE, sigma_x=1, sigma_y=1))
    # blockwise: equal to the whole-image op away from the chunk borders' reach, exact per block
    blocks = d.map_blocks(cle.gaussian_blur, sigma_x=1, sigma_y=1, dtype=np.float32).compute()
    assert isinstance(blocks, np.ndarray) and blocks.shape == IMAGE.shape
    np.testing.assert_array_equal(blocks[:20, :26], cle.pull(cle.gaussian_blur(IMAGE[:20, :26], sigma_x=1, sigma_y=1)))
    # with an overlap of the footprint's reach (4 sigma) and edge-repeating borders: the whole-image result
    overlap = d.map_overlap(cle.gaussian_blur, depth=4, boundary="nearest", sigma_x=1, sigma_y=1,
                            dtype=np.float32).compute()
    np.testing.assert_array_equal(overlap, ours)
    # a label op through dask, integer output
    labels = d.map_blocks(lambda b: cle.pull(cle.threshold_otsu(b)), dtype=np.uint8).compute()
    assert labels.dtype == np.uint8 and set(np.unique(labels)) <= {0, 1}


def test_tifffile_writes_an_array():
    tifffile = pytest.importorskip("tifffile")
    buffer = io.BytesIO()
    tifffile.imwrite(buffer, cle.push(IMAGE))
    buffer.seek(0)
    np.testing.assert_array_equal(tifffile.imread(buffer), IMAGE)


def test_reshape_beyond_3_dimensions_gives_numpy():
    a = cle.push(IMAGE)
    r = a.reshape(1, 1, 1, 40, 52, 1)
    assert isinstance(r, np.ndarray) and r.shape == (1, 1, 1, 40, 52, 1)
    np.testing.assert_array_equal(r.reshape(40, 52), IMAGE)
    assert isinstance(a.reshape(2, 20, 52), cle.Array)  # up to 3 dimensions it stays on the device


def test_scikit_image_takes_an_array():
    filters = pytest.importorskip("skimage.filters")
    measure = pytest.importorskip("skimage.measure")
    a = cle.push(IMAGE)
    assert filters.threshold_otsu(a) == filters.threshold_otsu(IMAGE)
    labels = cle.connected_component_labeling(a > 0.5)
    props = measure.regionprops_table(np.asarray(labels), properties=("label", "area"))
    assert props["area"].sum() == int((IMAGE > 0.5).sum())


def test_matplotlib_shows_an_array():
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots()
    shown = axes.imshow(cle.push(IMAGE))
    np.testing.assert_array_equal(np.asarray(shown.get_array()), IMAGE)
    plt.close(figure)


def test_deprecated_names_warn_and_work():
    binary = cle.push((IMAGE > 0.5).astype(np.uint8))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        old = cle.connected_components_labeling(binary)
    assert any(issubclass(w.category, DeprecationWarning) for w in caught), [str(w.message) for w in caught]
    np.testing.assert_array_equal(cle.pull(old), cle.pull(cle.connected_component_labeling(binary)))
