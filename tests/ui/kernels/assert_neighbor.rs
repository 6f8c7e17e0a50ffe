// Anti dependence inside a macro argument: `assert!` reads the neighbour another iteration writes.
use parfor::prelude::*;

#[parallel]
fn kernel(a: &mut [f64]) {
    let n = a.len();
    for i in prange(n - 1) {
        a[i] = a[i].abs();
        assert!(a[i + 1] >= 0.0);
    }
}

fn main() {}
