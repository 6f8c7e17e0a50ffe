// PENDING: RACY kernel that #[parallel] does not reject: rustc refuses the expansion instead (no parfor: error).
// Not run by any test. Found by the classic-kernel suite (tests/kernels_norace.rs,
// tests/kernels_ui.rs); move it back there once #[parallel] handles it. Output:
//   error[E0594]: cannot assign to `*a[_]`, as `Fn` closures cannot mutate their captured variables
//     --> tests/ui/kernels-pending/destructuring_assignment.rs:54:14
//      |
//   51 | fn bubble_pass(a: &mut [f64]) {
//      |                - `*a` declared here, outside the closure
//   52 |     for i in prange(a.len() - 1) {
//      |     --- in this closure
//   53 |         if a[i] > a[i + 1] {
//   54 |             (a[i], a[i + 1]) = (a[i + 1], a[i]);
//      |              ^^^^ cannot assign
//   error[E0594]: cannot assign to `*a[_]`, as `Fn` closures cannot mutate their captured variables
//     --> tests/ui/kernels-pending/destructuring_assignment.rs:54:20
//      |
//   51 | fn bubble_pass(a: &mut [f64]) {
//      |                - `*a` declared here, outside the closure
//   52 |     for i in prange(a.len() - 1) {
//      |     --- in this closure
//   53 |         if a[i] > a[i + 1] {
//   54 |             (a[i], a[i + 1]) = (a[i + 1], a[i]);
//      |                    ^^^^^^^^ cannot assign
//   error[E0594]: cannot assign to `s`, as it is a captured variable in a `Fn` closure
//     --> tests/ui/kernels-pending/destructuring_assignment.rs:64:10
//      |
//   61 |     let mut s = 0.0;
//      |         ----- `s` declared here, outside the closure
//   62 |     let mut t = 0.0;
//   63 |     for i in prange(x.len()) {
//      |     --- in this closure
//   64 |         (s, t) = (x[i], t + 1.0);
//      |          ^ cannot assign
//   error[E0594]: cannot assign to `t`, as it is a captured variable in a `Fn` closure
//     --> tests/ui/kernels-pending/destructuring_assignment.rs:64:13
//      |
//   62 |     let mut t = 0.0;
//      |         ----- `t` declared here, outside the closure
//   63 |     for i in prange(x.len()) {
//      |     --- in this closure
//   64 |         (s, t) = (x[i], t + 1.0);
//      |             ^ cannot assign

// Destructuring assignment: `(a[i], a[i + 1]) = (a[i + 1], a[i])` swaps overlapping
// pairs (a bubble-sort pass, as `bubble_step` but without `swap`), and `(s, t) = (..)`
// assigns two captured scalars. The assignment targets inside the tuple are not seen as
// writes, so rustc reports E0594 on the `Fn` closure.
use parfor::prelude::*;

#[parallel]
fn bubble_pass(a: &mut [f64]) {
    for i in prange(a.len() - 1) {
        if a[i] > a[i + 1] {
            (a[i], a[i + 1]) = (a[i + 1], a[i]);
        }
    }
}

#[parallel]
fn last_pair(x: &[f64]) -> f64 {
    let mut s = 0.0;
    let mut t = 0.0;
    for i in prange(x.len()) {
        (s, t) = (x[i], t + 1.0);
    }
    s + t
}

fn main() {}
