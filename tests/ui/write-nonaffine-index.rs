use parfor::prelude::*;

#[parallel]
fn halve(x: &[f64], out: &mut [f64]) {
    for i in prange(x.len()) {
        out[i / 2] = x[i];
    }
}

fn main() {}
