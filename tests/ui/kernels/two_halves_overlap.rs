// Output dependence: out[i + h] with h smaller than the trip count collides with out[i'] of a later iteration.
use parfor::prelude::*;

#[parallel]
fn kernel(x: &[f64], out: &mut [f64], h: usize) {
    for i in prange(x.len()) {
        out[i] = x[i];
        out[i + h] = -x[i];
    }
}

fn main() {}
