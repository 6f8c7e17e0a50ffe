// PENDING: RACE-FREE kernel rejected by #[parallel] (false positive).
// Not run by any test. Found by the classic-kernel suite (tests/kernels_norace.rs,
// tests/kernels_ui.rs); move it back there once #[parallel] handles it. Output:
//   error: parfor: `out[n + i]` and `out[i]` both write `out`, and the element one iteration writes through the first is one another iteration writes through the second (an output dependence across iterations of the parallel loop at line 21). Fix: make each iteration write elements no other iteration writes, e.g. only `out[i]`
//     --> tests/ui/kernels-pending/concat_halves.rs:23:9
//      |
//   23 |         out[n + i] = y[i];
//      |         ^^^^^^^^^^
//   error: parfor: note: the conflicting write of `out`
//     --> tests/ui/kernels-pending/concat_halves.rs:22:9
//      |
//   22 |         out[i] = x[i];
//      |         ^^^^^^

use parfor::prelude::*;

// Concatenation into halves: out[i] and out[n + i] (n = trip count).
#[parallel]
fn concat_halves(x: &[f64], y: &[f64], out: &mut [f64]) {
    let n = x.len();
    for i in prange(n) {
        out[i] = x[i];
        out[n + i] = y[i];
    }
}

fn concat_halves_seq(x: &[f64], y: &[f64], out: &mut [f64]) {
    let n = x.len();
    for i in 0..n {
        out[i] = x[i];
        out[n + i] = y[i];
    }
}

fn main() {
    let x: Vec<f64> = (0..1000).map(|i| i as f64).collect();
    let y: Vec<f64> = (0..1000).map(|i| -(i as f64)).collect();
    let (mut got, mut want) = (vec![0.0; 2000], vec![0.0; 2000]);
    concat_halves(&x, &y, &mut got);
    concat_halves_seq(&x, &y, &mut want);
    assert_eq!(got, want);
}
