"""cesperanto.dask: ops and pipelines over chunked dask arrays equal the untiled op, bits and
numbering included (finite footprints through map_overlap with chunks smaller than the halo in
places; labeling, Otsu and reductions through their merges), on dask's threads (a LocalCluster of
worker processes: test_dask_distributed.py); what it cannot run is refused naming the op."""

import os

import numpy as np
import pytest

import cesperanto as cle

da = pytest.importorskip("dask.array")
cled = pytest.importorskip("cesperanto.dask")

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
SEED = [("gaussian_blur", {"sigma_x": 1, "sigma_y": 1, "sigma_z": 1}), ("threshold_otsu", {}),
        ("connected_component_labeling", {"connectivity": "box"})]
# odd chunks, several of them smaller than the halos below (gaussian sigma 2: 8 pixels)
CHUNKS_3D = ((3, 9, 11, 13), (5, 17, 7, 12), (13, 4, 20))
CHUNKS_2D = ((5, 17, 7, 12, 20), (13, 4, 20, 9, 21))


def untiled(op, *inputs, **params):
    return cle.pull(getattr(cle, op)(*inputs, **params))


def same(got, want):
    assert got.dtype == want.dtype, (got.dtype, want.dtype)
    assert got.shape == want.shape
    return np.array_equal(got, want, equal_nan=True)


FILTERS = [
    ("gaussian_blur", {"sigma_x": 2, "sigma_y": 1.5, "sigma_z": 1}),
    ("median", {"radius_x": 2, "radius_y": 1, "radius_z": 1}),
    ("minimum_filter", {"radius_x": 3, "radius_y": 2, "radius_z": 1, "connectivity": "box"}),
    ("maximum_filter", {"radius_x": 2, "radius_y": 2, "radius_z": 2, "connectivity": "sphere"}),
    ("mean_filter", {"radius_x": 4, "radius_y": 3, "radius_z": 2}),
    ("top_hat", {"radius_x": 3, "radius_y": 3, "radius_z": 1}),
    ("sobel", {}),
    ("laplace", {"connectivity": "sphere"}),
    ("detect_maxima", {"radius_x": 1, "radius_y": 1, "radius_z": 1}),
    ("difference_of_gaussian", {"sigma1_x": 1, "sigma1_y": 1, "sigma1_z": 0.5, "sigma2_x": 3, "sigma2_y": 3,
                                "sigma2_z": 1}),
    ("greater_constant", {"scalar": 0.5}),
]


@pytest.mark.parametrize("op,params", FILTERS, ids=[f[0] for f in FILTERS])
def test_finite_footprint_ops_equal_untiled_bit_for_bit(op, params):
    rng = np.random.default_rng(7)
    image = rng.random((36, 41, 37), dtype=np.float32)
    got = cled.map(op, da.from_array(image, chunks=CHUNKS_3D), **params)
    want = untiled(op, image, **params)
    assert got.dtype == want.dtype  # known before anything runs
    assert same(got.compute(), want)
    flat = image[0]  # 2D, the z params ignored as the op ignores them
    got = cled.map(op, da.from_array(flat, chunks=CHUNKS_3D[1:]), **params)
    assert same(got.compute(), untiled(op, flat, **params))


def test_integer_inputs_dtype_rules_and_two_inputs():
    rng = np.random.default_rng(8)
    a = rng.integers(0, 200, (36, 41, 37)).astype(np.uint8)
    b = rng.integers(0, 200, (36, 41, 37)).astype(np.int16)
    xa = da.from_array(a, chunks=CHUNKS_3D)
    xb = da.from_array(b, chunks=((9, 9, 9, 9), (41,), (20, 17)))  # another chunking: aligned
    for op, params in [("gaussian_blur", {"sigma_x": 1, "sigma_y": 2, "sigma_z": 1}),
                       ("maximum_filter", {"radius_x": 2, "radius_y": 1, "radius_z": 3}),
                       ("binary_edge_detection", {}), ("absolute", {})]:
        assert same(cled.map(op, xa, **params).compute(), untiled(op, a, **params)), op
    assert same(cled.map("add_images", xa, xb).compute(), untiled("add_images", a, b))
    assert same(cled.map("add_images_weighted", xa, input_image1=xb, factor1=0.5, factor2=2).compute(),
                untiled("add_images_weighted", a, b, factor1=0.5, factor2=2))
    assert same(cled.map("subtract_images", xb, a).compute(), untiled("subtract_images", b, a))  # numpy input too
    # float64 and bool are pushed as float32 and uint8, as cle.push does
    f = rng.random((20, 30))
    got = cled.map("mean_filter", da.from_array(f, chunks=7), radius_x=2, radius_y=2)
    assert same(got.compute(), untiled("mean_filter", f, radius_x=2, radius_y=2))


