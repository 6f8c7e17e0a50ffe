// PENDING: RACE-FREE kernel rejected by #[parallel] (false positive).
// Not run by any test. Found by the classic-kernel suite (tests/kernels_norace.rs,
// tests/kernels_ui.rs); move it back there once #[parallel] handles it. Output:
//   error: parfor: `hi` assigns the captured variable `hi` in every iteration of the parallel loop at line 17; iterations run in any order, so its final value would be whichever ran last. Fix: if `hi` is a temporary, declare it inside the loop body (`let hi = ..`); to combine all iterations, make it a reduction (`hi += ..`, `hi = hi.max(..)`, ...)
//     --> tests/ui/kernels-pending/min_max_spellings.rs:18:9
//      |
//   18 |         hi = x[i].max(hi);
//      |         ^^

use parfor::prelude::*;

// Min and max in other spellings: `x[i].max(hi)` and `f64::min(lo, x[i])`.
#[parallel]
fn min_max_spellings(x: &[f64]) -> (f64, f64) {
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    for i in prange(x.len()) {
        hi = x[i].max(hi);
        lo = f64::min(lo, x[i]);
    }
    (lo, hi)
}

fn min_max_spellings_seq(x: &[f64]) -> (f64, f64) {
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    for i in 0..x.len() {
        hi = x[i].max(hi);
        lo = f64::min(lo, x[i]);
    }
    (lo, hi)
}

fn main() {
    let x: Vec<f64> = (0..3000)
        .map(|i| ((i * 7919) % 1000) as f64 - 500.0)
        .collect();
    assert_eq!(min_max_spellings(&x), min_max_spellings_seq(&x));
}
