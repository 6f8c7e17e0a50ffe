// True dependence inside `vec!` arguments: a[i - 1] is read while the previous iteration writes it.
use parfor::prelude::*;

#[parallel]
fn pairs(a: &mut [f64]) {
    for i in prange(1..a.len()) {
        let w = vec![a[i - 1], a[i]];
        a[i] = w[0] + w[1];
    }
}

fn main() {}
