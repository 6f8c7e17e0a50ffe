// Output dependence through an `if let` binding: the written index comes from another array and may repeat.
use parfor::prelude::*;

#[parallel]
fn scatter(idx: &[usize], x: &[f64], out: &mut [f64]) {
    for i in prange(x.len()) {
        if let Some(&j) = idx.get(i) {
            out[j] = x[i];
        }
    }
}

fn main() {}
