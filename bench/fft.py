"""FFT convolution and Richardson-Lucy deconvolution: cesperanto beside pyclesperanto and CuPy.

    python3 bench/fft.py --lib build/runtime/libcesperanto.so --out DIR [--device NVIDIA]
                         [--sizes 256,512] [--psf 17] [--iterations 100] [--reps 3]
                         [--peers cesperanto,cesperanto-circular,CuPy,pyclesperanto]
    bash bench/gpu-run.sh fft [the same arguments but --lib/--out/--device]   (the GPU machine)

Per cube size n (float32 n^3, uniform noise) and a normalized Gaussian psf of
--psf^3 pixels (sigma psf / 6):
  convolve_fft             cesperanto convolve_fft; pyclesperanto cle.fft.convolve; CuPy: rfftn of image and
                           psf zero-padded to cupyx.scipy.fft.next_fast_len(n + psf - 1), product, irfftn, crop
  deconvolve_fft (N it.)   cesperanto deconvolve_fft; pyclesperanto cle.fft.deconvolve; CuPy: Richardson-Lucy
                           with the same padded FFTs (estimate from ones, ratio 0 where the blur is not > 0)
Times: the first call (plans made: VkFFT's kernels compiled, cuFFT's plans) and the median of --reps
warm calls, inputs and outputs on the device, the device finished before the clock stops.
pyclesperanto makes VkFFT plans inside every call (4 per Richardson-Lucy iteration), so its warm
calls cost about what its first does; its convolution and deconvolution wrap around the image's
borders (spec/ops/convolve_fft.yaml), so its result is not compared. cesperanto and CuPy compute
the same zero-padded convolution and their results are compared (largest difference relative to
the largest value). pyclesperanto-padded is pyclesperanto on the image zero-padded to cesperanto's
padded size (the same work: its transforms are as large as cesperanto's and nothing wraps around).
cesperanto-circular is cesperanto with circular=true: transforms at the image's own padded size
(512^3 for 512^3), wrapping around as pyclesperanto's (the same boundary and size of problem as
pyclesperanto, its kernel centered); not compared either.
Results: DIR/fft.md and DIR/fft.json, rewritten after every measurement.
The issue's target: cesperanto's time at most 0.8 of pyclesperanto's.
"""
import argparse
import json
import os
import statistics
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cle_ctypes  # noqa: E402


def gaussian_psf(side):
    sigma = side / 6.0
    g = np.arange(side) - side // 2
    z, y, x = np.meshgrid(g, g, g, indexing="ij")
    psf = np.exp(-(x * x + y * y + z * z) / (2 * sigma * sigma))
    return (psf / psf.sum()).astype(np.float32)


def timed(fn, finish, reps):
    """(first call's seconds, median of reps warm calls, the last result)."""
    t0 = time.perf_counter()
    out = fn()
    finish()
    first = time.perf_counter() - t0
    samples = []
    for _ in range(reps):
        t0 = time.perf_counter()
        out = fn()
        finish()
        samples.append(time.perf_counter() - t0)
    return first, (statistics.median(samples) if samples else None), out


class Cesperanto:
    name = "cesperanto"
    circular = False

    def __init__(self, lib, device):
        self.cle = cle_ctypes.Library(lib, device)
        self.convolve_fft = self.cle.op("convolve_fft")
        self.deconvolve_fft = self.cle.op("deconvolve_fft")

    def run(self, case, image, psf, iterations, reps):
        cle = self.cle
        a, k = cle.push(image), cle.push(psf)
        out = cle.create(image.shape, np.float32)
        circular = self.circular
        if case == "convolve":
            fn = lambda: self.convolve_fft(a, k, dst=out, circular=circular).release()  # noqa: E731
        else:
            fn = lambda: self.deconvolve_fft(a, k, dst=out, iteration=iterations,  # noqa: E731
                                             circular=circular).release()
        first, warm, _ = timed(fn, cle.finish, reps)
        result = cle.pull(out)
        for h in (a, k, out):
            h.release()
        return first, warm, result


class CesperantoCircular(Cesperanto):
    """cesperanto with circular=true: the blur wraps around the image's own padded size, as pyclesperanto's."""
    name = "cesperanto-circular"
    circular = True


