use parfor::prelude::*;

#[parallel(private(buf, out))]
fn scale(x: &[f64], out: &mut Vec<f64>) {
    let mut buf = vec![0.0; 4];
    for i in prange(x.len()) {
        buf[0] = x[i] * 2.0;
        out[i] = buf[0];
    }
}

fn main() {}
