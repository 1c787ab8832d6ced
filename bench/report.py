"""results.md, results.json and speedup.png from the harness's measurements."""
import json
import math
import os


def _ms(v):
    if v is None:
        return "—"
    return f"{v:.3g}" if v < 100 else f"{v:.0f}"


def _ratio(a, b):
    return a / b if a and b else None


def _fmt_ratio(r):
    return "—" if r is None else f"{r:.2f}"


def geomean(xs):
    xs = [x for x in xs if x]
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else None


def summary(rows):
    """Per op: geomean of cesperanto/pyclesperanto and cesperanto/CPU over its rows."""
    out = {}
    for r in rows:
        if r["status"] != "OK":
            continue
        d = out.setdefault(r["op"], {"pycle": [], "cpu": [], "cupy": []})
        d["pycle"].append(_ratio(r["ms"].get("cesperanto"), r["ms"].get("pyclesperanto")))
        d["cpu"].append(_ratio(r["ms"].get("cesperanto"), r["ms"].get("skimage")))
        d["cupy"].append(_ratio(r["ms"].get("cesperanto"), r["ms"].get("cupy")))
    return {op: {"vs_pyclesperanto": geomean(d["pycle"]), "vs_cpu": geomean(d["cpu"]),
                 "vs_cupy": geomean(d["cupy"]),
                 "worst_vs_pyclesperanto": max([x for x in d["pycle"] if x], default=None)}
            for op, d in out.items()}


def _case(r):
    return f"{r['op']} {r['size']} {r['dtype']}"


def highlights(rows):
    """Lines for the cases a reader asks about first."""
    ok = [r for r in rows if r["status"] == "OK" and r["ms"].get("cesperanto")]
    L = []
    pipe = [r for r in ok if r["op"].startswith("pipeline")]
    both = [r for r in pipe if r["ms"].get("pyclesperanto")]
    picks = [max(pipe, key=lambda r: r["elements"])] if pipe else []
    if both and max(both, key=lambda r: r["elements"]) not in picks:
        picks.insert(0, max(both, key=lambda r: r["elements"]))
    picks += [r for r in pipe if r["size"] == "287^3" and r not in picks]  # the GPU target
    for big in picks:
        peers_ = ", ".join(f"{p} {_ms(big['ms'][p])} ms" if big["ms"].get(p) else
                           f"{p} {big['skipped'].get(p, '—')}" for p in ("pyclesperanto", "skimage"))
        L.append(f"- seed pipeline {big['size']}: cesperanto {_ms(big['ms']['cesperanto'])} ms; {peers_}")
    vs = sorted((r for r in ok if r["ms"].get("pyclesperanto")),
                key=lambda r: r["ms"]["cesperanto"] / r["ms"]["pyclesperanto"], reverse=True)[:3]
    if vs:
        L.append("- highest cesperanto/pyclesperanto ratios: " + "; ".join(
            f"{_case(r)} {r['ms']['cesperanto'] / r['ms']['pyclesperanto']:.2f}" for r in vs))
    slow = sorted(ok, key=lambda r: r["ms"]["cesperanto"], reverse=True)[:3]
    if slow:
        L.append("- slowest cesperanto cases: " + "; ".join(
            f"{_case(r)} {_ms(r['ms']['cesperanto'])} ms" for r in slow))
    bad = [r for r in rows if r["status"] == "FAIL"]
    if bad:
        L.append(f"- {len(bad)} case(s) FAIL the agreement check (details in the table)")
    return L + [""] if L else L


def write_json(path, results):
    with open(path, "w") as f:
        json.dump(results, f, indent=1, sort_keys=True, default=str)


