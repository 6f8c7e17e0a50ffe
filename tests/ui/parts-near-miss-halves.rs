// Halves that share one element: `out[n - 1 + i]` for the first iteration is
// `out[n - 1]`, which the last iteration writes through `out[i]` (parts are only
// accepted when the loop bounds prove them apart).
use parfor::prelude::*;

#[parallel]
fn halves(x: &[f64], out: &mut [f64]) {
    let n = x.len();
    for i in prange(n) {
        out[i] = x[i];
        out[n - 1 + i] = -x[i];
    }
}

fn main() {}
