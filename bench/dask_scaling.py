#!/usr/bin/env python3
"""The seed pipeline (gaussian_blur sigma 1 -> threshold_otsu -> connected_component_labeling, box)
through cesperanto.dask.pipeline on a dask.distributed LocalCluster of 1..N worker processes
(issues 18 and 22): wall time, GB/s of input, scaling from 1 to N workers, the labels checked
against a single-device run (identical, numbering included), and dask-image (scipy) on the same
cluster for comparison. Writes results.json, results.md (and scaling.png with matplotlib) to --out.

    PYTHONPATH=build/bindings/python python3 bench/dask_scaling.py --out /tmp/ds --size 256 --workers 1,2 --mode cpu
    python3 bench/dask_scaling.py --build build --out bench/results/h200x2-dask --mode gpu --workers 1,2 \\
        --size 1024x2048x2048 --chunks 256 --env CLE_DEVICE_MEMORY_LIMIT=4G

--mode gpu: one worker per GPU, worker k on GPU k (cesperanto.dask.use_devices); shared: every
worker on the one device --device (an index, default 0); cpu: the CPU (pocl) devices. The volume
(float32, blobs and noise, made on the workers from a seed: it never passes through this process)
may be larger than one device's memory budget: only chunks (with their halo) go to a device.
Environment (CLE_DEVICE_MEMORY_LIMIT, CLE_CACHE_DIR, ...) reaches the workers: they inherit this
process's, and --env KEY=VALUE adds to it. Needs numpy, dask and distributed (and the built
cesperanto package); dask-image, scipy and scikit-image only for the peer (--no-peer without them)."""

import argparse
import json
import os
import platform
import sys
import time

import numpy as np

SEED_STEPS = [("gaussian_blur", {"sigma_x": 1, "sigma_y": 1, "sigma_z": 1}), ("threshold_otsu", {}),
              ("connected_component_labeling", {"connectivity": "box"})]


def parse_shape(text):
    parts = [int(p) for p in str(text).lower().replace("^3", "").split("x")]
    return tuple(parts * 3) if len(parts) == 1 else tuple(parts)


def make_block(block_info=None, seed=0, periods=(37.0, 29.0, 31.0)):
    """One chunk of the test volume: smooth blobs (a product of sines of the global coordinates)
    plus uniform noise drawn from a generator seeded by the chunk's position: the same volume for
    the same chunking, whoever computes it."""
    info = block_info[None]
    where = info["array-location"]
    axes = [np.sin(2 * np.pi * (np.arange(a, b, dtype=np.float32) + 0.5) / p).astype(np.float32)
            for (a, b), p in zip(where, periods[-len(where):])]
    blob = axes[0]
    for ax in axes[1:]:
        blob = np.multiply.outer(blob, ax)
    rng = np.random.default_rng([seed] + list(info["chunk-location"]))
    noise = rng.random(blob.shape, dtype=np.float32)
    return (0.5 + 0.35 * blob + 0.3 * noise).astype(np.float32)


def make_volume(shape, chunks, seed):
    import dask.array as da
    import functools
    chunks = da.core.normalize_chunks(chunks, shape, dtype=np.float32)
    return da.map_blocks(functools.partial(make_block, seed=seed), chunks=chunks, dtype=np.float32,
                         meta=np.empty((0,) * len(shape), np.float32))


def task_times(stream):
    """Seconds of compute per task kind (dask's key prefix), summed over workers, and the longest task."""
    from dask.utils import key_split
    total, longest = {}, {}
    for task in stream:
        name = key_split(task["key"])
        for ss in task.get("startstops", ()):
            if ss.get("action") == "compute":
                d = ss["stop"] - ss["start"]
                total[name] = total.get(name, 0.0) + d
                longest[name] = max(longest.get(name, 0.0), d)
    return {k: {"seconds": round(total[k], 3), "longest": round(longest[k], 3)}
            for k in sorted(total, key=total.get, reverse=True)}


