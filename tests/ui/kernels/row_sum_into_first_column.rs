// Output dependence on a fixed column: every iteration of the inner parallel loop accumulates into a[[i, 0]].
use parfor::prelude::*;

#[parallel]
fn kernel(a: &mut Array2<f64>) {
    let (n, m) = a.dim();
    for i in 0..n {
        for j in prange(1..m) {
            a[[i, 0]] += a[[i, j]];
        }
    }
}

fn main() {}
