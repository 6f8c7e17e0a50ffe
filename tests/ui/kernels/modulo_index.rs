// Output dependence: out[i % k] is written by every k-th iteration (folding a signal).
use parfor::prelude::*;

#[parallel]
fn kernel(x: &[f64], out: &mut [f64]) {
    let k = out.len();
    for i in prange(x.len()) {
        out[i % k] = x[i];
    }
}

fn main() {}
