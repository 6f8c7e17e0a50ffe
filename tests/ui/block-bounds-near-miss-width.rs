// Blocks two wide: `b * n / nb..(b + 2) * n / nb` covers the next iteration's block.
use parfor::prelude::*;

#[parallel]
fn fill(a: &mut Vec<f64>, nb: usize) {
    let n = a.len();
    for b in prange(nb) {
        for i in b * n / nb..(b + 2) * n / nb {
            a[i] = b as f64;
        }
    }
}

fn main() {}
