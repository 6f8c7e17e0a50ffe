#!/usr/bin/env python3
"""matmul: an n x n f64 matrix product at 1 and 2 BLAS threads (seed 000, lessons 2-3).

Implementation:
  numpy.dot   seed lesson 3: result = data1.dot(data2), BLAS limited to 1 or 2 threads
              (threadpoolctl, or OMP_NUM_THREADS/OPENBLAS_NUM_THREADS set before NumPy loads,
              in a subprocess per setting, when threadpoolctl is missing)
Cases: "4000x4000 blas1", "4000x4000 blas2" (quick: 1000x1000). A = uniform(n*n, 4),
B = uniform(n*n, 5); the data is made outside the timed call. Checksum: sum of C.
"""

import common  # first: BLAS environment before NumPy
from common import for_each_blas, log, run_impl, uniform

import numpy as np

WORKLOAD = "matmul"


def main():
    args = common.parse_args(__doc__.splitlines()[0])
    n = 1000 if args.quick else 4000
    data1 = uniform(n * n, 4).reshape(n, n)
    data2 = uniform(n * n, 5).reshape(n, n)
    log(f"  matmul: BLAS {common.blas_info()}")
    r = args.rounds if args.quick else min(args.rounds, 3)

    def body(threads):
        run_impl(WORKLOAD, f"{n}x{n} blas{threads}", "numpy.dot", threads,
                 lambda: data1.dot(data2), r, lambda c: float(c.sum()))

    for_each_blas([1, 2], body)


if __name__ == "__main__":
    main()
