// A row-by-row sweep that also reads its left neighbour in the row being written:
// iteration `j` reads what iteration `j - 1` writes (a loop-carried dependence).
use parfor::prelude::*;

#[parallel]
fn sweep(b: &mut Array2<f64>) {
    let (n, m) = b.dim();
    for i in 1..n {
        for j in prange(1..m) {
            b[[i, j]] = 0.5 * (b[[i - 1, j]] + b[[i, j - 1]]);
        }
    }
}

fn main() {}
