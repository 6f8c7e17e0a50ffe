// Maximum kept with `if` and plain assignment: a shared scalar written outside a recognised reduction (DRB-style reductionmissing).
use parfor::prelude::*;

#[parallel]
fn kernel(x: &[f64]) -> f64 {
    let mut m = f64::NEG_INFINITY;
    for i in prange(x.len()) {
        if x[i] > m {
            m = x[i];
        }
    }
    m
}

fn main() {}
