// True dependence: a[i + 1] is written from a[i] (DRB029-truedep1-orig-yes).
use parfor::prelude::*;

#[parallel]
fn kernel(a: &mut [i32]) {
    let len = a.len();
    for i in prange(len - 1) {
        a[i + 1] = a[i] + 1;
    }
}

fn main() {}
