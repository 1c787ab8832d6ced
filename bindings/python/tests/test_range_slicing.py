"""range is numpy's basic slicing a[start_z:stop_z:step_z, start_y:stop_y:step_y,
start_x:stop_x:step_x]: None, negative and out-of-range bounds and negative steps
alike (spec/ops/range.yaml); an empty slice or a step of 0 is an error."""

import random

import numpy
import pytest

import cesperanto as cle


def random_slice(rng):
    def bound():
        return None if rng.random() < 0.3 else rng.randint(-9, 9)

    return slice(bound(), bound(), None if rng.random() < 0.3 else rng.choice([-3, -2, -1, 1, 2, 3]))


def test_range_is_numpys_slicing():
    rng = random.Random(14)
    compared = 0
    for _ in range(120):
        ndim = rng.randint(1, 3)
        image = numpy.arange(1, 1 + 7 ** ndim, dtype=numpy.float32).reshape((7,) * ndim)[
            tuple(slice(0, rng.randint(1, 7)) for _ in range(ndim))]
        slices = [random_slice(rng) for _ in range(ndim)]
        want = image[tuple(slices)]
        if want.size == 0:
            continue
        kwargs = {}
        for axis, s in zip("zyx"[3 - ndim:], slices):
            kwargs.update({"start_" + axis: s.start, "stop_" + axis: s.stop, "step_" + axis: s.step})
        got = cle.pull(cle.range(image, **kwargs))
        assert got.shape == want.shape, (image.shape, kwargs)
        assert numpy.array_equal(got, want), (image.shape, kwargs)
        compared += 1
    assert compared > 30


def test_range_refuses_empty_slices_and_step_0():
    image = numpy.zeros((3, 4), numpy.uint8)
    with pytest.raises(cle.InvalidArgumentError, match="range: the output's width"):
        cle.range(image, start_x=3, stop_x=1)
    with pytest.raises(cle.InvalidArgumentError, match="range: the output's height"):
        cle.range(image, step_y=0)
