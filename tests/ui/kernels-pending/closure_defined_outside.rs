// PENDING: RACY kernel that #[parallel] does not reject: rustc refuses the expansion instead (no parfor: error).
// Not run by any test. Found by the classic-kernel suite (tests/kernels_norace.rs,
// tests/kernels_ui.rs); move it back there once #[parallel] handles it. Output:
//   error[E0596]: cannot borrow `bump` as mutable, as it is a captured variable in a `Fn` closure
//     --> tests/ui/kernels-pending/closure_defined_outside.rs:24:9
//      |
//   21 |     let mut bump = |b: usize| hist[b] += 1;
//      |         -------- `bump` declared here, outside the closure
//   22 |     for i in prange(x.len()) {
//      |     --- in this closure
//   23 |         let b = ((x[i].abs() * bins as f64) as usize).min(bins - 1);
//   24 |         bump(b);
//      |         ^^^^ cannot borrow as mutable

// A mutating closure defined before the loop and called in the body (histogram via a helper closure).
use parfor::prelude::*;

#[parallel]
fn kernel(x: &[f64], hist: &mut [u64]) {
    let bins = hist.len();
    let mut bump = |b: usize| hist[b] += 1;
    for i in prange(x.len()) {
        let b = ((x[i].abs() * bins as f64) as usize).min(bins - 1);
        bump(b);
    }
}

fn main() {}
