// Scalar carried across iterations: prev holds the previous element (first differences).
use parfor::prelude::*;

#[parallel]
fn kernel(x: &[f64], out: &mut [f64]) {
    let mut prev = 0.0;
    for i in prange(x.len()) {
        out[i] = x[i] - prev;
        prev = x[i];
    }
}

fn main() {}
