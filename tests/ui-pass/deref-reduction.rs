//! `*acc += x[i]` through a `&mut f64` parameter is a reduction: each chunk sums into a
//! private accumulator, and the total is added to `*acc` after the loop.
use parfor::prelude::*;

#[parallel]
fn accumulate(x: &[f64], acc: &mut f64) {
    for i in prange(x.len()) {
        *acc += x[i];
    }
}

fn main() {
    let x: Vec<f64> = (0..10_000).map(f64::from).collect();
    let mut acc = 0.5;
    accumulate(&x, &mut acc);
    assert_eq!(acc, 0.5 + 49_995_000.0);
}
