// Forward substitution: x[i] reads x[j] for j < i (PolyBench trisolv, parallel over i).
use parfor::prelude::*;

#[parallel]
fn kernel(l: &Array2<f64>, b: &[f64], x: &mut [f64]) {
    let n = b.len();
    for i in prange(n) {
        x[i] = b[i];
        for j in 0..i {
            x[i] -= l[[i, j]] * x[j];
        }
        x[i] /= l[[i, i]];
    }
}

fn main() {}
