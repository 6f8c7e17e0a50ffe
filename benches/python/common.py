"""Shared helpers of the Python side of the workload benchmarks (benches/WORKLOADS.md).

- `uniform(n, seed)`, `uniform_ints(n, seed, lo, hi)`: the counter-based generator of
  WORKLOADS.md, vectorised with NumPy uint64 arithmetic (wrapping mod 2^64), so Rust and
  Python see bit-identical data.
- `measure(f, rounds)`: one untimed warm-up call, then the median of `rounds` timed samples.
- `emit(...)`: one JSON line per result on stdout, in the WORKLOADS.md format.
- BLAS thread control: `threadpoolctl` when importable; otherwise the script re-runs itself
  in a subprocess with `--blas-env N`, which sets the BLAS environment variables here,
  before NumPy is imported (so every script must import `common` before `numpy`).
- `parse_args()`: `--quick` and the script's own options.

Progress and skip messages go to stderr; stdout carries only JSON lines.
"""

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import time

# --- BLAS threads through the environment (fallback without threadpoolctl) -------------
# Must run before NumPy is imported, hence at the top of this module.
BLAS_ENV_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS",
                 "BLIS_NUM_THREADS", "VECLIB_MAXIMUM_THREADS")
ENV_BLAS_THREADS = None
if "--blas-env" in sys.argv:
    _i = sys.argv.index("--blas-env")
    ENV_BLAS_THREADS = int(sys.argv[_i + 1])
    del sys.argv[_i:_i + 2]
    for _var in BLAS_ENV_VARS:
        os.environ[_var] = str(ENV_BLAS_THREADS)

try:
    import numpy as np
except ImportError:  # pragma: no cover - reported, never a crash
    sys.stderr.write("numpy is not installed: pip install -r benches/python/requirements.txt\n")
    sys.exit(0)

try:
    if os.environ.get("PARFOR_BENCH_NO_THREADPOOLCTL"):  # to test the environment fallback
        raise ImportError
    from threadpoolctl import threadpool_limits, threadpool_info
except ImportError:
    threadpool_limits = None
    threadpool_info = None

NCPU = os.cpu_count() or 1

# --- the generator --------------------------------------------------------------------
M64 = (1 << 64) - 1
G_SEED = 0x9E3779B97F4A7C15
G_INDEX = 0xD1B54A32D192ED03
G_ADD = 0x632BE59BD9B4E019
G_MUL1 = 0xBF58476D1CE4E5B9
G_MUL2 = 0x94D049BB133111EB
_CHUNK = 1 << 22


def _mix(k, seed):
    """x for the uint64 indices `k` (wrapping arithmetic), per WORKLOADS.md."""
    base = np.uint64((seed * G_SEED + G_ADD) & M64)
    with np.errstate(over="ignore"):
        x = k * np.uint64(G_INDEX)
        x += base
        x ^= x >> np.uint64(30)
        x *= np.uint64(G_MUL1)
        x ^= x >> np.uint64(27)
        x *= np.uint64(G_MUL2)
        x ^= x >> np.uint64(31)
    return x


def uniform(n, seed):
    """n f64 in [0, 1): element k is (mix(seed, k) >> 11) * 2^-53."""
    out = np.empty(n, dtype=np.float64)
    for start in range(0, n, _CHUNK):
        stop = min(n, start + _CHUNK)
        k = np.arange(start, stop, dtype=np.uint64)
        x = _mix(k, seed)
        x >>= np.uint64(11)
        np.multiply(x, 2.0 ** -53, out=out[start:stop], casting="unsafe")
    return out


def uniform_ints(n, seed, lo, hi):
    """n int64 in [lo, hi): lo + floor(uniform * (hi - lo))."""
    u = uniform(n, seed)
    return lo + np.floor(u * (hi - lo)).astype(np.int64)


def uniform_reference(n, seed):
    """The formula in plain Python integers (for the self-check)."""
    out = []
    for k in range(n):
        x = (seed * G_SEED + k * G_INDEX + G_ADD) & M64
        x ^= x >> 30
        x = (x * G_MUL1) & M64
        x ^= x >> 27
        x = (x * G_MUL2) & M64
        x ^= x >> 31
        out.append((x >> 11) * 2.0 ** -53)
    return out


# --- timing and output ---------------------------------------------------------------
def log(*args):
    print(*args, file=sys.stderr, flush=True)


def measure(f, rounds, reps=None, warmup=None):
    """Median seconds per call of `f` over `rounds` samples, after one untimed warm-up
    (`warmup` if given, e.g. the same call on a smaller input for slow pure-Python or
    Pool variants, else `f` itself). Each sample runs `f` `reps` times (for calls too short
    to time one by one; None: chosen from one timed call). Returns (seconds, result of the last call)."""
    result = (warmup or f)()
    if reps is None:  # as many calls per sample as make it at least 20 ms
        t0 = time.perf_counter()
        result = f()
        once = time.perf_counter() - t0
        reps = 1 if once >= 0.02 else min(100_000, int(0.02 / max(once, 1e-7)) + 1)
    samples = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        for _ in range(reps):
            result = f()
        samples.append((time.perf_counter() - t0) / reps)
    return statistics.median(samples), result


def reps_for(f, min_sample=0.05, max_reps=1_000_000):
    """How many calls of `f` make a sample of at least `min_sample` seconds."""
    f()
    reps, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < min_sample and reps < max_reps:
        f()
        reps += 1
    return max(reps, 1)


def _jsonable(x):
    if isinstance(x, (np.integer, int)):
        return int(x)
    return float(x)


