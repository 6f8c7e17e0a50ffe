// Scalar last value: x is assigned by every iteration and read after the loop (DRB009-lastprivatemissing-orig-yes).
use parfor::prelude::*;

#[parallel]
fn kernel(len: usize) -> usize {
    let mut x = 0;
    for i in prange(len) {
        x = i;
    }
    x
}

fn main() {}
