// Shared flag set by any iteration (scalar write outside a reduction).
use parfor::prelude::*;

#[parallel]
fn kernel(x: &[f64]) -> bool {
    let mut found = false;
    for i in prange(x.len()) {
        if x[i] < 0.0 {
            found = true;
        }
    }
    found
}

fn main() {}
