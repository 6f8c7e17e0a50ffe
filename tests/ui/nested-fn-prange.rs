// A prange loop in a nested function without #[parallel] of its own would run
// sequentially without a word: say so.
use parfor::prelude::*;

#[parallel]
fn outer(x: &[f64], out: &mut [f64]) {
    fn helper(x: &[f64], out: &mut [f64]) {
        for i in prange(x.len()) {
            out[i] = x[i] + 1.0;
        }
    }
    helper(x, out);
}

fn main() {}
