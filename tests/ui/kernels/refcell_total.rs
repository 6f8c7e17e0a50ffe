// A shared accumulator behind a `RefCell` (interior mutability without a lock).
use parfor::prelude::*;

use std::cell::RefCell;

#[parallel]
fn kernel(x: &[f64]) -> f64 {
    let total = RefCell::new(0.0);
    for i in prange(x.len()) {
        *total.borrow_mut() += x[i];
    }
    total.into_inner()
}

fn main() {}
