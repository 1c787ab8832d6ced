"""threshold_isodata, threshold_triangle and threshold_li against scikit-image's.

The ops (spec/ops/threshold_*.yaml) compute scikit-image's rules on the
histogram threshold_otsu uses: 256 bins with centers min + i * (max - min) / 255,
or one bin per integer value for integer images whose max - min is below 256.
scikit-image bins integer images one bin per value too (any range), float
images in 256 bins centered at min + (i + 0.5) * (max - min) / 256, and
threshold_li works on the pixel values themselves. Hence:

- integer images of a range below 256 (the same bins): isodata's and the
  triangle's outputs equal image > scikit-image's threshold, whole images;
  Li's as well on these images (the same iterates up to rounding; scikit-image
  stops at half the smallest gap between values present, here at half a bin),
  asserted as: every pixel that differs lies within one bin (1) of it;
- any image, scikit-image's rule on our own histogram (its counts as an image
  of bin indices, which scikit-image bins one per index): the same bin for
  isodata and the triangle (whole outputs equal); Li with our start (the
  mean) and stopping tolerance (half a bin), equal up to rounding;
- float images, scikit-image on the pixels (bins against exact values):
  every differing pixel lies within 2 bin widths ((max - min) / 255) of
  scikit-image's isodata threshold and within 4 of its Li threshold (measured
  on 150 random images: at most 1.51 and 3.54). The triangle's bin depends on
  single counts of a noisy histogram (tens of bins apart on small random
  images), so it is compared on floats only through our histogram (above).
"""

import numpy as np
import pytest

import cesperanto as cle

filters = pytest.importorskip("skimage.filters")
skdata = pytest.importorskip("skimage.data")

METHODS = ("isodata", "triangle", "li")


def ours(method, image):
    return np.asarray(cle.pull(getattr(cle, "threshold_" + method)(image))).astype(bool)


def skimage_threshold(method, image):
    return float(getattr(filters, "threshold_" + method)(image))


def binarized(image, threshold):
    return image.astype(np.float32) > np.float32(threshold)


def small_range_integer_images():
    rng = np.random.default_rng(21)
    yield "camera", skdata.camera()
    yield "coins", skdata.coins()
    yield "moon", skdata.moon()
    yield "gamma_uint8", rng.gamma(2, 10, (40, 50)).astype(np.uint8)
    bimodal = np.where(rng.random((30, 40)) < 0.3, rng.normal(170, 15, (30, 40)), rng.normal(60, 10, (30, 40)))
    yield "bimodal_uint8", bimodal.clip(0, 255).astype(np.uint8)
    yield "offset_uint16", rng.integers(1000, 1200, (30, 30)).astype(np.uint16)
    yield "negative_int16", rng.normal(-20, 30, (7, 9, 11)).astype(np.int16)
    yield "skewed_int32_1d", (rng.random(500) ** 4 * 200).astype(np.int32)


@pytest.mark.parametrize("method", METHODS)
def test_integer_images_of_a_small_range_are_scikit_images(method):
    for name, image in small_range_integer_images():
        assert int(image.max()) - int(image.min()) < 256, name
        got, t = ours(method, image), skimage_threshold(method, image)
        want = binarized(image, t)
        if method == "li":
            differ = image[got != want].astype(np.float64)
            assert np.all(np.abs(differ - t) <= 1), (name, t, differ)
        else:
            assert np.array_equal(got, want), (name, t, int(np.count_nonzero(got != want)))


def our_histogram(image):
    """The ops' histogram: counts, the float32 minimum, and the bin width."""
    lo, hi = np.float32(np.nanmin(image)), np.float32(np.nanmax(image))
    if image.dtype != np.float32 and float(hi) - float(lo) < 256:
        bins = int(float(hi) - float(lo)) + 1
    else:
        bins = 256
    counts = np.asarray(cle.pull(cle.histogram(image, num_bins=bins, minimum_intensity=float(lo),
                                               maximum_intensity=float(hi)))).ravel().astype(np.int64)
    assert counts.sum() == image.size
    return counts, float(lo), (float(hi) - float(lo)) / (bins - 1)


def random_images():
    rng = np.random.default_rng(22)
    for k in range(40):
        shape = (int(rng.integers(10, 60)), int(rng.integers(10, 60)))
        kind = k % 5
        if kind == 0:
            image = rng.gamma(2.0, 3.0, shape)
        elif kind == 1:
            image = rng.normal(5, 2, shape)
        elif kind == 2:
            image = np.where(rng.random(shape) < 0.3, rng.normal(170, 15, shape), rng.normal(60, 10, shape))
        elif kind == 3:
            image = rng.random(shape) ** 3
        else:
            image = rng.lognormal(0, 1, shape)
        yield f"float32_{k}", image.astype(np.float32)
    yield "wide_uint16", rng.gamma(2, 500, (30, 30)).astype(np.uint16)
    yield "uint8", rng.gamma(2, 10, (40, 50)).astype(np.uint8)


@pytest.mark.parametrize("method", METHODS)
def test_scikit_images_rule_on_our_histogram(method):
    for name, image in random_images():
        counts, lo, width = our_histogram(image)
        index_image = np.repeat(np.arange(len(counts)), counts)  # one bin per index, as scikit-image bins it
        got = ours(method, image)
        if method == "li":
            mean = float(np.float32(cle.mean_of_all_pixels(image)))
            t = lo + width * filters.threshold_li(index_image.astype(np.float64), tolerance=0.5,
                                                  initial_guess=(mean - lo) / width)
            differ = image[got != binarized(image, t)].astype(np.float64)
            assert np.all(np.abs(differ - t) <= 1e-6 * max(1.0, abs(t))), (name, t, differ)
        else:
            t = lo + width * skimage_threshold(method, index_image)  # the bin's center
            assert np.array_equal(got, binarized(image, t)), (name, t)


@pytest.mark.parametrize("method,bins", [("isodata", 2), ("li", 4)])
def test_float_images_near_scikit_images(method, bins):
    for name, image in random_images():
        if image.dtype != np.float32:
            continue
        width = (float(image.max()) - float(image.min())) / 255
        t = skimage_threshold(method, image)
        differ = image[ours(method, image) != binarized(image, t)].astype(np.float64)
        assert np.all(np.abs(differ - t) <= bins * width), (name, t, np.abs(differ - t).max() / width)
