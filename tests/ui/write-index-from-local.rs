// True dependence with the written index computed in a local: `let j = i + 1; a[j] = ..` reads a[i], which iteration i - 1 writes.
use parfor::prelude::*;

#[parallel]
fn shift_up(a: &mut Vec<f64>) {
    for i in prange(a.len() - 1) {
        let j = i + 1;
        a[j] = a[i] * 0.5;
    }
}

fn main() {}
