"""Host <-> device transfer rates: cesperanto's paths beside pyclesperanto and CuPy.

    python3 bench/transfers.py --lib build/runtime/libcesperanto.so --out DIR [--device NVIDIA]
                               [--sizes-mib 64,256,1024,2048] [--reps 5]

One float32 array per size; every rate is bytes / median seconds of --reps
timed calls after one untimed call, in GB/s (1e9 bytes/s). Rows:
  push pageable        a numpy array in ordinary (pageable) memory to a new device array
  pull existing        into a numpy array written before (its pages are mapped)
  pull new             into a new numpy array (np.empty: first touch of every page)
  push/pull pinned     from/into page-locked memory (cle_host_alloc, cupyx.empty_pinned)
cesperanto runs each row on its plain path (CLE_TRANSFER=plain: one
clEnqueueWrite/ReadBuffer) and on its default path (staged through pinned
buffers on several threads); pyclesperanto and CuPy as their users call them.
Results: DIR/results.md and DIR/results.json.
"""
import argparse
import ctypes as C
import json
import os
import statistics
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cle_ctypes  # noqa: E402


def rate(fn, nbytes, reps, finish=lambda: None):
    fn()
    finish()
    samples = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        finish()
        samples.append(time.perf_counter() - t0)
    return nbytes / statistics.median(samples) / 1e9


def cesperanto_rows(lib_path, device, shape, reps):
    cle = cle_ctypes.Library(lib_path, device)
    c = cle._c
    c.cle_host_alloc.argtypes, c.cle_host_alloc.restype = [C.c_void_p, C.c_size_t], C.c_void_p
    c.cle_host_free.argtypes, c.cle_host_free.restype = [C.c_void_p], C.c_int
    host = np.random.default_rng(0).random(shape, dtype=np.float32)
    nbytes = host.nbytes
    rows = {}
    # twice through both paths, the second pass kept: the first one pays for
    # allocations (device buffers, staging buffers) either path reuses later
    for path in ("plain", "auto", "plain", "auto"):
        os.environ["CLE_TRANSFER"] = path
        label = "plain" if path == "plain" else "default"
        held = []

        def push():
            held.append(cle.push(host))

        rows[f"push pageable ({label})"] = rate(push, nbytes, reps, cle.finish)
        arr = held[0]
        for a in held[1:]:
            a.release()
        out = np.zeros_like(host)
        rows[f"pull existing ({label})"] = rate(lambda: cle.pull(arr, out), nbytes, reps)
        assert np.array_equal(out, host), "pulled data differ"
        rows[f"pull new ({label})"] = rate(lambda: cle.pull(arr), nbytes, reps)
        ptr = c.cle_host_alloc(cle.dev, nbytes)
        if ptr:
            pinned = np.ctypeslib.as_array(C.cast(ptr, C.POINTER(C.c_float)), shape=shape)
            pinned[...] = host
            rows[f"push pinned ({label})"] = rate(lambda: cle.push(pinned).release(), nbytes, reps, cle.finish)
            rows[f"pull pinned ({label})"] = rate(lambda: cle.pull(arr, pinned), nbytes, reps)
            assert np.array_equal(pinned, host)
            del pinned
            c.cle_host_free(ptr)
        arr.release()
    os.environ.pop("CLE_TRANSFER", None)
    return rows


def pyclesperanto_rows(device, shape, reps):
    import pyclesperanto as pcle
    pcle.select_device(device)
    host = np.random.default_rng(0).random(shape, dtype=np.float32)
    arr = pcle.push(host)
    return {"push pageable": rate(lambda: pcle.push(host), host.nbytes, reps, pcle.wait_for_kernel_to_finish),
            "pull new": rate(lambda: pcle.pull(arr), host.nbytes, reps)}


def cupy_rows(shape, reps):
    import cupy as cp
    import cupyx
    host = np.random.default_rng(0).random(shape, dtype=np.float32)
    sync = cp.cuda.Device().synchronize
    arr = cp.asarray(host)
    rows = {"push pageable": rate(lambda: cp.asarray(host), host.nbytes, reps, sync),
            "pull new": rate(lambda: cp.asnumpy(arr), host.nbytes, reps)}
    out = np.zeros_like(host)
    rows["pull existing"] = rate(lambda: arr.get(out=out), host.nbytes, reps)
    pinned = cupyx.empty_pinned(shape, np.float32)
    pinned[...] = host
    rows["push pinned"] = rate(lambda: cp.asarray(pinned), host.nbytes, reps, sync)
    rows["pull pinned"] = rate(lambda: arr.get(out=pinned), host.nbytes, reps)
    return rows


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lib", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--device", default=os.environ.get("CLE_DEVICE", ""))
    ap.add_argument("--sizes-mib", default="64,256,1024,2048")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--peers", default="cesperanto,pyclesperanto,CuPy")
    args = ap.parse_args(argv)
    os.makedirs(args.out, exist_ok=True)
    results = {}
    for mib in [int(s) for s in args.sizes_mib.split(",")]:
        shape = (mib * (1 << 20) // 4 // 4096, 4096)
        key = f"{mib} MiB"
        results[key] = {}
        for name, fn in (("cesperanto", lambda: cesperanto_rows(args.lib, args.device, shape, args.reps)),
                         ("pyclesperanto", lambda: pyclesperanto_rows(args.device, shape, args.reps)),
                         ("CuPy", lambda: cupy_rows(shape, args.reps))):
            if name not in args.peers.split(","):
                continue
            try:
                results[key][name] = fn()
            except Exception as e:  # a peer that is missing or fails leaves its cells empty
                results[key][name] = {"error": f"{type(e).__name__}: {str(e)[:120]}"}
            print(key, name, results[key][name], flush=True)
        with open(os.path.join(args.out, "results.json"), "w") as f:
            json.dump(results, f, indent=1)
    rows = ["push pageable", "pull existing", "pull new", "push pinned", "pull pinned"]
    lines = ["# Transfer rates, GB/s (float32, median of %d)\n" % args.reps,
             "| size | row | cesperanto plain | cesperanto default | pyclesperanto | CuPy |",
             "|---|---|---|---|---|---|"]

    def cell(d, k):
        v = d.get(k)
        return "%.1f" % v if isinstance(v, float) else "-"

    for key, peers in results.items():
        c, p, q = peers.get("cesperanto", {}), peers.get("pyclesperanto", {}), peers.get("CuPy", {})
        for r in rows:
            lines.append(f"| {key} | {r} | {cell(c, r + ' (plain)')} | {cell(c, r + ' (default)')} | "
                         f"{cell(p, r)} | {cell(q, r)} |")
    errors = [f"- {k} {n}: {v['error']}" for k, peers in results.items() for n, v in peers.items() if "error" in v]
    if errors:
        lines += ["", "Errors:"] + errors
    with open(os.path.join(args.out, "results.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main(sys.argv[1:])
