#!/usr/bin/env bash
# The README's quick start: installs what parfor needs from the system when missing
# (Debian/Ubuntu: libopenblas-dev and pkg-config; gcc's OpenMP for the C baselines;
# python3-venv when compare must make its own Python environment), then runs the
# comparison, the tour or the tests. It does not need Python itself.
#
#   ./quickstart.sh compare [--quick] [--no-python]
#       the main job (about 20 minutes with Python; --quick: small sizes): every seed workload, Rust
#       variants and the Python originals side by side, progress on stderr. The Python
#       side runs with PARFOR_PYTHON=/path/to/python when set, else python3 when it has
#       NumPy, SciPy and Numba, else a venv target/parfor-venv that compare creates once
#       with benches/python/requirements.txt (pinned); --no-python runs the Rust side only.
#       Other options: --only dets,fft2, --out DIR, --default-malloc (see --help).
#   ./quickstart.sh tour [--quick]     # a short tour: three loops, sequential vs #[parallel]
#   ./quickstart.sh test               # the test suite
set -euo pipefail
cd "$(dirname "$0")"

missing=()
pkg-config --exists openblas 2>/dev/null || missing+=(libopenblas-dev)
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
command -v cc >/dev/null 2>&1 || missing+=(gcc)
# compare makes its venv with `python3 -m venv`, which Debian ships apart (ensurepip).
if [ "${1:-}" = compare ] && [[ " $* " != *" --no-python "* ]] && [ -z "${PARFOR_PYTHON:-}" ] \
    && command -v python3 >/dev/null 2>&1 && [ ! -x "${CARGO_TARGET_DIR:-target}/parfor-venv/bin/python" ] \
    && ! python3 -c 'import numpy, scipy, numba' >/dev/null 2>&1 \
    && ! python3 -c 'import ensurepip' >/dev/null 2>&1; then
    missing+=(python3-venv)
fi
if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "quickstart: installing ${missing[*]}" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
command -v cargo >/dev/null 2>&1 || {
    echo "quickstart: cargo not found; install Rust 1.95 or newer from https://rustup.rs" >&2
    exit 1
}

case "${1:-}" in
    compare) shift; exec cargo run --release -p parfor-benches --bin compare -- "$@" ;;
    tour) shift; exec cargo run --release --example tour -- "$@" ;;
    test) shift; exec cargo test --workspace "$@" ;;
    *) echo "usage: $0 compare [--quick] [--no-python] | tour [--quick] | test" >&2; exit 2 ;;
esac
