use parfor::prelude::*;

#[parallel]
fn first(x: &[f64], out: &mut [f64]) {
    for i in prange(x.len()) {
        out[0] = x[i];
    }
}

fn main() {}
