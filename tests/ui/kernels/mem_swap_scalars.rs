// Scalars carried across iterations by swapping (`std::mem::swap(&mut prev, &mut cur)`).
use parfor::prelude::*;

#[parallel]
fn kernel(x: &[f64], out: &mut [f64]) {
    let mut prev = 0.0;
    let mut cur = 0.0;
    for i in prange(x.len()) {
        cur = x[i];
        out[i] = cur - prev;
        std::mem::swap(&mut prev, &mut cur);
    }
}

fn main() {}
