// A `let mut` closure defined before the loop mutates a captured histogram; the body calls it.
use parfor::prelude::*;

#[parallel]
fn kernel(x: &[f64], hist: &mut [u64]) {
    let bins = hist.len();
    let mut bump = |b: usize| hist[b] += 1;
    for i in prange(x.len()) {
        let b = ((x[i].abs() * bins as f64) as usize).min(bins - 1);
        bump(b);
    }
}

fn main() {}