class CuPy:
    name = "CuPy"

    def __init__(self):
        import cupy
        import cupyx.scipy.fft as cufft
        self.cp, self.fft = cupy, cufft

    def _padded(self, image, psf):
        cp, fft = self.cp, self.fft
        shape = tuple(fft.next_fast_len(n + k - 1, real=True) for n, k in zip(image.shape, psf.shape))
        kernel = cp.zeros(shape, cp.float32)
        kernel[tuple(slice(0, k) for k in psf.shape)] = psf
        kernel = cp.roll(kernel, tuple(-(k // 2) for k in psf.shape), axis=tuple(range(psf.ndim)))
        otf = fft.rfftn(kernel)
        return shape, otf

    def convolve(self, image, psf):
        fft = self.fft
        shape, otf = self._padded(image, psf)
        out = fft.irfftn(fft.rfftn(image, shape) * otf, shape)
        return out[tuple(slice(0, n) for n in image.shape)]

    def deconvolve(self, image, psf, iterations):
        cp, fft = self.cp, self.fft
        shape, otf = self._padded(image, psf)
        inside = tuple(slice(0, n) for n in image.shape)
        observed = cp.zeros(shape, cp.float32)
        observed[inside] = image
        mask = cp.zeros(shape, cp.float32)
        mask[inside] = 1
        estimate = mask.copy()
        conj = cp.conj(otf)
        for _ in range(iterations):
            blurred = fft.irfftn(fft.rfftn(estimate) * otf, shape)
            ratio = cp.where(blurred > 0, observed / cp.where(blurred > 0, blurred, 1), 0).astype(cp.float32)
            estimate = estimate * fft.irfftn(fft.rfftn(ratio) * conj, shape) * mask
        return estimate[inside]

    def run(self, case, image, psf, iterations, reps):
        cp = self.cp
        a, k = cp.asarray(image), cp.asarray(psf)
        fn = (lambda: self.convolve(a, k)) if case == "convolve" else (lambda: self.deconvolve(a, k, iterations))
        first, warm, out = timed(fn, cp.cuda.Device().synchronize, reps)
        return first, warm, cp.asnumpy(out)


class Pyclesperanto:
    name = "pyclesperanto"

    def __init__(self, device):
        import pyclesperanto as cle
        self.cle = cle
        cle.select_device(device)
        self._sync = cle.create((1,), dtype=np.float32)

    def run(self, case, image, psf, iterations, reps):
        cle = self.cle
        a, k = cle.push(image), cle.push(psf)
        out = cle.create(image.shape, dtype=np.float32)
        if case == "convolve":
            fn = lambda: cle.fft.convolve(a, k, out)  # noqa: E731
        else:
            fn = lambda: cle.fft.deconvolve(a, k, None, out, iteration=iterations)  # noqa: E731
        first, warm, _ = timed(fn, self._sync.get, reps)
        return first, warm, None


def padded_size(n, k):
    """The padded size of an axis for pyclesperanto-padded: the next even size >= n + k // 2 with no
    prime factor above 7 -- pyclesperanto's own sizes (its smooth_shape), the nearest it can do to
    cesperanto's 13-smooth one (runtime/ops/fft_common.c: 528 for 512 + 17 // 2, here 540)."""
    m = n + k // 2
    while True:
        r = m
        for p in (2, 3, 5, 7):
            while r % p == 0:
                r //= p
        if r == 1 and m % 2 == 0:
            return m
        m += 1


class PyclesperantoPadded(Pyclesperanto):
    """pyclesperanto given the same work as cesperanto: the image zero-padded to cesperanto's padded size
    (so that its circular convolution, too, does not wrap around), the result cropped."""
    name = "pyclesperanto-padded"

    def run(self, case, image, psf, iterations, reps):
        shape = tuple(padded_size(n, k) for n, k in zip(image.shape, psf.shape))
        padded = np.zeros(shape, np.float32)
        padded[tuple(slice(0, n) for n in image.shape)] = image
        return super().run(case, padded, psf, iterations, reps)


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lib", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--device", default=os.environ.get("CLE_DEVICE", ""))
    ap.add_argument("--sizes", default="512", help="cube sides, e.g. 256,512")
    ap.add_argument("--psf", type=int, default=17, help="psf side (odd)")
    ap.add_argument("--iterations", type=int, default=100)
    ap.add_argument("--reps", type=int, default=3, help="warm calls (pyclesperanto: at most 1)")
    ap.add_argument("--peers", default="cesperanto,cesperanto-circular,CuPy,pyclesperanto,pyclesperanto-padded")
    ap.add_argument("--cases", default="convolve,deconvolve")
    args = ap.parse_args(argv)
    os.makedirs(args.out, exist_ok=True)
    peers = {}
    for name in args.peers.split(","):
        try:
            peers[name] = {"cesperanto": lambda: Cesperanto(args.lib, args.device),
                           "cesperanto-circular": lambda: CesperantoCircular(args.lib, args.device), "CuPy": CuPy,
                           "pyclesperanto": lambda: Pyclesperanto(args.device),
                           "pyclesperanto-padded": lambda: PyclesperantoPadded(args.device)}[name]()
        except Exception as e:  # a peer that is missing leaves its cells empty
            print(f"{name}: not available ({type(e).__name__}: {str(e)[:200]})", flush=True)
    psf = gaussian_psf(args.psf)
    results = []
    for n in [int(s) for s in args.sizes.split(",")]:
        image = np.random.default_rng(0).random((n, n, n), dtype=np.float32)
        for case in args.cases.split(","):
            label = "convolve_fft" if case == "convolve" else f"deconvolve_fft ({args.iterations} it.)"
            row = {"size": f"{n}^3", "case": label, "psf": f"{args.psf}^3"}
            outputs = {}
            for name, peer in peers.items():
                reps = min(args.reps, 1) if name.startswith("pyclesperanto") else args.reps
                try:
                    first, warm, out = peer.run(case, image, psf, args.iterations, reps)
                    row[name] = {"first_s": first, "warm_s": warm}
                    if out is not None:
                        outputs[name] = out
                except Exception as e:
                    row[name] = {"error": f"{type(e).__name__}: {str(e)[:200]}"}
                print(row["size"], label, name, row[name], flush=True)
                write(args, results + [row], peers)
            if "cesperanto" in outputs and "CuPy" in outputs:
                a, b = outputs["cesperanto"], outputs["CuPy"]
                row["cesperanto_vs_CuPy"] = float(np.abs(a - b).max() / max(np.abs(b).max(), 1e-30))
            results.append(row)
            write(args, results, peers)
    return 0


def write(args, results, peers):
    with open(os.path.join(args.out, "fft.json"), "w") as f:
        json.dump({"device": args.device, "iterations": args.iterations, "results": results}, f, indent=1)
    names = list(peers)

    def cell(r, name, key):
        v = r.get(name, {})
        if "error" in v:
            return "error"
        t = v.get(key)
        return "-" if t is None else "%.3f" % t

    lines = [f"# FFT convolution and Richardson-Lucy on {args.device or 'the default device'}\n",
             "Seconds: warm (median) / first call. pyclesperanto makes its plans in every call.\n",
             "| size | case | " + " | ".join(f"{n} warm | {n} first" for n in names) +
             " | cesperanto / pyclesperanto | cesperanto / pyclesperanto-padded"
             " | cesperanto-circular / pyclesperanto | cesperanto vs CuPy |",
             "|---|---|" + "---|---|" * len(names) + "---|---|---|---|"]

    def ratio(r, peer, ours="cesperanto"):
        ce, other = r.get(ours, {}).get("warm_s"), r.get(peer, {}).get("warm_s")
        return "%.2f" % (ce / other) if ce and other else "-"

    for r in results:
        cells = " | ".join(f"{cell(r, n, 'warm_s')} | {cell(r, n, 'first_s')}" for n in names)
        agree = "%.1e" % r["cesperanto_vs_CuPy"] if "cesperanto_vs_CuPy" in r else "-"
        lines.append(f"| {r['size']} | {r['case']} | {cells} | {ratio(r, 'pyclesperanto')} | "
                     f"{ratio(r, 'pyclesperanto-padded')} | {ratio(r, 'pyclesperanto', 'cesperanto-circular')} | "
                     f"{agree} |")
    errors = [f"- {r['size']} {r['case']} {n}: {r[n]['error']}" for r in results for n in names
              if "error" in r.get(n, {})]
    if errors:
        lines += ["", "Errors:"] + errors
    with open(os.path.join(args.out, "fft.md"), "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
