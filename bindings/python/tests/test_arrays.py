"""numpy <-> device arrays: push/pull round trips for every dtype and rank,
conversions, shapes and dtypes, creation, ndarrays where images are expected,
dst handling, devices and user kernels."""

import gc

import numpy as np
import pytest

import cesperanto as cle

DTYPES = ["int8", "uint8", "int16", "uint16", "int32", "uint32", "float32"]
SHAPES = [(7,), (5, 9), (3, 5, 9), (1, 4), (2, 1, 3)]


def random_array(shape, dtype, seed=0):
    rng = np.random.default_rng(seed)
    dtype = np.dtype(dtype)
    if dtype.kind == "f":
        return rng.random(shape, dtype=np.float32)
    info = np.iinfo(dtype)
    return rng.integers(info.min, info.max, size=shape, endpoint=True, dtype=dtype)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", SHAPES)
def test_push_pull_round_trip(shape, dtype):
    data = random_array(shape, dtype)
    arr = cle.push(data)
    assert arr.shape == shape
    assert arr.ndim == len(shape)
    assert arr.dtype == np.dtype(dtype)
    assert arr.size == data.size and arr.nbytes == data.nbytes
    back = cle.pull(arr)
    assert back.dtype == data.dtype and back.shape == data.shape
    np.testing.assert_array_equal(back, data)
    np.testing.assert_array_equal(np.asarray(arr), data)


def test_non_contiguous_input_is_copied_in_numpy_order():
    data = random_array((6, 8), "uint16")
    view = data[::2, ::-1]
    np.testing.assert_array_equal(cle.pull(cle.push(view)), view)
    fortran = np.asfortranarray(random_array((4, 5), "float32"))
    np.testing.assert_array_equal(cle.pull(cle.push(fortran)), fortran)


def test_conversions_on_push():
    assert cle.push(np.array([True, False])).dtype == np.uint8
    assert cle.push(np.array([0.5, 1.5])).dtype == np.float32
    assert cle.push([1, 2, 3]).dtype == np.int32  # int64 that fits
    assert cle.push(np.array([2**32 - 1], dtype=np.uint64)).dtype == np.uint32
    with pytest.raises(cle.InvalidArgumentError, match="push: int64 values do not fit in int32"):
        cle.push(np.array([2**40]))
    with pytest.raises(cle.InvalidArgumentError, match="push: dtype must be one of"):
        cle.push(np.zeros(3, dtype=np.complex64))
    with pytest.raises(cle.InvalidArgumentError, match="1 to 3 dimensions, got 4"):
        cle.push(np.zeros((2, 2, 2, 2), dtype=np.uint8))
    with pytest.raises(cle.InvalidArgumentError, match="1 to 3 dimensions, got 0"):
        cle.push(np.float32(1))


def test_array_api_and_repr():
    arr = cle.push(np.zeros((2, 3, 4), dtype=np.int16))
    assert "shape=(2, 3, 4)" in repr(arr) and "int16" in repr(arr)
    assert arr.device.name() == cle.get_device().name()
    as_float = np.asarray(arr, dtype=np.float64)
    assert as_float.dtype == np.float64 and as_float.shape == (2, 3, 4)


def test_create_and_create_like():
    arr = cle.create((4, 5), np.uint8)
    assert arr.shape == (4, 5) and arr.dtype == np.uint8
    arr.fill(7)
    np.testing.assert_array_equal(cle.pull(arr), np.full((4, 5), 7, dtype=np.uint8))
    assert cle.create(6).shape == (6,)
    like = cle.create_like(arr)
    assert like.shape == (4, 5) and like.dtype == np.uint8
    as_float = cle.create_like(arr, np.float32)
    assert as_float.shape == (4, 5) and as_float.dtype == np.float32
    with pytest.raises(cle.InvalidArgumentError, match="create: every size must be >= 1"):
        cle.create((0, 3))
    with pytest.raises(cle.InvalidArgumentError, match="create: shape must have 1 to 3 sizes"):
        cle.create((1, 2, 3, 4))
    with pytest.raises(cle.InvalidArgumentError):
        cle.create((2, 2), np.float64 if False else "complex64")
    with pytest.raises(cle.InvalidArgumentError, match="create_like: array must not be None"):
        cle.create_like(None)


def test_ops_accept_ndarrays_and_lists():
    data = random_array((3, 4, 5), "float32")
    from_ndarray = cle.maximum_z_projection(data)
    np.testing.assert_array_equal(cle.pull(from_ndarray), data.max(axis=0))
    # a list of Python ints is int64, pushed as int32; the result's dtype is the inputs' promoted (pyclesperanto's rule)
    summed = cle.add_images_weighted([[1, 2], [3, 4]], np.ones((2, 2), np.float32), factor1=2, factor2=0.5)
    assert summed.dtype == np.float32
    np.testing.assert_array_equal(cle.pull(summed), np.array([[2.5, 4.5], [6.5, 8.5]], np.float32))
    integers = cle.add_images_weighted([[1, 2], [3, 4]], [[1, 1], [1, 1]], factor1=2, factor2=0.5)
    assert integers.dtype == np.int32  # int32 and int32: fractions are rounded toward zero
    np.testing.assert_array_equal(cle.pull(integers), np.array([[2, 4], [6, 8]], np.int32))


