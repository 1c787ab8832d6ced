#!/usr/bin/env python3
"""Benchmark cesperanto against pyclesperanto (same OpenCL device) and
scikit-image/scipy (CPU). One command; see bench/README.md.

  python3 bench/bench.py --lib build/runtime/libcesperanto.so --device pthread \
      --out bench/results/pocl [--quick] [--ops gaussian,copy] [--sizes 512^2,64^3]

Exit status: 0 when every compared case agreed, 1 when one failed (or the harness
broke), --skip-code when pyclesperanto could not be imported (everything else
still ran), so CTest can report a skip.
"""
import argparse
import datetime
import gc
import json
import os
import platform
import re
import shlex
import shutil
import site
import subprocess
import sys
import tempfile
import traceback
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
warnings.filterwarnings("ignore", category=DeprecationWarning)

try:
    import numpy as np
except ImportError as _e:  # the harness cannot run at all; let CTest report a skip
    print(f"SKIP: bench.py needs numpy: {_e}")
    _i = sys.argv.index("--skip-code") if "--skip-code" in sys.argv else -1
    sys.exit(int(sys.argv[_i + 1]) if 0 <= _i < len(sys.argv) - 1 else 0)

import cases  # noqa: E402
import measure  # noqa: E402
import peers  # noqa: E402
import report  # noqa: E402

DEVICE_PEERS = ("cesperanto", "pyclesperanto", "cupy")


def parse_args(argv):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lib", required=True, help="path to libcesperanto.so")
    ap.add_argument("--device", default=os.environ.get("CLE_DEVICE", ""),
                    help="device name substring (name, vendor or platform), e.g. pthread, nvidia")
    ap.add_argument("--out", required=True, help="folder for results.md, results.json, speedup.png")
    ap.add_argument("--quick", action="store_true", help="tiny sizes and budgets: checks the harness works")
    ap.add_argument("--ops", default="", help="comma-separated substrings of op names to keep")
    ap.add_argument("--sizes", default="", help="comma-separated size names to keep, e.g. 512^2,64^3")
    ap.add_argument("--dtypes", default="", help="comma-separated dtypes to keep")
    ap.add_argument("--budget", type=float, default=None,
                    help="seconds of timed calls per library per case (default 10, quick 0.5)")
    ap.add_argument("--max-call", type=float, default=None,
                    help="skip a library on a case when its predicted single call exceeds this "
                         "many seconds (default 40, quick 5)")
    ap.add_argument("--overhead", default=None, help="path to the cle_overhead program (default: "
                    "bench/cle_overhead in the library's build tree)")
    ap.add_argument("--no-pyclesperanto", action="store_true")
    ap.add_argument("--no-cpu", action="store_true")
    ap.add_argument("--cupy", action="store_true",
                    help="also time CuPy (cupyx.scipy.ndimage) on the CUDA device, where it offers the op")
    ap.add_argument("--no-first-call", action="store_true")
    ap.add_argument("--no-peak", action="store_true")
    ap.add_argument("--resume", default=None, metavar="RESULTS_JSON",
                    help="results.json of an earlier, stopped run on the same device: what it "
                         "finished is kept and not measured again (for runs split by a time limit)")
    ap.add_argument("--skip-code", type=int, default=0,
                    help="exit status when pyclesperanto is missing (77 for CTest)")
    a = ap.parse_args(argv)
    if a.budget is None:
        a.budget = 0.5 if a.quick else 10.0
    if a.max_call is None:
        a.max_call = 5.0 if a.quick else 40.0
    return a


def log(*args):
    print(*args, flush=True)


