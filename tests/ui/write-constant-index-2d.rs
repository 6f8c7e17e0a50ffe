// Output dependence in 2-D: every iteration writes row 0 of `out` in an inner loop.
use parfor::prelude::*;

#[parallel]
fn last_row(a: &Array2<f64>, out: &mut Array2<f64>) {
    for i in prange(a.nrows()) {
        for j in 0..a.ncols() {
            out[[0, j]] = a[[i, j]];
        }
    }
}

fn main() {}
