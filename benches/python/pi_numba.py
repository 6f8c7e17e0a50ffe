#!/usr/bin/env python3
"""Monte-Carlo pi as a Numba user writes it, for the `pi` part of the `loops` bench.

    @njit(parallel=True) with np.random.random() twice per point inside prange(n)

Numba gives each thread its own generator state, so the points (and the estimate)
depend on the thread count; parfor's `rng::for_iteration` does not. Prints one line per
variant: median seconds of --rounds timed calls after one untimed call (which compiles).

    python3 benches/python/pi_numba.py [--n 100000000] [--rounds 7] [--threads 2]
"""

import argparse
import time

import numba
import numpy as np
from numba import njit, prange


@njit(parallel=True)
def pi_prange(n):
    hits = 0
    for i in prange(n):
        x = np.random.random()
        y = np.random.random()
        if x * x + y * y < 1.0:
            hits += 1
    return 4.0 * hits / n


@njit
def pi_sequential(n):
    hits = 0
    for i in range(n):
        x = np.random.random()
        y = np.random.random()
        if x * x + y * y < 1.0:
            hits += 1
    return 4.0 * hits / n


def median_seconds(f, n, rounds):
    f(1000)
    times = []
    for _ in range(rounds):
        t = time.perf_counter()
        f(n)
        times.append(time.perf_counter() - t)
    return sorted(times)[len(times) // 2]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--n", type=int, default=100_000_000)
    p.add_argument("--rounds", type=int, default=7)
    p.add_argument("--threads", type=int, default=2)
    a = p.parse_args()
    numba.set_num_threads(a.threads)
    np.random.seed(2024)
    for name, f in [("numba njit, sequential", pi_sequential),
                    (f"numba prange, {a.threads} threads", pi_prange)]:
        s = median_seconds(f, a.n, a.rounds)
        print(f"{name:32s} {s * 1e3:8.1f} ms  ({s / a.n * 1e9:.2f} ns a point)  pi ~ {f(a.n):.5f}")


if __name__ == "__main__":
    main()
