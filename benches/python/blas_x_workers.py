#!/usr/bin/env python3
"""blas_x_workers: many independent matrix products over worker threads x BLAS threads
(seed 000, lesson 6).

Implementation:
  ThreadPoolExecutor   seed lesson 6: each task makes two fresh m x m matrices ("simulate loading
                       arrays"; here the WORKLOADS.md generator instead of numpy.random.rand) and
                       multiplies them with item1.dot(item2); the tasks run in a
                       ThreadPoolExecutor(workers), BLAS limited to `blas` threads.
Cases: "w1 b1", "w1 b2", "w2 b1", "w2 b2" (workers x BLAS threads) and "default"
(ThreadPoolExecutor() with its default worker count, BLAS as the process starts).
40 tasks of 1000x1000 (quick: 8 tasks of 500x500); task t: A = uniform(m*m, 1000 + 2t),
B = uniform(m*m, 1001 + 2t). `threads` in the output is workers x BLAS threads.
Checksum: sum over tasks of sum(A @ B).
"""

import common  # first: BLAS environment before NumPy
from common import ENV_BLAS_THREADS, NCPU, for_each_blas, log, run_impl, uniform

import concurrent.futures

import numpy as np

WORKLOAD = "blas_x_workers"


def make_task(m):
    # function that defines a single task
    def task(t):
        # simulate loading arrays
        item1 = uniform(m * m, 1000 + 2 * t).reshape(m, m)
        item2 = uniform(m * m, 1001 + 2 * t).reshape(m, m)
        # perform multithreaded operation
        result = item1.dot(item2)
        # return the result
        return result
    return task


def run_tasks(task, ntasks, workers):
    # create thread pool
    with concurrent.futures.ThreadPoolExecutor(workers) as exe:
        # issue tasks and gather results
        results = [exe.submit(task, t) for t in range(ntasks)]
    return [f.result() for f in results]


def checksum(results):
    return float(sum(float(r.sum()) for r in results))


def main():
    args = common.parse_args(__doc__.splitlines()[0])
    ntasks, m = (8, 500) if args.quick else (40, 1000)
    task = make_task(m)
    r = args.rounds if args.quick else min(args.rounds, 3)
    log(f"  blas_x_workers: {ntasks} tasks of {m}x{m}, BLAS {common.blas_info()}")

    def body(blas):
        for workers in (1, 2):
            run_impl(WORKLOAD, f"w{workers} b{blas}", "ThreadPoolExecutor", workers * blas,
                     lambda: run_tasks(task, ntasks, workers), r, checksum, reps=1)

    for_each_blas([1, 2], body)
    if ENV_BLAS_THREADS is None:  # not a --blas-env child: the defaults of this process
        workers = min(32, NCPU + 4)  # ThreadPoolExecutor's default max_workers
        blas = common.blas_default_threads()
        run_impl(WORKLOAD, "default", "ThreadPoolExecutor", workers * blas,
                 lambda: run_tasks(task, ntasks, None), r, checksum, reps=1)


if __name__ == "__main__":
    main()
