// True dependence on a single element: every iteration reads a[0], which iteration 0 writes (DRB039-truedepsingleelement-orig-yes).
use parfor::prelude::*;

#[parallel]
fn kernel(a: &mut [i32]) {
    for i in prange(a.len()) {
        a[i] = a[i] + a[0];
    }
}

fn main() {}