def write_markdown(path, res):
    m = res["meta"]
    L = []
    L.append(f"# cesperanto benchmarks: {m['device']['name']}\n")
    L.append(f"- date: {m['date']}; host: {m['host']}")
    L.append(f"- command: `{m['command']}`" + (f" at source revision `{m['source']}`"
                                                 if m.get("source") else ""))
    d = m["device"]
    L.append(f"- device: {d['name']} ({d['type']}), platform {d['platform']}, {d['version']}, "
             f"driver {d['driver_version']}, {d['global_memory'] / 2**30:.1f} GiB, "
             f"max allocation {d['max_allocation'] / 2**30:.1f} GiB")
    for name, v in m["versions"].items():
        L.append(f"- {name}: {v}")
    for note in m.get("notes", []):
        L.append(f"- note: {note}")
    bw = res.get("copy_bandwidth")
    if bw:
        L.append(f"- device copy bandwidth, measured with cesperanto's copy of "
                 f"{bw['bytes'] / 2**20:.0f} MiB float32 (read + write counted): "
                 f"**{bw['gbps']:.1f} GB/s**")
    L.append("")
    L.append("Times are milliseconds with the data already on the device, median of n warm calls "
             "(n = 10 or more unless the column says otherwise), the libraries' calls interleaved, "
             "device finished before the clock stops; outputs preallocated for single ops, allocated per step in the pipeline. "
             "Ratio < 1: cesperanto is faster. GB/s: least bytes read + written over "
             "cesperanto's time, with the share of the measured copy bandwidth. "
             "push/pull: cesperanto host↔device GB/s of the case's input and output.\n")
    L.append("## Summary (geomean of time ratios per op)\n")
    s = res["summary"]
    # CuPy columns only where a CuPy peer ran (bench.py --cupy)
    cupy = any(r["ms"].get("cupy") or "cupy" in r["skipped"] for r in res["rows"])
    L.append("| op | cesperanto / pyclesperanto | worst case | cesperanto / CPU |" + (" cesperanto / CuPy |" if cupy else ""))
    L.append("|---|---|---|---|" + ("---|" if cupy else ""))
    for op, v in s.items():
        L.append(f"| {op} | {_fmt_ratio(v['vs_pyclesperanto'])} | "
                 f"{_fmt_ratio(v['worst_vs_pyclesperanto'])} | {_fmt_ratio(v['vs_cpu'])} |"
                 + (f" {_fmt_ratio(v.get('vs_cupy'))} |" if cupy else ""))
    allp = geomean([v["vs_pyclesperanto"] for v in s.values()])
    allc = geomean([v["vs_cpu"] for v in s.values()])
    L.append(f"| **all ops** | **{_fmt_ratio(allp)}** | | **{_fmt_ratio(allc)}** |"
             + (f" **{_fmt_ratio(geomean([v.get('vs_cupy') for v in s.values()]))}** |" if cupy else ""))
    L.append("")
    L += highlights(res["rows"])
    L.append("## Cases\n")
    L.append("| op | size | dtype | cesperanto ms | pyclesperanto ms | CPU ms | cle/pycle | cle/CPU "
             + ("| CuPy ms | cle/CuPy " if cupy else "") + "| GB/s (% copy) | push / pull GB/s | status |")
    L.append("|---|---|---|---|---|---|---|---|---|---|---|" + ("---|---|" if cupy else ""))
    for r in res["rows"]:
        ms, n = r["ms"], r["reps"]

        def cell(p):
            v = ms.get(p)
            if v is None:
                return r["skipped"].get(p, "—")
            return _ms(v) + (f" (n={n[p]})" if n.get(p, 10) < 10 else "")
        gb = "—"
        if r.get("gbps"):
            gb = f"{r['gbps']:.1f}"
            if bw:
                gb += f" ({100 * r['gbps'] / bw['gbps']:.0f}%)"
        tr = r.get("transfer", {}).get("cesperanto")
        trs = "—"
        if tr and "push" in tr:
            trs = f"{tr['push']:.2f} / " + (f"{tr['pull']:.2f}" if tr.get("pull") else "—")
        status = r["status"] if r["status"] == "OK" else f"**{r['status']}**: {r['detail']}"
        L.append(f"| {r['op']} | {r['size']} | {r['dtype']} | {cell('cesperanto')} | "
                 f"{cell('pyclesperanto')} | {cell('skimage')} | "
                 f"{_fmt_ratio(_ratio(ms.get('cesperanto'), ms.get('pyclesperanto')))} | "
                 f"{_fmt_ratio(_ratio(ms.get('cesperanto'), ms.get('skimage')))} | "
                 + (f"{cell('cupy')} | {_fmt_ratio(_ratio(ms.get('cesperanto'), ms.get('cupy')))} | " if cupy else "")
                 + f"{gb} | {trs} | {status} |")
    L.append("")
    fc = res.get("first_call")
    if fc:
        L.append("## First call (new process; compile or load the program, run, finish)\n")
        L.append("Empty cache: fresh CLE_CACHE_DIR, HOME, XDG_CACHE_HOME, POCL_CACHE_DIR and "
                 "CUDA_CACHE_PATH, so neither library nor driver has a binary. Warm disk cache: a "
                 "second process on the same cache folders. In-process second call for scale.\n")
        L.append("New shape: in the warm-disk process, the op's first call on another shape "
                 "(each size + 3, 4, 5). Programs: files in CLE_CACHE_DIR after the empty-cache "
                 "process's calls on the first shape → after the new shape; equal means no program "
                 "was built for the new shape.\n")
        L.append("| op | size | dtype | cesperanto empty / warm disk / 2nd call / new shape ms | "
                 "programs | pyclesperanto empty / warm disk / 2nd call / new shape ms |")
        L.append("|---|---|---|---|---|---|")
        for r in fc:
            def trip(p):
                v = r.get(p)
                if not v:
                    return "—"
                if "error" in v:
                    return "error: " + v["error"][:80]
                return (f"{_ms(v['empty_ms'])} / {_ms(v['warm_ms'])} / {_ms(v['second_ms'])} / "
                        f"{_ms(v.get('new_shape_ms'))}")
            files = (r.get("cesperanto") or {}).get("cache_files")
            progs = f"{files[0]} → {files[1]}" if files else "—"
            L.append(f"| {r['op']} | {r['size']} | {r['dtype']} | {trip('cesperanto')} | {progs} | "
                     f"{trip('pyclesperanto')} |")
        L.append("")
    pk = res.get("peak_memory")
    if pk:
        L.append("## Peak memory of the seed pipeline (blur σ3 → Otsu → labeling, float32)\n")
        L.append("`arrays` is the sum of the pipeline's own arrays alive at once (input + blurred + "
                 "binary, or input + binary + labels), computed from their sizes: the runtime does "
                 "not expose its allocations, and internal temporaries are not in it. `measured` is "
                 "what the process or device actually used above its baseline.\n")
        L.append("| size | arrays MiB | cesperanto measured MiB | pyclesperanto measured MiB | method |")
        L.append("|---|---|---|---|---|")
        for r in pk:
            def mib(p):
                v = r.get(p)
                if not v:
                    return "—"
                return "error" if "error" in v else f"{v['peak_bytes'] / 2**20:.0f}"
            meth = next((r[p]["method"] for p in ("cesperanto", "pyclesperanto")
                         if r.get(p) and "method" in r[p]), "")
            L.append(f"| {r['size']} | {r['arrays_bytes'] / 2**20:.0f} | {mib('cesperanto')} | "
                     f"{mib('pyclesperanto')} | {meth} |")
        L.append("")
    ov = res.get("overhead")
    if ov:
        L.append("## Host overhead and transfers (bench/cle_overhead, C, no Python in the loop)\n")
        for k, v in ov.items():
            if k == "transfers":
                continue
            L.append(f"- {k}: {v}")
        if ov.get("transfers"):
            L.append("\n| MiB | push GB/s | pull GB/s |")
            L.append("|---|---|---|")
            for t in ov["transfers"]:
                L.append(f"| {t['bytes'] / 2**20:.0f} | {t['push_gbps']:.2f} | {t['pull_gbps']:.2f} |")
        L.append("")
    with open(path, "w") as f:
        f.write("\n".join(L))


