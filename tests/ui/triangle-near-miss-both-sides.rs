// A symmetric fill over the whole row: iteration `i` writes `a[[j, i]]` for every `j`,
// and iteration `j` writes the same element as `a[[j, i]]`'s row. Not triangles.
use parfor::prelude::*;

#[parallel]
fn fill(a: &mut Array2<f64>) {
    let n = a.nrows();
    for i in prange(n) {
        for j in 0..n {
            let v = (i + j) as f64;
            a[[i, j]] = v;
            a[[j, i]] = v;
        }
    }
}

fn main() {}
