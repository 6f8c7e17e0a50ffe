// In-place 1-D relaxation: true and anti dependence on both neighbours.
use parfor::prelude::*;

#[parallel]
fn kernel(u: &mut [f64], f: &[f64], h2: f64) {
    let n = u.len();
    for i in prange(1..n - 1) {
        u[i] = 0.5 * (u[i - 1] + u[i + 1] - h2 * f[i]);
    }
}

fn main() {}
