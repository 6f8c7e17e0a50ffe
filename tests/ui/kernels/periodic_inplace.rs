// Anti and true dependence through periodic (modulo) neighbour reads of the array being updated in place.
use parfor::prelude::*;

#[parallel]
fn kernel(a: &mut [f64]) {
    let n = a.len();
    for i in prange(n) {
        a[i] = 0.5 * (a[(i + n - 1) % n] + a[(i + 1) % n]);
    }
}

fn main() {}
