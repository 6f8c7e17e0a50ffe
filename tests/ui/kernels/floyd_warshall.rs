// Row k is read by every iteration and written by iteration i = k (PolyBench floyd-warshall, parallel over i).
use parfor::prelude::*;

#[parallel]
fn kernel(path: &mut Array2<f64>) {
    let n = path.nrows();
    for k in 0..n {
        for i in prange(n) {
            for j in 0..n {
                path[[i, j]] = path[[i, j]].min(path[[i, k]] + path[[k, j]]);
            }
        }
    }
}

fn main() {}
