// True dependence along the parallel inner loop over the second dimension (DRB037-truedepseconddimension-orig-yes).
use parfor::prelude::*;

#[parallel]
fn kernel(b: &mut Array2<f64>) {
    let (n, m) = b.dim();
    for i in 0..n {
        for j in prange(1..m) {
            b[[i, j]] = b[[i, j - 1]];
        }
    }
}

fn main() {}
