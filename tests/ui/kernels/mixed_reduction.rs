// A scalar updated with two different operators (`+=` then `*=`): not a reduction.
use parfor::prelude::*;

#[parallel]
fn kernel(x: &[f64]) -> f64 {
    let mut s = 0.0;
    for i in prange(x.len()) {
        s += x[i];
        s *= 0.5;
    }
    s
}

fn main() {}
