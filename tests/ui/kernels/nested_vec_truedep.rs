// True dependence on the outer dimension of a `Vec<Vec<f64>>` (C `double b[N][M]` port).
use parfor::prelude::*;

#[parallel]
fn kernel(b: &mut [Vec<f64>]) {
    for i in prange(1..b.len()) {
        for j in 0..b[i].len() {
            b[i][j] = b[i - 1][j] + 1.0;
        }
    }
}

fn main() {}
