"""Errors cross cleanly: the C message (naming op, parameter and value)
arrives as a cesperanto.Error subclass that is also the builtin exception."""

import numpy as np
import pytest

import cesperanto as cle


def test_hierarchy():
    assert issubclass(cle.InvalidArgumentError, cle.Error) and issubclass(cle.InvalidArgumentError, ValueError)
    assert issubclass(cle.OutOfMemoryError, cle.Error) and issubclass(cle.OutOfMemoryError, MemoryError)
    for cls in (cle.DeviceError, cle.BuildError, cle.FileError, cle.UnsupportedError):
        assert issubclass(cls, cle.Error) and issubclass(cls, RuntimeError)


def test_negative_sigma():
    with pytest.raises(ValueError) as info:
        cle.gaussian_blur(np.zeros((4, 4), np.float32), sigma_x=-1)
    assert isinstance(info.value, cle.InvalidArgumentError)
    assert info.value.code == 1
    assert "gaussian_blur" in str(info.value) and "sigma_x" in str(info.value) and "-1" in str(info.value)


def test_none_image():
    with pytest.raises(cle.InvalidArgumentError, match=r"gaussian_blur: input_image must not be NULL"):
        cle.gaussian_blur(None, sigma_x=1)
    with pytest.raises(cle.InvalidArgumentError, match=r"add_images_weighted: input_image1"):
        cle.add_images_weighted(np.zeros(3, np.float32), None)


def test_wrong_dtype():
    src = cle.push(np.zeros((4, 4), np.uint8))
    wrong_dst = cle.create((4, 4), np.uint8)
    with pytest.raises(cle.InvalidArgumentError) as info:
        cle.gaussian_blur(src, wrong_dst, 1.0, 1.0)
    message = str(info.value)
    assert "gaussian_blur" in message and "output_image" in message and "uint8" in message


def test_wrong_python_types_name_op_and_parameter():
    with pytest.raises(cle.InvalidArgumentError, match=r"gaussian_blur: sigma_x must be a number, got 'a'"):
        cle.gaussian_blur(np.zeros(3, np.float32), sigma_x="a")
    with pytest.raises(cle.InvalidArgumentError, match=r"gaussian_blur: output_image must be a cesperanto.Array or None"):
        cle.gaussian_blur(np.zeros(3, np.float32), np.zeros(3, np.float32))
    with pytest.raises(cle.InvalidArgumentError, match=r"gaussian_blur: input_image must be a cesperanto.Array or a numpy array"):
        cle.gaussian_blur("image.tif")
    with pytest.raises(cle.InvalidArgumentError, match=r"connected_component_labeling: connectivity must be a string"):
        cle.connected_component_labeling(np.ones(3, np.uint8), connectivity=1)


def test_bad_choice_and_mismatched_shapes():
    with pytest.raises(cle.InvalidArgumentError, match=r"connected_component_labeling: connectivity"):
        cle.connected_component_labeling(np.ones((3, 3), np.uint8), connectivity="star")
    with pytest.raises(cle.InvalidArgumentError, match=r"add_images_weighted"):
        cle.add_images_weighted(np.zeros((3, 3), np.float32), np.zeros((3, 4), np.float32))


def test_error_state_does_not_leak_into_the_next_call():
    with pytest.raises(cle.InvalidArgumentError):
        cle.gaussian_blur(None)
    result = cle.gaussian_blur(np.ones((2, 2), np.float32), sigma_x=1)
    np.testing.assert_allclose(cle.pull(result), np.ones((2, 2), np.float32), rtol=1e-6)
