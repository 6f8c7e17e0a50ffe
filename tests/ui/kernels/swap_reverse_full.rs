// Every pair (i, n - 1 - i) is swapped by two iterations: in-place reverse over the whole range.
use parfor::prelude::*;

#[parallel]
fn kernel(x: &mut [f64]) {
    let n = x.len();
    for i in prange(n) {
        x.swap(i, n - 1 - i);
    }
}

fn main() {}
