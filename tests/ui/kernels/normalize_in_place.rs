// Whole-array read of the array being written: the sum is recomputed in the body.
use parfor::prelude::*;

#[parallel]
fn kernel(x: &mut Vec<f64>) {
    for i in prange(x.len()) {
        let total: f64 = x.iter().sum();
        x[i] /= total;
    }
}

fn main() {}
