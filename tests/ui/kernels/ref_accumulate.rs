// Accumulation into one element through a `&mut` reference taken in the body.
use parfor::prelude::*;

#[parallel]
fn kernel(x: &[f64], out: &mut [f64]) {
    for i in prange(x.len()) {
        let acc = &mut out[0];
        *acc += x[i];
    }
}

fn main() {}
