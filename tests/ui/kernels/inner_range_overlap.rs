// Output dependence: iteration i writes a[i] and a[i + 1] through an inner loop over i..i + 2.
use parfor::prelude::*;

#[parallel]
fn kernel(x: &[f64], a: &mut [f64]) {
    for i in prange(x.len()) {
        for j in i..i + 2 {
            a[j] = x[i];
        }
    }
}

fn main() {}
