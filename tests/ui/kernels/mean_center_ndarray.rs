// Whole-array read through an ndarray method (`mean`) of the array being written.
use parfor::prelude::*;

#[parallel]
fn kernel(x: &mut Array1<f64>) {
    for i in prange(x.len()) {
        x[i] = x[i] - x.mean().unwrap();
    }
}

fn main() {}
