// Mutation of a shared array through a method: every iteration sorts the whole array.
use parfor::prelude::*;

#[parallel]
fn kernel(a: &mut Vec<f64>, x: &[f64], out: &mut [f64]) {
    for i in prange(x.len()) {
        a.sort_by(|p, q| p.total_cmp(q));
        out[i] = a[0] + x[i];
    }
}

fn main() {}
