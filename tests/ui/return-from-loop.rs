use parfor::prelude::*;

#[parallel]
fn find(x: &[f64], out: &mut [f64]) -> bool {
    for i in prange(x.len()) {
        if x[i] < 0.0 {
            return true;
        }
        out[i] = x[i];
    }
    false
}

fn main() {}
