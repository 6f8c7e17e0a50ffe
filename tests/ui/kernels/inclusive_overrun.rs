// Off-by-one in an inclusive range: iteration i writes a[i] and a[i + 1] (both iterations i and i + 1 write a[i + 1]).
use parfor::prelude::*;

#[parallel]
fn kernel(a: &mut [f64]) {
    let n = a.len();
    for i in prange(0..=n - 2) {
        a[i] = 0.0;
        a[i + 1] = 1.0;
    }
}

fn main() {}
