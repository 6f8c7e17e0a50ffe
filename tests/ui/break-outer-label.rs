// Labelled `break` from the parallel loop body to an outer sequential loop.
use parfor::prelude::*;

#[parallel]
fn sweeps(x: &[f64], out: &mut [f64]) {
    'sweeps: for _s in 0..3 {
        for i in prange(x.len()) {
            if x[i].is_nan() {
                break 'sweeps;
            }
            out[i] += x[i];
        }
    }
}

fn main() {}
