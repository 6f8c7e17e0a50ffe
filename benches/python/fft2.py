#!/usr/bin/env python3
"""fft2: the 2-D FFT of a batch of random m x m matrices (seed 001, 7.1.2).

Implementations:
  numpy                 seed 7.1.2: a loop of np.fft.fft2 over the list of matrices
  numpy batched         np.fft.fft2 on the (count, m, m) stack, one call
  scipy.fft             scipy.fft.fft2 on the stack, one call, workers=1
  scipy.fft workers=2   scipy.fft.fft2(stack, workers=2)
  Pool.map              seed 7.1.2: split(listMatrices, cpu_count) and Pool(cpu_count).map of the
                        loop (pool created in the timed call; the spectra come back pickled)
No Numba version: Numba cannot compile np.fft (the seed's point: FFT is too fast to gain from
multiprocessing).
Cases: "100x100 x500", "512x512 x200" (quick: x50, x10). Checksum: sum over matrices of sum(|fft2(a)|).
"""

import common  # first: BLAS environment before NumPy
from common import log, run_impl, skip, split, uniform

from multiprocessing import Pool, cpu_count

import numpy as np

WORKLOAD = "fft2"


# --- seed 7.1.2 ----------------------------------------------------------------------
def fft2(a):
    return np.fft.fft2(a)


def fftList(listMatrices):
    ffts = []
    for matrix in listMatrices:
        ffts.append(fft2(matrix))
    return ffts


def fft_pool(listMatrices, nbWorkers):
    with Pool(nbWorkers) as pool:
        splittedList = split(listMatrices, nbWorkers)
        fftsMp = pool.map(fftList, splittedList)
    return fftsMp


def checksum(results):
    if isinstance(results, np.ndarray):
        return float(np.abs(results).sum())
    return float(sum(checksum(r) if isinstance(r, list) else float(np.abs(r).sum()) for r in results))


def main():
    args = common.parse_args(__doc__.splitlines()[0])
    try:
        import scipy.fft as sfft
    except ImportError:
        sfft = None
        skip(WORKLOAD, "scipy.fft / scipy.fft workers=2", "scipy is not installed (pip install scipy)")
    skip(WORKLOAD, "numba prange", "Numba cannot compile np.fft (no Numba version of this workload)")
    cases = [(100, 50 if args.quick else 500), (512, 10 if args.quick else 200)]
    r = args.rounds
    for m, count in cases:
        case = f"{m}x{m} x{count}"
        listMatrices = [uniform(m * m, 200 + k).reshape(m, m) for k in range(count)]
        stack = np.stack(listMatrices)
        run_impl(WORKLOAD, case, "numpy", 1, lambda: fftList(listMatrices), r, checksum)
        run_impl(WORKLOAD, case, "numpy batched", 1, lambda: np.fft.fft2(stack), r, checksum)
        if sfft is not None:
            run_impl(WORKLOAD, case, "scipy.fft", 1, lambda: sfft.fft2(stack, workers=1), r, checksum)
            run_impl(WORKLOAD, case, "scipy.fft workers=2", 2, lambda: sfft.fft2(stack, workers=2), r, checksum)
        run_impl(WORKLOAD, case, "Pool.map", cpu_count(), lambda: fft_pool(listMatrices, cpu_count()),
                 min(r, 3), checksum, reps=1)


if __name__ == "__main__":
    main()
