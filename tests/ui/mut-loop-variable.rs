// The loop variable is the iteration's own index: changing it would move the iteration
// onto elements other iterations own.
use parfor::prelude::*;

#[parallel]
fn shift(out: &mut [f64]) {
    for mut i in prange(out.len() - 1) {
        i += 1;
        out[i] = 1.0;
    }
}

fn main() {}
