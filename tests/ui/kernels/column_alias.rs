// Anti dependence through a column view bound in the body: c[i] reads c[i + 1] of column 0.
use parfor::prelude::*;

#[parallel]
fn kernel(a: &mut Array2<f64>) {
    let n = a.nrows();
    for i in prange(n - 1) {
        let mut c = a.column_mut(0);
        c[i] = c[i + 1];
    }
}

fn main() {}
