#!/usr/bin/env python3
"""sum: the sum of 10^8 f64 (seed 001, 5.4.1).

Implementations:
  python iterativeSum   seed 5.4.1 iterativeSum over the whole array, sequential
  Pool.map              seed 5.4.1.2 map_: split into cpu_count parts, Pool(cpu_count).map(iterativeSum, parts)
  Pool.<method>         with --all-methods, the seed's other variants: map_async, apply, apply_async,
                        imap, imap_unordered
  numpy sum             np.sum(x)
  numba prange          @njit(parallel=True) reduction: s += x[i] in a prange loop
The seed's split() makes a tuple of the elements first (10^8 Python objects, several GB);
here the parts are the same strided slices taken from the array (x[i::count]), so the pool
pickles two arrays. The pure-Python variants take several seconds at 10^8: one timed round
(quick: --rounds) after a warm-up call on 10^5 elements; the pool is created in the timed call.
Case "1e8" (quick "1e7"), x = uniform(n, 6). Checksum: the sum.
"""

import common  # first: BLAS environment before NumPy
from common import run_impl, skip, uniform

from multiprocessing import Pool, cpu_count

import numpy as np

WORKLOAD = "sum"


# --- seed 5.4.1 ----------------------------------------------------------------------
def iterativeSum(iterable):
    res = 0
    for i in iterable:
        res += i
    return res


def split(container, count):
    # Adapted: the seed's tuple(container) would box 10^8 floats; same parts, as array slices.
    return [container[i::count] for i in range(count)]


def apply(iterable, nworkers):
    splitted = split(iterable, nworkers)
    with Pool(nworkers) as pool:
        res = list(pool.apply(iterativeSum, (i,)) for i in splitted)
    return sum(res)


def apply_async(iterable, nworkers):
    splitted = split(iterable, nworkers)
    with Pool(nworkers) as pool:
        res = list(pool.apply_async(iterativeSum, (i,)) for i in splitted)
        res = list(r.get() for r in res)
    return sum(res)


def map_(iterable, nworkers):
    splitted = split(iterable, nworkers)
    with Pool(nworkers) as pool:
        # No need to iterate on the sub lists.
        # Map handles it instead of us.
        res = pool.map(iterativeSum, splitted)
    return sum(res)


def map_async(iterable, nworkers):
    splitted = split(iterable, nworkers)
    with Pool(nworkers) as pool:
        res = pool.map_async(iterativeSum, splitted)
        res = res.get()
    return sum(res)


def imap(iterable, nworkers):
    splitted = split(iterable, nworkers)
    with Pool(nworkers) as pool:
        res = list(pool.imap(iterativeSum, splitted))
        return sum(res)


def imap_unordered(iterable, nworkers):
    splitted = split(iterable, nworkers)
    with Pool(nworkers) as pool:
        res = list(pool.imap_unordered(iterativeSum, splitted))
    return sum(res)


def make_numba():
    try:
        import numba
    except ImportError:
        return None

    @numba.njit(parallel=True)
    def prange_sum(x):
        s = 0.0
        for i in numba.prange(x.size):
            s += x[i]
        return s

    return prange_sum


def main():
    args = common.parse_args(__doc__.splitlines()[0], lambda p: p.add_argument(
        "--all-methods", action="store_true", help="also the seed's other Pool methods"))
    n = 10**7 if args.quick else 10**8
    case = "1e7" if args.quick else "1e8"
    x = uniform(n, 6)
    small = x[:100_000]
    r = args.rounds
    slow_r = r if args.quick else 1
    ncores = cpu_count()
    run_impl(WORKLOAD, case, "python iterativeSum", 1, lambda: iterativeSum(x), slow_r, float,
             reps=1, warmup=lambda: iterativeSum(small))
    methods = [("Pool.map", map_)]
    if args.all_methods:
        methods += [("Pool.map_async", map_async), ("Pool.apply", apply), ("Pool.apply_async", apply_async),
                    ("Pool.imap", imap), ("Pool.imap_unordered", imap_unordered)]
    for name, method in methods:
        run_impl(WORKLOAD, case, name, ncores, lambda: method(x, ncores), slow_r, float,
                 reps=1, warmup=lambda: method(small, ncores))
    run_impl(WORKLOAD, case, "numpy sum", 1, lambda: np.sum(x), r, float)
    prange_sum = make_numba()
    if prange_sum is None:
        skip(WORKLOAD, "numba prange", "numba is not installed (pip install numba)")
    else:
        run_impl(WORKLOAD, case, "numba prange", common.numba_threads(), lambda: prange_sum(x), r, float)


if __name__ == "__main__":
    main()
