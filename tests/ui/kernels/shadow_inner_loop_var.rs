// Output dependence: an inner loop reuses the name `i`, so every outer iteration writes every element.
use parfor::prelude::*;

#[parallel]
fn kernel(a: &mut [f64], x: &[f64]) {
    let n = a.len();
    for i in prange(n) {
        for i in 0..n {
            a[i] = x[i] * 2.0;
        }
    }
}

fn main() {}
