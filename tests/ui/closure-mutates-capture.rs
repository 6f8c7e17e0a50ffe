use parfor::prelude::*;

#[parallel]
fn scale(x: &[f64], out: &mut [f64]) {
    for i in prange(x.len()) {
        let mut write = |v: f64| out[i] = v;
        write(x[i] * 2.0);
    }
}

fn main() {}
