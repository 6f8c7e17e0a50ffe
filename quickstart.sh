#!/usr/bin/env bash
# The README's quick start: installs what parfor needs from the system when missing
# (Debian/Ubuntu: libopenblas-dev and pkg-config; gcc's OpenMP for the C baselines),
# then runs the tour or the tests.
#
#   ./quickstart.sh compare [--quick]  # the main job: every seed workload, Rust variants
#                                      # and the Python originals side by side
#   ./quickstart.sh tour [--quick]     # a short tour: three loops, sequential vs #[parallel]
#   ./quickstart.sh test               # the test suite
set -euo pipefail
cd "$(dirname "$0")"

missing=()
pkg-config --exists openblas 2>/dev/null || missing+=(libopenblas-dev)
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
command -v cc >/dev/null 2>&1 || missing+=(gcc)
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
    *) echo "usage: $0 compare [--quick] | tour [--quick] | test" >&2; exit 2 ;;
esac