@pytest.mark.parametrize("connectivity", ["box", "sphere"])
@pytest.mark.parametrize("ndim", [2, 3])
def test_labeling_equals_untiled_numbering_included(ndim, connectivity):
    rng = np.random.default_rng(11 + ndim)
    shape, chunks = ((61, 67), CHUNKS_2D) if ndim == 2 else ((36, 41, 37), CHUNKS_3D)
    counts = []
    for density in (0.08, 0.25, 0.5, 0.7):  # many small objects, then a few across many chunks
        binary = (rng.random(shape) < density).astype(np.uint8)
        got = cled.map("connected_component_labeling", da.from_array(binary, chunks=chunks), connectivity=connectivity)
        want = untiled("connected_component_labeling", binary, connectivity=connectivity)
        counts.append(int(want.max()))
        assert same(got.compute(), want), (density, int(want.max()))
    assert max(counts) > 100 and min(counts) < 50, counts
    # chunks of one pixel along an axis; an empty image; one object everywhere; 1D
    binary = (rng.random(shape) < 0.5).astype(np.float32)
    thin = da.from_array(binary, chunks=(1,) + (9,) * (ndim - 1))
    assert same(cled.map("connected_component_labeling", thin, connectivity=connectivity).compute(),
                untiled("connected_component_labeling", binary, connectivity=connectivity))
    for fill in (0, 1):
        flat = np.full(shape, fill, np.uint8)
        got = cled.map("connected_component_labeling", da.from_array(flat, chunks=chunks), connectivity=connectivity)
        assert same(got.compute(), untiled("connected_component_labeling", flat, connectivity=connectivity))
    line = (rng.random(200) < 0.5).astype(np.uint8)
    got = cled.map("connected_component_labeling", da.from_array(line, chunks=7), connectivity=connectivity)
    assert same(got.compute(), untiled("connected_component_labeling", line, connectivity=connectivity))


def skimage_otsu_float64(counts, centers):
    """scikit-image's threshold_otsu on (counts, bin centers), its numpy code with the counts in
    float64 (scikit-image casts them to float32) after trimming empty end bins."""
    nonzero = np.flatnonzero(counts)
    counts = np.asarray(counts[nonzero[0]:nonzero[-1] + 1], np.float64)
    centers = np.asarray(centers[nonzero[0]:nonzero[-1] + 1], np.float64)
    if len(centers) == 1:
        return np.float32(centers[0])
    weight1 = np.cumsum(counts)
    weight2 = np.cumsum(counts[::-1])[::-1]
    mean1 = np.cumsum(counts * centers) / weight1
    mean2 = (np.cumsum((counts * centers)[::-1]) / weight2[::-1])[::-1]
    variance12 = weight1[:-1] * weight2[1:] * (mean1[:-1] - mean2[1:]) ** 2
    return np.float32(centers[np.argmax(variance12)])


def test_otsu_threshold_from_a_histogram_is_scikit_images():
    filters = pytest.importorskip("skimage.filters")
    rng = np.random.default_rng(3)
    for trial in range(300):
        bins = int(rng.choice([1, 2, 3, 17, 200, 256]))
        counts = rng.integers(0, 1000, bins) * (rng.random(bins) < rng.random())
        if trial % 3 == 0:
            counts[:rng.integers(0, bins)] = 0  # empty bins at the start (and, below, the end)
        if trial % 5 == 0:
            counts[bins - rng.integers(0, bins):] = 0
        if not counts.any():
            counts[rng.integers(0, bins)] = 1
        lo, hi = np.float32(rng.normal() * 100), np.float32(rng.normal() * 100 + 200)
        span = float(hi - lo)
        centers = np.array([i * span / (bins - 1) + float(lo) if bins > 1 else float(lo) for i in range(bins)])
        got = cled.otsu_threshold(counts, lo, hi)
        assert got == skimage_otsu_float64(counts, centers), trial
        nonzero = np.flatnonzero(counts)
        if nonzero[0] == 0 and nonzero[-1] == bins - 1 and bins > 1:  # scikit-image itself (no trimming there)
            assert got == np.float32(filters.threshold_otsu(hist=(counts, centers))), trial


