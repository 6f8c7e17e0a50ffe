use parfor::prelude::*;

#[parallel]
fn prefix(a: &mut [f64]) {
    for i in prange(1..a.len()) {
        a[i] = a[i - 1] + 1.0;
    }
}

fn main() {}
