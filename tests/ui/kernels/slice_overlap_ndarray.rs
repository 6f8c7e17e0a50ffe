// Output dependence through overlapping mutable slices: iteration i fills i..i + 2 (ndarray `slice_mut`).
use parfor::prelude::*;

#[parallel]
fn kernel(x: &Array1<f64>, out: &mut Array1<f64>) {
    let n = x.len();
    for i in prange(n - 1) {
        out.slice_mut(s![i..i + 2]).fill(x[i]);
    }
}

fn main() {}
