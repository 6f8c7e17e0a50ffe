#!/usr/bin/env python3
"""kernels: five array kernels written with natural indexing (issue 18), NumPy and Numba.

Cases (quick sizes in brackets), data from common.uniform, checksum the sum of the output:
  "stencil 2000x2000 x20" [1000x1000]  X = uniform(n*n, 8): 5-point Jacobi stencil, 20 sweeps:
                                       X into b, then b into a and a into b alternately; the
                                       border of a and b is X's and no sweep writes it; the
                                       result is a
  "blur3x3 2000x2000"     [1000x1000]  X = uniform(n*n, 9): 3x3 box blur into a fresh array of
                                       zeros (the nine terms in row order, then / 9.0)
  "pairwise 3000x16"      [1000x16]    X = uniform(n*16, 10) reshaped (n, 16): Euclidean
                                       distances between rows into an (n, n) array
  "pairwise symmetric 3000x16" [1000x16] the same matrix, Numba filling it symmetrically
                                       (`out[i, j] = out[j, i] = d` for j > i); NumPy's is
                                       the full case's
  "logsumexp 4000x2000"   [1000x2000]  X = uniform(n*2000, 11): row-wise log-sum-exp (shifted
                                       by the row's maximum) into a vector
  "softmax 4000x2000"     [1000x2000]  X = uniform(n*2000, 12): row-wise softmax into an
                                       (n, 2000) array

Implementations:
  numpy          vectorised: shifted slices for the stencil and the blur, broadcasting over
                 blocks of 64 rows for the distances (the whole (n, n, 16) difference would
                 take 1.2 GB), max/exp/sum along axis 1 for log-sum-exp and softmax
  numba prange   @njit(parallel=True): the natural loops of the Rust `#[parallel]` variants,
                 a[i, j] indexing, prange over the rows; compiled on small arrays of the same
                 types before anything is timed
The outputs are allocated once (as in the Rust cases), except the blur's, which each call
allocates, as the Rust kernels do.
"""

import common  # first: BLAS environment before NumPy
from common import run_impl, skip, uniform

import numpy as np

WORKLOAD = "kernels"


# --- NumPy ---------------------------------------------------------------------------
def stencil_np(a, b):
    b[1:-1, 1:-1] = 0.2 * (a[1:-1, 1:-1] + a[:-2, 1:-1] + a[2:, 1:-1] + a[1:-1, :-2] + a[1:-1, 2:])


def blur_np(x):
    out = np.zeros(x.shape)
    out[1:-1, 1:-1] = (x[:-2, :-2] + x[:-2, 1:-1] + x[:-2, 2:]
                       + x[1:-1, :-2] + x[1:-1, 1:-1] + x[1:-1, 2:]
                       + x[2:, :-2] + x[2:, 1:-1] + x[2:, 2:]) / 9.0
    return out


def pairwise_np(x, out, block=64):
    n = x.shape[0]
    for i0 in range(0, n, block):
        d = x[i0:i0 + block, None, :] - x[None, :, :]
        np.sqrt((d * d).sum(axis=2), out=out[i0:i0 + block])
    return out


def logsumexp_np(x, out):
    m = x.max(axis=1)
    np.add(m, np.log(np.exp(x - m[:, None]).sum(axis=1)), out=out)
    return out


def softmax_np(x, out):
    m = x.max(axis=1, keepdims=True)
    np.subtract(x, m, out=out)
    np.exp(out, out=out)
    out /= out.sum(axis=1, keepdims=True)
    return out


def jacobi(x, a, b, sweeps, sweep):
    """`sweeps` (even) sweeps: x into b, then b into a and back; the result is in a."""
    sweep(x, b)
    for s in range(1, sweeps):
        if s % 2 == 1:
            sweep(b, a)
        else:
            sweep(a, b)
    return a


