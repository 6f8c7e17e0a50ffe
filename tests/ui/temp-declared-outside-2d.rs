// A temporary declared before the loop and assigned in every iteration of a 2-D loop (missing privatisation).
use parfor::prelude::*;

#[parallel]
fn row_max(a: &Array2<f64>, out: &mut [f64]) {
    let mut best;
    for i in prange(a.nrows()) {
        best = f64::NEG_INFINITY;
        for j in 0..a.ncols() {
            best = best.max(a[[i, j]]);
        }
        out[i] = best;
    }
}

fn main() {}
