"""First calls, repeated: what a new process waits for on its first call of an op.

  python3 bench/first_call.py --lib build/runtime/libcesperanto.so --device NVIDIA \
      --out /tmp/out/first [--reps 5] [--size 2048^2] [--trace build/bench/libcl_calls.so] \
      [--variant name:VAR=value,VAR=value ...]

After one untimed process per library (the machine's first process also waits for
the driver's files to be read from disk), for each repetition, op and library (the
libraries' order alternates between repetitions, so drift in the machine's speed
falls on both), two new processes
(bench/child.py firstcall): one with empty program caches (cesperanto's, pocl's,
NVIDIA's, CLIc's under HOME), one after it with the caches it filled (the warm
disk). A variant is cesperanto with extra environment variables, measured in the
same rounds (e.g. CLE_STAND_IN=off). With --trace, two more processes per op and
library (empty caches, then the warm disk) run under the cl_calls preload and the
report lists their OpenCL calls within the first call, by total time, and the
time spent outside them.
Writes first-call.md and first-call.json into --out.
"""
import argparse
import collections
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
OPS = ("gaussian_blur s1", "threshold_otsu", "connected_component_labeling box", "pipeline blur3-otsu-label")
DTYPE = {"connected_component_labeling box": "uint8"}  # the others float32


def parse_args(argv):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lib", required=True)
    ap.add_argument("--device", default="NVIDIA")
    ap.add_argument("--out", required=True)
    ap.add_argument("--ops", default=",".join(OPS), help="comma-separated case keys of bench/cases.py")
    ap.add_argument("--size", default="2048^2")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--no-pyclesperanto", action="store_true")
    ap.add_argument("--variant", action="append", default=[], help="name:VAR=value,VAR=value")
    ap.add_argument("--trace", help="path to libcl_calls.so")
    return ap.parse_args(argv)


def shape_of(size):
    n, d = size.split("^")
    return "x".join([n] * int(d))


class Runner:
    def __init__(self, args):
        self.args = args
        self.libs = [("cesperanto", "cesperanto", {})]
        for v in args.variant:
            name, _, pairs = v.partition(":")
            env = dict(p.split("=", 1) for p in pairs.split(",") if p)
            self.libs.append((f"cesperanto[{name}]", "cesperanto", env))
        if not args.no_pyclesperanto:
            self.libs.append(("pyclesperanto", "pyclesperanto", {}))

    def child(self, lib, op, env_extra, cache_env, trace=None):
        env = dict(os.environ, BENCH_LIB=os.path.abspath(self.args.lib), BENCH_DEVICE=self.args.device,
                   PYTHONUNBUFFERED="1")
        env.update(cache_env)
        env.update(env_extra)
        if trace:
            env["LD_PRELOAD"] = os.path.abspath(self.args.trace)
            env["CL_CALLS_OUT"] = trace
        argv = [sys.executable, os.path.join(HERE, "child.py"), "firstcall", lib, op,
                shape_of(self.args.size), DTYPE.get(op, "float32")]
        p = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=600)
        if p.returncode != 0:
            return {"error": (p.stderr.strip().splitlines() or ["exit %d" % p.returncode])[-1]}
        return json.loads(p.stdout.strip().splitlines()[-1])

    def fresh_caches(self):
        tmp = tempfile.mkdtemp(prefix="cle-first-")
        env = {"CLE_CACHE_DIR": os.path.join(tmp, "cle"), "HOME": os.path.join(tmp, "home"),
               "XDG_CACHE_HOME": os.path.join(tmp, "xdg"), "POCL_CACHE_DIR": os.path.join(tmp, "pocl"),
               "CUDA_CACHE_PATH": os.path.join(tmp, "cuda")}
        for d in env.values():
            os.makedirs(d, exist_ok=True)
        # a changed HOME must not hide packages installed with pip --user
        import site
        env["PYTHONPATH"] = os.pathsep.join(p for p in [os.environ.get("PYTHONPATH", ""),
                                                        site.getusersitepackages()] if p)
        return tmp, env

    def warm_up(self, op):
        """One untimed process per library first: the first process on a machine also waits for
        the driver's and the compiler's own files to come into the OS page cache (about 170 ms
        more on the H200 machine, whatever library ran first), which no later process sees."""
        for name, lib, env in self.libs:
            tmp, caches = self.fresh_caches()
            try:
                self.child(lib, op, env, caches)
            finally:
                shutil.rmtree(tmp, ignore_errors=True)

    def rounds(self):
        ops = self.args.ops.split(",")
        self.warm_up(ops[0])
        samples = collections.defaultdict(lambda: {"empty": [], "warm": [], "second": [], "errors": []})
        for rep in range(self.args.reps):
            libs = self.libs if rep % 2 == 0 else self.libs[::-1]
            for op in ops:
                for name, lib, env in libs:
                    tmp, caches = self.fresh_caches()
                    try:
                        empty = self.child(lib, op, env, caches)
                        warm = self.child(lib, op, env, caches) if "error" not in empty else empty
                    finally:
                        shutil.rmtree(tmp, ignore_errors=True)
                    s = samples[(op, name)]
                    if "error" in empty or "error" in warm:
                        s["errors"].append(empty.get("error") or warm.get("error"))
                        continue
                    s["empty"].append(empty["first_ms"])
                    s["warm"].append(warm["first_ms"])
                    s["second"].append(warm["second_ms"])
                    print(f"rep {rep} {op} {name}: empty {empty['first_ms']:.1f} ms, warm disk "
                          f"{warm['first_ms']:.2f} ms, second {warm['second_ms']:.2f} ms", flush=True)
        return ops, samples

    def traces(self, ops):
        """Per op and library, the traced first call with empty caches, then with the warm disk."""
        out = {}
        for op in ops:
            for name, lib, env in self.libs:
                tmp, caches = self.fresh_caches()
                try:
                    for cache in ("empty", "warm"):
                        path = os.path.join(tmp, f"calls-{cache}.txt")
                        run = self.child(lib, op, env, caches, trace=path)
                        if "error" in run:
                            out[(op, name, cache)] = {"error": run["error"]}
                            break
                        out[(op, name, cache)] = summarize_trace(path, run["first_window"], run["first_ms"])
                finally:
                    shutil.rmtree(tmp, ignore_errors=True)
        return out


