// Mutation of a captured `Vec` through a method: every iteration clears the shared buffer.
use parfor::prelude::*;

#[parallel]
fn fill(x: &[f64], buf: &mut Vec<f64>, out: &mut [f64]) {
    for i in prange(x.len()) {
        buf.clear();
        out[i] = x[i];
    }
}

fn main() {}
