// Missing reduction on an array element: inner parallel loop accumulates into y[i] (DRB062 variant).
use parfor::prelude::*;

#[parallel]
fn kernel(a: &Array2<f64>, x: &[f64], y: &mut [f64]) {
    let (n, m) = a.dim();
    for i in 0..n {
        y[i] = 0.0;
        for j in prange(m) {
            y[i] += a[[i, j]] * x[j];
        }
    }
}

fn main() {}
