// True dependence on the first axis of a 2-D array, the row read computed in a local: `let r = i - 1;`.
use parfor::prelude::*;

#[parallel]
fn accumulate_rows(a: &mut Array2<f64>) {
    let m = a.ncols();
    for i in prange(1..a.nrows()) {
        let r = i - 1;
        for j in 0..m {
            a[[i, j]] += a[[r, j]];
        }
    }
}

fn main() {}
