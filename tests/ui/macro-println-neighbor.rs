// Anti dependence inside `println!` arguments: the element printed is one the next iteration writes.
use parfor::prelude::*;

#[parallel]
fn trace(a: &mut [f64]) {
    for i in prange(a.len() - 1) {
        println!("{} {}", i, a[i + 1]);
        a[i] *= 2.0;
    }
}

fn main() {}
