// Anti dependence inside an inner loop over the second axis: row i reads row i + 1 element by element.
use parfor::prelude::*;

#[parallel]
fn shift(a: &mut Array2<f64>) {
    let (n, m) = a.dim();
    for i in prange(n - 1) {
        for j in 0..m {
            let up = a[[i + 1, j]];
            a[[i, j]] = up;
        }
    }
}

fn main() {}
