// In-place update of positions that all iterations read (all-pairs interaction without a copy).
use parfor::prelude::*;

#[parallel]
fn kernel(x: &mut [f64], dt: f64) {
    let n = x.len();
    for i in prange(n) {
        let mut f = 0.0;
        for j in 0..n {
            f += x[j] - x[i];
        }
        x[i] += dt * f;
    }
}

fn main() {}