def summarize_trace(path, window, first_ms):
    """The OpenCL calls that started within the window, by function: calls and ms."""
    w0, w1 = window
    by_fn = collections.defaultdict(lambda: [0, 0.0])
    longest = []
    with open(path) as f:
        for line in f:
            fn, start, seconds = line.split()
            start, seconds = float(start), float(seconds)
            if w0 <= start <= w1:
                by_fn[fn][0] += 1
                by_fn[fn][1] += seconds * 1e3
                longest.append((seconds * 1e3, start - w0, fn))
    in_cl = sum(ms for _, ms in by_fn.values())
    longest.sort(reverse=True)
    return {"first_ms": first_ms, "window_ms": (w1 - w0) * 1e3, "in_opencl_ms": in_cl,
            "outside_ms": (w1 - w0) * 1e3 - in_cl,
            "functions": sorted(([fn, n, ms] for fn, (n, ms) in by_fn.items()), key=lambda r: -r[2]),
            "longest": [[round(ms, 3), round(at * 1e3, 3), fn] for ms, at, fn in longest[:12]]}


def spread(xs):
    if not xs:
        return "-"
    return f"{statistics.median(xs):.1f} ({min(xs):.1f}-{max(xs):.1f})"


def report(args, runner, ops, samples, traces):
    lines = [f"# First calls, {args.size}, {args.reps} rounds", "",
             "New process each: empty caches, then the caches it filled (warm disk). "
             "ms, median (min-max) of the rounds.", "",
             "| op | library | empty caches | warm disk | second call | / pyclesperanto (empty, warm) |",
             "|---|---|---|---|---|---|"]
    for op in ops:
        ref = samples.get((op, "pyclesperanto"))
        for name, _, _ in runner.libs:
            s = samples[(op, name)]
            ratio = ""
            if ref and ref["empty"] and s["empty"] and name != "pyclesperanto":
                ratio = (f"{statistics.median(s['empty']) / statistics.median(ref['empty']):.2f}, "
                         f"{statistics.median(s['warm']) / statistics.median(ref['warm']):.2f}")
            err = f" errors: {'; '.join(s['errors'][:2])}" if s["errors"] else ""
            lines.append(f"| {op} | {name} | {spread(s['empty'])} | {spread(s['warm'])} | "
                         f"{spread(s['second'])} | {ratio}{err} |")
    if traces:
        lines += ["", "## OpenCL calls within a first call (cl_calls preload; empty caches, then warm disk)", ""]
        for (op, name, cache), t in traces.items():
            if "error" in t:
                lines.append(f"- {op}, {name}, {cache}: {t['error']}")
                continue
            lines.append(f"### {op}, {name}, {cache}: {t['window_ms']:.2f} ms, {t['in_opencl_ms']:.2f} in "
                         f"OpenCL calls, {t['outside_ms']:.2f} outside them")
            lines += ["", "| function | calls | ms |", "|---|---|---|"]
            lines += [f"| {fn} | {n} | {ms:.3f} |" for fn, n, ms in t["functions"]]
            lines += ["", "Longest calls (ms, at ms into the call, function): " +
                      ", ".join(f"{ms} @{at} {fn}" for ms, at, fn in t["longest"]), ""]
    return "\n".join(lines) + "\n"


def main(argv):
    args = parse_args(argv)
    os.makedirs(args.out, exist_ok=True)
    runner = Runner(args)
    ops, samples = runner.rounds()
    traces = runner.traces(ops) if args.trace else {}
    md = report(args, runner, ops, samples, traces)
    with open(os.path.join(args.out, "first-call.md"), "w") as f:
        f.write(md)
    with open(os.path.join(args.out, "first-call.json"), "w") as f:
        json.dump({"args": vars(args), "samples": {f"{op}|{name}": s for (op, name), s in samples.items()},
                   "traces": {"|".join(k): t for k, t in traces.items()}}, f, indent=1)
    print(md)
    # a broken child or a trace without OpenCL calls is a failure (CTest runs this quick)
    failed = [k for k, s in samples.items() if s["errors"] or not s["empty"]]
    failed += [k for k, t in traces.items() if "error" in t or not t["functions"]]
    if failed:
        print("failed: " + ", ".join(f"{op} ({name})" for op, name in failed), file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
