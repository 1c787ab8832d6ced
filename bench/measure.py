"""Clocks: warm timings within a budget, transfers, and peak memory."""
import statistics
import time


def timed(fn, finish):
    """Seconds for fn() with the device finished before the clock stops."""
    t0 = time.perf_counter()
    r = fn()
    finish()
    return time.perf_counter() - t0, r


class Sampler:
    """Warm samples of one call within a budget (the warm-up was done by the caller
    and took est_s). Takes min_reps samples, more while a quarter of the budget is
    left (up to max_reps); when even min_reps would overrun the budget, as many as
    fit (at least one), and the report shows n so the reader sees the row is
    thinner. Only this call's own time counts against its budget, so samplers of
    several libraries can be interleaved. after(result) runs untimed."""

    def __init__(self, fn, finish, budget_s, est_s, after=None, min_reps=10, max_reps=50):
        self.fn, self.finish, self.after = fn, finish, after
        self.budget, self.est, self.max_reps = budget_s, max(est_s, 1e-6), max_reps
        self.reps = min_reps if self.est * min_reps <= budget_s else max(1, int(budget_s / self.est))
        self.samples = []

    def wants_more(self):
        n = len(self.samples)
        return n < self.reps or (n < self.max_reps and sum(self.samples) + self.est < self.budget / 4)

    def sample(self):
        s, r = timed(self.fn, self.finish)
        self.samples.append(s)
        self.est = s
        if self.after is not None:
            self.after(r)

    @property
    def median(self):
        return statistics.median(self.samples)


def warm_median(fn, finish, budget_s, first_s, after=None):
    """(median seconds, samples) of one call on its own; see Sampler."""
    s = Sampler(fn, finish, budget_s, first_s, after)
    while s.wants_more():
        s.sample()
    return s.median, len(s.samples)


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
