// Output dependence in 2-D: rows 2k and 2k + 1 both write row k of `out` (`out[[i / 2, j]]`).
use parfor::prelude::*;

#[parallel]
fn downsample_rows(a: &Array2<f64>, out: &mut Array2<f64>) {
    for i in prange(a.nrows()) {
        for j in 0..a.ncols() {
            out[[i / 2, j]] = a[[i, j]];
        }
    }
}

fn main() {}
