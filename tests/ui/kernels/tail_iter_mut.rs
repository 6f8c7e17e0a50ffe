// Output dependence: each iteration updates the whole tail a[i..] (overlapping sub-slices).
use parfor::prelude::*;

#[parallel]
fn kernel(a: &mut [f64], x: &[f64]) {
    for i in prange(x.len()) {
        for v in a[i..].iter_mut() {
            *v += x[i];
        }
    }
}

fn main() {}