def test_otsu_equals_untiled():
    rng = np.random.default_rng(5)
    images = [
        rng.random((36, 41, 37), dtype=np.float32),
        (rng.random((36, 41, 37)) ** 3 * 255).astype(np.uint8),
        (rng.random((36, 41, 37)) * 120).astype(np.uint8),  # integer range below 256: one bin per value
        (rng.normal(0, 300, (36, 41, 37))).astype(np.int16),
        (rng.random((36, 41, 37)) * 90 - 40).astype(np.int8),
        np.full((36, 41, 37), 7, np.uint16),
        rng.random((61, 67), dtype=np.float32) ** 4,
    ]
    with_nan = rng.random((36, 41, 37), dtype=np.float32)
    with_nan[:3] = np.nan  # whole chunks of NaN
    with_nan[10, 5:9, 3] = np.nan
    images.append(with_nan)
    for k, image in enumerate(images):
        chunks = CHUNKS_3D if image.ndim == 3 else CHUNKS_2D
        got = cled.map("threshold_otsu", da.from_array(image, chunks=chunks))
        assert same(got.compute(), untiled("threshold_otsu", image)), (k, image.dtype)


def test_reductions_are_dask_reductions_of_chunk_results():
    rng = np.random.default_rng(6)
    image = rng.integers(-100, 100, (36, 41, 37)).astype(np.int16)
    x = da.from_array(image, chunks=CHUNKS_3D)
    for op in cled.REDUCTIONS:
        got = cled.map(op, x)
        assert got.ndim == 0 and got.dtype == np.float64
        assert float(got.compute()) == getattr(cle, op)(image), op  # integers: exactly
    floats = rng.random((36, 41, 37), dtype=np.float32)
    floats[4:9] = np.nan  # minimum and maximum skip NaN pixels, as the op does
    x = da.from_array(floats, chunks=CHUNKS_3D)
    for op in ("maximum_of_all_pixels", "minimum_of_all_pixels"):
        assert float(cled.map(op, x).compute()) == getattr(cle, op)(floats), op
    clean = rng.random((36, 41, 37), dtype=np.float32)
    x = da.from_array(clean, chunks=CHUNKS_3D)
    for op in ("sum_of_all_pixels", "mean_of_all_pixels"):  # float sums: up to rounding
        assert float(cled.map(op, x).compute()) == pytest.approx(getattr(cle, op)(clean), rel=1e-6), op


def test_pipeline_of_pairs():
    rng = np.random.default_rng(9)
    volume = np.kron(rng.random((8, 9, 10), dtype=np.float32), np.ones((3, 3, 3), np.float32))
    x = da.from_array(volume, chunks=(7, 5, 6))
    labels = cled.pipeline(x, SEED)
    want = untiled("connected_component_labeling",
                   untiled("threshold_otsu", untiled("gaussian_blur", volume, sigma_x=1, sigma_y=1, sigma_z=1)),
                   connectivity="box")
    assert want.max() > 2
    assert same(labels.compute(), want)
    count = cled.pipeline(x, SEED + [("maximum_of_all_pixels", {})])
    assert count.ndim == 0 and float(count.compute()) == want.max()
    binary = cled.pipeline(x, SEED, result=1)
    assert same(binary.compute(), untiled("threshold_otsu", untiled("gaussian_blur", volume, sigma_x=1, sigma_y=1,
                                                                    sigma_z=1)))
    other = rng.random(volume.shape, dtype=np.float32)
    summed = cled.pipeline(x, [("add_images", {"input_image1": da.from_array(other, chunks=9)}),
                               ("median", {"radius_x": 1, "radius_y": 1, "radius_z": 1})])
    assert same(summed.compute(), untiled("median", untiled("add_images", volume, other), radius_x=1, radius_y=1,
                                          radius_z=1))


def test_pipeline_yaml_files_as_cle_run_reads_them(tmp_path):
    tifffile = pytest.importorskip("tifffile")
    blobs = tifffile.imread(os.path.join(ROOT, "data", "blobs.tif"))
    x = da.from_array(blobs, chunks=(50, 47))
    seed = os.path.join(ROOT, "examples", "seed_workflow.yaml")
    labels = untiled("connected_component_labeling",
                     untiled("threshold_otsu", untiled("gaussian_blur", blobs, sigma_x=1, sigma_y=1)),
                     connectivity="box")
    assert same(cled.pipeline(x, seed, result="labels").compute(), labels)
    last = cled.pipeline(x, seed)  # its last step: maximum_of_all_pixels, the object count
    assert float(last.compute()) == labels.max() > 50
    # two steps read the same file; a blur whose halo (40) is larger than the chunks
    background = os.path.join(ROOT, "examples", "background_subtraction.yaml")
    fg = untiled("subtract_images", blobs, untiled("gaussian_blur", blobs, sigma_x=10, sigma_y=10))
    assert same(cled.pipeline(x, background, result="foreground").compute(), fg)
    assert float(cled.pipeline(x, background).compute()) == cle.sum_of_all_pixels(fg)
    # a pipeline of two files: a dict names each
    two = tmp_path / "two.yaml"
    two.write_text("- op: add_images\n  inputs: {input_image0: a.tif, input_image1: b.tif}\n  as: sum\n"
                   "- op: mean_filter\n  inputs: {input_image: sum}\n  params: {radius_x: 2, radius_y: 3}\n")
    other = np.flipud(blobs).copy()
    got = cled.pipeline({"a.tif": x, "b.tif": da.from_array(other, chunks=60)}, str(two))
    assert same(got.compute(), untiled("mean_filter", untiled("add_images", blobs, other), radius_x=2, radius_y=3))
    with pytest.raises(cle.InvalidArgumentError, match="reads 2 files"):
        cled.pipeline(x, str(two))
    with pytest.raises(cle.InvalidArgumentError, match="no array given for b.tif"):
        cled.pipeline({"a.tif": x}, str(two))


