// `std::mem::swap(&mut cur, &mut next)` on arrays declared before the loop: every iteration swaps the same two buffers.
use parfor::prelude::*;

#[parallel]
fn ping_pong(x: &[f64], out: &mut [f64]) {
    let mut cur = vec![0.0; x.len()];
    let mut next = vec![1.0; x.len()];
    for i in prange(x.len()) {
        std::mem::swap(&mut cur, &mut next);
        out[i] = x[i] + cur[i];
    }
}

fn main() {}
