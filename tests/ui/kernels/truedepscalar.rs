// True dependence through a shared scalar: tmp carries a value to the next iteration (DRB035-truedepscalar-orig-yes).
use parfor::prelude::*;

#[parallel]
fn kernel(a: &mut [i32]) {
    let mut tmp = 10;
    for i in prange(a.len()) {
        a[i] = tmp;
        tmp = a[i] + i as i32;
    }
}

fn main() {}
