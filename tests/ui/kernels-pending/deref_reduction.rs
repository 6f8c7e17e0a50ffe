// PENDING: RACE-FREE kernel accepted by #[parallel] whose expansion does not compile (rustc error).
// Not run by any test. Found by the classic-kernel suite (tests/kernels_norace.rs,
// tests/kernels_ui.rs); move it back there once #[parallel] handles it. Output:
//   error[E0594]: cannot assign to `*total`, as it is a captured variable in a `Fn` closure
//     --> tests/ui/kernels-pending/deref_reduction.rs:18:9
//      |
//   17 |     for i in prange(x.len()) {
//      |     --- in this closure
//   18 |         *total += x[i];
//      |         ^^^^^^^^^^^^^^ cannot assign

use parfor::prelude::*;

// Sum reduction into an out-parameter through `*total += e`.
#[parallel]
fn deref_reduction(x: &[f64], total: &mut f64) {
    for i in prange(x.len()) {
        *total += x[i];
    }
}

fn deref_reduction_seq(x: &[f64], total: &mut f64) {
    for i in 0..x.len() {
        *total += x[i];
    }
}

fn main() {
    let x: Vec<f64> = (0..3000).map(|i| (i % 7) as f64).collect();
    let (mut got, mut want) = (0.5, 0.5);
    deref_reduction(&x, &mut got);
    deref_reduction_seq(&x, &mut want);
    assert_eq!(got, want); // small integers: exact in any order
}
