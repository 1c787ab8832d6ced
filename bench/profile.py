"""Where an op's time goes: run benchmark cases (bench/cases.py) with cesperanto only and
CLE_PROFILE=1, so the runtime prints, at exit, each kernel's launches and time (each launch
timed on its own: totals are upper bounds of the real, pipelined run). One process per case.

  python3 bench/profile.py --lib build/runtime/libcesperanto.so --ops dilate_labels,statistics \
      --sizes 8192^2,512^3 [--reps 5] [--device NVIDIA]
"""
import argparse
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def child(a):
    sys.path.insert(0, HERE)
    import cases
    import peers
    cle = peers.Cesperanto(a.lib, a.device)
    size = a.case_size
    shape = {**cases.SIZES_2D, **cases.SIZES_3D, **cases.QUICK_SIZES}[size]
    op = next(o for o in cases.OPS if o.key == a.case_op)
    inputs = [cle.push(x) for x in cases.make_inputs(op, shape, a.case_dtype)]
    ospec = cases.output_spec(op, shape, a.case_dtype)
    dst = cle.create(*ospec) if ospec else None
    times = []
    for _ in range(a.reps):
        cle.finish()
        t = time.perf_counter()
        out = getattr(cle, op.method)(*inputs, dst=dst, **op.params)
        cle.finish()
        times.append(time.perf_counter() - t)
        if dst is None:
            cle.release(out)
    print(f"{op.key} {size} {a.case_dtype}: {a.reps} calls, first {times[0] * 1e3:.3f} ms, "
          f"best {min(times) * 1e3:.3f} ms (profiled: launches serialized)", flush=True)


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lib", required=True)
    ap.add_argument("--device", default=os.environ.get("CLE_DEVICE", ""))
    ap.add_argument("--ops", required=True, help="substrings of benchmark op keys (bench/cases.py)")
    ap.add_argument("--sizes", required=True, help="size names, e.g. 8192^2,512^3")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--case-op", help=argparse.SUPPRESS)
    ap.add_argument("--case-size", help=argparse.SUPPRESS)
    ap.add_argument("--case-dtype", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.case_op:
        return child(a)
    sys.path.insert(0, HERE)
    import cases
    want = [w for w in a.ops.split(",") if w]
    for op in cases.OPS:
        if not any(w in op.key for w in want):
            continue
        for size in a.sizes.split(","):
            shape = {**cases.SIZES_2D, **cases.SIZES_3D, **cases.QUICK_SIZES}.get(size)
            if shape is None or len(shape) not in op.dims:
                continue
            dtype = op.dtypes[0]
            print(f"== {op.key} {size} {dtype}", flush=True)
            subprocess.run([sys.executable, __file__, "--lib", a.lib, "--device", a.device, "--ops", a.ops,
                            "--sizes", a.sizes, "--reps", str(a.reps), "--case-op", op.key, "--case-size", size,
                            "--case-dtype", dtype], env={**os.environ, "CLE_PROFILE": "1"}, check=False)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
