use parfor::prelude::*;

struct Buffer {
    data: Vec<f64>,
}

#[parallel(private(buf))]
fn fill(x: &[f64], out: &mut [f64]) {
    let mut buf = Buffer { data: vec![0.0; 2] };
    for i in prange(x.len()) {
        buf.data[0] = x[i];
        out[i] = buf.data[0] + 1.0;
    }
}

fn main() {}
