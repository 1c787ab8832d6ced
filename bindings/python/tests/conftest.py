"""Shared fixtures: the generated ops.json and a leak check around every test."""

import gc
import json
import os

import pytest

import cesperanto as cle


@pytest.fixture(scope="session")
def ops_json():
    path = os.environ.get("CLE_OPS_JSON")
    if not path:
        pytest.fail("CLE_OPS_JSON must name the generated ops.json (CTest sets it)")
    with open(path, encoding="utf-8") as f:
        return json.load(f)["ops"]


@pytest.fixture(autouse=True)
def no_leaked_arrays():
    """Every test must leave the live-array count where it found it once its objects are collected."""
    gc.collect()
    before = cle.live_array_count()
    yield
    gc.collect()
    assert cle.live_array_count() == before


def pytest_sessionfinish(session, exitstatus):
    gc.collect()
    left = cle.live_array_count()
    if left != 0 and exitstatus == 0:
        session.exitstatus = 1
        print("\ncesperanto: %d arrays still alive at the end of the Python tests" % left)
