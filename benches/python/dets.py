#!/usr/bin/env python3
"""dets: the determinant of every slice tensor[:, :, i] (seed 001, 5.4.2 and 6.2 / 7.2).

Implementations (the seed's code, on the WORKLOADS.md data):
  numpy                    sequential loop of np.linalg.det over the slices (seed 7.2 detsSequential)
  numpy batched            np.linalg.det(tensor.transpose(2, 0, 1)), one call
  Pool.map RawArray        seed 5.4.2.1: tensor in a RawArray handed to the workers by the
                           pool initializer, slices split with split(), Pool(cpu_count())
  Pool.map shared_memory   seed 5.4.2.2 (second listing): tensor and determinants in
                           SharedMemory, the workers write their determinants in place
  numba prange             seed 7.2 detsNjit: @njit(parallel=True), prange over the slices
The Pool versions create their pool inside the timed call, as the seed does.
"""

import common  # first: BLAS environment before NumPy
from common import NCPU, emit, log, run_impl, split, skip, uniform

import time
from multiprocessing import Pool, RawArray, cpu_count
from multiprocessing.managers import SharedMemoryManager
from multiprocessing.shared_memory import SharedMemory

import numpy as np

WORKLOAD = "dets"

# --- seed 5.4.2.1: sharing a RawArray ------------------------------------------------
__variableDict__ = dict()  # Global dict to keep the shared RawArray


def initWorker(tensor, tensorShape):
    # Function used to initialize each worker with the same
    # shared array. Putting it in the global dict.
    __variableDict__["tensor"] = tensor
    __variableDict__["tensorShape"] = tensorShape


def dets(slices):
    tensor = __variableDict__["tensor"]
    # First, get the values from the RawArray
    tensorFromArray = np.frombuffer(tensor).reshape(__variableDict__["tensorShape"])
    determinants = []
    for s in slices:
        determinants.append(np.linalg.det(tensorFromArray[:, :, s]))
    return determinants


class Determinants:

    def __init__(self, tensor):
        self._tensor = tensor
        self._tensorShape = self._tensor.shape
        self._slices = range(self._tensorShape[-1])
        self._nElements = self._tensor.size

    def computeDeterminants(self, nCores):
        tensorArray = RawArray("d", self._nElements)  # Create a RawArray
        tensorFromArray = np.frombuffer(tensorArray).reshape(self._tensorShape)
        np.copyto(tensorFromArray, self._tensor)
        splittedSlices = split(self._slices, nCores)

        with Pool(nCores, initializer=initWorker, initargs=(tensorArray, self._tensor.shape)) as pool:
            tempDeterminants = pool.map(dets, splittedSlices)

        determinants = []
        for subList in tempDeterminants:
            determinants.extend(subList)
        return determinants


# --- seed 5.4.2.2: shared_memory, determinants written in place ----------------------
class DeterminantsSharedMemory:

    def __init__(self, tensor):
        self._tensor = tensor
        self._tensorShape = self._tensor.shape
        self._tensorSharedMemoryName = None
        self._determinantsName = None
        self._slices = range(self._tensorShape[-1])

    def dets(self, slices):
        tensor = SharedMemory(self._tensorSharedMemoryName)
        determinants = SharedMemory(self._determinantsName)
        tensorFromSharedMemory = np.ndarray(self._tensorShape, float, buffer=tensor.buf)
        determinantsFromSharedMemory = np.ndarray((len(self._slices),), float, buffer=determinants.buf)
        for s in slices:
            determinantsFromSharedMemory[s] = (np.linalg.det(tensorFromSharedMemory[:, :, s]))
        del tensorFromSharedMemory, determinantsFromSharedMemory
        tensor.close()
        determinants.close()

    def computeDeterminants(self, nCores):
        determinantsTemps = np.zeros(len(self._slices), float)
        with SharedMemoryManager() as manager:
            # Adapted: the seed creates SharedMemory(create=True) next to an unused manager
            # and never unlinks it; created through the manager it is freed on exit.
            sharedMemoryTensor = manager.SharedMemory(size=self._tensor.nbytes)
            self._tensorSharedMemoryName = sharedMemoryTensor.name
            tensor = np.ndarray(self._tensorShape, float, buffer=sharedMemoryTensor.buf)
            np.copyto(tensor, self._tensor)

            sharedMemoryDeterminants = manager.SharedMemory(size=determinantsTemps.nbytes)
            self._determinantsName = sharedMemoryDeterminants.name
            determinants = np.ndarray(determinantsTemps.shape, float, buffer=sharedMemoryDeterminants.buf)
            np.copyto(determinants, determinantsTemps)

            splittedSlices = split(self._slices, nCores)
            with Pool(nCores) as pool:
                pool.map(self.dets, splittedSlices)
            result = determinants.copy()
            del tensor, determinants
        return result


# --- seed 7.2 -----------------------------------------------------------------------
def detsSequential(tensor, determinants):
    nMatrices = tensor.shape[-1]
    for i in range(nMatrices):
        determinants[i] = np.linalg.det(tensor[:, :, i])


def make_numba():
    try:
        import numba
    except ImportError:
        return None

    @numba.njit(parallel=True)
    def detsNjit(tensor, determinants):
        nMatrices = tensor.shape[-1]
        for i in numba.prange(nMatrices):
            determinants[i] = np.linalg.det(tensor[:, :, i])

    return detsNjit


def main():
    args = common.parse_args(__doc__.splitlines()[0])
    cases = [(10, 10_000 if args.quick else 100_000, 1), (100, 100 if args.quick else 1000, 2)]
    detsNjit = make_numba()
    if detsNjit is None:
        skip(WORKLOAD, "numba prange", "numba is not installed (pip install numba)")
    total = lambda d: float(np.sum(np.asarray(d)))  # noqa: E731
    for m, count, seed in cases:
        case = f"{m}x{m}x{count}"
        tensor = (uniform(m * m * count, seed) * 2.0 - 1.0).reshape(m, m, count)
        out = np.zeros(count)
        r = args.rounds

        def seq():
            detsSequential(tensor, out)
            return out
        run_impl(WORKLOAD, case, "numpy", 1, seq, r, total)
        run_impl(WORKLOAD, case, "numpy batched", 1,
                 lambda: np.linalg.det(tensor.transpose(2, 0, 1)), r, total)
        run_impl(WORKLOAD, case, "Pool.map RawArray", cpu_count(),
                 lambda: Determinants(tensor).computeDeterminants(cpu_count()), r, total)
        run_impl(WORKLOAD, case, "Pool.map shared_memory", cpu_count(),
                 lambda: DeterminantsSharedMemory(tensor).computeDeterminants(cpu_count()), r, total)
        if detsNjit is not None:
            threads = common.numba_threads()
            if m == cases[0][0]:
                t0 = time.perf_counter()
                detsNjit(tensor, out)
                emit(WORKLOAD, case, "numba prange (first call, with compile)", threads,
                     time.perf_counter() - t0, total(out), 1)

            def nb():
                detsNjit(tensor, out)
                return out
            run_impl(WORKLOAD, case, "numba prange", threads, nb, r, total)


if __name__ == "__main__":
    main()
