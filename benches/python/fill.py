#!/usr/bin/env python3
"""fill: fill an n x n f64 array with 1.0 (seed 000, lesson 5), and copy X into tmp window by
window (seed 002).

Case "fill NxN":
  numpy.ones                        seed lesson 5, first listing: numpy.ones((n, n)) (allocation timed)
  ThreadPoolExecutor                seed lesson 5, second listing: numpy.empty((n, n)), then
                                    fill_subarray over 2x2 blocks (split = round(n/2)) in a
                                    ThreadPoolExecutor(cpu_count) (allocation timed, as in the seed)
  ndarray.fill                      data.fill(1.0) on an array allocated (and touched) beforehand
  ThreadPoolExecutor (preallocated) the seed's block fill on an array allocated beforehand
Case "window copy NxN/4":
  numpy copyto                      np.copyto(tmp, X), the vectorised baseline
  python window loop                seed 002 first listing (with the window bounds of the second
                                    listing: block_size x block_size windows), sequential
  Pool+RawArray                     seed 002 second listing: tmp in a sharedctypes.RawArray,
                                    Pool(cpu_count).map(fill_per_window, window_idxs), one task
                                    per 4x4 window (1M tasks at 4000x4000); pool created in the timed call
  numba prange                      the seed's element-by-element window copy with @njit(parallel=True),
                                    as the Rust `#[parallel]` row runs it (window_copy_par): prange over
                                    the rows of windows, then the windows along the row, then
                                    tmp[i, j] = X[i, j]. Numba's prange takes no step ("Only constant
                                    step size of 1 is supported for prange"), so it counts the rows of
                                    windows (prange(n // bs), wx = w * bs) instead of range(0, n, bs)
  numba prange, tiles               the same copy as one prange over all windows, numbered row by row
                                    (wx, wy = w // nby * bs, w % nby * bs), as the Rust
                                    `#[parallel], tiles` row runs it (window_copy_par_tiles)
"""

import common  # first: BLAS environment before NumPy
from common import NCPU, run_impl, skip, uniform

import concurrent.futures
import itertools
from multiprocessing import Pool, sharedctypes

import numpy as np

WORKLOAD = "fill"


# --- seed 000, lesson 5 --------------------------------------------------------------
# fill a portion of a larger array with a value
def fill_subarray(coords, data, value):
    # unpack array indexes
    i1, i2, i3, i4 = coords
    # populate subarray
    data[i1:i2, i3:i4].fill(value)


def fill_with_threads(n, data=None, workers=NCPU):
    # create an empty array
    if data is None:
        data = np.empty((n, n))
    # create the thread pool
    with concurrent.futures.ThreadPoolExecutor(workers) as exe:
        # split each dimension (divisor of matrix dimension)
        split = round(n / 2)
        # issue tasks
        for x in range(0, n, split):
            for y in range(0, n, split):
                # determine matrix coordinates
                coords = (x, x + split, y, y + split)
                # issue task
                _ = exe.submit(fill_subarray, coords, data, 1)
    return data


# --- seed 002 ------------------------------------------------------------------------
size = None
block_size = 4
X = None
shared_array = None


def fill_per_window(args):
    window_x, window_y = args
    tmp = np.ctypeslib.as_array(shared_array)

    for idx_x in range(window_x, window_x + block_size):
        for idx_y in range(window_y, window_y + block_size):
            tmp[idx_x, idx_y] = X[idx_x, idx_y]


def window_copy_pool(processes):
    global shared_array
    result = np.ctypeslib.as_ctypes(np.zeros((size, size)))
    shared_array = sharedctypes.RawArray(result._type_, result)

    window_idxs = [(i, j) for i, j in
                   itertools.product(range(0, size, block_size),
                                     range(0, size, block_size))]

    with Pool(processes=processes) as p:
        p.map(fill_per_window, window_idxs)
    return np.ctypeslib.as_array(shared_array)


def window_copy_sequential(tmp):
    def fill(args):
        window_x, window_y = args
        for i in range(window_x, window_x + block_size):
            for j in range(window_y, window_y + block_size):
                tmp[i, j] = X[i, j]

    window_idxs = [(i, j) for i, j in
                   itertools.product(range(0, size, block_size),
                                     range(0, size, block_size))]
    for idx in window_idxs:
        fill(idx)
    return tmp


def make_numba():
    """The window copies with Numba prange (by rows of windows, by windows), or None
    without Numba."""
    try:
        import numba
    except ImportError:
        return None

    @numba.njit(parallel=True)
    def window_copy_prange(X, tmp, bs):
        n = X.shape[0]
        for w in numba.prange(n // bs):
            wx = w * bs
            for wy in range(0, n, bs):
                for i in range(wx, wx + bs):
                    for j in range(wy, wy + bs):
                        tmp[i, j] = X[i, j]

    @numba.njit(parallel=True)
    def window_copy_tiles(X, tmp, bs):
        nbx, nby = X.shape[0] // bs, X.shape[1] // bs
        for w in numba.prange(nbx * nby):
            wx, wy = w // nby * bs, w % nby * bs
            for i in range(wx, wx + bs):
                for j in range(wy, wy + bs):
                    tmp[i, j] = X[i, j]

    return window_copy_prange, window_copy_tiles


def main():
    global size, X
    args = common.parse_args(__doc__.splitlines()[0])
    r = args.rounds
    total = lambda a: float(a.sum())  # noqa: E731

    n = 2000 if args.quick else 10_000
    case = f"fill {n}x{n}"
    run_impl(WORKLOAD, case, "numpy.ones", 1, lambda: np.ones((n, n)), r, total)
    run_impl(WORKLOAD, case, "ThreadPoolExecutor", NCPU, lambda: fill_with_threads(n), r, total)
    data = np.zeros((n, n))

    def fill_pre():
        data.fill(1.0)
        return data
    run_impl(WORKLOAD, case, "ndarray.fill", 1, fill_pre, r, total)
    run_impl(WORKLOAD, case, "ThreadPoolExecutor (preallocated)", NCPU,
             lambda: fill_with_threads(n, data), r, total)
    del data

    size = 1000 if args.quick else 4000
    case = f"window copy {size}x{size}/{block_size}"
    X = uniform(size * size, 3).reshape(size, size)
    tmp = np.zeros((size, size))

    def copyto():
        np.copyto(tmp, X)
        return tmp
    run_impl(WORKLOAD, case, "numpy copyto", 1, copyto, r, total)
    kernels = make_numba()
    if kernels is None:
        skip(WORKLOAD, "numba prange", "numba is not installed (pip install numba)")
    else:
        for name, kernel in zip(("numba prange", "numba prange, tiles"), kernels):
            # Compiled here, on a small copy of the same types, so no timed call compiles.
            kernel(X[:8, :8].copy(), np.zeros((8, 8)), block_size)
            tmp.fill(np.nan)  # what an earlier row left there must not pass for this one's

            def prange_copy(kernel=kernel):
                kernel(X, tmp, block_size)
                return tmp
            run_impl(WORKLOAD, case, name, common.numba_threads(), prange_copy, r, total)
    slow_rounds = min(r, 3)
    run_impl(WORKLOAD, case, "python window loop", 1, lambda: window_copy_sequential(tmp), slow_rounds, total)
    run_impl(WORKLOAD, case, "Pool+RawArray", NCPU, lambda: window_copy_pool(NCPU), slow_rounds, total)


if __name__ == "__main__":
    main()
