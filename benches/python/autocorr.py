#!/usr/bin/env python3
"""autocorr: correlate2d(a, a) ('full') of a batch of 100x100 integer matrices (seed 001, 7.1.1).

Implementations:
  scipy correlate2d         seed 7.1.1 autocorrelationList, sequential
  Pool.map correlate2d      seed 7.1.1: split(listMatrices, cpu_count) and
                            Pool(cpu_count).map(autocorrelationList, ...) (pool created in the timed call)
  scipy fftconvolve         SciPy's FFT route, sequential: fftconvolve(a, a[::-1, ::-1]), rounded to int64
  numba prange              @njit(parallel=True): prange over the matrices, direct correlation loop
Cases: "100x100 x30" and the curve "100x100 xN", N in 10, 50, 100, 200, 300, 400, 500
(quick: 10, 30, 50). The curve points get one timed round each (x30: --rounds) after a warm-up
call on a single matrix. The two correlate2d variants take ~0.3 s per matrix here: they run the
curve only up to N = 100 (quick: 30; --full-curve for all N), at most 3 rounds (quick: 1); the
skipped points are reported on stderr.
Checksum: sum over matrices of sum(correlate2d(a, a)), an exact integer.
"""

import common  # first: BLAS environment before NumPy
from common import NCPU, log, run_impl, skip, split, uniform_ints

from multiprocessing import Pool, cpu_count

import numpy as np

WORKLOAD = "autocorr"

try:
    from scipy.signal import correlate2d, fftconvolve
except ImportError:
    correlate2d = fftconvolve = None


# --- seed 7.1.1 ----------------------------------------------------------------------
def autocorrelation(a):
    return correlate2d(a, a)


def autocorrelationList(listMatrices):
    correlations = []
    for matrix in listMatrices:
        correlations.append(autocorrelation(matrix))
    return correlations


def autocorrelation_pool(listMatrices, nbworkers):
    with Pool(nbworkers) as pool:
        splittedList = split(listMatrices, nbworkers)
        autocorrelationMp = pool.map(autocorrelationList, splittedList)
    return autocorrelationMp


def fft_autocorrelationList(listMatrices):
    return [np.rint(fftconvolve(a, a[::-1, ::-1])).astype(np.int64) for a in listMatrices]


def make_numba():
    try:
        import numba
    except ImportError:
        return None

    @numba.njit(parallel=True)
    def autocorr_batch(mats, out):
        count, M, N = mats.shape
        for c in numba.prange(count):
            a = mats[c]
            for k in range(2 * M - 1):
                s = k - (M - 1)  # row shift
                i0 = max(0, s)
                i1 = min(M, M + s)
                for l in range(2 * N - 1):
                    t = l - (N - 1)  # column shift
                    j0 = max(0, t)
                    j1 = min(N, N + t)
                    acc = 0
                    for i in range(i0, i1):
                        # row slices: the inner loop vectorises (3.5x over a[i, j] * a[i - s, j - t])
                        ra = a[i, j0:j1]
                        rb = a[i - s, j0 - t:j1 - t]
                        for j in range(j1 - j0):
                            acc += ra[j] * rb[j]
                    out[c, k, l] = acc
        return out

    return autocorr_batch


def checksum(results):
    """Sum over matrices of the sum of the correlation, as an exact integer. `results` is a
    list of arrays, a list of lists of arrays (Pool) or one 3-D array."""
    if isinstance(results, np.ndarray):
        return int(results.sum(dtype=np.int64))
    total = 0
    for r in results:
        total += checksum(r) if isinstance(r, list) else int(np.asarray(r).sum(dtype=np.int64))
    return total


def main():
    args = common.parse_args(__doc__.splitlines()[0], lambda p: p.add_argument(
        "--full-curve", action="store_true",
        help="run the slow correlate2d variants on every curve point"))
    curve = [10, 30, 50] if args.quick else [30, 10, 50, 100, 200, 300, 400, 500]
    slow_limit = 10**9 if args.full_curve else (30 if args.quick else 100)
    matrices = [uniform_ints(100 * 100, 100 + k, -5, 5).reshape(100, 100) for k in range(max(curve))]
    stack = np.stack(matrices)
    autocorr_batch = make_numba()
    if correlate2d is None:
        skip(WORKLOAD, "scipy correlate2d / Pool.map correlate2d / scipy fftconvolve",
             "scipy is not installed (pip install scipy)")
    if autocorr_batch is None:
        skip(WORKLOAD, "numba prange", "numba is not installed (pip install numba)")
    else:
        autocorr_batch(stack[:1], np.zeros((1, 199, 199), np.int64))  # compile
    for count in curve:
        case = f"100x100 x{count}"
        mats = matrices[:count]
        main_case = count == 30
        r = args.rounds if main_case else 1
        if correlate2d is not None:
            if count <= slow_limit:
                slow_r = 1 if args.quick else min(r, 3)
                run_impl(WORKLOAD, case, "scipy correlate2d", 1, lambda: autocorrelationList(mats),
                         slow_r, checksum, reps=1, warmup=lambda: autocorrelationList(mats[:1]))
                run_impl(WORKLOAD, case, "Pool.map correlate2d", cpu_count(),
                         lambda: autocorrelation_pool(mats, cpu_count()), slow_r, checksum, reps=1,
                         warmup=lambda: autocorrelation_pool(mats[:2], cpu_count()))
            else:
                skip(WORKLOAD, f"scipy correlate2d / Pool.map correlate2d at {case}",
                     f"~0.3 s per matrix: run up to x{slow_limit} only (--full-curve runs every point)")
            run_impl(WORKLOAD, case, "scipy fftconvolve", 1, lambda: fft_autocorrelationList(mats),
                     r, checksum, reps=1)
        if autocorr_batch is not None:
            sub = np.ascontiguousarray(stack[:count])
            out = np.zeros((count, 199, 199), np.int64)
            run_impl(WORKLOAD, case, "numba prange", common.numba_threads(),
                     lambda: autocorr_batch(sub, out), r, checksum, reps=1,
                     warmup=None if main_case else (lambda: autocorr_batch(sub[:1], out[:1])))


if __name__ == "__main__":
    main()
