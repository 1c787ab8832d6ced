"""Inputs an op writes into (spec: written, pyclesperanto's flags): the caller's Array
sees the write, a numpy array is refused (it could not), the registry and ops.json say
so, and the op refuses a flag that is also its input or its output."""

import numpy as np
import pytest

import cesperanto as cle


def test_the_flag_is_written_into_the_callers_array():
    labels = np.zeros((5, 7), np.uint32)
    labels[1:3, 1:3] = 1
    labels[2:4, 3:5] = 2  # touches label 1: a box step changes pixels
    flag = cle.push(np.zeros((1,), np.uint8))
    grown = cle.nonzero_maximum(labels, flag)
    assert cle.pull(flag)[0] == 1
    assert cle.pull(grown)[1, 2] == 2  # label 1's pixel next to label 2 takes 2
    flag = cle.push(np.full((1,), 7, np.uint8))
    cle.nonzero_maximum(np.ones((3, 3), np.float32), flag)
    assert cle.pull(flag)[0] == 7  # nothing changed: the flag is left as it is


def test_a_numpy_flag_is_refused():
    with pytest.raises(cle.InvalidArgumentError, match="flag must be a cesperanto.Array"):
        cle.onlyzero_overwrite_maximum(np.zeros((3, 3), np.uint8), np.zeros((1,), np.uint8))


def test_the_flag_must_be_another_image():
    image = cle.push(np.ones((3, 3), np.float32))
    with pytest.raises(cle.InvalidArgumentError, match="output_image0 must be another image than input_image"):
        cle.nonzero_maximum(image, image)
    flag = cle.push(np.zeros((3, 3), np.float32))
    with pytest.raises(cle.InvalidArgumentError, match="output_image1 must be another image than output_image0"):
        cle.nonzero_maximum(image, flag, flag)


def test_registry_and_ops_json_mark_written_inputs(ops_json):
    op = cle.operations()["onlyzero_overwrite_maximum"]
    assert [i.written for i in op.inputs] == [False, True]
    written = {(o["name"], i["name"]) for o in ops_json for i in o["inputs"] if i["written"]}
    assert {("nonzero_maximum", "output_image0"), ("nonzero_minimum", "output_image0"),
            ("onlyzero_overwrite_maximum", "flag")} <= written
