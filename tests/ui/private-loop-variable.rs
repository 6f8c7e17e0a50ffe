use parfor::prelude::*;

#[parallel(private(i))]
fn fill(x: &[f64], out: &mut [f64]) {
    for i in prange(x.len()) {
        out[i] = x[i];
    }
}

fn main() {}