class Bench:
    def __init__(self, args):
        self.args = args
        self.notes = []
        self.cle = peers.Cesperanto(args.lib, args.device)
        self.peers = {"cesperanto": self.cle}
        self.pycle_missing = None
        if not args.no_pyclesperanto:
            mod, why = peers.optional_module("pyclesperanto")
            if mod is None:
                self.pycle_missing = why
            else:
                try:
                    self.peers["pyclesperanto"] = peers.Pyclesperanto(self.cle.device_name())
                except Exception as e:
                    self.pycle_missing = f"pyclesperanto could not select the device: {e}"
            if self.pycle_missing:
                self.notes.append("pyclesperanto not compared: " + self.pycle_missing)
            elif self.peers["pyclesperanto"].device_name() != self.cle.device_name():
                self.notes.append(f"pyclesperanto runs on {self.peers['pyclesperanto'].device_name()!r}, "
                                  f"not {self.cle.device_name()!r}")
        if not args.no_cpu:
            for m in ("scipy.ndimage", "skimage.filters"):
                mod, why = peers.optional_module(m)
                if mod is None:
                    self.notes.append("CPU peer not compared: " + why)
                    break
            else:
                self.peers["skimage"] = peers.Cpu()
        if args.cupy:
            mod, why = peers.optional_module("cupy")
            if mod is None:
                self.notes.append("CuPy not compared: " + why)
            else:
                self.peers["cupy"] = peers.Cupy()
        self.history = {}  # (peer, op, dtype, ndim) -> (elements, seconds) of the last size run
        self.rows = []

    # ---- selection -------------------------------------------------------------

    def selected(self):
        a = self.args
        want_ops = [s for s in a.ops.split(",") if s]
        want_sizes = [s.replace("x", "^") for s in a.sizes.split(",") if s]
        want_dt = [s for s in a.dtypes.split(",") if s]
        for ndim in (2, 3):
            for op in cases.OPS:
                if want_ops and not any(w in op.key for w in want_ops):
                    continue
                if ndim not in op.dims:
                    continue
                if a.quick:
                    sizes = {k: v for k, v in cases.QUICK_SIZES.items() if len(v) == ndim}
                else:
                    base = cases.SIZES_2D if ndim == 2 else cases.SIZES_3D
                    extra = {k: v for k, v in op.extra_sizes.items() if len(v) == ndim}
                    sizes = dict(sorted({**base, **extra}.items(), key=lambda kv: np.prod(kv[1])))
                for name, shape in sizes.items():
                    if want_sizes and name not in want_sizes:
                        continue
                    for dt in op.dtypes:
                        if want_dt and dt not in want_dt:
                            continue
                        yield op, name, shape, dt

    # ---- one case ----------------------------------------------------------------

    def predict(self, peer, op, dtype, ndim, n):
        h = self.history.get((peer, op.key, dtype, ndim))
        return None if h is None else h[1] * n / h[0]

    def fits(self, op, shape, dtype):
        info = self.cle.info
        # while timing, every device library holds its data at once
        need = cases.device_bytes(op, shape, dtype) * sum(p in self.peers for p in DEVICE_PEERS)
        n = int(np.prod(shape))
        biggest = n * max(np.dtype(dtype).itemsize, 4 if op.out in ("float32", "uint32", "labels") else 0)
        if biggest > info["max_allocation"]:
            return f"an array of {biggest / 2**20:.0f} MiB exceeds the device's max allocation"
        if need > 0.85 * info["global_memory"]:
            return f"needs ~{need / 2**30:.1f} GiB of {info['global_memory'] / 2**30:.1f} GiB device memory"
        host_need = need + 4 * n * 4  # inputs + three peers' outputs and the comparison's copies
        avail = _mem_available()
        if avail and host_need > 0.6 * avail:
            return f"needs ~{host_need / 2**30:.1f} GiB of host memory, {avail / 2**30:.1f} GiB available"
        return None

    def run_case(self, op, size, shape, dtype):
        ndim, n = len(shape), int(np.prod(shape))
        row = {"op": op.key, "size": size, "dtype": dtype, "ndim": ndim, "elements": n,
               "ms": {}, "reps": {}, "skipped": {}, "transfer": {}, "checks": {},
               "status": "OK", "detail": ""}
        missing = self.cle.has_ops(op.uses)
        if missing:
            row.update(status="SKIP", detail="cesperanto has no op " + ", ".join(missing))
            return row
        why = self.fits(op, shape, dtype)
        if why:
            row.update(status="SKIP", detail=why)
            return row
        inputs = cases.make_inputs(op, shape, dtype)
        ospec = cases.output_spec(op, shape, dtype)
        results, first = {}, {}
        # correctness first: one call per library (the warm-up), results pulled to the host
        for name, peer in self.peers.items():
            if not hasattr(peer, op.method):
                row["skipped"][name] = "—"  # the peer does not offer this op
                continue
            pred = self.predict(name, op, dtype, ndim, n)
            if pred is not None and pred > self.args.max_call:
                row["skipped"][name] = f"skipped (~{pred:.0f} s/call)"
                continue
            try:
                handles = [peer.push(a) for a in inputs]
                dst = peer.create(*ospec) if ospec else None
                peer.finish()
                s, out = measure.timed(lambda: getattr(peer, op.method)(*handles, dst=dst, **op.params),
                                       peer.finish)
                results[name] = out if isinstance(out, (float, dict)) else peer.pull(out)
                first[name] = s
                peer.release(out)
                del handles, dst, out
            except NotImplementedError:
                row["skipped"][name] = "—"  # the peer does not offer this op
            except Exception as e:
                msg = f"{type(e).__name__}: {e}".splitlines()[0][:200]
                if name == "cesperanto":
                    log(f"{op.key} {size} {dtype}: cesperanto failed:\n{e}")  # the whole message: a build log
                    row.update(status="FAIL", detail="cesperanto: " + msg)
                    return row
                row["skipped"][name] = "error: " + msg[:60]
                row["checks"][name] = "error: " + msg
        if "cesperanto" not in results:
            row.update(status="SKIP", detail="cesperanto: " + row["skipped"].get("cesperanto", ""))
            return row
        aux_cache = {}

        def aux():  # the pipeline's CPU blur and Otsu threshold, only if a check needs them
            if not aux_cache:
                import scipy.ndimage as ndi
                import skimage.filters
                s = 3.0
                blurred = ndi.gaussian_filter(inputs[0], (s,) * ndim, output=np.float32,
                                              mode="nearest", truncate=4.0)
                aux_cache["v"] = (blurred, skimage.filters.threshold_otsu(blurred))
            return aux_cache["v"]
        fails = []
        for name in results:
            if name == "cesperanto":
                continue
            ok, detail = cases.compare(op, results["cesperanto"], results[name], inputs, aux)
            row["checks"][name] = ("agrees: " if ok else "DIFFERS: ") + detail
            if not ok:
                fails.append(f"vs {name}: {detail}")
        if fails:
            row.update(status="FAIL", detail="; ".join(fails))
            return row
        if len(results) == 1:
            row.update(status="UNCHECKED", detail="no peer ran to compare with")
        del results
        # timing: the libraries' samples interleave, so a change in the machine's load
        # (shared machines, boost clocks) falls on all of them alike
        self.time_peers(row, op, inputs, ospec, first)
        if row["status"] == "FAIL":
            return row
        for name in self.peers:
            if name in row["ms"]:
                self.history[(name, op.key, dtype, ndim)] = (n, row["ms"][name] / 1e3)
        moved = cases.bytes_moved(op, shape, dtype)
        if moved and row["ms"].get("cesperanto"):
            row["gbps"] = moved / (row["ms"]["cesperanto"] / 1e3) / 1e9
        return row

    def time_peers(self, row, op, inputs, ospec, first):
        budget = self.args.budget
        live = {}  # name -> (peer, handles, dst, sampler or None, last output)

        def failed(name, e, when):
            msg = f"{type(e).__name__}: {e}".splitlines()[0][:200]
            live.pop(name, None)
            if name == "cesperanto":
                row.update(status="FAIL", detail=f"cesperanto {when}: " + msg)
            else:
                row["skipped"][name] = "error: " + msg[:60]
        for name, peer in self.peers.items():
            if name not in first:
                continue
            if name == "skimage" and first[name] >= budget:
                row["ms"][name], row["reps"][name] = first[name] * 1e3, 1  # the checked call was it
                continue
            try:
                handles = [peer.push(a) for a in inputs]
                dst = peer.create(*ospec) if ospec else None
                method = getattr(peer, op.method)
                call = (lambda m, h, d: lambda: m(*h, dst=d, **op.params))(method, handles, dst)
                drop = None if ospec or op.out in ("scalar", "table") else peer.release  # the pipeline allocates
                s, out = measure.timed(call, peer.finish)  # warm-up (the program is built by now)
                if drop:
                    drop(out)
                    out = None
                if s >= budget:  # one call fills the budget: that warm call is the sample
                    row["ms"][name], row["reps"][name] = s * 1e3, 1
                    sampler = None
                else:
                    sampler = measure.Sampler(call, peer.finish, budget, s, after=drop)
                live[name] = (peer, handles, dst, sampler, out)
            except Exception as e:
                failed(name, e, "while timing")
                if name == "cesperanto":
                    return
        while any(v[3] and v[3].wants_more() for v in live.values()):
            for name in list(live):
                sampler = live[name][3]
                if sampler and sampler.wants_more():
                    try:
                        sampler.sample()
                    except Exception as e:
                        failed(name, e, "while timing")
                        if name == "cesperanto":
                            return
        for name, (peer, handles, dst, sampler, out) in live.items():
            if sampler:
                row["ms"][name], row["reps"][name] = sampler.median * 1e3, len(sampler.samples)
            if name in DEVICE_PEERS:
                try:
                    a0 = inputs[0]
                    tr = {"push": measure.transfer_rate(lambda: peer.push(a0), a0.nbytes, peer.finish,
                                                        after=peer.release)}
                    res = dst if dst is not None else out
                    if res is not None and not isinstance(res, (float, dict)):
                        nbytes = int(np.prod(ospec[0])) * ospec[1].itemsize
                        tr["pull"] = measure.transfer_rate(lambda: peer.pull(res), nbytes, peer.finish)
                    row["transfer"][name] = tr
                except Exception as e:
                    row["transfer"][name] = {"error": str(e)[:100]}
            peer.release(out)
        live.clear()

    # ---- device-wide figures -----------------------------------------------------------

    def copy_bandwidth(self):
        if self.cle.has_ops(["copy"]):
            return None
        info = self.cle.info
        nbytes = min(512 << 20, info["max_allocation"] // 2, info["global_memory"] // 8)
        if self.args.quick:
            nbytes = min(nbytes, 16 << 20)
        n = nbytes // 4
        src = self.cle.push(np.ones((n // 1024, 1024), np.float32))
        dst = self.cle.create((n // 1024, 1024), np.float32)
        call = lambda: self.cle.copy(src, dst=dst)  # noqa: E731
        s, _ = measure.timed(call, self.cle.finish)
        s, _ = measure.timed(call, self.cle.finish)
        med, reps = measure.warm_median(call, self.cle.finish, self.args.budget, s)
        return {"bytes": n * 4, "seconds": med, "reps": reps, "gbps": 2 * n * 4 / med / 1e9}

    def overhead(self):
        path = self.args.overhead
        if path is None:
            cand = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(self.args.lib))),
                                "bench", "cle_overhead")
            path = cand if os.path.exists(cand) else None
        if not path:
            self.notes.append("cle_overhead not found (build the bench folder); host overhead not measured")
            return None
        cmd = [path, "--device", self.args.device or ""] + (["--quick"] if self.args.quick else [])
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
        if p.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)} failed ({p.returncode}): {p.stderr.strip()[-500:]}")
        return json.loads(p.stdout.strip().splitlines()[-1])

    def _child(self, argv, env_extra, timeout=600):
        env = dict(os.environ, BENCH_LIB=os.path.abspath(self.args.lib),
                   BENCH_DEVICE=self.cle.device_name(), PYTHONUNBUFFERED="1")
        # a changed HOME must not hide packages installed with pip --user
        env["PYTHONPATH"] = os.pathsep.join(p for p in [env.get("PYTHONPATH", ""),
                                                        site.getusersitepackages()] if p)
        env.update(env_extra)
        p = subprocess.run([sys.executable, os.path.join(HERE, "child.py")] + argv, env=env,
                           capture_output=True, text=True, timeout=timeout)
        if p.returncode != 0:
            return {"error": (p.stderr.strip().splitlines() or ["exit %d" % p.returncode])[-1]}
        return json.loads(p.stdout.strip().splitlines()[-1])

    def first_calls(self, res):
        out = res.setdefault("first_call", [])
        seen = {r["op"] for r in out}  # kept from a resumed run
        for op, size, shape, dtype in self.selected():
            if op.key in seen or self.cle.has_ops(op.uses):
                continue
            seen.add(op.key)
            row = {"op": op.key, "size": size, "dtype": dtype}
            for name in DEVICE_PEERS:
                if name not in self.peers:
                    continue
                tmp = tempfile.mkdtemp(prefix="cle-bench-cache-")
                try:
                    env = {"CLE_CACHE_DIR": os.path.join(tmp, "cle"), "HOME": os.path.join(tmp, "home"),
                           "XDG_CACHE_HOME": os.path.join(tmp, "xdg"),
                           "POCL_CACHE_DIR": os.path.join(tmp, "pocl"),
                           "CUDA_CACHE_PATH": os.path.join(tmp, "cuda")}
                    for d in env.values():
                        os.makedirs(d, exist_ok=True)
                    argv = ["firstcall", name, op.key, "x".join(map(str, shape)), dtype]
                    empty = self._child(argv, env)
                    warm = self._child(argv, env) if "error" not in empty else empty
                    if "error" in empty or "error" in warm:
                        row[name] = {"error": empty.get("error") or warm.get("error")}
                    else:
                        row[name] = {"empty_ms": empty["first_ms"], "warm_ms": warm["first_ms"],
                                     "second_ms": warm["second_ms"], "new_shape_ms": warm["new_shape_ms"]}
                        if "cache_files" in empty:
                            row[name]["cache_files"] = empty["cache_files"]
                finally:
                    shutil.rmtree(tmp, ignore_errors=True)
            log(f"first call {op.key} {size} {dtype}: " + json.dumps({k: v for k, v in row.items()
                                                                         if k in DEVICE_PEERS}))
            out.append(row)
            self.save(res, partial=True)
            if self.args.quick:
                break  # one op shows the mechanism works

    def peak_memory(self, res):
        out = res.setdefault("peak_memory", [])
        done = {p["size"] for p in out}  # kept from a resumed run
        for r in self.rows:
            if not r["op"].startswith("pipeline") or r["status"] not in ("OK", "UNCHECKED") \
                    or r["size"] in done:
                continue
            shape = next(s for o, name, s, _ in self.selected()
                         if o.key == r["op"] and name == r["size"])
            entry = {"size": r["size"]}
            for name in DEVICE_PEERS:
                # one more full-size call in a fresh process, for the libraries that ran here
                if name in self.peers and r["ms"].get(name):
                    v = self._child(["peak", name, "x".join(map(str, shape))], {})
                    entry[name] = v
                    if "arrays_bytes" in v:
                        entry["arrays_bytes"] = v["arrays_bytes"]
            if "arrays_bytes" in entry:
                out.append(entry)
                log(f"peak memory pipeline {r['size']}: " + json.dumps(entry))
                self.save(res, partial=True)

    # ---- the run ---------------------------------------------------------------------

    def run(self):
        a = self.args
        meta = {
            "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
            "host": f"{platform.node()} ({platform.platform()}, {os.cpu_count()} CPU threads)",
            "command": "python3 " + " ".join(shlex.quote(x) for x in [os.path.relpath(__file__)] + sys.argv[1:]),
            "device": self.cle.info,
            "versions": {"cesperanto": self.cle.version(), "python": platform.python_version(),
                         "numpy": np.__version__},
            "budget_s": a.budget, "max_call_s": a.max_call, "quick": a.quick,
            "source": _git_revision(),
        }
        for name, p in self.peers.items():
            if name != "cesperanto":
                meta["versions"][name] = p.version()
        log(f"device: {self.cle.info['name']} ({self.cle.info['platform']}); peers: {', '.join(self.peers)}")
        res = {"meta": meta, "rows": self.rows}
        prev = self.resumed()
        if prev:
            meta["resumed_from"] = {k: prev["meta"].get(k) for k in ("date", "command", "source")}
            res["first_call"] = prev.get("first_call") or []
            res["peak_memory"] = prev.get("peak_memory") or []
        kept = {(r["op"], r["size"], r["dtype"]): r for r in (prev or {}).get("rows", [])}
        res["copy_bandwidth"] = (prev or {}).get("copy_bandwidth") or self.copy_bandwidth()
        if res["copy_bandwidth"]:
            log(f"device copy bandwidth: {res['copy_bandwidth']['gbps']:.1f} GB/s")
        res["overhead"] = (prev or {}).get("overhead") or self.overhead()
        if res["overhead"]:
            log("overhead: " + json.dumps(res["overhead"]))
        last_shape = None
        for op, size, shape, dtype in self.selected():
            if (op.key, size, dtype) in kept:
                row = kept[(op.key, size, dtype)]
                self.rows.append(row)
                for name, ms in row["ms"].items():  # the next size's predictions start from it
                    self.history[(name, op.key, dtype, len(shape))] = (row["elements"], ms / 1e3)
                continue
            if shape != last_shape:
                cases.forget_inputs()
                gc.collect()
                last_shape = shape
            row = self.run_case(op, size, shape, dtype)
            gc.collect()
            self.rows.append(row)
            ms = ", ".join(f"{k} {v:.3g} ms" for k, v in row["ms"].items())
            log(f"{row['status']:9s} {op.key:34s} {size:7s} {dtype:8s} {ms} {row['detail']}")
            self.save(res, partial=True)  # a run stopped by a time limit still leaves its table
        cases.forget_inputs()
        self.rows.sort(key=lambda r: ([o.key for o in cases.OPS].index(r["op"]), r["ndim"],
                                      r["elements"], r["dtype"]))
        if not a.no_first_call:
            self.first_calls(res)
        if not a.no_peak:
            self.peak_memory(res)
        self.save(res, partial=False)
        log(f"wrote {os.path.join(a.out, 'results.md')}, results.json, speedup.png")
        return res

    def resumed(self):
        """The earlier run's results to continue, checked to be of this device."""
        if not self.args.resume:
            return None
        if not os.path.exists(self.args.resume):
            log(f"--resume {self.args.resume}: no such file; starting afresh")
            return None
        with open(self.args.resume) as f:
            prev = json.load(f)
        if prev["meta"]["device"]["name"] != self.cle.info["name"]:
            raise RuntimeError(f"--resume {self.args.resume}: measured on "
                               f"{prev['meta']['device']['name']!r}, not {self.cle.info['name']!r}")
        log(f"resuming {self.args.resume}: keeping {len(prev.get('rows', []))} cases")
        return prev

    def save(self, res, partial):
        res["summary"] = report.summary(self.rows)
        res["meta"]["notes"] = self.notes + (["partial: the run has not finished"] if partial else [])
        if partial:
            os.makedirs(self.args.out, exist_ok=True)
            report.write_json(os.path.join(self.args.out, "results.json"), res)
            report.write_markdown(os.path.join(self.args.out, "results.md"), res)
        else:
            report.write_all(self.args.out, res)


def _git_revision():
    """The commit the harness (and, built from the same tree, the library) came from."""
    try:
        p = subprocess.run(["git", "-C", HERE, "describe", "--always", "--dirty"],
                           capture_output=True, text=True, timeout=10)
        return p.stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        return None


def _mem_available():
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def main(argv):
    args = parse_args(argv)
    if not os.path.exists(args.lib):
        log(f"bench.py: --lib {args.lib!r} does not exist")
        return 1
    try:
        bench = Bench(args)
        res = bench.run()
    except Exception:
        traceback.print_exc()
        return 1
    failed = [r for r in res["rows"] if r["status"] == "FAIL"]
    for r in failed:
        log(f"FAIL: {r['op']} {r['size']} {r['dtype']}: {r['detail']}")
    for n in bench.notes:
        log("note: " + n)
    if failed:
        return 1
    if bench.pycle_missing:
        log("SKIP: " + bench.pycle_missing + " (cesperanto and the CPU peer were still timed)")
        return args.skip_code
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
