// Reading the last element of what the loop writes: `x[n - 1]` is written by the last
// iteration of `prange(n)`.
use parfor::prelude::*;

#[parallel]
fn scale_by_last(x: &mut [f64]) {
    let n = x.len();
    for i in prange(n) {
        x[i] /= x[n - 1];
    }
}

fn main() {}
