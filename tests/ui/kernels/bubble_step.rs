// Neighbouring iterations swap overlapping pairs (i, i + 1): a bubble-sort pass run in parallel.
use parfor::prelude::*;

#[parallel]
fn kernel(a: &mut [i64]) {
    let n = a.len();
    for i in prange(n - 1) {
        if a[i] > a[i + 1] {
            a.swap(i, i + 1);
        }
    }
}

fn main() {}
