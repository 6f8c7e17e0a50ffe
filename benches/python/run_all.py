#!/usr/bin/env python3
"""Run the Python side of every workload of benches/WORKLOADS.md.

    python3 benches/python/run_all.py [--quick] [--json] [--only WORKLOAD[,WORKLOAD...]]
        [--weights NAME=SECONDS,...] [--elapsed SECONDS]

Each workload script runs in its own subprocess (so BLAS thread settings and Numba's thread
pool do not leak from one to the next). With --json, stdout carries exactly the scripts'
JSON lines (one result per line, WORKLOADS.md format); without it, a table at the end.
Progress and skip messages go to stderr: before each workload a line
`[python 3/9] fft2 — elapsed 7m12s, about 3m left` (compare passes the expected seconds of
each workload with --weights and its own running time with --elapsed). A missing package skips the implementations that
need it; without NumPy nothing runs and the message says how to install it (exit status 0).
"""

import argparse
import glob
import json
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def workloads():
    """The scripts here that time a workload (`WORKLOAD = "name"`, in `name.py`), by name.

    No list of names is kept here: the Rust registry (`parfor_benches::workloads::ALL`) is
    the one list, and `compare` passes its names, in its order, with --only."""
    names = []
    for path in sorted(glob.glob(os.path.join(HERE, "*.py"))):
        name = os.path.splitext(os.path.basename(path))[0]
        with open(path, encoding="utf-8") as f:
            if re.search(rf'^WORKLOAD = "{name}"$', f.read(), re.M):
                names.append(name)
    return names


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def versions():
    out = []
    for name in ("numpy", "scipy", "numba", "threadpoolctl"):
        try:
            mod = __import__(name)
            out.append(f"{name} {mod.__version__}")
        except ImportError:
            out.append(f"{name} missing")
    return ", ".join(out)


def clock(seconds):
    """42s, 1m12s, 1h03m: compare's format (benches/src/bin/compare/progress.rs)."""
    s = max(0, round(seconds))
    if s < 60:
        return f"{s}s"
    if s < 3600:
        return f"{s // 60}m{s % 60:02d}s"
    return f"{s // 3600}h{s % 3600 // 60:02d}m"


def about(seconds):
    """An estimate: tens of seconds under two minutes, whole minutes above."""
    if seconds < 120:
        return f"{max(1, round(seconds / 10)) * 10}s"
    return clock(round(seconds / 60) * 60).replace("m00s", "m")


def progress_line(k, chosen, weights, elapsed_before, phase_elapsed, done_weight):
    """The line before workload k (from 0): what is left is the remaining weights times the
    pace so far (phase seconds per weight done); before any is done, the weights as given
    (seconds), or no estimate without --weights."""
    line = (f"[python {k + 1}/{len(chosen)}] {chosen[k]} — "
            f"elapsed {clock(elapsed_before + phase_elapsed)}")
    rest = sum(weights.get(w, 1.0) for w in chosen[k:])
    if done_weight > 0 and phase_elapsed > 0:
        line += f", about {about(rest * phase_elapsed / done_weight)} left"
    elif weights:
        line += f", about {about(rest)} left"
    return line


def parse_weights(text):
    weights = {}
    for item in (text or "").split(","):
        name, _, seconds = item.partition("=")
        try:
            weights[name.strip()] = float(seconds)
        except ValueError:
            if item.strip():
                raise SystemExit(f"--weights: {item!r} is not NAME=SECONDS")
    return weights


def table(records):
    lines = [f"{'workload':<15} {'case':<26} {'impl':<40} {'thr':>3} {'seconds':>12} {'rounds':>6}  checksum"]
    for r in records:
        lines.append(f"{r['workload']:<15} {r['case']:<26} {r['impl']:<40} {r['threads']:>3} "
                     f"{r['seconds']:>12.6g} {r['rounds']:>6}  {r['checksum']}")
    return "\n".join(lines)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="the quick sizes of WORKLOADS.md")
    p.add_argument("--json", action="store_true", help="JSON lines on stdout (else a table)")
    known = workloads()
    p.add_argument("--only", help="comma-separated workloads: " + ", ".join(known))
    p.add_argument("--rounds", type=int, help="timed rounds per case, passed to every script")
    p.add_argument("--weights", help="NAME=SECONDS,...: expected seconds per workload, for the "
                   "estimate in the progress lines (default: equal weights)")
    p.add_argument("--elapsed", type=float, default=0.0,
                   help="seconds already spent before this run, added to the elapsed time shown")
    args = p.parse_args()
    weights = parse_weights(args.weights)

    try:
        import numpy  # noqa: F401
    except ImportError:
        log("The Python references need NumPy (and SciPy, Numba, threadpoolctl for all of them):\n"
            f"    python3 -m pip install -r {os.path.join(HERE, 'requirements.txt')}")
        return 0

    chosen = known
    if args.only:
        chosen = [w.strip() for w in args.only.split(",") if w.strip()]
        unknown = [w for w in chosen if w not in known]
        if unknown:
            log(f"unknown workload(s) {unknown}; choose from {known}")
            return 2

    log(f"python {sys.version.split()[0]}, {versions()}, {os.cpu_count()} CPUs"
        f"{', quick sizes' if args.quick else ''}; load average {os.getloadavg()[0]:.2f}")
    records, failed = [], []
    start_all = time.perf_counter()
    done_weight = 0.0
    for k, w in enumerate(chosen):
        cmd = [sys.executable, os.path.join(HERE, f"{w}.py")]
        if args.quick:
            cmd.append("--quick")
        if args.rounds:
            cmd += ["--rounds", str(args.rounds)]
        log(progress_line(k, chosen, weights, args.elapsed, time.perf_counter() - start_all,
                          done_weight))
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, cwd=HERE)
        for line in proc.stdout:
            line = line.strip()
            if not line:
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError:
                log(f"  [{w}] {line}")
                continue
            records.append(rec)
            if args.json:
                print(json.dumps(rec), flush=True)
        rc = proc.wait()
        if rc != 0:
            failed.append(w)
            log(f"[{w}] exited with status {rc}")
        log(f"[{w}] done in {time.perf_counter() - t0:.1f} s")
        done_weight += weights.get(w, 1.0)
    log(f"all done in {time.perf_counter() - start_all:.1f} s; load average {os.getloadavg()[0]:.2f}"
        + (f"; failed: {failed}" if failed else ""))
    if not args.json:
        print(table(records))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
