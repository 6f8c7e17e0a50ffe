// The lower triangle one column too far: iteration `i` writes `a[[i, i + 1]]`, which
// iteration `i + 1` reads as `a[[j, i + 1]]`.
use parfor::prelude::*;

#[parallel]
fn symmetrize(a: &mut Array2<f64>) {
    let n = a.nrows();
    for i in prange(n - 1) {
        for j in 0..i + 2 {
            a[[i, j]] = a[[j, i]];
        }
    }
}

fn main() {}
