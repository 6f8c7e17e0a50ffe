//! The C/OpenMP baselines of `c/workloads.c` (dets with an own LU, fill, memset, window
//! copy): raw declarations and safe wrappers, as in the parent module.

use ndarray::{Array1, Array2, Array3};

use super::nt;

mod ffi {
    use std::ffi::c_int;

    // Mirrors of c/workloads.c. Pointers must be valid for the element counts passed
    // with them, and outputs must not overlap inputs (`restrict` on the C side).
    unsafe extern "C" {
        pub(super) fn workloads_dets_seq(t: *const f64, m: usize, count: usize, out: *mut f64);
        pub(super) fn workloads_dets_omp(
            t: *const f64,
            m: usize,
            count: usize,
            out: *mut f64,
            nt: c_int,
        );
        pub(super) fn workloads_fill_seq(x: *mut f64, n: usize, v: f64);
        pub(super) fn workloads_fill_omp(x: *mut f64, n: usize, v: f64, nt: c_int);
        pub(super) fn workloads_memset_omp(x: *mut u8, bytes: usize, value: u8, nt: c_int);
        pub(super) fn workloads_window_copy_seq(x: *const f64, tmp: *mut f64, n: usize, bs: usize);
        pub(super) fn workloads_window_copy_omp(
            x: *const f64,
            tmp: *mut f64,
            n: usize,
            bs: usize,
            nt: c_int,
        );
    }
}

/// The largest matrix the C LU handles (its buffer is on the stack).
pub const MAX_DET_SIZE: usize = 128;

/// Checks the dets arguments and returns `(storage of t, m, count, out)`.
fn dets_args<'a>(
    t: &'a Array3<f64>,
    out: &'a mut Array1<f64>,
) -> (&'a [f64], usize, usize, &'a mut [f64]) {
    let (m, m2, count) = t.dim();
    assert_eq!(m, m2, "dets: slices are {m} x {m2}, not square");
    assert!(
        m <= MAX_DET_SIZE,
        "dets: the C LU handles m <= {MAX_DET_SIZE}, got {m}"
    );
    assert_eq!(out.len(), count, "dets: one output per slice");
    let t = t.as_slice().expect("dets: a contiguous row-major tensor");
    let out = out.as_slice_mut().expect("dets: a contiguous output");
    (t, m, count, out)
}

/// `out[i] = det(t[:, :, i])` by LU with partial pivoting in C, one thread.
///
/// # Panics
///
/// If `t` is not contiguous, row-major, with square slices of at most
/// [`MAX_DET_SIZE`] rows, or `out` does not hold one value per slice.
pub fn dets_seq(t: &Array3<f64>, out: &mut Array1<f64>) {
    let (t, m, count, out) = dets_args(t, out);
    // SAFETY: `t` holds m * m * count elements and `out` count, checked above; `out` is
    // a unique borrow, so it overlaps nothing.
    unsafe { ffi::workloads_dets_seq(t.as_ptr(), m, count, out.as_mut_ptr()) }
}

/// [`dets_seq`] with the slices split between `threads` OpenMP threads.
///
/// # Panics
///
/// As [`dets_seq`], and if `threads` is zero or exceeds `c_int`.
pub fn dets_omp(t: &Array3<f64>, out: &mut Array1<f64>, threads: usize) {
    let nt = nt(threads);
    let (t, m, count, out) = dets_args(t, out);
    // SAFETY: as in `dets_seq`; the threads write disjoint elements of `out` and finish
    // before the call returns.
    unsafe { ffi::workloads_dets_omp(t.as_ptr(), m, count, out.as_mut_ptr(), nt) }
}

/// `x.fill(v)` as a plain C loop, one thread.
pub fn fill_seq(x: &mut [f64], v: f64) {
    // SAFETY: the pointer is valid for writes of `x.len()` elements.
    unsafe { ffi::workloads_fill_seq(x.as_mut_ptr(), x.len(), v) }
}

/// [`fill_seq`] on `threads` OpenMP threads.
///
/// # Panics
///
/// If `threads` is zero or exceeds `c_int`.
pub fn fill_omp(x: &mut [f64], v: f64, threads: usize) {
    let nt = nt(threads);
    // SAFETY: as in `fill_seq`; the threads write disjoint parts and finish first.
    unsafe { ffi::workloads_fill_omp(x.as_mut_ptr(), x.len(), v, nt) }
}

/// Sets every byte of `x` to `byte` with libc's `memset`, split in `threads` contiguous
/// parts: the machine's fill bandwidth, the reference for the fill workload.
///
/// Use a non-zero byte for the fill reference: on this project's machine (AMD EPYC,
/// KVM) stores of zeros run about 1.7x faster than stores of any other value, a fast
/// path no fill of 1.0 can take (`benches/README.md`, fill).
///
/// # Panics
///
/// If `threads` is zero or exceeds `c_int`.
pub fn memset_bytes(x: &mut [f64], byte: u8, threads: usize) {
    let nt = nt(threads);
    let bytes = std::mem::size_of_val(x);
    // SAFETY: the pointer is valid for writes of `bytes` bytes, and every bit pattern is
    // a valid f64. The threads write disjoint parts and finish first.
    unsafe { ffi::workloads_memset_omp(x.as_mut_ptr().cast(), bytes, byte, nt) }
}

/// Checks the window-copy arguments and returns `(x, tmp, n)`.
fn window_args<'a>(
    x: &'a Array2<f64>,
    tmp: &'a mut Array2<f64>,
    bs: usize,
) -> (&'a [f64], &'a mut [f64], usize) {
    let (n, n2) = x.dim();
    assert_eq!(n, n2, "window copy: a square array");
    assert_eq!(tmp.dim(), x.dim(), "window copy: tmp and X shapes differ");
    assert!(
        bs > 0 && n % bs == 0,
        "window copy: blocks of {bs} must tile {n}"
    );
    let x = x.as_slice().expect("window copy: a contiguous X");
    let tmp = tmp.as_slice_mut().expect("window copy: a contiguous tmp");
    (x, tmp, n)
}

/// `tmp[x, y] = X[x, y]` window by window (`bs` x `bs`), one thread (seed 002).
///
/// # Panics
///
/// If the arrays are not square, contiguous, of one shape, or `bs` does not tile them.
pub fn window_copy_seq(x: &Array2<f64>, tmp: &mut Array2<f64>, bs: usize) {
    let (x, tmp, n) = window_args(x, tmp, bs);
    // SAFETY: both hold n * n elements, checked above, and `tmp` is a unique borrow.
    unsafe { ffi::workloads_window_copy_seq(x.as_ptr(), tmp.as_mut_ptr(), n, bs) }
}

/// [`window_copy_seq`] with the rows of windows split between `threads` OpenMP threads.
///
/// # Panics
///
/// As [`window_copy_seq`], and if `threads` is zero or exceeds `c_int`.
pub fn window_copy_omp(x: &Array2<f64>, tmp: &mut Array2<f64>, bs: usize, threads: usize) {
    let nt = nt(threads);
    let (x, tmp, n) = window_args(x, tmp, bs);
    // SAFETY: as in `window_copy_seq`; the threads write disjoint rows.
    unsafe { ffi::workloads_window_copy_omp(x.as_ptr(), tmp.as_mut_ptr(), n, bs, nt) }
}