# --- Numba prange --------------------------------------------------------------------
def make_numba():
    """The Numba kernels by name, compiled; None without Numba."""
    try:
        import numba
    except ImportError:
        return None

    @numba.njit(parallel=True)
    def stencil(a, b):
        n, m = a.shape
        for i in numba.prange(1, n - 1):
            for j in range(1, m - 1):
                b[i, j] = 0.2 * (a[i, j] + a[i - 1, j] + a[i + 1, j] + a[i, j - 1] + a[i, j + 1])

    @numba.njit(parallel=True)
    def blur(x):
        n, m = x.shape
        out = np.zeros((n, m))
        for i in numba.prange(1, n - 1):
            for j in range(1, m - 1):
                out[i, j] = (x[i - 1, j - 1] + x[i - 1, j] + x[i - 1, j + 1]
                             + x[i, j - 1] + x[i, j] + x[i, j + 1]
                             + x[i + 1, j - 1] + x[i + 1, j] + x[i + 1, j + 1]) / 9.0
        return out

    @numba.njit(parallel=True)
    def pairwise(x, out):
        n, dim = x.shape
        for i in numba.prange(n):
            for j in range(n):
                d = 0.0
                for k in range(dim):
                    t = x[i, k] - x[j, k]
                    d += t * t
                out[i, j] = np.sqrt(d)

    @numba.njit(parallel=True)
    def pairwise_sym(x, out):
        n, dim = x.shape
        for i in numba.prange(n):
            out[i, i] = 0.0
            for j in range(i + 1, n):
                d = 0.0
                for k in range(dim):
                    t = x[i, k] - x[j, k]
                    d += t * t
                out[i, j] = out[j, i] = np.sqrt(d)

    @numba.njit(parallel=True)
    def logsumexp(x, out):
        n, cols = x.shape
        for i in numba.prange(n):
            m = -np.inf
            for j in range(cols):
                m = max(m, x[i, j])
            s = 0.0
            for j in range(cols):
                s += np.exp(x[i, j] - m)
            out[i] = m + np.log(s)

    @numba.njit(parallel=True)
    def softmax(x, out):
        n, cols = x.shape
        for i in numba.prange(n):
            m = -np.inf
            for j in range(cols):
                m = max(m, x[i, j])
            s = 0.0
            for j in range(cols):
                s += np.exp(x[i, j] - m)
            for j in range(cols):
                out[i, j] = np.exp(x[i, j] - m) / s

    # Compile every kernel now, on small arrays of the types the cases pass (C-contiguous
    # float64), so that no timed call (nor the untimed warm-up call) compiles.
    small = uniform(64, 1).reshape(8, 8)
    stencil(small, small.copy())
    blur(small)
    pairwise(small, np.zeros((8, 8)))
    pairwise_sym(small, np.zeros((8, 8)))
    logsumexp(small, np.zeros(8))
    softmax(small, np.zeros((8, 8)))
    return {"stencil": stencil, "blur": blur, "pairwise": pairwise, "pairwise_sym": pairwise_sym,
            "logsumexp": logsumexp, "softmax": softmax}


def main():
    args = common.parse_args(__doc__.splitlines()[0])
    r = args.rounds
    total = lambda a: float(a.sum())  # noqa: E731
    nb = make_numba()
    if nb is None:
        skip(WORKLOAD, "numba prange", "numba is not installed (pip install numba)")
        threads = 1
    else:
        threads = common.numba_threads()

    def size(full, quick):
        return quick if args.quick else full

    def both(case, numpy_run, numba_run, wipe=lambda: None):
        """Times NumPy's and Numba's variant of `case`; `wipe` fills the output they share
        with NaN before each, so that neither passes on what the other left there."""
        wipe()
        run_impl(WORKLOAD, case, "numpy", 1, numpy_run, r, total)
        if nb is not None:
            wipe()
            run_impl(WORKLOAD, case, "numba prange", threads, numba_run, r, total)

    n, sweeps = size(2000, 1000), 20
    x = uniform(n * n, 8).reshape(n, n)
    a, b = x.copy(), x.copy()  # the border is x's: no sweep writes it

    def wipe_interiors():
        a[1:-1, 1:-1] = np.nan
        b[1:-1, 1:-1] = np.nan
    both(f"stencil {n}x{n} x{sweeps}",
         lambda: jacobi(x, a, b, sweeps, stencil_np),
         lambda: jacobi(x, a, b, sweeps, nb["stencil"]),
         wipe_interiors)
    del x, a, b

    x = uniform(n * n, 9).reshape(n, n)
    both(f"blur3x3 {n}x{n}", lambda: blur_np(x), lambda: nb["blur"](x))
    del x

    n, dim = size(3000, 1000), 16
    x = uniform(n * dim, 10).reshape(n, dim)
    out = np.zeros((n, n))

    def pairwise_nb():
        nb["pairwise"](x, out)
        return out
    both(f"pairwise {n}x{dim}", lambda: pairwise_np(x, out), pairwise_nb, lambda: out.fill(np.nan))

    def pairwise_sym_nb():
        nb["pairwise_sym"](x, out)
        return out
    both(f"pairwise symmetric {n}x{dim}", lambda: pairwise_np(x, out), pairwise_sym_nb,
         lambda: out.fill(np.nan))
    del x, out

    n, cols = size(4000, 1000), 2000
    x = uniform(n * cols, 11).reshape(n, cols)
    out = np.zeros(n)

    def logsumexp_nb():
        nb["logsumexp"](x, out)
        return out
    both(f"logsumexp {n}x{cols}", lambda: logsumexp_np(x, out), logsumexp_nb, lambda: out.fill(np.nan))
    del x, out

    x = uniform(n * cols, 12).reshape(n, cols)
    out = np.zeros((n, cols))

    def softmax_nb():
        nb["softmax"](x, out)
        return out
    both(f"softmax {n}x{cols}", lambda: softmax_np(x, out), softmax_nb, lambda: out.fill(np.nan))


if __name__ == "__main__":
    main()
