// True dependence hidden behind a re-borrow: `let b = &mut *a;` then b[i] reads b[i - 1].
use parfor::prelude::*;

#[parallel]
fn kernel(a: &mut [f64]) {
    let n = a.len();
    let b = &mut *a;
    for i in prange(1..n) {
        b[i] += b[i - 1];
    }
}

fn main() {}
