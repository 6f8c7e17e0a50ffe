// True dependence through indices bound by a tuple pattern: `let (lo, hi) = (i, i + 1);`.
use parfor::prelude::*;

#[parallel]
fn kernel(a: &mut [f64]) {
    let n = a.len();
    for i in prange(n - 1) {
        let (lo, hi) = (i, i + 1);
        a[hi] = a[lo] + 1.0;
    }
}

fn main() {}
