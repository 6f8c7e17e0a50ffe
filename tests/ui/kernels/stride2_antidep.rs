// Anti dependence across a stride-2 loop: a[2k] reads a[2k + 2], which the next iteration writes.
use parfor::prelude::*;

#[parallel]
fn kernel(a: &mut [f64]) {
    let n = a.len();
    for k in prange(n / 2 - 1) {
        a[2 * k] = a[2 * k + 2] * 0.5;
    }
}

fn main() {}
