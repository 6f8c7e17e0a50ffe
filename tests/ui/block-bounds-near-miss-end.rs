// Blocks one element too long: `..=(b + 1) * n / nb` reaches the first element of the
// next block, which the next iteration writes too.
use parfor::prelude::*;

#[parallel]
fn fill(a: &mut Vec<f64>, nb: usize) {
    let n = a.len();
    for b in prange(nb) {
        for i in b * n / nb..=(b + 1) * n / nb {
            a[i] = b as f64;
        }
    }
}

fn main() {}
