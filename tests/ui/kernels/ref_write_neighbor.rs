// Output/true dependence through a `&mut` to the neighbour element taken in the body.
use parfor::prelude::*;

#[parallel]
fn kernel(a: &mut [f64]) {
    let n = a.len();
    for i in prange(n - 1) {
        let v = a[i];
        let r = &mut a[i + 1];
        *r = v;
    }
}

fn main() {}
