// True dependence inside nested blocks: the neighbour read sits under `if` inside an inner block.
use parfor::prelude::*;

#[parallel]
fn smooth_in_place(a: &mut [f64]) {
    for i in prange(1..a.len()) {
        {
            let half = 0.5;
            if a[i] > 0.0 {
                a[i] = half * (a[i] + a[i - 1]);
            }
        }
    }
}

fn main() {}
