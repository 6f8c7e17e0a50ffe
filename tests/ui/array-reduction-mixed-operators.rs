// One array updated with `+=` and `*=`: the private copies could not be combined.
use parfor::prelude::*;

#[parallel]
fn mixed(k: &[usize], x: &[f64], a: &mut [f64]) {
    for i in prange(x.len()) {
        a[k[i]] += x[i];
        a[k[i] / 2] *= x[i];
    }
}

fn main() {}
