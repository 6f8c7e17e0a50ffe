use parfor::prelude::*;

#[parallel]
fn scatter(idx: &[usize], x: &[f64], out: &mut [f64]) {
    for i in prange(idx.len()) {
        out[idx[i]] = x[i];
    }
}

fn main() {}
