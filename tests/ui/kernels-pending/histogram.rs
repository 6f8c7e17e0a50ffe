// PENDING: RACE-FREE kernel (with an array reduction) rejected by #[parallel] (false positive, by design for now).
// Not run by any test. Found by the classic-kernel suite (tests/kernels_norace.rs,
// tests/kernels_ui.rs); move it back there once #[parallel] handles it. Output:
//   error: parfor: `hist[b]` updates an element of `hist` that several iterations of the parallel loop at line 17 may update too (an array reduction), which parfor does not support: the updates would race. Fix: give each iteration its own slot (e.g. a 2-D `hist_parts[[i, k]]`) and sum the slots after the loop, or, when `hist` is a temporary, declare it inside the loop body
//     --> tests/ui/kernels-pending/histogram.rs:19:9
//      |
//   19 |         hist[b] += 1;
//      |         ^^^^^^^

use parfor::prelude::*;

// Histogram `hist[bin] += 1`: the DESIGN's array reduction (private copies), or an error
// that says how to write it (textbook histogram; DRB052-indirectaccesssharebase-orig-no).
#[parallel]
fn histogram(x: &[f64], hist: &mut [u64]) {
    let bins = hist.len();
    for i in prange(x.len()) {
        let b = (((x[i] + 1.0) / 2.0 * bins as f64) as usize).min(bins - 1);
        hist[b] += 1;
    }
}

fn histogram_seq(x: &[f64], hist: &mut [u64]) {
    let bins = hist.len();
    for i in 0..x.len() {
        let b = (((x[i] + 1.0) / 2.0 * bins as f64) as usize).min(bins - 1);
        hist[b] += 1;
    }
}

#[test]
fn histogram() {
    let x = Rng::new(69).vec(5000);
    let mut want = vec![0; 16];
    histogram_seq(&x, &mut want);
    exact("histogram", &want, || {
        let mut hist = vec![0; 16];
        super::histogram(&x, &mut hist);
        hist
    });
}

fn main() {
    let x: Vec<f64> = (0..5000)
        .map(|i| ((i * 7919) % 2000) as f64 / 1000.0 - 1.0)
        .collect();
    let (mut got, mut want) = (vec![0; 16], vec![0; 16]);
    histogram(&x, &mut got);
    histogram_seq(&x, &mut want);
    assert_eq!(got, want);
}