def write_plot(path, res):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    ops = sorted({r["op"] for r in res["rows"]}, key=[r["op"] for r in res["rows"]].index)
    ncol = 3
    nrow = max(1, math.ceil(len(ops) / ncol))
    fig, axes = plt.subplots(nrow, ncol, figsize=(5 * ncol, 3.6 * nrow), squeeze=False)
    for ax, op in zip(axes.flat, ops):
        colors = {("float32", 2): "C0", ("float32", 3): "C1", ("uint8", 2): "C2", ("uint8", 3): "C3"}
        for peer, style in (("pyclesperanto", "-o"), ("skimage", "--s")):
            for dtype in ("float32", "uint8"):
                for ndim in (2, 3):
                    pts = sorted((r["elements"], r["ms"][peer] / r["ms"]["cesperanto"])
                                 for r in res["rows"]
                                 if r["op"] == op and r["dtype"] == dtype and r["ndim"] == ndim
                                 and r["status"] == "OK" and r["ms"].get(peer)
                                 and r["ms"].get("cesperanto"))
                    if pts:
                        ax.plot(*zip(*pts), style, color=colors[(dtype, ndim)],
                                label=f"vs {peer} {dtype} {ndim}D")
        ax.axhline(1.0, color="grey", lw=0.8)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_title(op, fontsize=10)
        ax.set_xlabel("pixels")
        ax.set_ylabel("speed-up of cesperanto")
        if ax.get_legend_handles_labels()[0]:
            ax.legend(fontsize=6)
        else:
            ax.text(0.5, 0.5, "no timed rows", ha="center", va="center", transform=ax.transAxes)
    for ax in list(axes.flat)[len(ops):]:
        ax.axis("off")
    fig.suptitle(f"cesperanto speed-up (peer time / cesperanto time) on {res['meta']['device']['name']}")
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)


def write_all(out_dir, res):
    os.makedirs(out_dir, exist_ok=True)
    write_json(os.path.join(out_dir, "results.json"), res)
    write_markdown(os.path.join(out_dir, "results.md"), res)
    write_plot(os.path.join(out_dir, "speedup.png"), res)
