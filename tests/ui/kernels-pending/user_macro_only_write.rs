// PENDING: RACY kernel that #[parallel] does not reject: rustc refuses the expansion instead (no parfor: error).
// Not run by any test. Found by the classic-kernel suite (tests/kernels_norace.rs,
// tests/kernels_ui.rs); move it back there once #[parallel] handles it. Output:
//   error[E0594]: cannot assign to `*out[_]`, as `Fn` closures cannot mutate their captured variables
//     --> tests/ui/kernels-pending/user_macro_only_write.rs:27:9
//      |
//   27 |         $a[$k] = $v
//      |         ^^^^^^^^^^^ cannot assign
//   ...
//   32 | fn keep_last(x: &[f64], out: &mut [f64]) {
//      |                         --- `*out` declared here, outside the closure
//   33 |     for i in prange(x.len()) {
//      |     --- in this closure
//   34 |         put!(out, 0, x[i]);
//      |         ------------------ in this macro invocation
//      |
//      = note: this error originates in the macro `put` (in Nightly builds, run with -Z macro-backtrace for more info)

// A captured array written only inside a user `macro_rules!`: every iteration stores into
// out[0]. When `out` is also written outside the macro, parfor reports "used inside a
// macro parfor cannot analyse" (tests/ui/user-macro-written-array.rs); when the macro is
// the only writer, the array is treated as read-only and rustc rejects the expansion.
use parfor::prelude::*;

macro_rules! put {
    ($a:expr, $k:expr, $v:expr) => {
        $a[$k] = $v
    };
}

#[parallel]
fn keep_last(x: &[f64], out: &mut [f64]) {
    for i in prange(x.len()) {
        put!(out, 0, x[i]);
    }
}

fn main() {}
