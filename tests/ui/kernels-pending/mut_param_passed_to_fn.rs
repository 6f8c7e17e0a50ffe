// PENDING: RACY kernel that #[parallel] does not reject: rustc refuses the expansion instead (no parfor: error).
// Not run by any test. Found by the classic-kernel suite (tests/kernels_norace.rs,
// tests/kernels_ui.rs); move it back there once #[parallel] handles it. Output:
//   error[E0596]: cannot borrow `*out` as mutable, as it is a captured variable in a `Fn` closure
//     --> tests/ui/kernels-pending/mut_param_passed_to_fn.rs:47:14
//      |
//   44 | fn reset(x: &[f64], out: &mut [f64]) -> f64 {
//      |                     --- `*out` declared here, outside the closure
//   45 |     let mut s = 0.0;
//   46 |     for i in prange(x.len()) {
//      |     --- in this closure
//   47 |         zero(out);
//      |              ^^^ cannot borrow as mutable
//   error[E0596]: cannot borrow `*a` as mutable, as it is a captured variable in a `Fn` closure
//     --> tests/ui/kernels-pending/mut_param_passed_to_fn.rs:56:24
//      |
//   54 | fn ping_pong(a: &mut Vec<f64>, b: &mut Vec<f64>, out: &mut [f64]) {
//      |              - `*a` declared here, outside the closure
//   55 |     for i in prange(out.len()) {
//      |     --- in this closure
//   56 |         std::mem::swap(a, b);
//      |                        ^ cannot borrow as mutable
//   error[E0596]: cannot borrow `*b` as mutable, as it is a captured variable in a `Fn` closure
//     --> tests/ui/kernels-pending/mut_param_passed_to_fn.rs:56:27
//      |
//   54 | fn ping_pong(a: &mut Vec<f64>, b: &mut Vec<f64>, out: &mut [f64]) {
//      |                                - `*b` declared here, outside the closure
//   55 |     for i in prange(out.len()) {
//      |     --- in this closure
//   56 |         std::mem::swap(a, b);
//      |                           ^ cannot borrow as mutable

// A captured `&mut` parameter passed straight to functions (implicit reborrow, no `&mut`):
// `zero(out)` clears the whole shared array and `std::mem::swap(a, b)` swaps the shared
// buffers in every iteration. `f(&mut captured)` is rejected with a parfor: error; this
// spelling is not.
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
