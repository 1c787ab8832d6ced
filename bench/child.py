"""Measurements that need a fresh process, run by bench.py as subprocesses.

  child.py firstcall LIB OPKEY SHAPE DTYPE   time of the first call of an op in a new
                                             process (program cache as the parent set
                                             it up through the environment)
  child.py peak LIB SHAPE                    peak memory of the seed pipeline
  child.py nvml-sample                       poll NVIDIA device memory until stdin closes

LIB is cesperanto or pyclesperanto; the library path and device come from
BENCH_LIB and BENCH_DEVICE. Each prints one JSON object on its last line.
"""
import json
import os
import subprocess
import sys
import time
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
warnings.filterwarnings("ignore", category=DeprecationWarning)

import numpy as np  # noqa: E402

import cases  # noqa: E402
import measure  # noqa: E402
import peers  # noqa: E402


def _peer(lib):
    if lib == "cesperanto":
        return peers.Cesperanto(os.environ["BENCH_LIB"], os.environ["BENCH_DEVICE"])
    return peers.Pyclesperanto(os.environ["BENCH_DEVICE"])


def _op(key):
    return next(o for o in cases.OPS if o.key == key)


def firstcall(lib, key, shape, dtype):
    op = _op(key)
    peer = _peer(lib)
    inputs = [peer.push(a) for a in cases.make_inputs(op, shape, dtype)]
    peer.finish()
    method = getattr(peer, op.method)
    times, windows = [], []
    for _ in range(2):  # first call (compiles or loads the program), then a warm one
        w0 = time.monotonic()  # CLOCK_MONOTONIC: cl_calls' records can be cut to it
        s, r = measure.timed(lambda: method(*inputs, **op.params), peer.finish)
        windows.append([w0, time.monotonic()])
        times.append(s * 1e3)
        peer.release(r)
    out = {"first_ms": times[0], "second_ms": times[1], "first_window": windows[0], "second_window": windows[1]}
    # the same op on another shape: programs must not depend on it. cesperanto's disk
    # cache shows it directly: no new entry may appear for the new shape.
    cache = os.environ.get("CLE_CACHE_DIR") if lib == "cesperanto" else None
    before = _count_files(cache) if cache else None
    other = tuple(n + 3 + i for i, n in enumerate(shape))
    inputs2 = [peer.push(a) for a in cases.make_inputs(op, other, dtype, seed=7)]
    peer.finish()
    s, r = measure.timed(lambda: method(*inputs2, **op.params), peer.finish)
    peer.release(r)
    out["new_shape_ms"] = s * 1e3
    if cache:
        out["cache_files"] = [before, _count_files(cache)]
    return out


def _count_files(folder):
    return sum(len(files) for _, _, files in os.walk(folder))


def _nvml_sampler():
    p = subprocess.Popen([sys.executable, os.path.abspath(__file__), "nvml-sample"],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    if p.stdout.readline().strip() != "ready":
        p.kill()
        raise RuntimeError("nvml sampler did not start")
    return p


def peak(lib, shape):
    op = _op("pipeline blur3-otsu-label")
    peer = _peer(lib)
    host = cases.make_inputs(op, shape, "float32")[0]
    small = cases.make_inputs(op, tuple(16 for _ in shape), "float32")[0]
    peer.release(peer.pipeline(peer.push(small)))  # compile outside the measurement
    peer.finish()
    n = host.size
    known = {"input": 4 * n, "blurred": 4 * n, "binary": n, "labels": 4 * n}
    # the arrays the pipeline holds at once: input + blurred + binary during Otsu,
    # input + binary + labels during labeling
    arrays_peak = max(4 * n + 4 * n + n, 4 * n + n + 4 * n)
    out = {"arrays_bytes": arrays_peak, "arrays": known}
    is_cpu = lib == "cesperanto" and peer.info.get("type") == "cpu" or \
        lib == "pyclesperanto" and "CPU" in peer.info.get("info", "")
    if is_cpu:
        with measure.PeakRss() as m:
            src = peer.push(host)
            labels = peer.pipeline(src)
            peer.finish()
            peer.release(labels)
            peer.release(src)
            del src, labels
        out.update(peak_bytes=m.peak, method="process peak RSS (VmHWM); CPU device memory is host memory")
    else:
        sampler = _nvml_sampler()
        src = peer.push(host)
        labels = peer.pipeline(src)
        peer.finish()
        time.sleep(0.05)
        sampler.stdin.close()
        res = json.loads(sampler.stdout.read().strip().splitlines()[-1])
        sampler.wait()
        peer.release(labels)
        out.update(peak_bytes=res["peak"] - res["base"],
                   method="NVML device memory used, sampled every ~0.2 ms in another process")
    return out


def nvml_sample():
    import threading
    import pynvml
    pynvml.nvmlInit()
    h = pynvml.nvmlDeviceGetHandleByIndex(int(os.environ.get("BENCH_NVML_INDEX", "0")))
    base = pynvml.nvmlDeviceGetMemoryInfo(h).used
    state = {"peak": base, "stop": False}

    def poll():
        while not state["stop"]:
            state["peak"] = max(state["peak"], pynvml.nvmlDeviceGetMemoryInfo(h).used)
            time.sleep(0.0002)

    t = threading.Thread(target=poll)
    t.start()
    print("ready", flush=True)
    sys.stdin.read()
    state["stop"] = True
    t.join()
    return {"base": base, "peak": state["peak"]}


def main(argv):
    mode = argv[0]
    if mode == "firstcall":
        res = firstcall(argv[1], argv[2], tuple(int(s) for s in argv[3].split("x")), argv[4])
    elif mode == "peak":
        res = peak(argv[1], tuple(int(s) for s in argv[2].split("x")))
    elif mode == "nvml-sample":
        res = nvml_sample()
    else:
        raise SystemExit(f"child.py: unknown mode {mode!r}")
    print(json.dumps(res), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
