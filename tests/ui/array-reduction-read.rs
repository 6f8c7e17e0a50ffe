// A histogram that also reads its bins: a chunk holds only its own partial counts.
use parfor::prelude::*;

#[parallel]
fn capped_histogram(x: &[usize], hist: &mut [u64]) {
    for i in prange(x.len()) {
        if hist[x[i]] < 10 {
            hist[x[i]] += 1;
        }
    }
}

fn main() {}
