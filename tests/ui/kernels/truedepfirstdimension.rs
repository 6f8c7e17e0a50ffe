// True dependence on the first dimension: row i reads row i - 1 (DRB031-truedepfirstdimension-orig-yes).
use parfor::prelude::*;

#[parallel]
fn kernel(b: &mut Array2<f64>) {
    let (n, m) = b.dim();
    for i in prange(1..n) {
        for j in 1..m {
            b[[i, j]] = b[[i - 1, j - 1]];
        }
    }
}

fn main() {}
