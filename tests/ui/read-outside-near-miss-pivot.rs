// Elimination whose loop starts at the pivot row itself: iteration `k` writes row `k`,
// which every other iteration reads.
use parfor::prelude::*;

#[parallel]
fn eliminate(a: &mut Array2<f64>, k: usize) {
    let n = a.nrows();
    for i in prange(k..n) {
        let f = a[[i, k]] / a[[k, k]];
        for j in k + 1..n {
            a[[i, j]] -= f * a[[k, j]];
        }
    }
}

fn main() {}
