// Anti dependence through a shared reference taken in the body: `&a[i + 1]` points at the next iteration's element.
use parfor::prelude::*;

#[parallel]
fn take_next(a: &mut [f64]) {
    for i in prange(a.len() - 1) {
        let next = &a[i + 1];
        let v = *next;
        a[i] = v;
    }
}

fn main() {}
