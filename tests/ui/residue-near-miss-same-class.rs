// Red-black one step too far: `u[2 * k + 2]` is in the class the loop writes, so
// iteration `k` reads what iteration `k + 1` writes.
use parfor::prelude::*;

#[parallel]
fn sweep(u: &mut [f64]) {
    let half = u.len() / 2 - 1;
    for k in prange(half) {
        u[2 * k] = 0.5 * (u[2 * k + 1] + u[2 * k + 2]);
    }
}

fn main() {}
