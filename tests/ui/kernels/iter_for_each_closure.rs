// A closure passed to an iterator adapter mutates a captured accumulator.
use parfor::prelude::*;

#[parallel]
fn kernel(rows: &[Vec<f64>]) -> f64 {
    let mut total = 0.0;
    for i in prange(rows.len()) {
        rows[i].iter().for_each(|v| total += v);
    }
    total
}

fn main() {}
