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
    with pytest.raises(cle.InvalidArgumentError, match="range: the output.s width"):  # errors name the op
        cle.range(image, start_x=3, stop_x=1)
    with pytest.raises(cle.InvalidArgumentError, match="range: the output's height"):
        cle.range(image, step_y=0)


def test_gather_is_range():
    # pyclesperanto 0.25.1's range calls its gather: one op, two names (spec/ops/range.yaml)
    image = numpy.arange(5 * 7 * 9, dtype=numpy.uint16).reshape(5, 7, 9)
    got = cle.pull(cle.gather(image, start_x=8, stop_x=0, step_x=-3, start_z=1, step_z=2))
    assert numpy.array_equal(got, image[1::2, :, 8:0:-3])
    out = cle.create((5, 7, 3), dtype=numpy.uint16)
    cle.gather(image, out, start_x=-3)
    assert numpy.array_equal(cle.pull(out), image[:, :, -3:])
    with pytest.raises(cle.InvalidArgumentError, match="range: the output.s width"):  # errors name the op
        cle.gather(image, start_x=3, stop_x=1)


def test_scatter_is_numpys_slice_assignment():
    # scatter(src, dst, ...) is numpy's dst[slices] = src, in place (spec/ops/scatter.yaml)
    rng = random.Random(15)
    compared = 0
    for _ in range(120):
        ndim = rng.randint(1, 3)
        shape = tuple(rng.randint(1, 7) for _ in range(ndim))
        slices = [random_slice(rng) for _ in range(ndim)]
        dst = numpy.arange(1, 1 + numpy.prod(shape), dtype=numpy.int16).reshape(shape)
        region = dst[tuple(slices)].shape
        if 0 in region:
            continue
        # the slice's shape, or 1 along a random axis (broadcast)
        src_shape = tuple(1 if rng.random() < 0.2 else n for n in region)
        src = -numpy.arange(1, 1 + numpy.prod(src_shape), dtype=numpy.int16).reshape(src_shape)
        kwargs = {}
        for axis, s in zip("zyx"[3 - ndim:], slices):
            kwargs.update({"start_" + axis: s.start, "stop_" + axis: s.stop, "step_" + axis: s.step})
        out = cle.push(dst)
        returned = cle.scatter(src, out, **kwargs)
        want = dst.copy()
        want[tuple(slices)] = src
        assert returned is out or cle.pull(returned).shape == want.shape
        assert numpy.array_equal(cle.pull(out), want), (shape, src_shape, kwargs)
        compared += 1
    assert compared > 30


def test_scatter_same_image_reads_a_copy():
    image = numpy.arange(10, dtype=numpy.float32)
    a = cle.push(image)
    cle.scatter(a, a, step_x=-1)  # numpy: a[::-1] = a reads a copy
    assert numpy.array_equal(cle.pull(a), image[::-1])


def test_scatter_errors():
    dst = cle.push(numpy.zeros((4, 9), numpy.uint8))
    with pytest.raises(cle.InvalidArgumentError,
                       match=r"scatter: the slice start_x:stop_x:step_x = 5:1:None selects no pixel of output_image's width \(9\)"):
        cle.scatter(numpy.ones((4, 1), numpy.uint8), dst, start_x=5, stop_x=1)
    with pytest.raises(cle.InvalidArgumentError, match="scatter: step_y must not be 0, got 0"):
        cle.scatter(numpy.ones((4, 9), numpy.uint8), dst, step_y=0)
    with pytest.raises(cle.InvalidArgumentError,
                       match=r"scatter: input_image's height is 4, but the slice start_y:stop_y:step_y = 0:2:None "
                             r"selects 2 pixels of output_image's height \(4\); it must be that or 1"):
        cle.scatter(numpy.ones((4, 5), numpy.uint8), dst, start_y=0, stop_y=2, stop_x=5)
    assert cle.pull(dst).sum() == 0
