"""skeletonize (spec/ops/skeletonize.yaml) side by side with pyclesperanto 0.25.1 on shapes the spec's fills do not
make (thin lines, single pixels, objects on the border, rings, tubes, plates) and random images of every dtype, pixel
for pixel; and against scikit-image's skeletonize, which thins by other rules (Zhang's method in 2D, Lee's in 3D with
another pass and subfield order): there the two agree in topology, not pixel by pixel. Measured on 60 blob images (30
2D, 30 3D): 45 % (2D) and 57 % (3D) of the pixels of either skeleton are not in the other; ours always keeps the
input's number of objects and Euler number, scikit-image's 3D skeleton lost an object in 2 of the 30."""

import warnings

import numpy as np
import pytest

import cesperanto as cle

ndi = pytest.importorskip("scipy.ndimage")


def ours(image):
    return np.asarray(cle.pull(cle.skeletonize(image)))


def lines_and_dots():
    """Thin structures, single pixels and objects on the border, 2D and 3D."""
    a = np.zeros((15, 17), np.uint8)
    a[3, 2:15] = 1  # a horizontal line
    a[5:13, 4] = 1  # a vertical line
    yield "lines", a
    yield "diagonal", np.eye(13, 16, 2, dtype=np.uint8)
    stair = np.zeros((12, 12), np.uint8)
    for i in range(10):
        stair[i + 1, i:i + 2] = 1  # a 4-connected staircase
    yield "staircase", stair
    dots = np.zeros((9, 10), np.int16)
    dots[::3, ::4] = 7
    yield "single_pixels", dots
    border = np.zeros((11, 13), np.float32)
    border[:4, :] = 1
    border[:, -3:] = -2.5
    yield "border", border
    yy, xx = np.mgrid[:21, :23]
    r2 = (yy - 10) ** 2 + (xx - 11) ** 2
    yield "ring", ((r2 < 81) & (r2 > 16)).astype(np.uint16)
    yield "thick_ring_on_border", ((r2 < 200) & (r2 > 30)).astype(np.uint8)
    yield "full_2d", np.ones((7, 9), np.uint8)
    yield "full_3d", np.ones((5, 6, 7), np.int32)
    tube = np.zeros((9, 11, 13), np.uint8)
    tube[1:8, 4:7, 5:8] = 1
    yield "tube", tube
    plate = np.zeros((7, 12, 14), np.uint8)
    plate[2:5, 1:11, 1:13] = 1
    yield "plate", plate
    hollow = np.zeros((9, 9, 9), np.uint8)
    hollow[1:8, 1:8, 1:8] = 1
    hollow[3:6, 3:6, 3:6] = 0
    yield "hollow_cube", hollow
    line3 = np.zeros((5, 6, 7), np.uint8)
    line3[:, 2, 3] = 1
    line3[2, :, 0] = 1
    yield "lines_3d", line3
    yield "one_pixel", np.ones((1, 1), np.uint8)
    yield "row", np.array([[0, 1, 1, 1, 0, 1, 1]], np.uint8)


def random_images(count, seed):
    rng = np.random.default_rng(seed)
    dtypes = [np.uint8, np.int8, np.uint16, np.int16, np.uint32, np.int32, np.float32]
    for i in range(count):
        shape = tuple(rng.integers(1, 25, 2)) if i % 2 == 0 else tuple(rng.integers(1, 12, 3))
        if i % 3 == 0:
            image = rng.random(shape) < rng.random()
        else:
            image = ndi.gaussian_filter(rng.random(shape), 1.5 + i % 2) > 0.5
        yield f"random_{i}", image.astype(dtypes[i % len(dtypes)])


def test_equal_to_pyclesperanto():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        up = pytest.importorskip("pyclesperanto")
    differing = []
    for name, image in [*lines_and_dots(), *random_images(40, 3)]:
        got, expected = ours(image), np.asarray(up.pull(up.skeletonize(image)))
        if got.dtype != expected.dtype or got.shape != expected.shape or not np.array_equal(got, expected):
            differing.append(name)
    assert differing == []


def test_thin_lines_and_dots_stay():
    for name, image in lines_and_dots():
        got = ours(image)
        assert got.dtype == np.uint8 and got.shape == image.shape, name
        assert set(np.unique(got)) <= {0, 1}, name
        assert not np.any(got & (image == 0)), name  # only deletes
    a = np.zeros((15, 17), np.uint8)
    a[3, 2:15] = 1
    a[5:13, 4] = 1
    a[np.arange(6, 14), np.arange(7, 15)] = 1
    assert np.array_equal(ours(a), a)  # 8-connected one-pixel lines are skeletons already
    dots = np.zeros((3, 8, 9), np.float32)
    dots[::2, ::3, ::4] = np.nan  # NaN is object; isolated pixels stay
    assert np.array_equal(ours(dots), np.isnan(dots).astype(np.uint8))
    assert not ours(np.zeros((4, 5, 6), np.float32)).any()


def test_a_skeleton_is_its_own_skeleton():
    for name, image in random_images(20, 8):
        once = ours(image)
        assert np.array_equal(ours(once), once), name


def test_output_of_another_dtype():
    image = np.zeros((9, 10), np.uint16)
    image[2:7, 1:9] = 300
    out = cle.create((9, 10), dtype=np.float32)
    got = np.asarray(cle.pull(cle.skeletonize(image, out)))
    assert got.dtype == np.float32
    assert np.array_equal(got, ours(image).astype(np.float32))


def test_topology_as_scikit_image():
    morphology = pytest.importorskip("skimage.morphology")
    measure = pytest.importorskip("skimage.measure")
    rng = np.random.default_rng(0)
    for i in range(12):
        three_d = i % 2 == 1
        image = ndi.gaussian_filter(rng.random((16, 18, 20) if three_d else (40, 44)), 2 if three_d else 2.5) > 0.5
        connectivity = 3 if three_d else 2
        got = ours(image.astype(np.uint8)).astype(bool)
        theirs = morphology.skeletonize(image)

        def topology(a):
            return measure.label(a, connectivity=connectivity).max(), measure.euler_number(a, connectivity)

        assert topology(got) == topology(image), i
        if topology(theirs) == topology(image):
            assert topology(got) == topology(theirs), i
        # one-pixel-wide lines near scikit-image's: on average within 1.5 pixels of them
        assert ndi.distance_transform_edt(~theirs)[got].mean() < 1.5, i
