// `/=` at indices iterations share is not an array reduction.
use parfor::prelude::*;

#[parallel]
fn divide(k: &[usize], x: &[f64], a: &mut [f64]) {
    for i in prange(x.len()) {
        a[k[i]] /= x[i];
    }
}

fn main() {}
