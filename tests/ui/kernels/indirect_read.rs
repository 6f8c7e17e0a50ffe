// True/anti dependence through an index array read of the array being written (`a[i] = a[idx[i]]`).
use parfor::prelude::*;

#[parallel]
fn kernel(a: &mut [f64], idx: &[usize]) {
    for i in prange(a.len()) {
        a[i] = a[idx[i]];
    }
}

fn main() {}
