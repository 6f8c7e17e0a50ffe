// In-place Gauss-Seidel sweep: row i reads rows i - 1 and i + 1 of the array it updates (PolyBench seidel-2d).
use parfor::prelude::*;

#[parallel]
fn kernel(a: &mut Array2<f64>) {
    let n = a.nrows();
    for i in prange(1..n - 1) {
        for j in 1..n - 1 {
            a[[i, j]] = (a[[i - 1, j - 1]]
                + a[[i - 1, j]]
                + a[[i - 1, j + 1]]
                + a[[i, j - 1]]
                + a[[i, j]]
                + a[[i, j + 1]]
                + a[[i + 1, j - 1]]
                + a[[i + 1, j]]
                + a[[i + 1, j + 1]])
                / 9.0;
        }
    }
}

fn main() {}
