use parfor::prelude::*;

#[parallel]
fn until_negative(x: &[f64], out: &mut [f64]) {
    for i in prange(x.len()) {
        if x[i] < 0.0 {
            break;
        }
        out[i] = x[i];
    }
}

fn main() {}