def test_what_it_cannot_run_is_refused_naming_the_op(tmp_path):
    x = da.zeros((20, 30, 40), dtype=np.float32, chunks=10)
    for op, why in [("multiply_image_and_position", "position"), ("set_ramp_x", "position"),
                    ("maximum_z_projection", "not an image of its input's shape"),
                    ("crop", "not an image of its input's shape"),
                    ("statistics_of_labelled_pixels", "not an image"),
                    ("hessian_eigenvalues", "not an image"),
                    ("set", "not an image"),
                    ("voronoi_labeling", "footprint is global"),
                    ("standard_deviation_of_all_pixels", "reduces the whole image to one value")]:
        with pytest.raises(cle.UnsupportedError, match=r"cesperanto.dask: %s cannot run chunk by chunk: .*%s"
                           % (op, why)):
            cled.map(op, x)
    with pytest.raises(cle.InvalidArgumentError, match="gausian_blur"):
        cled.map("gausian_blur", x)
    with pytest.raises(cle.InvalidArgumentError, match="gaussian_blur: no parameter 'sigma'"):
        cled.map("gaussian_blur", x, sigma=2)
    with pytest.raises(cle.InvalidArgumentError, match="add_images: takes 2 image input"):
        cled.map("add_images", x)
    with pytest.raises(cle.InvalidArgumentError, match="add_images: input input_image1 has shape"):
        cled.map("add_images", x, da.zeros((20, 30, 41), dtype=np.float32, chunks=10))
    with pytest.raises(cle.InvalidArgumentError, match="must have 1 to 3 dimensions"):
        cled.map("gaussian_blur", da.zeros((2, 3, 4, 5), chunks=2))
    with pytest.raises(cle.InvalidArgumentError, match="dtype must be one of"):
        cled.map("gaussian_blur", da.zeros((4, 5), dtype=np.complex64, chunks=2))
    with pytest.raises(cle.InvalidArgumentError, match="connectivity must be 'box' or 'sphere'"):
        cled.map("connected_component_labeling", x, connectivity="diamond")
    with pytest.raises(cle.UnsupportedError, match="step 2: maximum_z_projection cannot run chunk by chunk"):
        cled.pipeline(x, [("gaussian_blur", {}), ("maximum_z_projection", {})])
    with pytest.raises(cle.InvalidArgumentError, match=r"step 2 \(gaussian_blur\) takes an image, but step 1"):
        cled.pipeline(x, [("sum_of_all_pixels", {}), ("gaussian_blur", {})])
    with pytest.raises(cle.InvalidArgumentError, match="step 1 must be an"):
        cled.pipeline(x, ["gaussian_blur"])
    bad = tmp_path / "bad.yaml"
    bad.write_text("- op: gaussian_blur\n  inputs: {input_image: in.tif}\n  param: {sigma_x: 1}\n")
    with pytest.raises(cle.InvalidArgumentError, match="step 1: unknown key"):
        cled.pipeline(x, str(bad))
    bad.write_text("- op: gaussian_blur\n  inputs: {input_image: in.tif}\n  as: b\n"
                   "- op: set_ramp_z\n  inputs: {input_image: b}\n")
    with pytest.raises(cle.UnsupportedError, match="step 2: set_ramp_z cannot run chunk by chunk"):
        cled.pipeline(x, str(bad))


def test_worker_index_and_device_choice(monkeypatch):
    assert [cled.worker_index(n) for n in (0, 3, "7", "SLURMCluster-4-2", "tcp://host:8786", "w")] == [0, 3, 7, 2,
                                                                                                      8786, None]
    monkeypatch.delenv("CLE_DEVICE", raising=False)
    before = cle.get_device()
    try:
        n = len(cle.list_available_devices())
        assert cled.choose_device(n + 1, device_type="all") == cle.get_device()
        assert cle.get_device().index == (n + 1) % n
        monkeypatch.setenv("CLE_DEVICE", str(before.name))
        assert cled.choose_device(5) == before
    finally:
        cle.select_device(before.index)
