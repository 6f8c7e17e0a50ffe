// Output dependence through overlapping `Vec` sub-slices: iteration i fills a[i..i + 2].
use parfor::prelude::*;

#[parallel]
fn kernel(a: &mut Vec<f64>) {
    let n = a.len();
    for i in prange(n - 1) {
        a[i..i + 2].fill(i as f64);
    }
}

fn main() {}
