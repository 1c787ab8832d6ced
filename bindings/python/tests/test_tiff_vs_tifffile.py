"""cesperanto's TIFF reader against a second implementation, tifffile: on
every file both accept, the pixels (and shape and dtype) are equal. The
corpus is the repository's sample and regression files plus files written
here with tifffile in every layout it can write without extra codecs
(dtypes, 2D and 3D, strips and tiles, zlib deflate, big-endian, BigTIFF,
planar pages). Where exactly one reader refuses a file, the test expects it
in KNOWN, with the reason; any other disagreement fails."""

import glob
import os

import numpy as np
import pytest
import tifffile

import cesperanto as cle

ROOT = os.path.join(os.path.dirname(__file__), "..", "..", "..")

# file name -> why the readers disagree (one accepts, the other refuses)
KNOWN = {
    "deflate_short_strip_uninit.tif": "a corrupt deflate strip: cesperanto refuses it naming file, page and strip; "
                                      "tifffile returns whatever decoded",
}


def written_corpus(folder):
    rng = np.random.default_rng(9)
    files = []
    for dtype in ("uint8", "int8", "uint16", "int16", "uint32", "int32", "float32"):
        info = np.iinfo(dtype) if dtype != "float32" else None
        for shape in ((13, 29), (3, 11, 17)):
            data = (rng.random(shape).astype(np.float32) if info is None
                    else rng.integers(info.min, info.max, size=shape, endpoint=True, dtype=dtype))
            for layout, kwargs in (("strips", {"rowsperstrip": 4}), ("tiles", {"tile": (16, 16)}),
                                   ("deflate", {"compression": "zlib"}), ("bigendian", {"byteorder": ">"}),
                                   ("bigtiff", {"bigtiff": True})):
                path = os.path.join(folder, "%s_%dd_%s.tif" % (dtype, len(shape), layout))
                try:
                    tifffile.imwrite(path, data, photometric="minisblack", **kwargs)
                except Exception:  # noqa: BLE001 -- a layout tifffile cannot write without extra codecs
                    continue
                files.append(path)
    return files


def corpus(folder):
    found = glob.glob(os.path.join(ROOT, "data", "*.tif")) + glob.glob(os.path.join(ROOT, "tests", "regression", "tiff",
                                                                                      "*.tif"))
    return sorted(found) + written_corpus(folder)


def read_both(path):
    try:  # every page, each by its own layout (tifffile's series would stop at a change of layout)
        with tifffile.TiffFile(path) as tif:
            pages = [page.asarray() for page in tif.pages]
        theirs = pages[0] if len(pages) == 1 else np.stack(pages)
    except Exception as e:  # noqa: BLE001
        theirs = e
    try:
        ours = cle.pull(cle.imread(path))
    except cle.Error as e:
        ours = e
    return ours, theirs


def test_written_corpus_covers_the_layouts(tmp_path):
    names = {os.path.basename(p) for p in written_corpus(str(tmp_path))}
    assert {"uint8_2d_strips.tif", "float32_3d_tiles.tif", "int16_3d_deflate.tif", "uint16_2d_bigendian.tif"} <= names


def test_pixels_equal_where_both_accept(tmp_path):
    agreed, problems = 0, []
    for path in corpus(str(tmp_path)):
        name = os.path.basename(path)
        ours, theirs = read_both(path)
        ours_failed, theirs_failed = isinstance(ours, Exception), isinstance(theirs, Exception)
        if ours_failed or theirs_failed:
            if ours_failed != theirs_failed and name not in KNOWN:
                problems.append("%s: cesperanto %s, tifffile %s" % (name, ours if ours_failed else "reads it",
                                                                   theirs if theirs_failed else "reads it"))
            continue
        if name in KNOWN:
            problems.append("%s: listed as a disagreement but both read it" % name)
        if ours.dtype != theirs.dtype or ours.shape != theirs.shape or not np.array_equal(ours, theirs,
                                                                                           equal_nan=True):
            problems.append("%s: cesperanto %s %s, tifffile %s %s, pixels %s" % (
                name, ours.dtype, ours.shape, theirs.dtype, theirs.shape,
                "differ" if ours.shape == theirs.shape else "-"))
        agreed += 1
    assert not problems, "\n".join(problems)
    assert agreed >= 40
