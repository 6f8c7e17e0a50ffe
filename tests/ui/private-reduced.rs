use parfor::prelude::*;

#[parallel(private(s))]
fn total(x: &[f64]) -> f64 {
    let mut s = 0.0;
    for i in prange(x.len()) {
        s += x[i];
    }
    s
}

fn main() {}
