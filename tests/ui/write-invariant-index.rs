// Output dependence: the written index `k` is a parameter, not derived from the loop variable.
use parfor::prelude::*;

#[parallel]
fn store_at(x: &[f64], out: &mut [f64], k: usize) {
    for i in prange(x.len()) {
        let j = k;
        out[j] = x[i] * 2.0;
    }
}

fn main() {}
