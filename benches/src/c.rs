//! The C/OpenMP baselines of `c/loops.c`, compiled by `build.rs` with
//! `gcc -O3 -march=native -fopenmp`: raw declarations and safe wrappers.
//!
//! The wrappers take Rust slices and arrays, check the lengths the C code relies on,
//! and are the only place in the crate that calls into C.

use std::ffi::c_int;

use ndarray::Array2;

pub mod workloads;

mod ffi {
    use std::ffi::c_int;

    // Mirrors of the functions in c/loops.c (`size_t` is `usize` on every target the
    // crate builds for). Pointers must be valid for the element counts passed with them,
    // and `out`/`a` must not overlap the inputs (the C side declares them `restrict`).
    unsafe extern "C" {
        pub(super) fn loops_elementwise_seq(x: *const f64, out: *mut f64, rows: usize, cols: usize);
        pub(super) fn loops_elementwise_omp(
            x: *const f64,
            out: *mut f64,
            rows: usize,
            cols: usize,
            nt: c_int,
        );
        pub(super) fn loops_sum_seq(x: *const f64, n: usize) -> f64;
        pub(super) fn loops_sum_omp(x: *const f64, n: usize, nt: c_int) -> f64;
        pub(super) fn loops_twice_seq(a: *mut f64, b: *const f64, n: usize);
        pub(super) fn loops_twice_omp(a: *mut f64, b: *const f64, n: usize, nt: c_int);
    }
}

/// The thread count as OpenMP's `int`.
fn nt(threads: usize) -> c_int {
    assert!(threads > 0, "a C/OpenMP loop needs at least one thread");
    c_int::try_from(threads).expect("thread count fits a C int")
}

/// The contiguous row-major storage of `x`, with its shape.
fn row_major(x: &Array2<f64>) -> (&[f64], usize, usize) {
    let (rows, cols) = x.dim();
    let data = x
        .as_slice()
        .expect("the C loops need a contiguous row-major array");
    (data, rows, cols)
}

/// Checks that `out` has the shape of `x` and returns its row-major storage.
fn row_major_mut<'a>(out: &'a mut Array2<f64>, x: &Array2<f64>) -> &'a mut [f64] {
    assert_eq!(out.dim(), x.dim(), "output and input shapes differ");
    out.as_slice_mut()
        .expect("the C loops need a contiguous row-major array")
}

/// `out[[i, j]] = exp(sin(x[[i, j]])) * 2.0 + 1.0`, sequential C.
///
/// # Panics
///
/// If the shapes differ or either array is not contiguous and row-major.
pub fn elementwise_seq(x: &Array2<f64>, out: &mut Array2<f64>) {
    let (xs, rows, cols) = row_major(x);
    let outs = row_major_mut(out, x);
    // SAFETY: both slices hold rows * cols elements (same shape, contiguous), and `outs`
    // is a unique borrow, so it cannot overlap `xs`.
    unsafe { ffi::loops_elementwise_seq(xs.as_ptr(), outs.as_mut_ptr(), rows, cols) }
}

/// [`elementwise_seq`] with rows split between `threads` OpenMP threads.
///
/// # Panics
///
/// As [`elementwise_seq`], and if `threads` is zero or exceeds `c_int`.
pub fn elementwise_omp(x: &Array2<f64>, out: &mut Array2<f64>, threads: usize) {
    let nt = nt(threads);
    let (xs, rows, cols) = row_major(x);
    let outs = row_major_mut(out, x);
    // SAFETY: as in `elementwise_seq`; OpenMP threads write disjoint rows of `outs`
    // and return before the call does, so the borrows outlive every access.
    unsafe { ffi::loops_elementwise_omp(xs.as_ptr(), outs.as_mut_ptr(), rows, cols, nt) }
}

/// Sum of `x` in index order with one accumulator, sequential C.
pub fn sum_seq(x: &[f64]) -> f64 {
    // SAFETY: the pointer is valid for reads of `x.len()` elements.
    unsafe { ffi::loops_sum_seq(x.as_ptr(), x.len()) }
}

/// Sum of `x` by `#pragma omp parallel for simd reduction(+:s)` on `threads` threads.
///
/// The association depends on the thread count and vector width: not reproducible.
///
/// # Panics
///
/// If `threads` is zero or exceeds `c_int`.
pub fn sum_omp(x: &[f64], threads: usize) -> f64 {
    let nt = nt(threads);
    // SAFETY: the pointer is valid for reads of `x.len()` elements, and the OpenMP
    // threads only read it before the call returns.
    unsafe { ffi::loops_sum_omp(x.as_ptr(), x.len(), nt) }
}

/// `a[i] = b[i] * 2.0`, sequential C.
///
/// # Panics
///
/// If the lengths differ.
pub fn twice_seq(a: &mut [f64], b: &[f64]) {
    assert_eq!(a.len(), b.len(), "a and b lengths differ");
    // SAFETY: both pointers are valid for `a.len()` elements, and `a` is a unique borrow
    // that cannot overlap `b`.
    unsafe { ffi::loops_twice_seq(a.as_mut_ptr(), b.as_ptr(), a.len()) }
}

/// [`twice_seq`] split between `threads` OpenMP threads (`parallel for simd`).
///
/// # Panics
///
/// If the lengths differ, or `threads` is zero or exceeds `c_int`.
pub fn twice_omp(a: &mut [f64], b: &[f64], threads: usize) {
    assert_eq!(a.len(), b.len(), "a and b lengths differ");
    let nt = nt(threads);
    // SAFETY: as in `twice_seq`; the OpenMP threads write disjoint parts of `a` and
    // finish before the call returns.
    unsafe { ffi::loops_twice_omp(a.as_mut_ptr(), b.as_ptr(), a.len(), nt) }
}
