#!/usr/bin/env python3
"""overhead: the cost of entering a parallel loop: a[i] = b[i] * 2.0 for n = 100, 10^4, 10^6.

Implementations:
  numba prange   @njit(parallel=True): for i in prange(n): a[i] = b[i] * 2.0 (a preallocated)
  numba njit     the same loop with range, @njit (sequential reference)
  numpy          b * 2.0 (allocates the result, as users write it)
  numpy out=     np.multiply(b, 2.0, out=a)
Each sample repeats the call until it lasts at least 20 ms (time per call reported).
Cases "n=100", "n=10000", "n=1000000" (the same in quick mode); b = uniform(n, 7). Checksum: sum of a.
"""

import common  # first: BLAS environment before NumPy
from common import run_impl, skip, uniform

import numpy as np

WORKLOAD = "overhead"


def make_numba():
    try:
        import numba
    except ImportError:
        return None, None

    @numba.njit(parallel=True)
    def double_prange(a, b):
        for i in numba.prange(b.size):
            a[i] = b[i] * 2.0

    @numba.njit
    def double_seq(a, b):
        for i in range(b.size):
            a[i] = b[i] * 2.0

    return double_prange, double_seq


def main():
    args = common.parse_args(__doc__.splitlines()[0])
    r = args.rounds if args.quick else max(args.rounds, 7)
    double_prange, double_seq = make_numba()
    if double_prange is None:
        skip(WORKLOAD, "numba prange / numba njit", "numba is not installed (pip install numba)")
    total = lambda a: float(a.sum())  # noqa: E731
    for n in (100, 10_000, 1_000_000):
        case = f"n={n}"
        b = uniform(n, 7)
        a = np.zeros(n)
        if double_prange is not None:
            def par():
                double_prange(a, b)
                return a

            def seq():
                double_seq(a, b)
                return a
            run_impl(WORKLOAD, case, "numba prange", common.numba_threads(), par, r, total)
            run_impl(WORKLOAD, case, "numba njit", 1, seq, r, total)
        run_impl(WORKLOAD, case, "numpy", 1, lambda: b * 2.0, r, total)
        run_impl(WORKLOAD, case, "numpy out=", 1, lambda: np.multiply(b, 2.0, out=a), r, total)


if __name__ == "__main__":
    main()
