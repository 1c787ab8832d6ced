"""Regression (hostile-input probe of 2026-12-02, tests/regression/python/
execute_range_abort.py): execute's global_range is checked against what the
device can address before anything is enqueued. (2**31,)*3 returned OK and
never ran the kernel; (1, 2**33, 2**33) aborted the process inside pocl."""

import os
import subprocess
import sys

import numpy as np
import pytest

import cesperanto as cle

SOURCE = """__kernel void k(IMAGE_dst_TYPE dst){ const int x=get_global_id(0), y=get_global_id(1), z=get_global_id(2);
 if (x < 4 && y < 4 && z == 0) WRITE_IMAGE(dst, POS_dst_INSTANCE(x,y,z,0), CONVERT_dst_PIXEL_TYPE(7.0f)); }"""


@pytest.mark.parametrize("global_range", [(2**31, 2**31, 2**31), (1, 2**33, 2**33), (2**64 - 1, 2, 1)])
def test_range_beyond_the_device_is_refused(global_range):
    d = cle.push(np.zeros((4, 4), np.float32))
    with pytest.raises(cle.InvalidArgumentError) as err:
        cle.execute(SOURCE, "k", {"dst": d}, global_range=global_range)
    msg = str(err.value)
    assert "global_range" in msg and "'k'" in msg, msg
    assert cle.pull(d).sum() == 0  # nothing ran


def test_range_within_the_device_runs():
    d = cle.push(np.zeros((4, 4), np.float32))
    cle.execute(SOURCE, "k", {"dst": d}, global_range=(1, 4, 4))  # (z, y, x)
    assert cle.pull(d).sum() == 112


def test_reproducer_does_not_abort():
    """The probe's script, in its own process: it must end with the error, not an abort."""
    script = os.path.join(os.path.dirname(__file__), "..", "..", "..", "tests", "regression", "python",
                          "execute_range_abort.py")
    run = subprocess.run([sys.executable, script], capture_output=True, text=True, timeout=120, env=os.environ.copy())
    assert run.returncode == 1, run.stdout + run.stderr
    assert "InvalidArgumentError" in run.stderr and "global_range" in run.stderr, run.stderr