def run_cesperanto(client, volume, repeat):
    import cesperanto.dask as cled
    from distributed import get_task_stream, wait
    best, stream, objects = None, None, None
    for _ in range(repeat):
        with get_task_stream(client) as ts:
            t0 = time.perf_counter()
            labels = client.persist(cled.pipeline(volume, SEED_STEPS))
            wait(labels)
            elapsed = time.perf_counter() - t0
        if best is None or elapsed < best:
            best, stream = elapsed, ts.data
            objects = int(labels.max().compute())
        del labels
    return best, objects, task_times(stream)


def otsu_from_histogram(counts, centers):
    try:
        from skimage.filters import threshold_otsu
        return float(threshold_otsu(hist=(counts, centers)))
    except ImportError:  # scikit-image's code
        counts = counts.astype(np.float64)
        w1, w2 = np.cumsum(counts), np.cumsum(counts[::-1])[::-1]
        m1 = np.cumsum(counts * centers) / w1
        m2 = (np.cumsum((counts * centers)[::-1]) / w2[::-1])[::-1]
        return float(centers[np.argmax(w1[:-1] * w2[1:] * (m1[:-1] - m2[1:]) ** 2)])


def run_dask_image(client, volume, repeat):
    """The same pipeline with dask-image: scipy's gaussian_filter (sigma 1, its default truncate 4),
    scikit-image's Otsu on a 256-bin dask histogram, dask_image.ndmeasure.label (full 3^n structure)."""
    import dask.array as da
    from dask_image import ndfilters, ndmeasure
    from distributed import wait
    best, objects = None, None
    for _ in range(repeat):
        t0 = time.perf_counter()
        blurred = client.persist(ndfilters.gaussian_filter(volume, sigma=1))
        lo, hi = da.compute(blurred.min(), blurred.max())
        counts, edges = da.histogram(blurred, bins=256, range=(float(lo), float(hi)))
        counts = counts.compute()
        threshold = otsu_from_histogram(counts, (edges[:-1] + edges[1:]) / 2)
        labels, count = ndmeasure.label(blurred > threshold, structure=np.ones((3,) * volume.ndim))
        labels = client.persist(labels)
        wait(labels)
        elapsed = time.perf_counter() - t0
        if best is None or elapsed < best:
            best, objects = elapsed, int(count.compute())
        del labels, blurred
    return best, objects


def check_against_single_device(client, shape, chunks, seed, device_type):
    """Labels through the cluster and through one device in this process, on a volume that fits."""
    import cesperanto as cle
    import cesperanto.dask as cled
    volume = make_volume(shape, chunks, seed)
    image = volume.compute()
    got = cled.pipeline(volume, SEED_STEPS).compute()
    if device_type in ("gpu", "cpu"):
        devices = cle.list_available_devices(device_type)
        if devices:
            cle.select_device(0, device_type)
    cle.pull(cle.connected_component_labeling(cle.threshold_otsu(cle.gaussian_blur(image[:8, :8, :8]))))  # warm
    t0 = time.perf_counter()
    want = cle.pull(cle.connected_component_labeling(
        cle.threshold_otsu(cle.gaussian_blur(image, sigma_x=1, sigma_y=1, sigma_z=1)), connectivity="box"))
    single = time.perf_counter() - t0
    return {"shape": list(shape), "identical": bool(np.array_equal(got, want) and got.dtype == want.dtype),
            "objects": int(want.max()), "single_device_seconds": round(single, 3),
            "single_device_gbps": round(image.nbytes / single / 1e9, 3), "device": str(cle.get_device().name)}


def first_gpu_index():
    """The index of this machine's first GPU among all its devices (0 where there is none): on the
    GPU machine pocl's CPU device comes first."""
    import cesperanto as cle
    everything, gpus = cle.list_available_devices(), cle.list_available_devices("gpu")
    return everything.index(gpus[0]) if gpus else 0


def start_cluster(n, args):
    from distributed import Client, LocalCluster
    import cesperanto.dask as cled
    cluster = LocalCluster(n_workers=n, threads_per_worker=args.threads, processes=True, dashboard_address=None,
                           memory_limit=args.worker_memory)
    client = Client(cluster)
    if args.mode == "gpu":
        devices = cled.use_devices(client, device_type="gpu")
    elif args.mode == "shared":
        devices = cled.use_devices(client, devices=[args.device if args.device is not None else first_gpu_index()])
    else:
        devices = cled.use_devices(client, device_type="cpu")
    return cluster, client, devices


