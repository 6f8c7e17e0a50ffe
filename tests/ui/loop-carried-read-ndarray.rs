// True dependence through an ndarray `Array1`: a[i] reads a[i - 1], written by the previous iteration.
use parfor::prelude::*;

#[parallel]
fn decay(a: &mut Array1<f64>) {
    for i in prange(1..a.len()) {
        a[i] = a[i - 1] * 0.5;
    }
}

fn main() {}
