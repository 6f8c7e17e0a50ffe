// True dependence hidden by shadowing the loop variable: `let i = i + 1;` then a[i] reads a[i - 1].
use parfor::prelude::*;

#[parallel]
fn kernel(a: &mut [f64]) {
    let n = a.len();
    for i in prange(n - 1) {
        let i = i + 1;
        a[i] = a[i - 1] * 2.0;
    }
}

fn main() {}
