// Not a reduction: the accumulator also appears in the added term (`s = s + s * x[i]`, compound growth).
use parfor::prelude::*;

#[parallel]
fn kernel(x: &[f64]) -> f64 {
    let mut s = 1.0;
    for i in prange(x.len()) {
        s = s + s * x[i];
    }
    s
}

fn main() {}
