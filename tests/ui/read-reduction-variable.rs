use parfor::prelude::*;

#[parallel]
fn running_sum(x: &[f64], y: &mut [f64]) -> f64 {
    let mut s = 0.0;
    for i in prange(x.len()) {
        s += x[i];
        y[i] = s;
    }
    s
}

fn main() {}
