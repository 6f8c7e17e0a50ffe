// A captured `&mut` parameter passed on as it is to a function that writes it (`zero(out)`, `std::mem::swap(a, b)`).
use parfor::prelude::*;

fn zero(v: &mut [f64]) {
    v.fill(0.0);
}

#[parallel]
fn reset(x: &[f64], out: &mut [f64]) -> f64 {
    let mut s = 0.0;
    for i in prange(x.len()) {
        zero(out);
        s += x[i];
    }
    s
}

#[parallel]
fn ping_pong(a: &mut Vec<f64>, b: &mut Vec<f64>, out: &mut [f64]) {
    for i in prange(out.len()) {
        std::mem::swap(a, b);
        out[i] = a[i];
    }
}

fn main() {}