def markdown(results):
    rows = ["| engine | workers | devices | volume | chunks | seconds | GB/s of input | speed-up vs 1 worker | "
            "efficiency | objects |", "|---|---|---|---|---|---|---|---|---|---|"]
    for r in results["runs"]:
        one = next((q for q in results["runs"] if q["engine"] == r["engine"] and q["workers"] == 1), None)
        speedup = one["seconds"] / r["seconds"] if one else float("nan")
        rows.append("| %s | %d | %s | %s | %s | %.2f | %.3f | %.2fx | %.0f %% | %s |" % (
            r["engine"], r["workers"], "<br>".join(sorted(set(r["devices"].values()))), "x".join(map(str, r["shape"])),
            "x".join(map(str, r["chunks"])), r["seconds"], r["gbps"], speedup, 100 * speedup / r["workers"],
            r["objects"]))
    c = results.get("check")
    text = ["# cesperanto.dask scaling: the seed pipeline", "",
            "blur (sigma 1) -> Otsu -> connected components (box), float32 input; %s mode, %d thread(s) per worker; "
            "best of %d; %s, Python %s, dask %s, distributed %s." % (
                results["mode"], results["threads"], results["repeat"], results["host"], results["python"],
                results["versions"]["dask"], results["versions"]["distributed"]), ""] + rows
    if c:
        text += ["", "Check on %s: labels through the cluster %s the single-device run (%s: %.2f s, %.3f GB/s), "
                 "numbering included; %d objects." % ("x".join(map(str, c["shape"])),
                                                      "are identical to" if c["identical"] else "DIFFER from",
                                                      c["device"], c["single_device_seconds"],
                                                      c["single_device_gbps"], c["objects"])]
    text += ["", "Compute time per task kind (seconds summed over workers; longest task) of the last "
             "cesperanto.dask run:", ""]
    last = [r for r in results["runs"] if r["engine"] == "cesperanto.dask"]
    if last:
        for name, t in last[-1]["tasks"].items():
            text.append("- `%s`: %.2f s (longest %.2f s)" % (name, t["seconds"], t["longest"]))
    if results.get("notes"):
        text += ["", results["notes"]]
    return "\n".join(text) + "\n"


