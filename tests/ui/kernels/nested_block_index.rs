// True dependence with the index computed in a nested block under `if`.
use parfor::prelude::*;

#[parallel]
fn kernel(a: &mut [f64]) {
    let n = a.len();
    for i in prange(n) {
        {
            let k = i + 1;
            if k < n {
                a[k] += a[i];
            }
        }
    }
}

fn main() {}
