// Anti dependence through a method read: `a.get(i + 1)` of the array being written.
use parfor::prelude::*;

#[parallel]
fn kernel(a: &mut Vec<f64>) {
    for i in prange(a.len()) {
        a[i] = a.get(i + 1).copied().unwrap_or(0.0);
    }
}

fn main() {}
