"""cle.warmup (cle warmup, cle_warmup): programs built ahead of time into the disk cache, so that a
new process's first call loads them; bad names are errors that name them."""

import os
import subprocess
import sys

import numpy as np
import pytest

import cesperanto as cle

FIRST_CALL = """
import numpy as np, cesperanto as cle
a = np.zeros((20, 30), np.uint8)
a[5:9, 7:12] = 200
print(float(cle.pull(cle.gaussian_blur(a, sigma_x=2, sigma_y=2)).max()))
"""


def run_python(code, env):
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)


def test_warmup_fills_the_disk_cache_for_a_new_process(tmp_path):
    env = dict(os.environ, CLE_CACHE_DIR=str(tmp_path / "cache"), CLE_PROFILE="1")
    warm = run_python("import cesperanto as cle; print(cle.warmup(['gaussian_blur'], ['uint8']))", env)
    assert int(warm.stdout.split()[-1]) >= 2  # 2D and 3D, at the defaults and at sigma 1
    assert len(os.listdir(tmp_path / "cache")) > 0
    first = run_python(FIRST_CALL, env)
    assert "program from the disk cache" in first.stderr
    assert "built from source" not in first.stderr
    a = np.zeros((20, 30), np.uint8)
    a[5:9, 7:12] = 200
    assert float(first.stdout.split()[-1]) == float(cle.pull(cle.gaussian_blur(a, sigma_x=2, sigma_y=2)).max())


def test_warmup_takes_a_comma_separated_string_and_aliases():
    assert cle.warmup("fabs,connected_components_labeling", "float32") >= 2


def test_warmup_refuses_unknown_names():
    with pytest.raises(ValueError, match="unknown op 'gausian_blur' \\(did you mean gaussian_blur\\?\\)"):
        cle.warmup(["gausian_blur"])
    with pytest.raises(ValueError, match="unknown dtype 'float64'"):
        cle.warmup(["absolute"], ["float64"])
    with pytest.raises(ValueError, match="operations must be names"):
        cle.warmup([3])
