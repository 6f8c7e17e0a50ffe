// A smoothing step inside blocks reads `a[i + 1]`, which for the block's last element
// is the first element of the next block, written by the next iteration.
use parfor::prelude::*;

#[parallel]
fn smooth(a: &mut Vec<f64>, nb: usize) {
    let n = a.len() - 1;
    for b in prange(nb) {
        for i in b * n / nb..(b + 1) * n / nb {
            a[i] = 0.5 * (a[i] + a[i + 1]);
        }
    }
}

fn main() {}
