// A function with a syntax error gets the syntax error, not "applies to functions".
use parfor::prelude::*;

#[parallel]
fn scale(x: &[f64], out: &mut [f64]) -> {
    for i in prange(x.len()) {
        out[i] = 2.0 * x[i];
    }
}

fn main() {}
