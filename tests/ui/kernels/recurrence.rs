// First-order linear recurrence on a scalar, not a reduction (exponential smoothing).
use parfor::prelude::*;

#[parallel]
fn kernel(x: &[f64], alpha: f64) -> f64 {
    let mut s = 0.0;
    for i in prange(x.len()) {
        s = alpha * s + (1.0 - alpha) * x[i];
    }
    s
}

fn main() {}
