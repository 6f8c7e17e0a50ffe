// In-place reverse over the whole range: x[i] reads x[n - 1 - i], which another iteration writes.
use parfor::prelude::*;

#[parallel]
fn kernel(x: &mut [f64]) {
    let n = x.len();
    for i in prange(n) {
        x[i] = x[n - 1 - i];
    }
}

fn main() {}
