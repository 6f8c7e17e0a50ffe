// A mirrored swap one iteration too far: over `prange(n / 2 + 1)` with `n` even, the
// last iteration swaps the two middle elements back, which the one before also swaps.
use parfor::prelude::*;

#[parallel]
fn reverse(x: &mut Vec<i64>) {
    let n = x.len();
    for i in prange(n / 2 + 1) {
        x.swap(i, n - 1 - i);
    }
}

fn main() {}
