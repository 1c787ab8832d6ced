"""Every op that maps one image to an image of its shape may write into its
own input (`op(a, a)`), as pyclesperanto allows: the result equals the op
into a fresh output. Filters read neighbours, so one that writes over what
it still reads gives a different, wrong image; this catches that for every
such op of the spec, present and future."""

import numpy as np
import pytest

import cesperanto as cle


def in_place_candidates(ops):
    """One-input ops with an image output and defaults for every param; the
    ones whose result has the input's shape and dtype are compared (any
    creator: a transpose or a crop of a cube keeps its shape)."""
    for op in ops:
        images = [i for i in op["inputs"] if "float32" in i["dtypes"]]
        out = op["output"]
        if (len(op["inputs"]) == 1 and images and out["kind"] == "array"
                and "float32" in out["dtypes"] and all(p["default"] is not None for p in op["params"])):
            yield op["name"]


def test_candidates_include_the_filters(ops_json):
    names = set(in_place_candidates(ops_json))
    assert {"median", "mean_filter", "sobel", "gaussian_blur", "top_hat"} <= names


def test_output_may_be_the_input(ops_json):
    data = np.random.default_rng(11).random((9, 23, 31), dtype=np.float32)
    cube = np.random.default_rng(12).random((11, 11, 11), dtype=np.float32)
    wrong = []
    for name in in_place_candidates(ops_json):
        op = getattr(cle, name)
        for image in (data, cube):
            try:
                fresh = cle.pull(op(image))
            except cle.InvalidArgumentError:
                continue  # the op refuses fractional pixels (labels), or this shape: nothing to compare
            if fresh.shape != image.shape or fresh.dtype != image.dtype:
                continue  # the output cannot be the input
            a = cle.push(image)
            op(a, a)
            if not np.array_equal(cle.pull(a), fresh, equal_nan=True):
                wrong.append("%s %s" % (name, image.shape))
            del a
    assert not wrong, "writing into the input changed the result of: " + ", ".join(wrong)
