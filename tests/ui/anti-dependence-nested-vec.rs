// Anti dependence in 2-D through `Vec<Vec<f64>>`: row i reads row i + 1, which the next iteration writes.
use parfor::prelude::*;

#[parallel]
fn shift_rows(a: &mut Vec<Vec<f64>>) {
    let m = a[0].len();
    for i in prange(a.len() - 1) {
        for j in 0..m {
            a[i][j] = a[i + 1][j];
        }
    }
}

fn main() {}