def emit(workload, case, impl, threads, seconds, checksum, rounds, **extra):
    rec = {"workload": workload, "case": case, "impl": impl, "lang": "python",
           "threads": int(threads), "seconds": float(seconds),
           "checksum": _jsonable(checksum), "rounds": int(rounds)}
    rec.update(extra)
    print(json.dumps(rec), flush=True)
    log(f"  {workload:<15} {case:<26} {impl:<44} {seconds:>11.6f} s  checksum {checksum}")


def run_impl(workload, case, impl, threads, f, rounds, checksum_of, reps=None, warmup=None, **extra):
    """measure + emit; an exception in one implementation is reported, not fatal."""
    try:
        seconds, result = measure(f, rounds, reps=reps, warmup=warmup)
    except Exception as e:  # noqa: BLE001 - any failure: report and go on
        log(f"  {workload} {case} {impl}: FAILED: {type(e).__name__}: {e}")
        return None
    emit(workload, case, impl, threads, seconds, checksum_of(result), rounds, **extra)
    return seconds


def skip(workload, impl, why):
    log(f"  {workload}: skipping {impl!r}: {why}")


# --- optional packages ---------------------------------------------------------------
def try_import(name, workload, impl):
    try:
        return __import__(name, fromlist=["_"])
    except ImportError:
        skip(workload, impl, f"{name} is not installed (pip install {name.split('.')[0]})")
        return None


def numba_threads():
    """Numba's thread count; settles its threads first (see numba_settle)."""
    import numba
    numba_settle()
    return numba.get_num_threads()


_settled = False


def numba_settle(max_seconds=8.0):
    """Enter a trivial prange loop until entering one is cheap. Seen on this machine: for
    the first ~2 s after a process's first parallel region, every region entry costs ~15 ms
    (thread wake-ups), then ~1-2 us. Call before timing Numba code, once per process."""
    global _settled
    if _settled:
        return
    _settled = True
    import numba

    @numba.njit(parallel=True)
    def tiny(a):
        for i in numba.prange(a.size):
            a[i] += 1.0

    a = np.zeros(64)
    tiny(a)
    start = time.perf_counter()
    while time.perf_counter() - start < max_seconds:
        t0 = time.perf_counter()
        for _ in range(20):
            tiny(a)
        if (time.perf_counter() - t0) / 20 < 1e-4:
            break
    log(f"  (numba: threading layer {numba.threading_layer()}, {numba.get_num_threads()} threads, "
        f"settled after {time.perf_counter() - start:.2f} s)")


# --- BLAS threads --------------------------------------------------------------------
def blas_info():
    if threadpool_info is None:
        return "threadpoolctl not installed"
    return ", ".join(f"{i['internal_api']} {i.get('version')} ({i['num_threads']} threads)"
                     for i in threadpool_info() if i["user_api"] == "blas")


def blas_default_threads():
    """BLAS threads this process runs with when nothing limits them."""
    if threadpool_info is not None:
        counts = [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"]
        if counts:
            return max(counts)
    for var in BLAS_ENV_VARS:
        if os.environ.get(var, "").isdigit():
            return int(os.environ[var])
    return NCPU


@contextlib.contextmanager
def blas_threads(n):
    """BLAS limited to `n` threads within the block (threadpoolctl), or checked against the
    environment this process was started with (fallback)."""
    if threadpool_limits is not None:
        with threadpool_limits(limits=n, user_api="blas"):
            yield
    elif ENV_BLAS_THREADS == n:
        yield
    else:
        raise RuntimeError(f"cannot set BLAS to {n} threads in this process")


def for_each_blas(counts, body):
    """Call body(n) with BLAS at n threads, for n in `counts`. With threadpoolctl: in this
    process. Without: in a child process per n (`--blas-env n`, set before NumPy loads),
    whose JSON lines are forwarded; a child calls body only for its own n."""
    if threadpool_limits is not None:
        for n in counts:
            with blas_threads(n):
                body(n)
    elif ENV_BLAS_THREADS is not None:
        if ENV_BLAS_THREADS in counts:
            body(ENV_BLAS_THREADS)
    else:
        log("  (threadpoolctl not installed: BLAS threads set through the environment, "
            "one subprocess per setting)")
        for n in counts:
            cmd = [sys.executable, sys.argv[0], "--blas-env", str(n)] + sys.argv[1:]
            subprocess.run(cmd, check=False)


# --- arguments -----------------------------------------------------------------------
def parse_args(description, extra=None):
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--quick", action="store_true", help="the quick sizes of WORKLOADS.md")
    p.add_argument("--rounds", type=int, default=None, help="timed rounds per case (default: 5, quick 3)")
    if extra:
        extra(p)
    args = p.parse_args()
    if args.rounds is None:
        args.rounds = 3 if args.quick else 5
    return args


def split(container, count):
    """The seeds' split (001, 5.4.1): element i goes to part i % count."""
    container = tuple(container)
    return [container[i::count] for i in range(count)]


if __name__ == "__main__":
    # Self-check of the generator against the formula in plain integers.
    fast, ref = uniform(5, 1), uniform_reference(5, 1)
    for k, (a, b) in enumerate(zip(fast, ref)):
        print(f"uniform(5, 1)[{k}] = {float(a)!r}  (reference {b!r})")
    assert list(fast) == ref, "vectorised generator disagrees with the formula"
    big = uniform(1000, 123)
    assert list(big) == uniform_reference(1000, 123)
    print("uniform_ints(10, 100, -5, 5) =", uniform_ints(10, 100, -5, 5).tolist())
    print("generator OK;", blas_info())
