// Mutation of a shared Vec through a method: push from every iteration.
use parfor::prelude::*;

#[parallel]
fn kernel(x: &[f64], out: &mut Vec<f64>) {
    for i in prange(x.len()) {
        if x[i] > 0.0 {
            out.push(x[i]);
        }
    }
}

fn main() {}
