// PENDING: RACY kernel that #[parallel] does not reject: its expansion fails to compile with rustc errors (no parfor: error).
// Not run by any test. Found by the classic-kernel suite (tests/kernels_norace.rs,
// tests/kernels_ui.rs); move it back there once #[parallel] handles it. Output:
//   error[E0530]: let bindings cannot shadow statics
//     --> tests/ui/kernels-pending/static_mut_counter.rs:35:1
//      |
//   33 | static mut SUM0: usize = 0;
//      | --------------------------- the static `SUM0` is defined here
//   34 |
//   35 | #[parallel]
//      | ^^^^^^^^^^^ cannot be named the same as a static
//      |
//      = note: this error originates in the attribute macro `parallel` (in Nightly builds, run with -Z macro-backtrace for more info)
//   error[E0133]: use of mutable static is unsafe and requires unsafe block
//     --> tests/ui/kernels-pending/static_mut_counter.rs:35:1
//      |
//   35 | #[parallel]
//      | ^^^^^^^^^^^ use of mutable static
//      |
//      = note: mutable statics can be mutated by multiple threads: aliasing violations or data races will cause undefined behavior
//      = note: this error originates in the attribute macro `parallel` (in Nightly builds, run with -Z macro-backtrace for more info)
//   warning: unnecessary `unsafe` block
//     --> tests/ui/kernels-pending/static_mut_counter.rs:38:9
//      |
//   38 |         unsafe {
//      |         ^^^^^^ unnecessary `unsafe` block
//      |
//      = note: `#[warn(unused_unsafe)]` (part of `#[warn(unused)]`) on by default

// Unsynchronised global accumulator, C global variable port (DRB084-threadprivatemissing-orig-yes).
use parfor::prelude::*;

static mut SUM0: usize = 0;

#[parallel]
fn kernel(len: usize) -> usize {
    for i in prange(len) {
        unsafe {
            SUM0 += i;
        }
    }
    unsafe { SUM0 }
}

fn main() {}