def test_given_dst_is_written_and_returned_without_double_free():
    data = random_array((4, 6), "uint8")
    dst = cle.create((4, 6), np.float32)
    base = cle.live_array_count()
    result = cle.add_images_weighted(data, data, dst, 1.0, 1.0)
    gc.collect()  # the two pushed inputs are gone; dst and result are one array
    assert cle.live_array_count() == base
    np.testing.assert_array_equal(cle.pull(dst), data.astype(np.float32) * 2)
    np.testing.assert_array_equal(cle.pull(result), cle.pull(dst))
    del dst
    gc.collect()
    # The result still refers to the device memory dst had.
    assert cle.live_array_count() == base
    np.testing.assert_array_equal(cle.pull(result), data.astype(np.float32) * 2)
    del result
    gc.collect()
    assert cle.live_array_count() == base - 1


def test_inplace_and_scalar_ops():
    arr = cle.create((3, 3), np.int32)
    same = cle.set(arr, 5)
    np.testing.assert_array_equal(cle.pull(arr), np.full((3, 3), 5, np.int32))
    np.testing.assert_array_equal(cle.pull(same), cle.pull(arr))
    data = random_array((5, 7), "uint8", seed=3)
    assert cle.sum_of_all_pixels(data) == float(data.astype(np.int64).sum())
    assert cle.maximum_of_all_pixels(data) == float(data.max())


def test_devices():
    names = cle.list_devices()
    assert names and all(isinstance(n, str) for n in names)
    dev = cle.select_device(names[0][:6])
    assert dev.name() == names[0]
    assert dev.global_memory() > 0 and dev.max_allocation() > 0
    assert dev.type() in ("gpu", "cpu", "accelerator", "other")
    # pyclesperanto's fallback: no match selects the default device; cesperanto also warns
    with pytest.warns(RuntimeWarning, match="no device matches 'no such device anywhere 1234'"):
        assert cle.select_device("no such device anywhere 1234") == cle.get_device()


ADD_KERNEL = """
__kernel void add_scaled(IMAGE_src_TYPE src, IMAGE_dst_TYPE dst, float factor, int offset) {
  const int x = get_global_id(0);
  const int y = get_global_id(1);
  const float v = READ_IMAGE(src, sampler, POS_src_INSTANCE(x, y, 0, 0)).x;
  WRITE_IMAGE(dst, POS_dst_INSTANCE(x, y, 0, 0), CONVERT_dst_PIXEL_TYPE(v * factor + offset));
}
"""


def test_execute_a_user_kernel():
    data = random_array((5, 7), "float32")
    src = cle.push(data)
    dst = cle.create((5, 7), np.float32)
    cle.execute(ADD_KERNEL, "add_scaled", {"src": src, "dst": dst, "factor": 3.0, "offset": 2})
    np.testing.assert_allclose(cle.pull(dst), data * np.float32(3) + np.float32(2), rtol=1e-6)
    with pytest.raises(cle.InvalidArgumentError, match="execute: parameter factor must be"):
        cle.execute(ADD_KERNEL, "add_scaled", {"src": src, "dst": dst, "factor": "x", "offset": 2})
    with pytest.raises(cle.BuildError):
        cle.execute("__kernel void broken(IMAGE_dst_TYPE dst) { syntax error }", "broken", {"dst": dst})
    with pytest.raises(cle.InvalidArgumentError, match="global_range is needed"):
        cle.execute(ADD_KERNEL, "add_scaled", {"factor": 1.0})


def test_tiff_round_trip(tmp_path):
    data = random_array((3, 6, 5), "uint16")
    path = tmp_path / "stack.tif"
    cle.imwrite(cle.push(data), path)
    np.testing.assert_array_equal(cle.pull(cle.imread(path)), data)
    with pytest.raises(cle.FileError):
        cle.imread(tmp_path / "missing.tif")


def test_ops_from_several_threads_agree_with_one_thread():
    from concurrent.futures import ThreadPoolExecutor

    images = [random_array((40, 50), "float32", seed=s) for s in range(8)]
    expected = [cle.pull(cle.gaussian_blur(img, sigma_x=2, sigma_y=1)) for img in images]
    with ThreadPoolExecutor(max_workers=4) as pool:
        got = list(pool.map(lambda img: cle.pull(cle.gaussian_blur(img, sigma_x=2, sigma_y=1)), images))
    for want, have in zip(expected, got):
        np.testing.assert_array_equal(have, want)
    # errors stay with the thread that made them
    with ThreadPoolExecutor(max_workers=2) as pool:
        bad = pool.submit(lambda: cle.gaussian_blur(images[0], sigma_x=-2))
        good = pool.submit(lambda: cle.pull(cle.gaussian_blur(images[0], sigma_x=2, sigma_y=1)))
        with pytest.raises(cle.InvalidArgumentError, match="sigma_x must be >= 0, got -2"):
            bad.result()
        np.testing.assert_array_equal(good.result(), expected[0])
