// Mutation of a captured accumulator through a function taking `&mut`.
use parfor::prelude::*;

fn accumulate(stats: &mut [f64; 2], v: f64) {
    stats[0] += v;
    stats[1] += v * v;
}

#[parallel]
fn kernel(x: &[f64]) -> [f64; 2] {
    let mut stats = [0.0; 2];
    for i in prange(x.len()) {
        accumulate(&mut stats, x[i]);
    }
    stats
}

fn main() {}
