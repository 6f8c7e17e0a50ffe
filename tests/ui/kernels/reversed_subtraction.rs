// Not a reduction: `s = x[i] - s` alternates signs and depends on iteration order.
use parfor::prelude::*;

#[parallel]
fn kernel(x: &[f64]) -> f64 {
    let mut s = 0.0;
    for i in prange(x.len()) {
        s = x[i] - s;
    }
    s
}

fn main() {}
