// Scatter through a `match` binding: the index comes from another array and may repeat.
use parfor::prelude::*;

#[parallel]
fn kernel(x: &[f64], idx: &[Option<usize>], out: &mut [f64]) {
    for i in prange(x.len()) {
        match idx[i] {
            Some(k) => out[k] = x[i],
            None => {}
        }
    }
}

fn main() {}
