// True dependence through a private index that starts at i and is then incremented (`let mut j = i; j += 1`).
use parfor::prelude::*;

#[parallel]
fn kernel(a: &mut [f64]) {
    let n = a.len();
    for i in prange(n - 1) {
        let mut j = i;
        j += 1;
        a[j] = a[i] * 0.5;
    }
}

fn main() {}
