// True dependence with the index computed in a local: j = i + 1.
use parfor::prelude::*;

#[parallel]
fn kernel(a: &mut [f64]) {
    let n = a.len();
    for i in prange(n - 1) {
        let j = i + 1;
        a[j] = a[i] * 0.5;
    }
}

fn main() {}
