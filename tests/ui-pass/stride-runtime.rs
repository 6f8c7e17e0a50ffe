//! `out[k * i]` with a stride `k` known only at run time (DESIGN.md: `a*i + b` with
//! `a != 0` a constant *or loop-invariant*): the writes are disjoint for `k >= 1`.
use parfor::prelude::*;

#[parallel]
fn spread(x: &[f64], out: &mut [f64], k: usize) {
    for i in prange(x.len()) {
        out[k * i] = x[i];
    }
}

fn main() {
    let x: Vec<f64> = (0..1_000).map(f64::from).collect();
    let k = 3;
    let mut out = vec![0.0; k * x.len()];
    spread(&x, &mut out, k);
    for i in 0..x.len() {
        assert_eq!(out[k * i], x[i]);
    }
}
