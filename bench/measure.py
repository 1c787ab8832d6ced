"""Clocks: warm timings within a budget, transfers, and peak memory."""
import statistics
import time


def timed(fn, finish):
    """Seconds for fn() with the device finished before the clock stops."""
    t0 = time.perf_counter()
    r = fn()
    finish()
    return time.perf_counter() - t0, r


def warm_median(fn, finish, budget_s, first_s, min_reps=10, max_reps=50, after=None):
    """Median seconds of repeated warm calls (the warm-up was done by the caller and
    took first_s). Takes min_reps samples, more while the budget allows; when even
    min_reps would overrun the budget, as many as fit (at least one), and the caller
    reports n so the reader sees the row is thinner. after(result) runs untimed."""
    est = max(first_s, 1e-6)
    reps = min_reps if est * min_reps <= budget_s else max(1, int(budget_s / est))
    samples = []
    start = time.perf_counter()
    while len(samples) < reps or (len(samples) < max_reps and
                                  time.perf_counter() - start + est < budget_s / 4):
        s, r = timed(fn, finish)
        samples.append(s)
        if after is not None:
            after(r)
        est = s
    return statistics.median(samples), len(samples)


def transfer_rate(fn, nbytes, finish, reps=3, after=None):
    """GB/s (1e9 bytes per second) of a push or pull, median of reps."""
    samples = []
    for _ in range(reps):
        s, r = timed(fn, finish)
        samples.append(s)
        if after is not None:
            after(r)
    return nbytes / statistics.median(samples) / 1e9


def _status_kb(key):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1]) * 1024
    return None


class PeakRss:
    """Peak resident memory of this process during a block, from the kernel's own
    high-water mark (VmHWM, reset through /proc/self/clear_refs): on a CPU OpenCL
    device, device buffers are host memory, so this sees every allocation,
    the library's internal temporaries included, without sampling."""

    def __enter__(self):
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        self.base = _status_kb("VmRSS")
        return self

    def __exit__(self, *exc):
        self.peak = _status_kb("VmHWM") - self.base
        return False
