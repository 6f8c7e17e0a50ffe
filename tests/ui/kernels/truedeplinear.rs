// True dependence through a linear index: a[2*i + 1] written from a[i] (DRB033-truedeplinear-orig-yes).
use parfor::prelude::*;

#[parallel]
fn kernel(a: &mut [i32]) {
    let len = a.len();
    for i in prange(len / 2) {
        a[2 * i + 1] = a[i] + 1;
    }
}

fn main() {}
