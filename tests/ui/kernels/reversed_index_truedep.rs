// True dependence with a negative stride: a[n - 1 - i] reads a[n - 2 - i], written by iteration i + 1.
use parfor::prelude::*;

#[parallel]
fn kernel(a: &mut [f64]) {
    let n = a.len();
    for i in prange(n - 1) {
        a[n - 1 - i] = a[n - 2 - i] + 1.0;
    }
}

fn main() {}
