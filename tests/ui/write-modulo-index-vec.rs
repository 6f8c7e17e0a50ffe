// Output dependence through a `Vec`: `v[i % 4]` is written by every fourth iteration.
use parfor::prelude::*;

#[parallel]
fn fold4(x: &[f64], v: &mut Vec<f64>) {
    for i in prange(x.len()) {
        v[i % 4] = x[i];
    }
}

fn main() {}
