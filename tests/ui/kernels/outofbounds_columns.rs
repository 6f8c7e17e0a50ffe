// True dependence along the parallel column loop: column j reads column j - 1 (DRB014-outofbounds-orig-yes).
use parfor::prelude::*;

#[parallel]
fn kernel(b: &mut Array2<f64>) {
    let (n, m) = b.dim();
    for j in prange(1..m) {
        for i in 0..n {
            b[[i, j]] = b[[i, j - 1]];
        }
    }
}

fn main() {}
