// Anti dependence through a `match` binding: the value matched is a[i + 1], which the next iteration writes.
use parfor::prelude::*;

#[parallel]
fn take_next(a: &mut [f64]) {
    for i in prange(a.len()) {
        match a.get(i + 1) {
            Some(&v) => a[i] = v,
            None => a[i] = 0.0,
        }
    }
}

fn main() {}
