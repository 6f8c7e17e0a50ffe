// A closure defined in the body that mutates a captured accumulator.
use parfor::prelude::*;

#[parallel]
fn kernel(x: &[f64]) -> f64 {
    let mut total = 0.0;
    for i in prange(x.len()) {
        let mut add = |v: f64| total += v;
        add(x[i] * x[i]);
    }
    total
}

fn main() {}
