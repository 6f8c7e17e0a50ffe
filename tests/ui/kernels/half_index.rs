// Output dependence: out[i / 2] is written by iterations 2k and 2k + 1 (naive downsampling).
use parfor::prelude::*;

#[parallel]
fn kernel(x: &[f64], out: &mut [f64]) {
    for i in prange(x.len()) {
        out[i / 2] = x[i];
    }
}

fn main() {}
