// Anti dependence through a clamped neighbour index `(i + 1).min(n - 1)`.
use parfor::prelude::*;

#[parallel]
fn kernel(a: &mut [f64]) {
    let n = a.len();
    for i in prange(n) {
        a[i] = 0.5 * (a[i] + a[(i + 1).min(n - 1)]);
    }
}

fn main() {}
