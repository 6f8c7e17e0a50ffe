use parfor::prelude::*;

#[parallel(private(buf, buf))]
fn fill(x: &[f64], out: &mut [f64]) {
    let mut buf = vec![0.0; 2];
    for i in prange(x.len()) {
        buf[0] = x[i];
        out[i] = buf[0];
    }
}

fn main() {}
