//! `prange((a..b).step_by(k))` with a step known only at run time, writing `out[i]`:
//! iterations are at least `k >= 1` apart, so the writes are disjoint.
use parfor::prelude::*;

#[parallel]
fn every_kth(x: &[f64], out: &mut [f64], k: usize) {
    for i in prange((0..x.len()).step_by(k)) {
        out[i] = x[i] * 2.0;
    }
}

fn main() {
    let x: Vec<f64> = (0..1_000).map(f64::from).collect();
    for k in [1, 3, 10] {
        let mut out = vec![0.0; x.len()];
        every_kth(&x, &mut out, k);
        for (i, v) in out.iter().enumerate() {
            assert_eq!(*v, if i % k == 0 { 2.0 * x[i] } else { 0.0 });
        }
    }
}
