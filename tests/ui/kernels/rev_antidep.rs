// Anti dependence in a reversed parallel range: iteration order does not remove it.
use parfor::prelude::*;

#[parallel]
fn kernel(a: &mut [f64]) {
    let n = a.len();
    for i in prange((0..n - 1).rev()) {
        a[i] = a[i + 1] * 2.0;
    }
}

fn main() {}
