"""The seed workflow on the bundled blobs image, checked from Python against
independent references: Otsu's rule computed in numpy on the device's own
256-bin histogram (scikit-image's formula on clEsperanto's bin centers) and
skimage.measure.label for the numbering. The threshold is also compared with
skimage.filters.threshold_otsu, which bins differently (reported, bounded)."""

import os

import numpy as np
import skimage.filters
import skimage.measure

import cesperanto as cle

BINS = 256


def otsu_on_bins(counts, minimum, maximum):
    """scikit-image's threshold_otsu(hist=(counts, centers)) in numpy, centers as clEsperanto's."""
    counts = np.asarray(counts, dtype=np.float64)
    nonzero = np.nonzero(counts)[0]
    first, last = nonzero[0], nonzero[-1]
    centers = np.arange(BINS, dtype=np.float64) * np.float64(np.float32(maximum) - np.float32(minimum))
    centers = centers / (BINS - 1) + np.float64(np.float32(minimum))
    counts, centers = counts[first:last + 1], centers[first:last + 1]
    weight1 = np.cumsum(counts)
    weight2 = np.cumsum(counts[::-1])[::-1]
    mean1 = np.cumsum(counts * centers) / weight1
    mean2 = (np.cumsum((counts * centers)[::-1]) / weight2[::-1])[::-1]
    variance = weight1[:-1] * weight2[1:] * (mean1[:-1] - mean2[1:]) ** 2
    return centers[np.argmax(variance)]


def test_blobs_blur_otsu_labels_match_numpy_and_skimage(capsys):
    blobs = cle.imread(os.path.join(os.environ["CLE_DATA_DIR"], "blobs.tif"))
    blurred = cle.gaussian_blur(blobs, sigma_x=1, sigma_y=1)
    pixels = cle.pull(blurred)

    minimum, maximum = cle.minimum_of_all_pixels(blurred), cle.maximum_of_all_pixels(blurred)
    assert (minimum, maximum) == (float(pixels.min()), float(pixels.max()))
    counts = cle.pull(cle.histogram(blurred, num_bins=BINS))
    assert counts.sum() == pixels.size
    threshold = otsu_on_bins(counts, minimum, maximum)

    binary = cle.pull(cle.threshold_otsu(blurred))
    np.testing.assert_array_equal(binary, (pixels > threshold).astype(np.uint8))

    labels = cle.pull(cle.connected_component_labeling(binary, connectivity="box"))
    np.testing.assert_array_equal(labels, skimage.measure.label(binary, connectivity=2))

    reference = skimage.filters.threshold_otsu(pixels)
    bin_width = (maximum - minimum) / (BINS - 1)
    with capsys.disabled():
        print(f"\nblobs: {labels.max()} objects; Otsu threshold {threshold:.6f} (cesperanto, "
              f"clEsperanto's 256 bins) vs {reference:.6f} (skimage.filters.threshold_otsu), "
              f"{int(np.count_nonzero(binary != (pixels > reference)))} pixels decided differently")
    assert abs(threshold - reference) <= bin_width  # different binning, same optimum within a bin
