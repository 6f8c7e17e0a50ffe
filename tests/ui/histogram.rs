use parfor::prelude::*;

#[parallel]
fn histogram(bins: &[usize], hist: &mut [u32]) {
    for i in prange(bins.len()) {
        hist[bins[i]] += 1;
    }
}

fn main() {}
