// Anti dependence on the first dimension of a 2-D array (DRB003-antidep2-orig-yes).
use parfor::prelude::*;

#[parallel]
fn kernel(a: &mut Array2<f64>) {
    let (n, m) = a.dim();
    for i in prange(n - 1) {
        for j in 0..m {
            a[[i, j]] = a[[i + 1, j]] + 1.0;
        }
    }
}

fn main() {}
