// Row `i` right of the diagonal (owned by the lesser index) with column `i` above it
// (owned by the greater): element `[j, i]` with `j < i` is row `j` of iteration `j` too.
use parfor::prelude::*;

#[parallel]
fn fill(a: &mut Array2<f64>) {
    let n = a.nrows();
    for i in prange(n) {
        for j in i..n {
            a[[i, j]] = 1.0;
        }
        for j in 0..i {
            a[[j, i]] = 2.0;
        }
    }
}

fn main() {}