def plot(results, path):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    fig, ax = plt.subplots(figsize=(5, 3.5))
    for engine in sorted({r["engine"] for r in results["runs"]}):
        runs = sorted((r for r in results["runs"] if r["engine"] == engine), key=lambda r: r["workers"])
        ax.plot([r["workers"] for r in runs], [r["gbps"] for r in runs], "o-", label=engine)
    ws = sorted({r["workers"] for r in results["runs"]})
    ax.set_xticks(ws)
    ax.set_xlabel("worker processes (%s)" % results["mode"])
    ax.set_ylabel("GB/s of input")
    ax.set_title("seed pipeline, %s float32" % "x".join(map(str, results["runs"][0]["shape"])))
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return True


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True, help="folder for results.json, results.md, scaling.png")
    ap.add_argument("--size", default="256", help="volume: N (N^3) or ZxYxX (default 256)")
    ap.add_argument("--chunks", default="128", help="chunk: N or ZxYxX (default 128)")
    ap.add_argument("--workers", default="1,2", help="worker counts to run, comma-separated (default 1,2)")
    ap.add_argument("--mode", choices=("gpu", "shared", "cpu"), default="gpu")
    ap.add_argument("--device", type=int, default=None,
                    help="shared mode: the device's index (default: the first GPU, else device 0)")
    ap.add_argument("--threads", type=int, default=1, help="threads per worker (default 1)")
    ap.add_argument("--worker-memory", default="auto", help="LocalCluster memory_limit per worker (default auto)")
    ap.add_argument("--repeat", type=int, default=2, help="timed runs per case; the best counts (default 2)")
    ap.add_argument("--check-size", default="256", help="volume for the single-device check (default 256; 0: none)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--no-peer", action="store_true", help="leave dask-image out")
    ap.add_argument("--build", help="a build tree: its bindings/python is put on PYTHONPATH (for the workers too)")
    ap.add_argument("--env", action="append", default=[], help="KEY=VALUE for this process and the workers")
    ap.add_argument("--note", default="", help="a paragraph for results.md (what bounds the scaling, ...)")
    args = ap.parse_args()

    if args.build:
        path = os.path.join(os.path.abspath(args.build), "bindings", "python")
        sys.path.insert(0, path)
        os.environ["PYTHONPATH"] = os.pathsep.join([path] + [p for p in [os.environ.get("PYTHONPATH")] if p])
    for item in args.env:
        key, _, value = item.partition("=")
        os.environ[key] = value
    import dask
    import distributed
    shape, chunks = parse_shape(args.size), parse_shape(args.chunks)
    counts = [int(w) for w in args.workers.split(",")]
    peer = not args.no_peer
    if peer:
        try:
            import dask_image  # noqa: F401
            import scipy  # noqa: F401
        except ImportError as e:
            print("dask_scaling: dask-image peer left out (%s)" % e, file=sys.stderr)
            peer = False
    os.makedirs(args.out, exist_ok=True)
    results = {"mode": args.mode, "threads": args.threads, "repeat": args.repeat, "host": platform.node(),
               "python": platform.python_version(),
               "versions": {"dask": dask.__version__, "distributed": distributed.__version__},
               "env": {k: v for k, v in os.environ.items() if k.startswith("CLE_")}, "notes": args.note, "runs": []}
    nbytes = int(np.prod(shape)) * 4
    for n in counts:
        t0 = time.perf_counter()
        cluster, client, devices = start_cluster(n, args)
        print("dask_scaling: %d worker(s) up in %.1f s: %s" % (n, time.perf_counter() - t0, devices), flush=True)
        try:
            warm = make_volume(tuple(min(s, 2 * c) for s, c in zip(shape, chunks)), chunks, args.seed)
            run_cesperanto(client, warm, 1)  # programs built (or loaded from the disk cache) on every worker
            volume = client.persist(make_volume(shape, chunks, args.seed))
            distributed.wait(volume)
            seconds, objects, tasks = run_cesperanto(client, volume, args.repeat)
            results["runs"].append({"engine": "cesperanto.dask", "workers": n, "devices": devices, "shape": list(shape),
                                    "chunks": list(chunks), "seconds": round(seconds, 3),
                                    "gbps": round(nbytes / seconds / 1e9, 4), "objects": objects, "tasks": tasks})
            print("dask_scaling: cesperanto.dask, %d worker(s): %.2f s, %.3f GB/s, %d objects"
                  % (n, seconds, nbytes / seconds / 1e9, objects), flush=True)
            if peer:
                run_dask_image(client, warm, 1)
                seconds, objects = run_dask_image(client, volume, args.repeat)
                results["runs"].append({"engine": "dask-image (scipy)", "workers": n, "devices": {"": "CPU (scipy)"},
                                        "shape": list(shape), "chunks": list(chunks), "seconds": round(seconds, 3),
                                        "gbps": round(nbytes / seconds / 1e9, 4), "objects": objects, "tasks": {}})
                print("dask_scaling: dask-image, %d worker(s): %.2f s, %.3f GB/s, %d objects"
                      % (n, seconds, nbytes / seconds / 1e9, objects), flush=True)
            del volume
            if n == counts[-1] and args.check_size not in ("0", ""):
                check_shape = tuple(min(a, b) for a, b in zip(parse_shape(args.check_size), shape))
                results["check"] = check_against_single_device(client, check_shape, chunks, args.seed,
                                                               "cpu" if args.mode == "cpu" else "gpu")
                print("dask_scaling: check %s" % results["check"], flush=True)
        finally:
            client.close()
            cluster.close()
    with open(os.path.join(args.out, "results.json"), "w") as f:
        json.dump(results, f, indent=1)
    with open(os.path.join(args.out, "results.md"), "w") as f:
        f.write(markdown(results))
    plot(results, os.path.join(args.out, "scaling.png"))
    print(markdown(results))
    return 0 if results.get("check", {}).get("identical", True) else 1


if __name__ == "__main__":
    sys.exit(main())
