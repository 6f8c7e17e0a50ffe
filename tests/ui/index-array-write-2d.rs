// Output dependence in 2-D through an index array: rows `idx[i]` may repeat (ndarray scatter of rows).
use parfor::prelude::*;

#[parallel]
fn scatter_rows(idx: &[usize], a: &Array2<f64>, out: &mut Array2<f64>) {
    for i in prange(idx.len()) {
        for j in 0..a.ncols() {
            out[[idx[i], j]] = a[[i, j]];
        }
    }
}

fn main() {}
