// Indirect updates of two overlapping regions of one base array (DRB005-indirectaccess1-orig-yes: xa1 = base, xa2 = base + 12).
use parfor::prelude::*;

#[parallel]
fn kernel(base: &mut [f64], index_set: &[usize]) {
    for i in prange(index_set.len()) {
        let idx = index_set[i];
        base[idx] += 1.0;
        base[idx + 12] += 3.0;
    }
}

fn main() {}
