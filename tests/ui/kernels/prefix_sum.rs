// Reduction variable read in the body: a running (prefix) sum stored per element (textbook scan).
use parfor::prelude::*;

#[parallel]
fn kernel(x: &[f64], out: &mut [f64]) {
    let mut s = 0.0;
    for i in prange(x.len()) {
        s += x[i];
        out[i] = s;
    }
}

fn main() {}
