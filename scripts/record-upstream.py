#!/usr/bin/env python3
"""Record pyclesperanto 0.25.1's results for the spec tests into tests/upstream/OP.golden.

    scripts/record-upstream.py [--build build] [--op OP ...]

The C spec-test runner writes every test's inputs (the same PRNG-made pixels
it tests with) and a manifest (`test_spec_ops --dump-inputs`); this script
runs pyclesperanto on them -- same op, same parameter names and values --
and writes, per test, the runner's key and pyclesperanto's result (see
tests/ops/upstream.h for the format). CI then compares every spec test with
these files without running pyclesperanto, and `upstream.fresh` fails when a
spec test changed after its recording: run this script again for that op.

Record on pocl (the machine's CPU OpenCL), as CI's tests run there.
"""
import argparse
import base64
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import warnings
import zlib

import numpy as np

# Arrays smaller than this (deflated) keep their pixels in the golden file even
# when compared exactly (by their SHA-256), so a failure can show the first
# differing pixel; results compared with a tolerance always keep them.
KEEP_EXACT_BYTES = 32 * 1024

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def dump_inputs(build, folder):
    runner = os.path.join(build, "tests", "ops", "test_spec_ops")
    subprocess.run([runner, "--dump-inputs", folder], check=True, stdout=subprocess.DEVNULL)
    with open(os.path.join(folder, "manifest.jsonl"), encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def param_value(p):
    v = p["value"]
    if p["type"] == "float":
        return float(v)  # "nan", "inf" and numbers alike
    if p["type"] == "int":
        return None if int(v) == -2**31 else int(v)  # CLE_NONE: an optional int param left as None
    if p["type"] == "bool":
        return bool(v)
    if p["type"] == "float_list":
        return None if v is None else [float(x) for x in v]  # None: an optional list left out
    return v


# pyclesperanto functions whose output_image has no default: the output cesperanto's creator gives
# (cle.fft.ifft: the even width, 2 less than the spectrum's).
REQUIRED_OUTPUT = {"fft.ifft": lambda inputs: inputs[0].shape[:-1] + (inputs[0].shape[-1] - 2,)}

# pyclesperanto functions that leave pixels of a new output unwritten (whatever the memory held), where
# cesperanto's new output holds 0: they get a zeroed output like the first input, so the recorded result
# is deterministic and tells the pixels they write (their specs describe the difference without an output).
ZEROED_OUTPUT = {"nonzero_maximum": "output_image1", "nonzero_minimum": "output_image1", "paste": "output_image"}


def parametric_map_inputs(inputs, params):
    """pyclesperanto's parametric_map takes a dict of columns and a name: the spec test's column (entry l for
    label l) as a column of exactly max_label + 1 values (padded with 0), which pyclesperanto reads as
    having the background row (its other lengths it reads shifted by one: the Python wrapper's rule)."""
    labels, column = inputs
    rows = int(np.max(labels)) + 1
    values = np.zeros(rows, dtype=np.float32)
    n = min(rows, column.size)
    values[:n] = column.ravel()[:n].astype(np.float32)
    return [labels, {"label": values.tolist()}], dict(params, property="label")


# pyclesperanto functions whose arguments cesperanto's C op gives another shape: (inputs, params) for them.
ADAPT_INPUTS = {"parametric_map": parametric_map_inputs}


# Params of cesperanto's op that pyclesperanto's function does not take (its spec declares them under
# upstream: signature): left out of the call. artificial_tissue's seed (pyclesperanto seeds at random);
# the FFT ops' circular (pyclesperanto's convolution is always circular, at its own size).
CESPERANTO_ONLY_PARAMS = {"artificial_tissue": ("seed",), "fft.convolve": ("circular",),
                          "fft.deconvolve": ("circular",)}


def upstream_function(cle, name):
    """pyclesperanto's function by name; a dotted name is in a submodule (fft.convolve)."""
    function = cle
    for part in name.split("."):
        function = getattr(function, part)
    return function


def run_upstream(cle, test, folder):
    """pyclesperanto's result: ("scalar", float), ("array", ndarray) or ("error", message), and the
    pixels of the inputs the op writes (spec: written) after the call: [(name, ndarray), ...]."""
    inputs = [np.load(os.path.join(folder, i["file"])) for i in test["inputs"]]
    # an input the op writes (a flag) goes in as a device array, read back after the call
    inputs = [cle.push(a) if i.get("written") else a for a, i in zip(inputs, test["inputs"])]
    written = [(i["name"], a) for a, i in zip(inputs, test["inputs"]) if i.get("written")]
    params = {p["name"]: param_value(p) for p in test["params"]
              if p["name"] not in CESPERANTO_ONLY_PARAMS.get(test["upstream"], ())}
    if test["upstream"] in REQUIRED_OUTPUT:
        params["output_image"] = cle.create(REQUIRED_OUTPUT[test["upstream"]](inputs), dtype=np.float32)
    if test["upstream"] in ADAPT_INPUTS:
        inputs, params = ADAPT_INPUTS[test["upstream"]](inputs, params)
    if test["upstream"] in ZEROED_OUTPUT:
        params[ZEROED_OUTPUT[test["upstream"]]] = cle.push(np.zeros_like(inputs[0]))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = upstream_function(cle, test["upstream"])(*inputs, **params)
            after = [(name, np.asarray(cle.pull(a))) for name, a in written]
            if test["output"] == "scalar":
                return "scalar", float(result), after  # a bool (array_equal) as 1.0 / 0.0
            if test["output"] == "table":  # a dict of columns: a float32 matrix, a row per table row, columns by name
                columns = [np.asarray(result[k], dtype=np.float32).ravel() for k in sorted(result)]
                return "array", np.stack(columns, axis=1), after
            if test["output"] == "arrays":  # several images (a list): float32, one after the other along z
                parts = [np.asarray(cle.pull(a), dtype=np.float32) for a in result if a is not None]
                return "array", np.concatenate([p.reshape((-1,) + p.shape[-2:]) if p.ndim >= 2 else p.reshape(1, 1, -1)
                                                for p in parts]), after
            if isinstance(result, (list, tuple)):  # bounding_box, center_of_mass, ...: a vector here
                return "array", np.asarray(result, dtype=np.float32), after
            return "array", np.asarray(cle.pull(result)), after
    except Exception as e:  # noqa: BLE001 -- what pyclesperanto raises is the recorded result
        return "error", " ".join(("%s: %s" % (type(e).__name__, e)).split()), []


def result_lines(test, kind, value):
    if kind == "scalar":
        return ["scalar %s" % ("nan" if np.isnan(value) else repr(float(value)))]
    if kind == "error":
        return ["error %s" % value]
    arr = np.ascontiguousarray(value)
    if arr.dtype == np.float64:
        arr = arr.astype(np.float32)
    raw = arr.astype(arr.dtype.newbyteorder("<"), copy=False).tobytes()
    digest = hashlib.sha256(raw).hexdigest()
    packed = zlib.compress(raw, 9)
    # a table keeps its values always: the runner leaves out the rows of labels without pixels
    keep = not test["exact"] or len(packed) <= KEEP_EXACT_BYTES or test["output"] == "table"
    data = " " + base64.b64encode(packed).decode("ascii") if keep else ""
    shape = ",".join(str(s) for s in arr.shape)
    return ["array %s %s %s%s" % (arr.dtype.name, shape, digest, data)]


def child(folder, op, tags):
    """Run in a child process (pyclesperanto can crash): print one JSON line per test."""
    import pyclesperanto as cle
    with open(os.path.join(folder, "manifest.jsonl"), encoding="utf-8") as f:
        tests = [json.loads(line) for line in f]
    for test in tests:
        if test["op"] != op or (tags and test["tag"] not in tags):
            continue
        kind, value, written = run_upstream(cle, test, folder)
        lines = result_lines(test, kind, value)
        for name, pixels in written:
            lines += ["written %s" % name] + result_lines(test, "array", pixels)
        print(json.dumps({"tag": test["tag"], "lines": lines}), flush=True)


def run_children(folder, op, tags):
    """{tag: lines} of the op's tests, each test that crashes pyclesperanto recorded as an error."""
    cmd = [sys.executable, os.path.abspath(__file__), "--child", folder, op]
    done = subprocess.run(cmd + tags, capture_output=True, text=True)
    results = {}
    for line in done.stdout.splitlines():
        item = json.loads(line)
        results[item["tag"]] = item["lines"]
    if done.returncode == 0:
        return results
    # a crash: the tests not reported yet run one per process, so the crashing one is known
    for tag in tags:
        if tag in results:
            continue
        one = subprocess.run(cmd + [tag], capture_output=True, text=True)
        if one.returncode == 0 and one.stdout.strip():
            results[tag] = json.loads(one.stdout.splitlines()[-1])["lines"]
        else:
            why = "killed by signal %d" % -one.returncode if one.returncode < 0 else "exit status %d" % one.returncode
            results[tag] = ["error pyclesperanto crashed (%s)" % why]
    return results


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        return child(sys.argv[2], sys.argv[3], sys.argv[4:])
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--build", default=os.path.join(ROOT, "build"), help="the build folder (default: build)")
    parser.add_argument("--op", action="append", help="only these ops (default: every op pyclesperanto has)")
    parser.add_argument("--out", default=os.path.join(ROOT, "tests", "upstream"), help="where the golden files go")
    args = parser.parse_args()

    import pyclesperanto as cle
    if cle.__version__ != "0.25.1":
        sys.exit("record-upstream: pyclesperanto 0.25.1 is the reference, found %s" % cle.__version__)
    device = str(cle.get_device().name)

    with tempfile.TemporaryDirectory() as folder:
        tests = [t for t in dump_inputs(args.build, folder) if t["upstream"]]
        ops = sorted({t["op"] for t in tests})
        unknown = sorted(set(args.op or []) - set(ops))
        if unknown:
            sys.exit("record-upstream: no spec tests with an upstream op named %s" % ", ".join(unknown))
        os.makedirs(args.out, exist_ok=True)
        for op in args.op or ops:
            op_tests = [t for t in tests if t["op"] == op]
            results = run_children(folder, op, [t["tag"] for t in op_tests])
            lines = ["# pyclesperanto %s's results for the spec tests of spec/ops/%s.yaml (on %s)." % (cle.__version__, op, device),
                     "# Written by scripts/record-upstream.py; format: tests/ops/upstream.h. Do not edit."]
            for test in op_tests:
                lines.append("test %s %s" % (test["tag"], test["key"]))
                lines += results[test["tag"]]
            path = os.path.join(args.out, op + ".golden")
            with open(path, "w", encoding="utf-8") as f:
                f.write("\n".join(lines) + "\n")
            errors = sum(results[t["tag"]][0].startswith("error") for t in op_tests)
            print("%s: %d tests%s" % (os.path.relpath(path, ROOT), len(op_tests),
                                       ", %d raised or crashed in pyclesperanto" % errors if errors else ""))


if __name__ == "__main__":
    main()
