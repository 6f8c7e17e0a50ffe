#!/usr/bin/env python3
"""NumPy/SciPy side of the numerics benchmark (benches/benches/numerics.rs).

Times the same calls on the same kinds of data as the Rust bench, median of several
runs, and with --rust FILE (the bench's PARFOR_BENCH_OUT) prints the ratios:

    PARFOR_BENCH_OUT=target/numerics-rust.txt cargo bench -p parfor-benches --bench numerics
    python3 benches/python/numerics.py --rust target/numerics-rust.txt

BLAS runs on one thread, as parfor pins it inside parallel loops, except for the matmul
rows, which run at 1 and 2 threads. Thread counts are set with threadpoolctl; without it
(pip install threadpoolctl) BLAS is pinned to one thread through the environment before
NumPy loads, and the matmul rows are skipped.
Needs: pip install numpy scipy threadpoolctl
"""

import argparse
import os
import statistics
import sys
import time

try:
    from threadpoolctl import threadpool_limits
except ImportError:
    threadpool_limits = None
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")

import contextlib  # noqa: E402

import numpy as np  # noqa: E402
import scipy  # noqa: E402
import scipy.signal  # noqa: E402


def median_time(f, min_sample=0.02, rounds=11):
    """Median over `rounds` samples of the per-call time; each sample repeats `f` until
    at least `min_sample` seconds have passed (the Rust harness does the same)."""
    f()
    reps, start = 0, time.perf_counter()
    while time.perf_counter() - start < min_sample:
        f()
        reps += 1
    reps = max(reps, 1)
    samples = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        for _ in range(reps):
            f()
        samples.append((time.perf_counter() - t0) / reps)
    return statistics.median(samples)


def fmt(seconds):
    for unit, scale in (("s", 1), ("ms", 1e-3), ("us", 1e-6), ("ns", 1e-9)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds * 1e9:.3g} ns"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rust", help="the Rust bench's PARFOR_BENCH_OUT file")
    parser.add_argument("--quick", action="store_true", help="3 rounds, matmul 1000")
    args = parser.parse_args()
    rounds = 3 if args.quick else 11
    rng = np.random.default_rng(0)
    times = {}

    def record(key, label, f, **kw):
        times[key] = median_time(f, rounds=kw.get("rounds", rounds), min_sample=kw.get("min_sample", 0.02))
        print(f"{label:<48} {fmt(times[key]):>10}")

    print(f"numpy {np.__version__}, scipy {scipy.__version__}, {os.cpu_count()} cores")
    one_thread = threadpool_limits(limits=1, user_api="blas") if threadpool_limits else contextlib.nullcontext()
    with one_thread:
        single_threaded(record, rng)
    matmuls(record, rng, times, args.quick, rounds)
    if args.rust:
        compare(times, args.rust)
    return 0


def single_threaded(record, rng):
    for n in (10, 100):
        a = rng.random((n, n)) + n * np.eye(n)
        record(f"det{n}", f"np.linalg.det {n}x{n}", lambda a=a: np.linalg.det(a))
    for n in (100, 512):
        x = rng.random((n, n))
        record(f"fft2_{n}", f"np.fft.fft2 {n}x{n} float64", lambda x=x: np.fft.fft2(x))
    a, b = rng.random((100, 100)), rng.random((100, 100))
    record("corr_f64", "scipy.signal.correlate2d 100x100 full float64",
           lambda: scipy.signal.correlate2d(a, b), min_sample=0.0)
    ai = rng.integers(0, 100, (100, 100))
    record("corr_i64", "scipy.signal.correlate2d 100x100 full int64",
           lambda: scipy.signal.correlate2d(ai, ai), min_sample=0.0)


def matmuls(record, rng, times, quick, rounds):
    if threadpool_limits is None:
        print("(threadpoolctl not installed: matmul rows skipped)")
        return
    n = 1000 if quick else 4000
    x, y = rng.random((n, n)), rng.random((n, n))
    for threads in (1, 2):
        with threadpool_limits(limits=threads, user_api="blas"):
            record(f"matmul_{threads}t", f"numpy {n}x{n} @ ({threads} BLAS threads)",
                   lambda: x @ y, rounds=min(rounds, 5), min_sample=0.0)
            gflops = 2 * n**3 / times[f"matmul_{threads}t"] / 1e9
            print(f"{'':<48} {gflops:>6.1f} GFLOP/s")


def compare(times, path):
    """Prints NumPy/SciPy time / parfor time for every key both sides measured."""
    rust = {}
    with open(path) as f:
        for line in f:
            key, value = line.split()
            rust[key] = float(value)
    print("\nratio = NumPy/SciPy time / parfor time (higher: parfor faster)")
    targets = {"det10": 5.0, "fft2_100": 1.0, "fft2_512": 1.0, "corr_f64": 10.0, "corr_i64": 10.0}
    for key, py in times.items():
        if key not in rust:
            continue
        ratio = py / rust[key]
        target = targets.get(key)
        verdict = ""
        if target is not None:
            verdict = (" ok" if ratio >= target else " MISSED") + f" (target >= {target:g}x)"
        print(f"  {key:<10} python {fmt(py):>10}  parfor {fmt(rust[key]):>10}  ratio {ratio:8.2f}x{verdict}")

if __name__ == "__main__":
    sys.exit(main())
