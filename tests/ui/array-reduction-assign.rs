// A histogram whose first bin is also overwritten with `=`.
use parfor::prelude::*;

#[parallel]
fn histogram(x: &[usize], hist: &mut Vec<u64>) {
    for i in prange(x.len()) {
        hist[x[i]] += 1;
        hist[0] = 0;
    }
}

fn main() {}
