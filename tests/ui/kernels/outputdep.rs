// Output and true dependence through a shared scalar: x is read, then assigned (DRB016-outputdep-orig-yes).
use parfor::prelude::*;

#[parallel]
fn kernel(a: &mut [i32]) {
    let mut x = 10;
    for i in prange(a.len()) {
        a[i] = x;
        x = i as i32;
    }
}

fn main() {}
