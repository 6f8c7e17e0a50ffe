// Missing privatisation: the dot-product accumulator is declared outside the parallel loop (C89 matrix multiply).
use parfor::prelude::*;

#[parallel]
fn kernel(a: &Array2<f64>, b: &Array2<f64>, c: &mut Array2<f64>) {
    let (n, p) = a.dim();
    let m = b.ncols();
    let mut acc;
    for i in prange(n) {
        for j in 0..m {
            acc = 0.0;
            for k in 0..p {
                acc += a[[i, k]] * b[[k, j]];
            }
            c[[i, j]] = acc;
        }
    }
}

fn main() {}
