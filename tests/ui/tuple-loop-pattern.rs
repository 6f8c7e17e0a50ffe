use parfor::prelude::*;

#[parallel]
fn pairs(out: &mut [usize], n: usize) {
    for (i, j) in prange(n) {
        out[i] = j;
    }
}

fn main() {}
