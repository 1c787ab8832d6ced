"""The halo C computes for tiling (cle_op_halo over the generated
cle_op_desc.halo, from the spec's footprint expressions) equals what the
Python evaluator (cesperanto._footprint, as cesperanto.dask and test_footprints.py use it) gives, for every
op that test checks, at its defaults and at other params; and C tiles exactly
those ops (the same candidates)."""

import json
import math
import os
import subprocess

from cesperanto._footprint import FUNCTIONS, halo
from test_footprints import candidates  # bindings/python/tests is on PYTHONPATH


def ops():
    with open(os.environ["CLE_OPS_JSON"], encoding="utf-8") as f:
        return json.load(f)["ops"]


def c_halos():
    out = subprocess.run([os.environ["CLE_TILED_TEST"], "halos"], check=True, capture_output=True, text=True).stdout
    return [json.loads(line) for line in out.splitlines()]


def number(v):
    return float(v) if isinstance(v, str) else v


def test_c_and_python_agree():
    by_name = {op["name"]: op for op in ops()}
    lines = c_halos()
    assert len(lines) > 100
    wrong = []
    for line in lines:
        op = by_name[line["op"]]
        params = {p["name"]: p["default"] for p in op["params"]}
        params.update({k: number(v) for k, v in line["params"].items()})
        raw = [eval(t, {"__builtins__": {}}, {**FUNCTIONS, **params}) for t in op["footprint"]]  # noqa: S307
        if not all(math.isfinite(r) and r >= 0 for r in raw):
            if line["halo"] is not None:  # C must refuse a NaN or negative halo
                wrong.append("%s at %s: C %s, the footprint %s" % (op["name"], line["params"], line["halo"], raw))
            continue
        # whole numbers: Python and C agree exactly; both round a fraction up, which is checked apart
        py = halo(op["footprint"], params)[::-1]  # x, y, z
        if any(r != int(r) for r in raw) or py != line["halo"]:
            wrong.append("%s at %s: C %s, Python %s (%s)" % (op["name"], line["params"], line["halo"], py, raw))
    assert not wrong, "\n".join(wrong)


def test_the_same_candidates():
    in_c = {line["op"] for line in c_halos()}
    in_python = {op["name"] for op in candidates(ops())}
    assert in_c == in_python
