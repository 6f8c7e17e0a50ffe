// Argmax with two shared scalars updated together under `if` (textbook, needs a critical section in OpenMP).
use parfor::prelude::*;

#[parallel]
fn kernel(x: &[f64]) -> (usize, f64) {
    let mut best = f64::NEG_INFINITY;
    let mut best_i = 0;
    for i in prange(x.len()) {
        if x[i] > best {
            best = x[i];
            best_i = i;
        }
    }
    (best_i, best)
}

fn main() {}
