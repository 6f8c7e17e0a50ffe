// Anti dependence: a[i] reads a[i + 1], which the next iteration writes (DRB001-antidep1-orig-yes).
use parfor::prelude::*;

#[parallel]
fn kernel(a: &mut Vec<i32>) {
    let len = a.len();
    for i in prange(len - 1) {
        a[i] = a[i + 1] + 1;
    }
}

fn main() {}
