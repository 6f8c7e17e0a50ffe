//! Classic race-free loop kernels, written the way a scientist ports them from C/OpenMP,
//! Fortran or NumPy: DataRaceBench `*-orig-no` microbenchmarks, PolyBench kernels and
//! textbook dependence examples. Every kernel here is free of data races, so
//! `#[parallel]` must accept it (issue 3: "no race-free kernel rejected").
//!
//! Each kernel is a `#[parallel]` function plus a sequential reference: the same loop
//! with a plain range. Both run on random data (a local xorshift generator) under 1, 2,
//! 3 and 8 threads. Outputs that are not reductions must be exactly equal. Scalar
//! floating-point reductions may be reassociated by parfor (per-chunk partials), so they
//! are compared with a relative tolerance of `1e-9` scaled by the magnitude of the
//! terms (see [`assert_close`]); integer reductions, `min` and `max` must be exact.
//!
//! Kernels that `#[parallel]` rejected although they are race-free live in
//! `tests/ui/kernels-pending/` instead (not run by any test), each with its error.
// Scientists port C loops with index loops, `a[i] = a[i] + x` and temporaries, and some
// kernels take `&mut Vec` on purpose (Vec is one of the containers under test): these
// lints flag the very style the kernels are meant to exercise.
#![allow(
    clippy::needless_range_loop,
    clippy::ptr_arg,
    clippy::assign_op_pattern,
    clippy::manual_memcpy,
    clippy::manual_swap,
    clippy::too_many_arguments
)]

use std::fmt::Debug;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use parfor::prelude::*;

/// The thread counts every kernel runs under.
const THREADS: [usize; 4] = [1, 2, 3, 8];

/// xorshift64*: a tiny deterministic generator for test data.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `[-1, 1)`.
    fn f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 * 2.0 - 1.0
    }

    /// Uniform in `0..n`.
    fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    fn vec(&mut self, n: usize) -> Vec<f64> {
        (0..n).map(|_| self.f64()).collect()
    }

    fn array2(&mut self, n: usize, m: usize) -> Array2<f64> {
        Array2::from_shape_fn((n, m), |_| self.f64())
    }
}

/// Runs `run` under each thread count and checks it returns exactly `want`.
fn exact<T: PartialEq + Debug>(name: &str, want: &T, mut run: impl FnMut() -> T) {
    for t in THREADS {
        let got = parfor::with_num_threads(t, &mut run);
        assert!(
            &got == want,
            "{name}: wrong result with {t} threads:\n got {got:?}\nwant {want:?}"
        );
    }
}

/// A reassociated floating-point reduction: `|got - want| <= 1e-9 * max(1, |want|, scale)`
/// where `scale` bounds the sum of the magnitudes of the reduced terms.
fn assert_close(name: &str, threads: usize, want: f64, got: f64, scale: f64) {
    let tol = 1e-9 * want.abs().max(scale).max(1.0);
    assert!(
        (got - want).abs() <= tol,
        "{name}: reduction off with {threads} threads: got {got}, want {want} (tol {tol})"
    );
}

// ================================================================ DataRaceBench *-orig-no

// DOALL, read and write of the same element (DRB045-doall1-orig-no).
#[parallel]
fn doall1(a: &mut Vec<i32>) {
    for i in prange(a.len()) {
        a[i] = a[i] + 1;
    }
}

fn doall1_seq(a: &mut Vec<i32>) {
    for i in 0..a.len() {
        a[i] = a[i] + 1;
    }
}

// DOALL over a 2-D array, rows in parallel (DRB046-doall2-orig-no).
#[parallel]
fn doall2(a: &mut Array2<f64>) {
    let (n, m) = a.dim();
    for i in prange(n) {
        for j in 0..m {
            a[[i, j]] = a[[i, j]] + 1.0;
        }
    }
}

fn doall2_seq(a: &mut Array2<f64>) {
    let (n, m) = a.dim();
    for i in 0..n {
        for j in 0..m {
            a[[i, j]] = a[[i, j]] + 1.0;
        }
    }
}

// DOALL over bytes (DRB047-doallchar-orig-no).
#[parallel]
fn doallchar(a: &mut [u8]) {
    for i in prange(a.len()) {
        a[i] = a[i].wrapping_add(1);
    }
}

fn doallchar_seq(a: &mut [u8]) {
    for i in 0..a.len() {
        a[i] = a[i].wrapping_add(1);
    }
}

// DOALL reading a captured loop-invariant scalar (DRB048-firstprivate-orig-no).
#[parallel]
fn firstprivate(a: &mut [f64], g: f64) {
    for i in prange(a.len()) {
        a[i] = a[i] + g;
    }
}

fn firstprivate_seq(a: &mut [f64], g: f64) {
    for i in 0..a.len() {
        a[i] = a[i] + g;
    }
}

// Private temporary declared in the body, loop bound from a parameter
// (DRB050-functionparameter-orig-no).
#[parallel]
fn functionparameter(o1: &mut [f64], c: &[f64], len: usize) {
    for i in prange(len) {
        let volnew_o8 = 0.5 * c[i];
        o1[i] = volnew_o8;
    }
}

fn functionparameter_seq(o1: &mut [f64], c: &[f64], len: usize) {
    for i in 0..len {
        let volnew_o8 = 0.5 * c[i];
        o1[i] = volnew_o8;
    }
}

// Only the inner loop is parallel; the dependence on row i+1 is carried by the
// sequential outer loop (DRB053-inneronly1-orig-no).
#[parallel]
fn inneronly1(a: &mut Array2<f64>) {
    let (n, m) = a.dim();
    for i in 0..n - 1 {
        for j in prange(m) {
            a[[i, j]] += a[[i + 1, j]];
        }
    }
}

fn inneronly1_seq(a: &mut Array2<f64>) {
    let (n, m) = a.dim();
    for i in 0..n - 1 {
        for j in 0..m {
            a[[i, j]] += a[[i + 1, j]];
        }
    }
}

// Only the inner loop is parallel; true dependence on row i-1 carried by the outer
// sequential loop (DRB054-inneronly2-orig-no).
#[parallel]
fn inneronly2(b: &mut Array2<f64>) {
    let (n, m) = b.dim();
    for i in 1..n {
        for j in prange(m) {
            b[[i, j]] = b[[i - 1, j]] + 1.0;
        }
    }
}

fn inneronly2_seq(b: &mut Array2<f64>) {
    let (n, m) = b.dim();
    for i in 1..n {
        for j in 0..m {
            b[[i, j]] = b[[i - 1, j]] + 1.0;
        }
    }
}

// Jacobi sweep with a separate old array, plus an error reduction
// (DRB058-jacobikernel-orig-no).
#[parallel]
fn jacobikernel(
    u: &mut Array2<f64>,
    uold: &mut Array2<f64>,
    f: &Array2<f64>,
    omega: f64,
    ax: f64,
    ay: f64,
    b: f64,
) -> f64 {
    let (n, m) = u.dim();
    let mut error = 0.0;
    for i in prange(n) {
        for j in 0..m {
            uold[[i, j]] = u[[i, j]];
        }
    }
    for i in prange(1..n - 1) {
        for j in 1..m - 1 {
            let resid = (ax * (uold[[i - 1, j]] + uold[[i + 1, j]])
                + ay * (uold[[i, j - 1]] + uold[[i, j + 1]])
                + b * uold[[i, j]]
                - f[[i, j]])
                / b;
            u[[i, j]] = uold[[i, j]] - omega * resid;
            error = error + resid * resid;
        }
    }
    error.sqrt() / (n * m) as f64
}

fn jacobikernel_seq(
    u: &mut Array2<f64>,
    uold: &mut Array2<f64>,
    f: &Array2<f64>,
    omega: f64,
    ax: f64,
    ay: f64,
    b: f64,
) -> f64 {
    let (n, m) = u.dim();
    let mut error = 0.0;
    for i in 0..n {
        for j in 0..m {
            uold[[i, j]] = u[[i, j]];
        }
    }
    for i in 1..n - 1 {
        for j in 1..m - 1 {
            let resid = (ax * (uold[[i - 1, j]] + uold[[i + 1, j]])
                + ay * (uold[[i, j - 1]] + uold[[i, j + 1]])
                + b * uold[[i, j]]
                - f[[i, j]])
                / b;
            u[[i, j]] = uold[[i, j]] - omega * resid;
            error = error + resid * resid;
        }
    }
    error.sqrt() / (n * m) as f64
}

// Matrix-matrix product accumulating into C, rows in parallel
// (DRB060-matrixmultiply-orig-no, PolyBench gemm).
#[parallel]
fn matrixmultiply(a: &Array2<f64>, b: &Array2<f64>, c: &mut Array2<f64>) {
    let (n, p) = a.dim();
    let m = b.ncols();
    for i in prange(n) {
        for j in 0..m {
            for k in 0..p {
                c[[i, j]] += a[[i, k]] * b[[k, j]];
            }
        }
    }
}

fn matrixmultiply_seq(a: &Array2<f64>, b: &Array2<f64>, c: &mut Array2<f64>) {
    let (n, p) = a.dim();
    let m = b.ncols();
    for i in 0..n {
        for j in 0..m {
            for k in 0..p {
                c[[i, j]] += a[[i, k]] * b[[k, j]];
            }
        }
    }
}

// Matrix-vector product over `Vec<Vec<f64>>` with a private accumulator
// (DRB061-matrixvector1-orig-no).
#[parallel]
fn matrixvector1(a: &[Vec<f64>], v: &[f64], v_out: &mut Vec<f64>) {
    for i in prange(a.len()) {
        let mut sum = 0.0;
        for j in 0..v.len() {
            sum += a[i][j] * v[j];
        }
        v_out[i] = sum;
    }
}

fn matrixvector1_seq(a: &[Vec<f64>], v: &[f64], v_out: &mut Vec<f64>) {
    for i in 0..a.len() {
        let mut sum = 0.0;
        for j in 0..v.len() {
            sum += a[i][j] * v[j];
        }
        v_out[i] = sum;
    }
}

// Matrix-vector product with the inner loop parallel as a reduction
// (DRB062-matrixvector2-orig-no).
#[parallel]
fn matrixvector2(a: &Array2<f64>, v: &[f64], v_out: &mut [f64]) {
    let (n, m) = a.dim();
    for i in 0..n {
        let mut sum = 0.0;
        for j in prange(m) {
            sum += a[[i, j]] * v[j];
        }
        v_out[i] = sum;
    }
}

fn matrixvector2_seq(a: &Array2<f64>, v: &[f64], v_out: &mut [f64]) {
    let (n, m) = a.dim();
    for i in 0..n {
        let mut sum = 0.0;
        for j in 0..m {
            sum += a[[i, j]] * v[j];
        }
        v_out[i] = sum;
    }
}

// Anti dependence along the sequential inner loop only; rows in parallel
// (DRB063-outeronly1-orig-no).
#[parallel]
fn outeronly1(b: &mut Array2<f64>) {
    let (n, m) = b.dim();
    for i in prange(n) {
        for j in 0..m - 1 {
            b[[i, j]] = b[[i, j + 1]];
        }
    }
}

fn outeronly1_seq(b: &mut Array2<f64>) {
    let (n, m) = b.dim();
    for i in 0..n {
        for j in 0..m - 1 {
            b[[i, j]] = b[[i, j + 1]];
        }
    }
}

// True dependence along the sequential inner loop only (row-wise running sum); rows in
// parallel (DRB064-outeronly2-orig-no).
#[parallel]
fn outeronly2(b: &mut Array2<f64>) {
    let (n, m) = b.dim();
    for i in prange(n) {
        for j in 1..m {
            b[[i, j]] = b[[i, j - 1]] + b[[i, j]];
        }
    }
}

fn outeronly2_seq(b: &mut Array2<f64>) {
    let (n, m) = b.dim();
    for i in 0..n {
        for j in 1..m {
            b[[i, j]] = b[[i, j - 1]] + b[[i, j]];
        }
    }
}

// Scalar sum reduction written `s = s + e`, private x (DRB065-pireduction-orig-no).
#[parallel]
fn pireduction(num_steps: usize) -> f64 {
    let interval_width = 1.0 / num_steps as f64;
    let mut pi = 0.0;
    for i in prange(num_steps) {
        let x = (i as f64 + 0.5) * interval_width;
        pi = pi + 1.0 / (x * x + 1.0);
    }
    pi * 4.0 * interval_width
}

fn pireduction_seq(num_steps: usize) -> f64 {
    let interval_width = 1.0 / num_steps as f64;
    let mut pi = 0.0;
    for i in 0..num_steps {
        let x = (i as f64 + 0.5) * interval_width;
        pi = pi + 1.0 / (x * x + 1.0);
    }
    pi * 4.0 * interval_width
}

// Two distinct arrays written at i (DRB066-pointernoaliasing-orig-no,
// DRB067-restrictpointer1-orig-no).
#[parallel]
fn pointernoaliasing(new_sxx: &mut [f64], new_syy: &mut [f64], len: usize) {
    for i in prange(len) {
        new_sxx[i] = 0.5 * i as f64;
        new_syy[i] = -(i as f64);
    }
}

fn pointernoaliasing_seq(new_sxx: &mut [f64], new_syy: &mut [f64], len: usize) {
    for i in 0..len {
        new_sxx[i] = 0.5 * i as f64;
        new_syy[i] = -(i as f64);
    }
}

// Element-wise vector add (DRB070-simd1-orig-no).
#[parallel]
fn simd1(a: &mut [f64], b: &[f64], c: &[f64]) {
    for i in prange(a.len()) {
        a[i] = b[i] + c[i];
    }
}

fn simd1_seq(a: &mut [f64], b: &[f64], c: &[f64]) {
    for i in 0..a.len() {
        a[i] = b[i] + c[i];
    }
}

// Sum of squares over a 2-D array with the temporary declared in the body: the
// race-free form of DRB021-reductionmissing (the reduction is inferred).
#[parallel]
fn sum_of_squares(u: &Array2<f64>) -> f64 {
    let (n, m) = u.dim();
    let mut sum = 0.0;
    for i in prange(n) {
        for j in 0..m {
            let temp = u[[i, j]];
            sum = sum + temp * temp;
        }
    }
    sum
}

fn sum_of_squares_seq(u: &Array2<f64>) -> f64 {
    let (n, m) = u.dim();
    let mut sum = 0.0;
    for i in 0..n {
        for j in 0..m {
            let temp = u[[i, j]];
            sum = sum + temp * temp;
        }
    }
    sum
}

// Counter incremented in the body, `x++` style: inferred reduction
// (the parfor form of DRB109-orderedmissing).
#[parallel]
fn count_above(x: &[f64], threshold: f64) -> usize {
    let mut count = 0;
    for i in prange(x.len()) {
        if x[i] > threshold {
            count += 1;
        }
    }
    count
}

fn count_above_seq(x: &[f64], threshold: f64) -> usize {
    let mut count = 0;
    for i in 0..x.len() {
        if x[i] > threshold {
            count += 1;
        }
    }
    count
}

// ================================================================ reductions

// Dot product written `s = s + e` (textbook reduction).
#[parallel]
fn dot(x: &[f64], y: &[f64]) -> f64 {
    let mut s = 0.0;
    for i in prange(x.len()) {
        s = s + x[i] * y[i];
    }
    s
}

fn dot_seq(x: &[f64], y: &[f64]) -> f64 {
    let mut s = 0.0;
    for i in 0..x.len() {
        s = s + x[i] * y[i];
    }
    s
}

// Several reductions in one loop: sum, sum of squares, min and max (textbook statistics).
#[parallel]
fn stats(x: &[f64]) -> (f64, f64, f64, f64) {
    let mut sum = 0.0;
    let mut sumsq = 0.0;
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    for i in prange(x.len()) {
        sum += x[i];
        sumsq += x[i] * x[i];
        lo = lo.min(x[i]);
        hi = hi.max(x[i]);
    }
    (sum, sumsq, lo, hi)
}

fn stats_seq(x: &[f64]) -> (f64, f64, f64, f64) {
    let mut sum = 0.0;
    let mut sumsq = 0.0;
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    for i in 0..x.len() {
        sum += x[i];
        sumsq += x[i] * x[i];
        lo = lo.min(x[i]);
        hi = hi.max(x[i]);
    }
    (sum, sumsq, lo, hi)
}

// Integer reductions: sum, product (wrapping-free range), xor, and `s = s - e`.
#[parallel]
fn int_reductions(v: &[i64]) -> (i64, i64, i64, i64) {
    let mut total = 0;
    let mut prod = 1;
    let mut bits = 0;
    let mut neg = 0;
    for i in prange(v.len()) {
        total += v[i];
        prod *= v[i] % 3 + 2;
        bits ^= v[i];
        neg = neg - v[i];
    }
    (total, prod % 1_000_003, bits, neg)
}

fn int_reductions_seq(v: &[i64]) -> (i64, i64, i64, i64) {
    let mut total = 0;
    let mut prod = 1;
    let mut bits = 0;
    let mut neg = 0;
    for i in 0..v.len() {
        total += v[i];
        prod *= v[i] % 3 + 2;
        bits ^= v[i];
        neg = neg - v[i];
    }
    (total, prod % 1_000_003, bits, neg)
}

// Conditional reductions with `continue` skipping missing values (NaN).
#[parallel]
fn mean_positive(x: &[f64]) -> (usize, f64) {
    let mut count = 0;
    let mut total = 0.0;
    for i in prange(x.len()) {
        if x[i].is_nan() || x[i] <= 0.0 {
            continue;
        }
        count += 1;
        total += x[i];
    }
    (count, total)
}

fn mean_positive_seq(x: &[f64]) -> (usize, f64) {
    let mut count = 0;
    let mut total = 0.0;
    for i in 0..x.len() {
        if x[i].is_nan() || x[i] <= 0.0 {
            continue;
        }
        count += 1;
        total += x[i];
    }
    (count, total)
}

// ================================================================ DOALL with control flow

// Clipping with if / else if / else, each branch writing out[i].
#[parallel]
fn clip(x: &[f64], out: &mut [f64], lo: f64, hi: f64) {
    for i in prange(x.len()) {
        if x[i] > hi {
            out[i] = hi;
        } else if x[i] < lo {
            out[i] = lo;
        } else {
            out[i] = x[i];
        }
    }
}

fn clip_seq(x: &[f64], out: &mut [f64], lo: f64, hi: f64) {
    for i in 0..x.len() {
        if x[i] > hi {
            out[i] = hi;
        } else if x[i] < lo {
            out[i] = lo;
        } else {
            out[i] = x[i];
        }
    }
}

// Per-element `match` on a label array, every arm writing out[i].
#[parallel]
fn by_label(labels: &[u8], x: &[f64], out: &mut Vec<f64>) {
    for i in prange(x.len()) {
        match labels[i] {
            0 => out[i] = x[i],
            1 => out[i] = -x[i],
            _ => out[i] = 0.0,
        }
    }
}

fn by_label_seq(labels: &[u8], x: &[f64], out: &mut Vec<f64>) {
    for i in 0..x.len() {
        match labels[i] {
            0 => out[i] = x[i],
            1 => out[i] = -x[i],
            _ => out[i] = 0.0,
        }
    }
}

// Escape-time iteration per pixel: private counters and a `break` out of the inner
// `while` loop only (Mandelbrot, textbook embarrassingly parallel).
#[parallel]
fn mandelbrot(out: &mut Array2<u32>, max_iter: u32) {
    let (h, w) = out.dim();
    for p in prange(h) {
        for q in 0..w {
            let cr = -2.0 + 2.5 * q as f64 / w as f64;
            let ci = -1.25 + 2.5 * p as f64 / h as f64;
            let (mut zr, mut zi) = (0.0f64, 0.0f64);
            let mut it = 0;
            while it < max_iter {
                let t = zr * zr - zi * zi + cr;
                zi = 2.0 * zr * zi + ci;
                zr = t;
                if zr * zr + zi * zi > 4.0 {
                    break;
                }
                it += 1;
            }
            out[[p, q]] = it;
        }
    }
}

fn mandelbrot_seq(out: &mut Array2<u32>, max_iter: u32) {
    let (h, w) = out.dim();
    for p in 0..h {
        for q in 0..w {
            let cr = -2.0 + 2.5 * q as f64 / w as f64;
            let ci = -1.25 + 2.5 * p as f64 / h as f64;
            let (mut zr, mut zi) = (0.0f64, 0.0f64);
            let mut it = 0;
            while it < max_iter {
                let t = zr * zr - zi * zi + cr;
                zi = 2.0 * zr * zi + ci;
                zr = t;
                if zr * zr + zi * zi > 4.0 {
                    break;
                }
                it += 1;
            }
            out[[p, q]] = it;
        }
    }
}

// A helper closure defined in the body that only reads captures.
#[parallel]
fn local_closure(x: &[f64], out: &mut [f64], c: f64) {
    for i in prange(x.len()) {
        let f = |v: f64| v * v + c;
        out[i] = f(x[i]) - f(-x[i] * 0.5);
    }
}

fn local_closure_seq(x: &[f64], out: &mut [f64], c: f64) {
    for i in 0..x.len() {
        let f = |v: f64| v * v + c;
        out[i] = f(x[i]) - f(-x[i] * 0.5);
    }
}

// A sanity assertion on the element just written.
#[parallel]
fn abs_checked(x: &[f64], out: &mut [f64]) {
    for i in prange(x.len()) {
        out[i] = x[i].abs();
        debug_assert!(out[i] >= 0.0, "negative magnitude at {i}");
    }
}

fn abs_checked_seq(x: &[f64], out: &mut [f64]) {
    for i in 0..x.len() {
        out[i] = x[i].abs();
        debug_assert!(out[i] >= 0.0, "negative magnitude at {i}");
    }
}

// ================================================================ indexing patterns

// Gather through an index array: indirect reads only.
#[parallel]
fn gather(x: &[f64], idx: &[usize], out: &mut [f64]) {
    for i in prange(idx.len()) {
        out[i] = x[idx[i]];
    }
}

fn gather_seq(x: &[f64], idx: &[usize], out: &mut [f64]) {
    for i in 0..idx.len() {
        out[i] = x[idx[i]];
    }
}

// Scalar expansion: the temporary became an array written and re-read at i.
#[parallel]
fn scalar_expansion(a: &[f64], t: &mut [f64], b: &mut [f64]) {
    for i in prange(a.len()) {
        t[i] = a[i] * 2.0;
        b[i] = t[i] + 1.0;
    }
}

fn scalar_expansion_seq(a: &[f64], t: &mut [f64], b: &mut [f64]) {
    for i in 0..a.len() {
        t[i] = a[i] * 2.0;
        b[i] = t[i] + 1.0;
    }
}

// Signed 64-bit loop variable cast to an index (C port with `long i`).
#[parallel]
fn i64_index(out: &mut [f64], n: i64) {
    for i in prange(0..n) {
        out[i as usize] = (i * i) as f64 - 3.0 * i as f64;
    }
}

fn i64_index_seq(out: &mut [f64], n: i64) {
    for i in 0..n {
        out[i as usize] = (i * i) as f64 - 3.0 * i as f64;
    }
}

// One-based inclusive loop, Fortran style `do i = 1, n` writing out(i) as out[i - 1].
#[parallel]
fn one_based(x: &[f64], out: &mut [f64]) {
    let n = x.len();
    for i in prange(1..=n) {
        out[i - 1] = x[i - 1] / i as f64;
    }
}

fn one_based_seq(x: &[f64], out: &mut [f64]) {
    let n = x.len();
    for i in 1..=n {
        out[i - 1] = x[i - 1] / i as f64;
    }
}

// Pairwise sums into the even slots; odd slots only read (stride-2 loop).
#[parallel]
fn pair_sums_step2(a: &mut [f64]) {
    let n = a.len();
    for i in prange((0..n - 1).step_by(2)) {
        a[i] = a[i] + a[i + 1];
    }
}

fn pair_sums_step2_seq(a: &mut [f64]) {
    let n = a.len();
    for i in (0..n - 1).step_by(2) {
        a[i] = a[i] + a[i + 1];
    }
}

// Two writes per iteration at 2*i and 2*i+1 (interleave / complex split).
#[parallel]
fn interleave(re: &[f64], im: &[f64], out: &mut [f64]) {
    for i in prange(re.len()) {
        out[2 * i] = re[i];
        out[2 * i + 1] = im[i];
    }
}

fn interleave_seq(re: &[f64], im: &[f64], out: &mut [f64]) {
    for i in 0..re.len() {
        out[2 * i] = re[i];
        out[2 * i + 1] = im[i];
    }
}

// ================================================================ stencils

// 1-D three-point smoothing into a separate output; boundaries via `if`.
#[parallel]
fn smooth3(x: &[f64], out: &mut [f64]) {
    let n = x.len();
    for i in prange(n) {
        let left = if i > 0 { x[i - 1] } else { x[i] };
        let right = if i + 1 < n { x[i + 1] } else { x[i] };
        out[i] = 0.25 * left + 0.5 * x[i] + 0.25 * right;
    }
}

fn smooth3_seq(x: &[f64], out: &mut [f64]) {
    let n = x.len();
    for i in 0..n {
        let left = if i > 0 { x[i - 1] } else { x[i] };
        let right = if i + 1 < n { x[i + 1] } else { x[i] };
        out[i] = 0.25 * left + 0.5 * x[i] + 0.25 * right;
    }
}

// Ping-pong Jacobi: each loop reads one array at i-1, i, i+1 and writes the other
// (PolyBench jacobi-1d).
#[parallel]
fn jacobi_1d(steps: usize, a: &mut [f64], b: &mut [f64]) {
    let n = a.len();
    for _t in 0..steps {
        for i in prange(1..n - 1) {
            b[i] = (a[i - 1] + a[i] + a[i + 1]) / 3.0;
        }
        for i in prange(1..n - 1) {
            a[i] = (b[i - 1] + b[i] + b[i + 1]) / 3.0;
        }
    }
}

fn jacobi_1d_seq(steps: usize, a: &mut [f64], b: &mut [f64]) {
    let n = a.len();
    for _t in 0..steps {
        for i in 1..n - 1 {
            b[i] = (a[i - 1] + a[i] + a[i + 1]) / 3.0;
        }
        for i in 1..n - 1 {
            a[i] = (b[i - 1] + b[i] + b[i + 1]) / 3.0;
        }
    }
}

// Five-point Jacobi on a 2-D grid, separate input and output (PolyBench jacobi-2d,
// DRB055-jacobi2d-parallel-no).
#[parallel]
fn jacobi_2d(a: &Array2<f64>, b: &mut Array2<f64>) {
    let (n, m) = a.dim();
    for i in prange(1..n - 1) {
        for j in 1..m - 1 {
            b[[i, j]] =
                0.2 * (a[[i, j]] + a[[i, j - 1]] + a[[i, j + 1]] + a[[i + 1, j]] + a[[i - 1, j]]);
        }
    }
}

fn jacobi_2d_seq(a: &Array2<f64>, b: &mut Array2<f64>) {
    let (n, m) = a.dim();
    for i in 1..n - 1 {
        for j in 1..m - 1 {
            b[[i, j]] =
                0.2 * (a[[i, j]] + a[[i, j - 1]] + a[[i, j + 1]] + a[[i + 1, j]] + a[[i - 1, j]]);
        }
    }
}

// Seven-point heat equation on a 3-D grid, separate input and output (PolyBench heat-3d).
#[parallel]
fn heat_3d(a: &Array3<f64>, b: &mut Array3<f64>) {
    let n = a.len_of(Axis(0));
    for i in prange(1..n - 1) {
        for j in 1..n - 1 {
            for k in 1..n - 1 {
                b[[i, j, k]] = 0.125 * (a[[i + 1, j, k]] - 2.0 * a[[i, j, k]] + a[[i - 1, j, k]])
                    + 0.125 * (a[[i, j + 1, k]] - 2.0 * a[[i, j, k]] + a[[i, j - 1, k]])
                    + 0.125 * (a[[i, j, k + 1]] - 2.0 * a[[i, j, k]] + a[[i, j, k - 1]])
                    + a[[i, j, k]];
            }
        }
    }
}

fn heat_3d_seq(a: &Array3<f64>, b: &mut Array3<f64>) {
    let n = a.len_of(Axis(0));
    for i in 1..n - 1 {
        for j in 1..n - 1 {
            for k in 1..n - 1 {
                b[[i, j, k]] = 0.125 * (a[[i + 1, j, k]] - 2.0 * a[[i, j, k]] + a[[i - 1, j, k]])
                    + 0.125 * (a[[i, j + 1, k]] - 2.0 * a[[i, j, k]] + a[[i, j - 1, k]])
                    + 0.125 * (a[[i, j, k + 1]] - 2.0 * a[[i, j, k]] + a[[i, j, k - 1]])
                    + a[[i, j, k]];
            }
        }
    }
}

// 3x3 box blur through a 2-D slice of the (read-only) input image.
#[parallel]
fn box_blur(img: &Array2<f64>, out: &mut Array2<f64>) {
    let (n, m) = img.dim();
    for i in prange(1..n - 1) {
        for j in 1..m - 1 {
            out[[i, j]] = img.slice(s![i - 1..=i + 1, j - 1..=j + 1]).sum() / 9.0;
        }
    }
}

fn box_blur_seq(img: &Array2<f64>, out: &mut Array2<f64>) {
    let (n, m) = img.dim();
    for i in 1..n - 1 {
        for j in 1..m - 1 {
            out[[i, j]] = img.slice(s![i - 1..=i + 1, j - 1..=j + 1]).sum() / 9.0;
        }
    }
}

// Valid-mode 1-D convolution with a private accumulator (textbook FIR filter).
#[parallel]
fn conv1d_valid(x: &[f64], w: &[f64], out: &mut [f64]) {
    let k = w.len();
    for i in prange(x.len() - k + 1) {
        let mut acc = 0.0;
        for t in 0..k {
            acc += x[i + t] * w[t];
        }
        out[i] = acc;
    }
}

fn conv1d_valid_seq(x: &[f64], w: &[f64], out: &mut [f64]) {
    let k = w.len();
    for i in 0..x.len() - k + 1 {
        let mut acc = 0.0;
        for t in 0..k {
            acc += x[i + t] * w[t];
        }
        out[i] = acc;
    }
}

// ================================================================ dense linear algebra

// Matrix-vector product through ndarray row views (NumPy-style port).
#[parallel]
fn matvec_rows(a: &Array2<f64>, x: &Array1<f64>, y: &mut Array1<f64>) {
    for i in prange(a.nrows()) {
        y[i] = a.row(i).dot(x);
    }
}

fn matvec_rows_seq(a: &Array2<f64>, x: &Array1<f64>, y: &mut Array1<f64>) {
    for i in 0..a.nrows() {
        y[i] = a.row(i).dot(x);
    }
}

// Four loops of PolyBench gemver: rank-2 update, transposed mat-vec, axpy, mat-vec.
#[parallel]
fn gemver(
    a: &mut Array2<f64>,
    u1: &[f64],
    v1: &[f64],
    u2: &[f64],
    v2: &[f64],
    x: &mut [f64],
    y: &[f64],
    z: &[f64],
    w: &mut [f64],
) {
    let n = a.nrows();
    let (alpha, beta) = (1.5, 1.2);
    for i in prange(n) {
        for j in 0..n {
            a[[i, j]] = a[[i, j]] + u1[i] * v1[j] + u2[i] * v2[j];
        }
    }
    for i in prange(n) {
        for j in 0..n {
            x[i] = x[i] + beta * a[[j, i]] * y[j];
        }
    }
    for i in prange(n) {
        x[i] = x[i] + z[i];
    }
    for i in prange(n) {
        for j in 0..n {
            w[i] = w[i] + alpha * a[[i, j]] * x[j];
        }
    }
}

fn gemver_seq(
    a: &mut Array2<f64>,
    u1: &[f64],
    v1: &[f64],
    u2: &[f64],
    v2: &[f64],
    x: &mut [f64],
    y: &[f64],
    z: &[f64],
    w: &mut [f64],
) {
    let n = a.nrows();
    let (alpha, beta) = (1.5, 1.2);
    for i in 0..n {
        for j in 0..n {
            a[[i, j]] = a[[i, j]] + u1[i] * v1[j] + u2[i] * v2[j];
        }
    }
    for i in 0..n {
        for j in 0..n {
            x[i] = x[i] + beta * a[[j, i]] * y[j];
        }
    }
    for i in 0..n {
        x[i] = x[i] + z[i];
    }
    for i in 0..n {
        for j in 0..n {
            w[i] = w[i] + alpha * a[[i, j]] * x[j];
        }
    }
}

// Two mat-vec products, one through the transpose (PolyBench mvt).
#[parallel]
fn mvt(a: &Array2<f64>, x1: &mut [f64], x2: &mut [f64], y1: &[f64], y2: &[f64]) {
    let n = a.nrows();
    for i in prange(n) {
        for j in 0..n {
            x1[i] += a[[i, j]] * y1[j];
            x2[i] += a[[j, i]] * y2[j];
        }
    }
}

fn mvt_seq(a: &Array2<f64>, x1: &mut [f64], x2: &mut [f64], y1: &[f64], y2: &[f64]) {
    let n = a.nrows();
    for i in 0..n {
        for j in 0..n {
            x1[i] += a[[i, j]] * y1[j];
            x2[i] += a[[j, i]] * y2[j];
        }
    }
}

// Symmetric rank-k update of the lower triangle, triangular inner loops (PolyBench syrk).
#[parallel]
fn syrk(c: &mut Array2<f64>, a: &Array2<f64>, alpha: f64, beta: f64) {
    let (n, m) = a.dim();
    for i in prange(n) {
        for j in 0..=i {
            c[[i, j]] *= beta;
        }
        for k in 0..m {
            for j in 0..=i {
                c[[i, j]] += alpha * a[[i, k]] * a[[j, k]];
            }
        }
    }
}

fn syrk_seq(c: &mut Array2<f64>, a: &Array2<f64>, alpha: f64, beta: f64) {
    let (n, m) = a.dim();
    for i in 0..n {
        for j in 0..=i {
            c[[i, j]] *= beta;
        }
        for k in 0..m {
            for j in 0..=i {
                c[[i, j]] += alpha * a[[i, k]] * a[[j, k]];
            }
        }
    }
}

// Column means and centring, columns in parallel with a private accumulator declared in
// the body (PolyBench covariance/correlation, first loops).
#[parallel]
fn center_columns(data: &Array2<f64>, means: &mut [f64], centered: &mut Array2<f64>) {
    let (n, m) = data.dim();
    for j in prange(m) {
        let mut mean = 0.0;
        for i in 0..n {
            mean += data[[i, j]];
        }
        mean /= n as f64;
        means[j] = mean;
        for i in 0..n {
            centered[[i, j]] = data[[i, j]] - mean;
        }
    }
}

fn center_columns_seq(data: &Array2<f64>, means: &mut [f64], centered: &mut Array2<f64>) {
    let (n, m) = data.dim();
    for j in 0..m {
        let mut mean = 0.0;
        for i in 0..n {
            mean += data[[i, j]];
        }
        mean /= n as f64;
        means[j] = mean;
        for i in 0..n {
            centered[[i, j]] = data[[i, j]] - mean;
        }
    }
}

// Out-of-place transpose, rows of the input in parallel (columns of the output).
#[parallel]
fn transpose(a: &Array2<f64>, out: &mut Array2<f64>) {
    let (n, m) = a.dim();
    for i in prange(n) {
        for j in 0..m {
            out[[j, i]] = a[[i, j]];
        }
    }
}

fn transpose_seq(a: &Array2<f64>, out: &mut Array2<f64>) {
    let (n, m) = a.dim();
    for i in 0..n {
        for j in 0..m {
            out[[j, i]] = a[[i, j]];
        }
    }
}

// Row-major matrix stored flat in a Vec, rows in parallel: `out[i * m + j]`.
#[parallel]
fn row_scale_flat(a: &[f64], s: &[f64], out: &mut Vec<f64>, n: usize, m: usize) {
    for i in prange(n) {
        for j in 0..m {
            out[i * m + j] = a[i * m + j] * s[i];
        }
    }
}

fn row_scale_flat_seq(a: &[f64], s: &[f64], out: &mut Vec<f64>, n: usize, m: usize) {
    for i in 0..n {
        for j in 0..m {
            out[i * m + j] = a[i * m + j] * s[i];
        }
    }
}

// Row normalisation through ndarray row views: assign a whole output row.
#[parallel]
fn normalize_rows(a: &Array2<f64>, out: &mut Array2<f64>) {
    for i in prange(a.nrows()) {
        let s = a.row(i).sum();
        out.row_mut(i).assign(&(&a.row(i) / s));
    }
}

fn normalize_rows_seq(a: &Array2<f64>, out: &mut Array2<f64>) {
    for i in 0..a.nrows() {
        let s = a.row(i).sum();
        out.row_mut(i).assign(&(&a.row(i) / s));
    }
}

// A mutable row view bound to a local, then filled element by element.
#[parallel]
fn fill_rows(a: &Array2<f64>, out: &mut Array2<f64>) {
    let m = a.ncols();
    for i in prange(a.nrows()) {
        let mut row = out.row_mut(i);
        for j in 0..m {
            row[j] = a[[i, j]] * (j as f64 + 1.0);
        }
    }
}

fn fill_rows_seq(a: &Array2<f64>, out: &mut Array2<f64>) {
    let m = a.ncols();
    for i in 0..a.nrows() {
        let mut row = out.row_mut(i);
        for j in 0..m {
            row[j] = a[[i, j]] * (j as f64 + 1.0);
        }
    }
}

// Element-wise sum of `Vec<Vec<f64>>` matrices (C `double a[N][M]` port).
#[parallel]
fn add_nested(a: &[Vec<f64>], b: &[Vec<f64>], c: &mut [Vec<f64>]) {
    for i in prange(a.len()) {
        for j in 0..a[i].len() {
            c[i][j] = a[i][j] + b[i][j];
        }
    }
}

fn add_nested_seq(a: &[Vec<f64>], b: &[Vec<f64>], c: &mut [Vec<f64>]) {
    for i in 0..a.len() {
        for j in 0..a[i].len() {
            c[i][j] = a[i][j] + b[i][j];
        }
    }
}

// Multiresolution kernel with a private temporary array allocated in the body
// (PolyBench doitgen, privatised).
#[parallel]
fn doitgen(a: &mut Array3<f64>, c4: &Array2<f64>) {
    let (nr, nq, np) = a.dim();
    for r in prange(nr) {
        let mut sum = vec![0.0; np];
        for q in 0..nq {
            for p in 0..np {
                sum[p] = 0.0;
                for s in 0..np {
                    sum[p] += a[[r, q, s]] * c4[[s, p]];
                }
            }
            for p in 0..np {
                a[[r, q, p]] = sum[p];
            }
        }
    }
}

fn doitgen_seq(a: &mut Array3<f64>, c4: &Array2<f64>) {
    let (nr, nq, np) = a.dim();
    for r in 0..nr {
        let mut sum = vec![0.0; np];
        for q in 0..nq {
            for p in 0..np {
                sum[p] = 0.0;
                for s in 0..np {
                    sum[p] += a[[r, q, s]] * c4[[s, p]];
                }
            }
            for p in 0..np {
                a[[r, q, p]] = sum[p];
            }
        }
    }
}

// ================================================================ windows and blocks

// Sums of overlapping windows of a read-only signal (sliding-window features).
#[parallel]
fn window_sums(x: ArrayView1<f64>, out: &mut Array1<f64>, len: usize, hop: usize) {
    for w in prange(out.len()) {
        out[w] = x.slice(s![w * hop..w * hop + len]).sum();
    }
}

fn window_sums_seq(x: ArrayView1<f64>, out: &mut Array1<f64>, len: usize, hop: usize) {
    for w in 0..out.len() {
        out[w] = x.slice(s![w * hop..w * hop + len]).sum();
    }
}

// Two-pass block scan, pass 1: private running sum per block, written at k and at b
// (textbook parallel prefix sum).
#[parallel]
fn block_scan_local(x: &[f64], out: &mut [f64], block_sum: &mut [f64], bs: usize) {
    for b in prange(block_sum.len()) {
        let mut s = 0.0;
        for k in b * bs..(b + 1) * bs {
            s += x[k];
            out[k] = s;
        }
        block_sum[b] = s;
    }
}

fn block_scan_local_seq(x: &[f64], out: &mut [f64], block_sum: &mut [f64], bs: usize) {
    for b in 0..block_sum.len() {
        let mut s = 0.0;
        for k in b * bs..(b + 1) * bs {
            s += x[k];
            out[k] = s;
        }
        block_sum[b] = s;
    }
}

// Two-pass block scan, pass 2: add each block's offset to its own block.
#[parallel]
fn block_scan_add(out: &mut [f64], offset: &[f64], bs: usize) {
    for b in prange(offset.len()) {
        for k in b * bs..(b + 1) * bs {
            out[k] += offset[b];
        }
    }
}

fn block_scan_add_seq(out: &mut [f64], offset: &[f64], bs: usize) {
    for b in 0..offset.len() {
        for k in b * bs..(b + 1) * bs {
            out[k] += offset[b];
        }
    }
}

// Block copy through slice methods: `out[lo..hi].copy_from_slice(..)`.
#[parallel]
fn block_copy(x: &[f64], out: &mut [f64], bs: usize) {
    for b in prange(x.len() / bs) {
        let lo = b * bs;
        let hi = lo + bs;
        out[lo..hi].copy_from_slice(&x[lo..hi]);
    }
}

fn block_copy_seq(x: &[f64], out: &mut [f64], bs: usize) {
    for b in 0..x.len() / bs {
        let lo = b * bs;
        let hi = lo + bs;
        out[lo..hi].copy_from_slice(&x[lo..hi]);
    }
}

// Block fill through an iterator over the block's own sub-slice.
#[parallel]
fn block_iter_mut(x: &[f64], out: &mut [f64], bs: usize) {
    for b in prange(x.len() / bs) {
        let lo = b * bs;
        for (k, o) in out[lo..lo + bs].iter_mut().enumerate() {
            *o = x[lo + k] * 2.0;
        }
    }
}

fn block_iter_mut_seq(x: &[f64], out: &mut [f64], bs: usize) {
    for b in 0..x.len() / bs {
        let lo = b * bs;
        for (k, o) in out[lo..lo + bs].iter_mut().enumerate() {
            *o = x[lo + k] * 2.0;
        }
    }
}

// ================================================================ explicit synchronisation

// A shared total and a shared hit list behind `Mutex`es the user locks explicitly
// (DRB-style critical sections, race-free).
#[parallel]
fn mutex_collect(x: &[f64]) -> (Vec<usize>, f64) {
    let total = Mutex::new(0.0);
    let hits = Mutex::new(Vec::new());
    for i in prange(x.len()) {
        if x[i] > 0.5 {
            hits.lock().unwrap().push(i);
        }
        *total.lock().unwrap() += x[i];
    }
    let mut hits = hits.into_inner().unwrap();
    hits.sort_unstable();
    (hits, total.into_inner().unwrap())
}

fn mutex_collect_seq(x: &[f64]) -> (Vec<usize>, f64) {
    let total = Mutex::new(0.0);
    let hits = Mutex::new(Vec::new());
    for i in 0..x.len() {
        if x[i] > 0.5 {
            hits.lock().unwrap().push(i);
        }
        *total.lock().unwrap() += x[i];
    }
    let mut hits = hits.into_inner().unwrap();
    hits.sort_unstable();
    (hits, total.into_inner().unwrap())
}

// Atomic counter and an atomic histogram indexed by a computed bin.
#[parallel]
fn atomic_histogram(x: &[f64], hist: &[AtomicUsize]) -> usize {
    let nonneg = AtomicUsize::new(0);
    let bins = hist.len();
    for i in prange(x.len()) {
        let b = (((x[i] + 1.0) / 2.0 * bins as f64) as usize).min(bins - 1);
        hist[b].fetch_add(1, Ordering::Relaxed);
        if x[i] >= 0.0 {
            nonneg.fetch_add(1, Ordering::Relaxed);
        }
    }
    nonneg.into_inner()
}

fn atomic_histogram_seq(x: &[f64], hist: &[AtomicUsize]) -> usize {
    let nonneg = AtomicUsize::new(0);
    let bins = hist.len();
    for i in 0..x.len() {
        let b = (((x[i] + 1.0) / 2.0 * bins as f64) as usize).min(bins - 1);
        hist[b].fetch_add(1, Ordering::Relaxed);
        if x[i] >= 0.0 {
            nonneg.fetch_add(1, Ordering::Relaxed);
        }
    }
    nonneg.into_inner()
}

// ================================================================ more ports

// Periodic three-point stencil: neighbours through `%` of a read-only input.
#[parallel]
fn periodic_stencil(x: &[f64], out: &mut [f64]) {
    let n = x.len();
    for i in prange(n) {
        out[i] = 0.25 * x[(i + n - 1) % n] + 0.5 * x[i] + 0.25 * x[(i + 1) % n];
    }
}

fn periodic_stencil_seq(x: &[f64], out: &mut [f64]) {
    let n = x.len();
    for i in 0..n {
        out[i] = 0.25 * x[(i + n - 1) % n] + 0.5 * x[i] + 0.25 * x[(i + 1) % n];
    }
}

// Reversed copy into a separate output: out[n - 1 - i] (negative stride, disjoint).
#[parallel]
fn reverse_copy_out(x: &[f64], out: &mut [f64]) {
    let n = x.len();
    for i in prange(n) {
        out[n - 1 - i] = x[i];
    }
}

fn reverse_copy_out_seq(x: &[f64], out: &mut [f64]) {
    let n = x.len();
    for i in 0..n {
        out[n - 1 - i] = x[i];
    }
}

// Element-wise exchange of two arrays with `std::mem::swap` on the same index.
#[parallel]
fn swap_arrays(a: &mut [f64], b: &mut [f64]) {
    for i in prange(a.len()) {
        std::mem::swap(&mut a[i], &mut b[i]);
    }
}

fn swap_arrays_seq(a: &mut [f64], b: &mut [f64]) {
    for i in 0..a.len() {
        std::mem::swap(&mut a[i], &mut b[i]);
    }
}

// Flip every row in place (mirror an image left-right): all accesses stay in row i.
#[parallel]
fn flip_rows(a: &mut Array2<f64>) {
    let (n, m) = a.dim();
    for i in prange(n) {
        for j in 0..m / 2 {
            let t = a[[i, j]];
            a[[i, j]] = a[[i, m - 1 - j]];
            a[[i, m - 1 - j]] = t;
        }
    }
}

fn flip_rows_seq(a: &mut Array2<f64>) {
    let (n, m) = a.dim();
    for i in 0..n {
        for j in 0..m / 2 {
            let t = a[[i, j]];
            a[[i, j]] = a[[i, m - 1 - j]];
            a[[i, m - 1 - j]] = t;
        }
    }
}

// Store each row's sum in its own first column: a whole-row read of the row written.
#[parallel]
fn row_sum_first_col(a: &mut Array2<f64>) {
    for i in prange(a.nrows()) {
        let s = a.row(i).sum();
        a[[i, 0]] = s;
    }
}

fn row_sum_first_col_seq(a: &mut Array2<f64>) {
    for i in 0..a.nrows() {
        let s = a.row(i).sum();
        a[[i, 0]] = s;
    }
}

/// A simulation state with several fields, as scientists write them.
struct Fields {
    u: Vec<f64>,
    v: Vec<f64>,
    scale: f64,
}

// Writes through one struct field, reads of another field of the same struct.
#[parallel]
fn struct_fields(g: &mut Fields) {
    for i in prange(g.u.len()) {
        g.u[i] = g.v[i] * g.scale;
    }
}

fn struct_fields_seq(g: &mut Fields) {
    for i in 0..g.u.len() {
        g.u[i] = g.v[i] * g.scale;
    }
}

// A sub-range of the input copied to the start of the output: out[i - lo].
#[parallel]
// The expansion of the window offset `i - lo` contains `-1 * lo` (clippy::neg_multiply).
#[allow(clippy::neg_multiply)]
fn offset_window(x: &[f64], out: &mut [f64], lo: usize, hi: usize) {
    for i in prange(lo..hi) {
        out[i - lo] = x[i] * 3.0;
    }
}

fn offset_window_seq(x: &[f64], out: &mut [f64], lo: usize, hi: usize) {
    for i in lo..hi {
        out[i - lo] = x[i] * 3.0;
    }
}

// prange nested in prange (the inner one runs sequentially, as in Numba).
#[parallel]
fn nested_prange(a: &Array2<f64>, c: &mut Array2<f64>) {
    let (n, m) = a.dim();
    for i in prange(n) {
        for j in prange(m) {
            c[[i, j]] = a[[i, j]] * (i + j) as f64;
        }
    }
}

fn nested_prange_seq(a: &Array2<f64>, c: &mut Array2<f64>) {
    let (n, m) = a.dim();
    for i in 0..n {
        for j in 0..m {
            c[[i, j]] = a[[i, j]] * (i + j) as f64;
        }
    }
}

// Two parallel loops in one function with the whole-array sum between them.
#[parallel]
fn normalize_two_pass(x: &[f64], w: &mut [f64]) {
    for i in prange(x.len()) {
        w[i] = x[i].exp();
    }
    let total: f64 = w.iter().sum();
    for i in prange(w.len()) {
        w[i] /= total;
    }
}

fn normalize_two_pass_seq(x: &[f64], w: &mut [f64]) {
    for i in 0..x.len() {
        w[i] = x[i].exp();
    }
    let total: f64 = w.iter().sum();
    for i in 0..w.len() {
        w[i] /= total;
    }
}

// 3-D update split on the middle axis.
#[parallel]
fn middle_axis(a: &Array3<f64>, b: &mut Array3<f64>) {
    let (nx, ny, nz) = a.dim();
    for j in prange(ny) {
        for i in 0..nx {
            for k in 0..nz {
                b[[i, j, k]] = a[[i, j, k]] * 2.0 + j as f64;
            }
        }
    }
}

fn middle_axis_seq(a: &Array3<f64>, b: &mut Array3<f64>) {
    let (nx, ny, nz) = a.dim();
    for j in 0..ny {
        for i in 0..nx {
            for k in 0..nz {
                b[[i, j, k]] = a[[i, j, k]] * 2.0 + j as f64;
            }
        }
    }
}

// Whole-column assignment through `slice_mut(s![.., j])`.
#[parallel]
fn assign_columns(a: &Array2<f64>, out: &mut Array2<f64>) {
    for j in prange(a.ncols()) {
        let scaled = &a.column(j) * (j as f64 + 1.0);
        out.slice_mut(s![.., j]).assign(&scaled);
    }
}

fn assign_columns_seq(a: &Array2<f64>, out: &mut Array2<f64>) {
    for j in 0..a.ncols() {
        let scaled = &a.column(j) * (j as f64 + 1.0);
        out.slice_mut(s![.., j]).assign(&scaled);
    }
}

// Fill slices along the last axis of a 3-D stack (the seed's `index_axis(Axis(2), i)`).
#[parallel]
fn last_axis_fill(t: &Array3<f64>, out: &mut Array3<f64>) {
    for i in prange(t.len_of(Axis(2))) {
        let m = t.index_axis(Axis(2), i);
        out.index_axis_mut(Axis(2), i).assign(&m.t());
    }
}

fn last_axis_fill_seq(t: &Array3<f64>, out: &mut Array3<f64>) {
    for i in 0..t.len_of(Axis(2)) {
        let m = t.index_axis(Axis(2), i);
        out.index_axis_mut(Axis(2), i).assign(&m.t());
    }
}

// ================================================================ reduction spellings

// `linspace`: the written array's own length read in the body.
#[parallel]
fn linspace(out: &mut [f64], lo: f64, hi: f64) {
    for i in prange(out.len()) {
        out[i] = lo + (hi - lo) * i as f64 / (out.len() - 1) as f64;
    }
}

fn linspace_seq(out: &mut [f64], lo: f64, hi: f64) {
    for i in 0..out.len() {
        out[i] = lo + (hi - lo) * i as f64 / (out.len() - 1) as f64;
    }
}

// Sum written with the accumulator on the right: `s = x[i] + s`.
#[parallel]
fn sum_reversed_operands(x: &[f64]) -> f64 {
    let mut s = 0.0;
    for i in prange(x.len()) {
        s = x[i] + s;
    }
    s
}

fn sum_reversed_operands_seq(x: &[f64]) -> f64 {
    let mut s = 0.0;
    for i in 0..x.len() {
        s = x[i] + s;
    }
    s
}

// Minimum through the associated-function spelling `f64::min(lo, x[i])`.
#[parallel]
fn min_assoc_fn(x: &[f64]) -> f64 {
    let mut lo = f64::INFINITY;
    for i in prange(x.len()) {
        lo = f64::min(lo, x[i]);
    }
    lo
}

fn min_assoc_fn_seq(x: &[f64]) -> f64 {
    let mut lo = f64::INFINITY;
    for i in 0..x.len() {
        lo = f64::min(lo, x[i]);
    }
    lo
}

// A signed sum: `+=` in one branch, `-=` in the other (charge balance).
#[parallel]
fn signed_sum(x: &[f64], positive: &[bool]) -> f64 {
    let mut balance = 0.0;
    for i in prange(x.len()) {
        if positive[i] {
            balance += x[i];
        } else {
            balance -= x[i];
        }
    }
    balance
}

fn signed_sum_seq(x: &[f64], positive: &[bool]) -> f64 {
    let mut balance = 0.0;
    for i in 0..x.len() {
        if positive[i] {
            balance += x[i];
        } else {
            balance -= x[i];
        }
    }
    balance
}

// Boolean any/all reductions with `|=` and `&=`.
#[parallel]
fn any_all(x: &[f64]) -> (bool, bool) {
    let mut any_negative = false;
    let mut all_finite = true;
    for i in prange(x.len()) {
        any_negative |= x[i] < 0.0;
        all_finite &= x[i].is_finite();
    }
    (any_negative, all_finite)
}

fn any_all_seq(x: &[f64]) -> (bool, bool) {
    let mut any_negative = false;
    let mut all_finite = true;
    for i in 0..x.len() {
        any_negative |= x[i] < 0.0;
        all_finite &= x[i].is_finite();
    }
    (any_negative, all_finite)
}

// An outer variable's name reused for a private temporary in the body.
#[parallel]
fn shadowed_name(x: &[f64], out: &mut [f64]) -> f64 {
    let s = 2.0;
    for i in prange(x.len()) {
        let s = x[i] * s;
        out[i] = s;
    }
    s
}

fn shadowed_name_seq(x: &[f64], out: &mut [f64]) -> f64 {
    let s = 2.0;
    for i in 0..x.len() {
        let s = x[i] * s;
        out[i] = s;
    }
    s
}

// ================================================================ formerly pending
// Kernels that were in `tests/ui/kernels-pending/` until the analysis learned them.

// Blocks of `bs` elements, last block short: `lo..min(lo + bs, n)`.
#[parallel]
fn block_scale(x: &[f64], out: &mut [f64], bs: usize) {
    let n = x.len();
    let nblocks = n.div_ceil(bs);
    for b in prange(nblocks) {
        let lo = b * bs;
        let hi = (lo + bs).min(n);
        for k in lo..hi {
            out[k] = x[k] * (b as f64 + 1.0);
        }
    }
}

fn block_scale_seq(x: &[f64], out: &mut [f64], bs: usize) {
    let n = x.len();
    let nblocks = n.div_ceil(bs);
    for b in 0..nblocks {
        let lo = b * bs;
        let hi = (lo + bs).min(n);
        for k in lo..hi {
            out[k] = x[k] * (b as f64 + 1.0);
        }
    }
}

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

// Odd-even transposition sort: each phase compares disjoint pairs (2k, 2k+1) or
// (2k+1, 2k+2) and swaps them (textbook parallel sort).
#[parallel]
fn odd_even_sort(a: &mut [i64]) {
    let n = a.len();
    for phase in 0..n {
        if phase % 2 == 0 {
            for k in prange(n / 2) {
                let i = 2 * k;
                if a[i] > a[i + 1] {
                    a.swap(i, i + 1);
                }
            }
        } else {
            for k in prange((n - 1) / 2) {
                let i = 2 * k + 1;
                if a[i] > a[i + 1] {
                    a.swap(i, i + 1);
                }
            }
        }
    }
}

fn odd_even_sort_seq(a: &mut [i64]) {
    let n = a.len();
    for phase in 0..n {
        if phase % 2 == 0 {
            for k in 0..n / 2 {
                let i = 2 * k;
                if a[i] > a[i + 1] {
                    a.swap(i, i + 1);
                }
            }
        } else {
            for k in 0..(n - 1) / 2 {
                let i = 2 * k + 1;
                if a[i] > a[i + 1] {
                    a.swap(i, i + 1);
                }
            }
        }
    }
}

// Interleaved complex output with both indices bound by one tuple pattern.
#[parallel]
fn tuple_index_pair(re: &[f64], im: &[f64], out: &mut [f64]) {
    for i in prange(re.len()) {
        let (r, c) = (2 * i, 2 * i + 1);
        out[r] = re[i];
        out[c] = im[i];
    }
}

fn tuple_index_pair_seq(re: &[f64], im: &[f64], out: &mut [f64]) {
    for i in 0..re.len() {
        let (r, c) = (2 * i, 2 * i + 1);
        out[r] = re[i];
        out[c] = im[i];
    }
}

// ================================================================ accepted lookalikes
// Race-free twins of the rejected rules in `tests/ui/`: each looks like a rejected
// pattern but touches only its own elements, read-only arrays or body-local values.

// Twin of write-index-from-local: a shifted write through a local index, reading only
// another array (`let j = i + 1; out[j] = x[i]`).
#[parallel]
fn shift_write_local(x: &[f64], out: &mut Vec<f64>) {
    for i in prange(x.len()) {
        let j = i + 1;
        out[j] = x[i] * 0.5;
    }
}

fn shift_write_local_seq(x: &[f64], out: &mut Vec<f64>) {
    for i in 0..x.len() {
        let j = i + 1;
        out[j] = x[i] * 0.5;
    }
}

// Twin of read-index-from-local-2d: the previous row read from a read-only input.
#[parallel]
fn prev_row_from_input(a: &Array2<f64>, out: &mut Array2<f64>) {
    let m = a.ncols();
    for i in prange(1..a.nrows()) {
        let r = i - 1;
        for j in 0..m {
            out[[i, j]] = a[[i, j]] + a[[r, j]];
        }
    }
}

fn prev_row_from_input_seq(a: &Array2<f64>, out: &mut Array2<f64>) {
    let m = a.ncols();
    for i in 1..a.nrows() {
        let r = i - 1;
        for j in 0..m {
            out[[i, j]] = a[[i, j]] + a[[r, j]];
        }
    }
}

// Twin of loop-carried-read-ndarray: `a[i] = a[i] * 2.0` on an `Array1`, plus a read of
// a read-only neighbour.
#[parallel]
fn scale_own_element(a: &mut Array1<f64>, x: &Array1<f64>) {
    for i in prange(1..a.len()) {
        a[i] = a[i] * 2.0 + x[i - 1];
    }
}

fn scale_own_element_seq(a: &mut Array1<f64>, x: &Array1<f64>) {
    for i in 1..a.len() {
        a[i] = a[i] * 2.0 + x[i - 1];
    }
}

// Twin of the macro rules: neighbours of a read-only array inside `format!`, `vec!`,
// `assert!` and `s!`; the written array only at i.
#[parallel]
fn macro_reads(x: &Array1<f64>, out: &mut [f64]) {
    let n = x.len();
    for i in prange(n - 2) {
        let s = format!("{:.2}", x[i + 1]);
        let mut w = vec![x[i], x[i + 1], x[i + 2]];
        w.push(x[i] * 2.0);
        assert!(w.len() == 4, "window at {i} of {n}");
        let tail = x.slice(s![i..i + 3]).sum();
        out[i] = s.len() as f64 + w[0] + tail;
    }
}

fn macro_reads_seq(x: &Array1<f64>, out: &mut [f64]) {
    let n = x.len();
    for i in 0..n - 2 {
        let s = format!("{:.2}", x[i + 1]);
        let mut w = vec![x[i], x[i + 1], x[i + 2]];
        w.push(x[i] * 2.0);
        assert!(w.len() == 4, "window at {i} of {n}");
        let tail = x.slice(s![i..i + 3]).sum();
        out[i] = s.len() as f64 + w[0] + tail;
    }
}

// Twin of clear-captured, iter-mut-captured and mutating-method: a scratch `Vec`
// declared in the body, pushed, cleared and updated through `iter_mut()`.
#[parallel]
fn private_scratch(x: &[f64], out: &mut [f64]) {
    for i in prange(x.len()) {
        let mut buf = Vec::new();
        buf.push(x[i]);
        buf.clear();
        for k in 0..3 {
            buf.push(x[i] + k as f64);
        }
        for v in buf.iter_mut() {
            *v *= 2.0;
        }
        out[i] = buf.iter().sum();
    }
}

fn private_scratch_seq(x: &[f64], out: &mut [f64]) {
    for i in 0..x.len() {
        let mut buf = Vec::new();
        buf.push(x[i]);
        buf.clear();
        for k in 0..3 {
            buf.push(x[i] + k as f64);
        }
        for v in buf.iter_mut() {
            *v *= 2.0;
        }
        out[i] = buf.iter().sum();
    }
}

// Twin of mem-swap-captured-locals: `std::mem::swap(&mut p, &mut q)` on body locals.
#[parallel]
fn swap_locals(x: &[f64], y: &[f64], out: &mut [f64]) {
    for i in prange(x.len()) {
        let mut p = x[i];
        let mut q = y[i];
        if p < q {
            std::mem::swap(&mut p, &mut q);
        }
        out[i] = p - q;
    }
}

fn swap_locals_seq(x: &[f64], y: &[f64], out: &mut [f64]) {
    for i in 0..x.len() {
        let mut p = x[i];
        let mut q = y[i];
        if p < q {
            std::mem::swap(&mut p, &mut q);
        }
        out[i] = p - q;
    }
}

// Twin of closure-mutates-capture: a closure defined in the body mutating a body local.
#[parallel]
fn closure_private_acc(x: &[f64], y: &[f64], out: &mut [f64]) {
    for i in prange(x.len()) {
        let mut acc = 0.0;
        let mut add = |v: f64| acc += v * v;
        add(x[i]);
        add(y[i]);
        out[i] = acc;
    }
}

fn closure_private_acc_seq(x: &[f64], y: &[f64], out: &mut [f64]) {
    for i in 0..x.len() {
        let mut acc = 0.0;
        let mut add = |v: f64| acc += v * v;
        add(x[i]);
        add(y[i]);
        out[i] = acc;
    }
}

// Twin of break-outer-label: labelled `break`/`continue` to a loop inside the body.
#[parallel]
fn first_above(a: &Array2<f64>, limit: f64, out: &mut [usize]) {
    let m = a.ncols();
    for i in prange(a.nrows()) {
        let mut found = m;
        'scan: for j in 0..m {
            for _rep in 0..2 {
                if a[[i, j]] < -limit {
                    continue 'scan;
                }
                if a[[i, j]] > limit {
                    found = j;
                    break 'scan;
                }
            }
        }
        out[i] = found;
    }
}

fn first_above_seq(a: &Array2<f64>, limit: f64, out: &mut [usize]) {
    let m = a.ncols();
    for i in 0..a.nrows() {
        let mut found = m;
        'scan: for j in 0..m {
            for _rep in 0..2 {
                if a[[i, j]] < -limit {
                    continue 'scan;
                }
                if a[[i, j]] > limit {
                    found = j;
                    break 'scan;
                }
            }
        }
        out[i] = found;
    }
}

// Twin of if-let-binding-index and match-binding-neighbor: `if let`/`match` on reads of a
// read-only array, each arm writing out[i].
#[parallel]
fn bindings_read_only(x: &[f64], out: &mut [f64]) {
    for i in prange(x.len()) {
        if let Some(&next) = x.get(i + 1) {
            out[i] = next - x[i];
        } else {
            out[i] = 0.0;
        }
        match x.get(i.wrapping_sub(1)) {
            Some(&prev) => out[i] += prev,
            None => out[i] -= 1.0,
        }
    }
}

fn bindings_read_only_seq(x: &[f64], out: &mut [f64]) {
    for i in 0..x.len() {
        if let Some(&next) = x.get(i + 1) {
            out[i] = next - x[i];
        } else {
            out[i] = 0.0;
        }
        match x.get(i.wrapping_sub(1)) {
            Some(&prev) => out[i] += prev,
            None => out[i] -= 1.0,
        }
    }
}

// Twin of shared-ref-neighbor and ref_write_neighbor: `&x[i + 1]` into a read-only array
// and `&mut out[i]` to the iteration's own element.
#[parallel]
fn refs_own_element(x: &[f64], out: &mut [f64]) {
    for i in prange(x.len() - 1) {
        let next = &x[i + 1];
        let slot = &mut out[i];
        *slot = *next + x[i];
    }
}

fn refs_own_element_seq(x: &[f64], out: &mut [f64]) {
    for i in 0..x.len() - 1 {
        let next = &x[i + 1];
        let slot = &mut out[i];
        *slot = *next + x[i];
    }
}

// Twin of user-macro-written-array: a user `macro_rules!` applied to a read-only array.
macro_rules! diff {
    ($a:expr, $k:expr) => {
        $a[$k + 1] - $a[$k]
    };
}

#[parallel]
fn user_macro_read_only(x: &[f64], out: &mut [f64]) {
    for i in prange(x.len() - 1) {
        out[i] = diff!(x, i);
    }
}

fn user_macro_read_only_seq(x: &[f64], out: &mut [f64]) {
    for i in 0..x.len() - 1 {
        out[i] = diff!(x, i);
    }
}

// Twin of assign-captured-in-match and found_flag: the flag and the last index kept in
// atomics the user updates explicitly (a store and a `fetch_max`).
#[parallel]
fn atomic_flag_and_max(x: &[f64], found: &AtomicBool, last: &AtomicUsize) {
    for i in prange(x.len()) {
        if x[i] < -0.9 {
            found.store(true, Ordering::Relaxed);
            last.fetch_max(i, Ordering::Relaxed);
        }
    }
}

fn atomic_flag_and_max_seq(x: &[f64]) -> (bool, usize) {
    let (mut found, mut last) = (false, 0);
    for i in 0..x.len() {
        if x[i] < -0.9 {
            found = true;
            last = i;
        }
    }
    (found, last)
}

// Twin of temp-declared-outside-2d: the temporary declared inside the body.
#[parallel]
fn row_max_private(a: &Array2<f64>, out: &mut [f64]) {
    for i in prange(a.nrows()) {
        let mut best = f64::NEG_INFINITY;
        for j in 0..a.ncols() {
            best = best.max(a[[i, j]]);
        }
        out[i] = best;
    }
}

fn row_max_private_seq(a: &Array2<f64>, out: &mut [f64]) {
    for i in 0..a.nrows() {
        let mut best = f64::NEG_INFINITY;
        for j in 0..a.ncols() {
            best = best.max(a[[i, j]]);
        }
        out[i] = best;
    }
}

// Twin of whole-array-view: a whole-array read of an array the loop does not write.
#[parallel]
fn normalise_by_input(x: &Array1<f64>, out: &mut Array1<f64>) {
    for i in prange(x.len()) {
        let total = x.view().sum();
        out[i] = x[i] / total;
    }
}

fn normalise_by_input_seq(x: &Array1<f64>, out: &mut Array1<f64>) {
    for i in 0..x.len() {
        let total = x.view().sum();
        out[i] = x[i] / total;
    }
}

// Twin of anti-dependence-nested-vec: rows i read from a separate `Vec<Vec<f64>>` at i + 1.
#[parallel]
fn shift_rows_copy(a: &Vec<Vec<f64>>, out: &mut Vec<Vec<f64>>) {
    let m = a[0].len();
    for i in prange(a.len() - 1) {
        for j in 0..m {
            out[i][j] = a[i + 1][j];
        }
    }
}

fn shift_rows_copy_seq(a: &Vec<Vec<f64>>, out: &mut Vec<Vec<f64>>) {
    let m = a[0].len();
    for i in 0..a.len() - 1 {
        for j in 0..m {
            out[i][j] = a[i + 1][j];
        }
    }
}

// ================================================================ array reductions

// BiCG sub-kernel: q[i] is owned by row i, s[j] accumulates across rows (array
// reduction) (PolyBench bicg).
#[parallel]
fn bicg(a: &Array2<f64>, r: &[f64], p: &[f64], s: &mut [f64], q: &mut [f64]) {
    let (n, m) = a.dim();
    for i in prange(n) {
        q[i] = 0.0;
        for j in 0..m {
            s[j] += r[i] * a[[i, j]];
            q[i] += a[[i, j]] * p[j];
        }
    }
}

fn bicg_seq(a: &Array2<f64>, r: &[f64], p: &[f64], s: &mut [f64], q: &mut [f64]) {
    let (n, m) = a.dim();
    for i in 0..n {
        q[i] = 0.0;
        for j in 0..m {
            s[j] += r[i] * a[[i, j]];
            q[i] += a[[i, j]] * p[j];
        }
    }
}

// Histogram `hist[bin] += 1` with a computed bin (textbook histogram;
// DRB052-indirectaccesssharebase-orig-no).
#[parallel]
fn histogram(x: &[f64], hist: &mut [u64]) {
    let bins = hist.len();
    for i in prange(x.len()) {
        let b = (((x[i] + 1.0) / 2.0 * bins as f64) as usize).min(bins - 1);
        hist[b] += 1;
    }
}

fn histogram_seq(x: &[f64], hist: &mut [u64]) {
    let bins = hist.len();
    for i in 0..x.len() {
        let b = (((x[i] + 1.0) / 2.0 * bins as f64) as usize).min(bins - 1);
        hist[b] += 1;
    }
}

// Indirect updates of two overlapping regions of one base array, made a reduction
// (DRB005-indirectaccess1-orig-yes, whose race parfor turns into private copies).
#[parallel]
fn indirect_accumulate(base: &mut [f64], index_set: &[usize]) {
    for i in prange(index_set.len()) {
        let idx = index_set[i];
        base[idx] += 1.0;
        base[idx + 12] += 3.0;
    }
}

fn indirect_accumulate_seq(base: &mut [f64], index_set: &[usize]) {
    for i in 0..index_set.len() {
        let idx = index_set[i];
        base[idx] += 1.0;
        base[idx + 12] += 3.0;
    }
}

// An inner parallel loop accumulating into y[i] (DRB062 variant): y reduced as an array.
#[parallel]
fn inner_prange_array_accum(a: &Array2<f64>, x: &[f64], y: &mut [f64]) {
    let (n, m) = a.dim();
    for i in 0..n {
        y[i] = 0.0;
        for j in prange(m) {
            y[i] += a[[i, j]] * x[j];
        }
    }
}

fn inner_prange_array_accum_seq(a: &Array2<f64>, x: &[f64], y: &mut [f64]) {
    let (n, m) = a.dim();
    for i in 0..n {
        y[i] = 0.0;
        for j in 0..m {
            y[i] += a[[i, j]] * x[j];
        }
    }
}

// Overlap-add: windows with hop < length accumulate into the same output elements.
#[parallel]
fn overlap_add(frames: &Array2<f64>, out: &mut [f64], hop: usize) {
    let (nframes, len) = frames.dim();
    for w in prange(nframes) {
        for k in 0..len {
            out[w * hop + k] += frames[[w, k]];
        }
    }
}

fn overlap_add_seq(frames: &Array2<f64>, out: &mut [f64], hop: usize) {
    let (nframes, len) = frames.dim();
    for w in 0..nframes {
        for k in 0..len {
            out[w * hop + k] += frames[[w, k]];
        }
    }
}

// ================================================================ tests

// Two windows per chunk: `out[i]` and `out[n + i]` lie in disjoint halves, and so do
// the mirrored `x[i]` and `x[n - 1 - i]` over the first half (`n / 2` bounds it).

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

#[parallel]
fn reverse_in_place(x: &mut [f64]) {
    let n = x.len();
    for i in prange(n / 2) {
        let t = x[i];
        x[i] = x[n - 1 - i];
        x[n - 1 - i] = t;
    }
}

fn reverse_in_place_seq(x: &mut [f64]) {
    let n = x.len();
    for i in 0..n / 2 {
        let t = x[i];
        x[i] = x[n - 1 - i];
        x[n - 1 - i] = t;
    }
}

// Triangles: iteration `i` owns row `i` on one side of the diagonal and column `i` on
// the other (`j >= i` or `j <= i`), a window that checks each element's owner.

// Covariance with the symmetric write `cov[j][i] = cov[i][j]` for j >= i: iteration i
// owns row i right of the diagonal and column i below it (PolyBench covariance).
#[parallel]
fn covariance(data: &Array2<f64>, cov: &mut Array2<f64>) {
    let (n, m) = data.dim();
    for i in prange(m) {
        for j in i..m {
            cov[[i, j]] = 0.0;
            for k in 0..n {
                cov[[i, j]] += data[[k, i]] * data[[k, j]];
            }
            cov[[i, j]] /= (n - 1) as f64;
            cov[[j, i]] = cov[[i, j]];
        }
    }
}

fn covariance_seq(data: &Array2<f64>, cov: &mut Array2<f64>) {
    let (n, m) = data.dim();
    for i in 0..m {
        for j in i..m {
            cov[[i, j]] = 0.0;
            for k in 0..n {
                cov[[i, j]] += data[[k, i]] * data[[k, j]];
            }
            cov[[i, j]] /= (n - 1) as f64;
            cov[[j, i]] = cov[[i, j]];
        }
    }
}

// Copy the strict upper triangle into the lower one: writes below the diagonal, reads
// above it (symmetrise a matrix).
#[parallel]
fn symmetrize_lower(a: &mut Array2<f64>) {
    let n = a.nrows();
    for i in prange(n) {
        for j in 0..i {
            a[[i, j]] = a[[j, i]];
        }
    }
}

fn symmetrize_lower_seq(a: &mut Array2<f64>) {
    let n = a.nrows();
    for i in 0..n {
        for j in 0..i {
            a[[i, j]] = a[[j, i]];
        }
    }
}

// In-place transpose by swapping (i, j) with (j, i) for j > i: each pair is touched by
// iteration i only.
#[parallel]
fn transpose_in_place(a: &mut Array2<f64>) {
    let n = a.nrows();
    for i in prange(n) {
        for j in i + 1..n {
            let t = a[[i, j]];
            a[[i, j]] = a[[j, i]];
            a[[j, i]] = t;
        }
    }
}

fn transpose_in_place_seq(a: &mut Array2<f64>) {
    let n = a.nrows();
    for i in 0..n {
        for j in i + 1..n {
            let t = a[[i, j]];
            a[[i, j]] = a[[j, i]];
            a[[j, i]] = t;
        }
    }
}

// Residue classes: `u[2k]` written from `u[2k ± 1]`, which no iteration of that loop
// writes (a window that writes one class and reads the others).

// Red-black Gauss-Seidel in 1-D: even points from odd neighbours, then odd points from
// even neighbours; within each loop no element read is written (textbook red-black SOR).
#[parallel]
fn red_black(u: &mut [f64], f: &[f64], h2: f64) {
    let half = (u.len() - 1) / 2;
    for k in prange(1..half) {
        let i = 2 * k;
        u[i] = 0.5 * (u[i - 1] + u[i + 1] - h2 * f[i]);
    }
    for k in prange(half) {
        let i = 2 * k + 1;
        u[i] = 0.5 * (u[i - 1] + u[i + 1] - h2 * f[i]);
    }
}

fn red_black_seq(u: &mut [f64], f: &[f64], h2: f64) {
    let half = (u.len() - 1) / 2;
    for k in 1..half {
        let i = 2 * k;
        u[i] = 0.5 * (u[i - 1] + u[i + 1] - h2 * f[i]);
    }
    for k in 0..half {
        let i = 2 * k + 1;
        u[i] = 0.5 * (u[i - 1] + u[i + 1] - h2 * f[i]);
    }
}

mod check {
    use super::*;

    #[test]
    fn doall1() {
        let mut rng = Rng::new(1);
        let a0: Vec<i32> = (0..1999).map(|_| rng.next_u64() as i32 / 2).collect();
        let mut want = a0.clone();
        doall1_seq(&mut want);
        exact("doall1", &want, || {
            let mut a = a0.clone();
            super::doall1(&mut a);
            a
        });
    }

    #[test]
    fn doall2() {
        let a0 = Rng::new(2).array2(61, 37);
        let mut want = a0.clone();
        doall2_seq(&mut want);
        exact("doall2", &want, || {
            let mut a = a0.clone();
            super::doall2(&mut a);
            a
        });
    }

    #[test]
    fn doallchar() {
        let mut rng = Rng::new(3);
        let a0: Vec<u8> = (0..3001).map(|_| rng.next_u64() as u8).collect();
        let mut want = a0.clone();
        doallchar_seq(&mut want);
        exact("doallchar", &want, || {
            let mut a = a0.clone();
            super::doallchar(&mut a);
            a
        });
    }

    #[test]
    fn firstprivate() {
        let a0 = Rng::new(4).vec(2048);
        let mut want = a0.clone();
        firstprivate_seq(&mut want, 0.375);
        exact("firstprivate", &want, || {
            let mut a = a0.clone();
            super::firstprivate(&mut a, 0.375);
            a
        });
    }

    #[test]
    fn functionparameter() {
        let c = Rng::new(5).vec(1500);
        let mut want = vec![0.0; 1500];
        functionparameter_seq(&mut want, &c, 1400);
        exact("functionparameter", &want, || {
            let mut o1 = vec![0.0; 1500];
            super::functionparameter(&mut o1, &c, 1400);
            o1
        });
    }

    #[test]
    fn inneronly1() {
        let a0 = Rng::new(6).array2(20, 500);
        let mut want = a0.clone();
        inneronly1_seq(&mut want);
        exact("inneronly1", &want, || {
            let mut a = a0.clone();
            super::inneronly1(&mut a);
            a
        });
    }

    #[test]
    fn inneronly2() {
        let b0 = Rng::new(7).array2(20, 500);
        let mut want = b0.clone();
        inneronly2_seq(&mut want);
        exact("inneronly2", &want, || {
            let mut b = b0.clone();
            super::inneronly2(&mut b);
            b
        });
    }

    #[test]
    fn jacobikernel() {
        let mut rng = Rng::new(8);
        let u0 = rng.array2(53, 47);
        let f = rng.array2(53, 47);
        let (omega, ax, ay, b) = (0.7, 0.25, 0.3, -1.1);
        let mut want_u = u0.clone();
        let mut want_old = Array2::zeros((53, 47));
        let want_err = jacobikernel_seq(&mut want_u, &mut want_old, &f, omega, ax, ay, b);
        for t in THREADS {
            let mut u = u0.clone();
            let mut uold = Array2::zeros((53, 47));
            let err = parfor::with_num_threads(t, || {
                super::jacobikernel(&mut u, &mut uold, &f, omega, ax, ay, b)
            });
            assert_eq!(u, want_u, "jacobikernel u, {t} threads");
            assert_eq!(uold, want_old, "jacobikernel uold, {t} threads");
            assert_close("jacobikernel error", t, want_err, err, 1.0);
        }
    }

    #[test]
    fn matrixmultiply() {
        let mut rng = Rng::new(9);
        let a = rng.array2(33, 21);
        let b = rng.array2(21, 27);
        let c0 = rng.array2(33, 27);
        let mut want = c0.clone();
        matrixmultiply_seq(&a, &b, &mut want);
        exact("matrixmultiply", &want, || {
            let mut c = c0.clone();
            super::matrixmultiply(&a, &b, &mut c);
            c
        });
    }

    #[test]
    fn matrixvector1() {
        let mut rng = Rng::new(10);
        let a: Vec<Vec<f64>> = (0..300).map(|_| rng.vec(70)).collect();
        let v = rng.vec(70);
        let mut want = vec![0.0; 300];
        matrixvector1_seq(&a, &v, &mut want);
        exact("matrixvector1", &want, || {
            let mut out = vec![0.0; 300];
            super::matrixvector1(&a, &v, &mut out);
            out
        });
    }

    #[test]
    fn matrixvector2() {
        let mut rng = Rng::new(11);
        let a = rng.array2(40, 700);
        let v = rng.vec(700);
        let mut want = vec![0.0; 40];
        matrixvector2_seq(&a, &v, &mut want);
        for t in THREADS {
            let mut out = vec![0.0; 40];
            parfor::with_num_threads(t, || super::matrixvector2(&a, &v, &mut out));
            for i in 0..40 {
                assert_close("matrixvector2", t, want[i], out[i], 700.0);
            }
        }
    }

    #[test]
    fn outeronly1() {
        let b0 = Rng::new(12).array2(300, 17);
        let mut want = b0.clone();
        outeronly1_seq(&mut want);
        exact("outeronly1", &want, || {
            let mut b = b0.clone();
            super::outeronly1(&mut b);
            b
        });
    }

    #[test]
    fn outeronly2() {
        let b0 = Rng::new(13).array2(300, 17);
        let mut want = b0.clone();
        outeronly2_seq(&mut want);
        exact("outeronly2", &want, || {
            let mut b = b0.clone();
            super::outeronly2(&mut b);
            b
        });
    }

    #[test]
    fn pireduction() {
        let want = pireduction_seq(100_000);
        for t in THREADS {
            let got = parfor::with_num_threads(t, || super::pireduction(100_000));
            assert_close("pireduction", t, want, got, 4.0);
        }
        assert!((want - std::f64::consts::PI).abs() < 1e-8);
    }

    #[test]
    fn pointernoaliasing() {
        let mut want_x = vec![1.0; 1200];
        let mut want_y = vec![2.0; 1200];
        pointernoaliasing_seq(&mut want_x, &mut want_y, 1100);
        exact("pointernoaliasing", &(want_x, want_y), || {
            let mut x = vec![1.0; 1200];
            let mut y = vec![2.0; 1200];
            super::pointernoaliasing(&mut x, &mut y, 1100);
            (x, y)
        });
    }

    #[test]
    fn simd1() {
        let mut rng = Rng::new(14);
        let (b, c) = (rng.vec(2500), rng.vec(2500));
        let mut want = vec![0.0; 2500];
        simd1_seq(&mut want, &b, &c);
        exact("simd1", &want, || {
            let mut a = vec![0.0; 2500];
            super::simd1(&mut a, &b, &c);
            a
        });
    }

    #[test]
    fn sum_of_squares() {
        let u = Rng::new(15).array2(80, 90);
        let want = sum_of_squares_seq(&u);
        for t in THREADS {
            let got = parfor::with_num_threads(t, || super::sum_of_squares(&u));
            assert_close("sum_of_squares", t, want, got, 7200.0);
        }
    }

    #[test]
    fn count_above() {
        let x = Rng::new(16).vec(5000);
        let want = count_above_seq(&x, 0.25);
        exact("count_above", &want, || super::count_above(&x, 0.25));
    }

    #[test]
    fn dot() {
        let mut rng = Rng::new(17);
        let (x, y) = (rng.vec(4000), rng.vec(4000));
        let want = dot_seq(&x, &y);
        for t in THREADS {
            let got = parfor::with_num_threads(t, || super::dot(&x, &y));
            assert_close("dot", t, want, got, 4000.0);
        }
    }

    #[test]
    fn stats() {
        let x = Rng::new(18).vec(4000);
        let (s, ss, lo, hi) = stats_seq(&x);
        for t in THREADS {
            let got = parfor::with_num_threads(t, || super::stats(&x));
            assert_close("stats sum", t, s, got.0, 4000.0);
            assert_close("stats sumsq", t, ss, got.1, 4000.0);
            assert_eq!((got.2, got.3), (lo, hi), "stats min/max, {t} threads");
        }
    }

    #[test]
    fn int_reductions() {
        let mut rng = Rng::new(19);
        // Small factors keep the product within i64: 2..=4 each, 30 terms.
        let v: Vec<i64> = (0..30)
            .map(|_| (rng.next_u64() % 1000) as i64 - 500)
            .collect();
        let want = int_reductions_seq(&v);
        exact("int_reductions", &want, || super::int_reductions(&v));
    }

    #[test]
    fn mean_positive() {
        let mut x = Rng::new(20).vec(3000);
        for i in (0..3000).step_by(7) {
            x[i] = f64::NAN;
        }
        let want = mean_positive_seq(&x);
        for t in THREADS {
            let got = parfor::with_num_threads(t, || super::mean_positive(&x));
            assert_eq!(got.0, want.0, "mean_positive count, {t} threads");
            assert_close("mean_positive total", t, want.1, got.1, 3000.0);
        }
    }

    #[test]
    fn clip() {
        let x = Rng::new(21).vec(2000);
        let mut want = vec![0.0; 2000];
        clip_seq(&x, &mut want, -0.5, 0.25);
        exact("clip", &want, || {
            let mut out = vec![0.0; 2000];
            super::clip(&x, &mut out, -0.5, 0.25);
            out
        });
    }

    #[test]
    fn by_label() {
        let mut rng = Rng::new(22);
        let x = rng.vec(2000);
        let labels: Vec<u8> = (0..2000).map(|_| rng.below(3) as u8).collect();
        let mut want = vec![9.0; 2000];
        by_label_seq(&labels, &x, &mut want);
        exact("by_label", &want, || {
            let mut out = vec![9.0; 2000];
            super::by_label(&labels, &x, &mut out);
            out
        });
    }

    #[test]
    fn mandelbrot() {
        let mut want = Array2::zeros((60, 80));
        mandelbrot_seq(&mut want, 200);
        exact("mandelbrot", &want, || {
            let mut out = Array2::zeros((60, 80));
            super::mandelbrot(&mut out, 200);
            out
        });
    }

    #[test]
    fn local_closure() {
        let x = Rng::new(23).vec(1000);
        let mut want = vec![0.0; 1000];
        local_closure_seq(&x, &mut want, 0.5);
        exact("local_closure", &want, || {
            let mut out = vec![0.0; 1000];
            super::local_closure(&x, &mut out, 0.5);
            out
        });
    }

    #[test]
    fn abs_checked() {
        let x = Rng::new(24).vec(1000);
        let mut want = vec![0.0; 1000];
        abs_checked_seq(&x, &mut want);
        exact("abs_checked", &want, || {
            let mut out = vec![0.0; 1000];
            super::abs_checked(&x, &mut out);
            out
        });
    }

    #[test]
    fn gather() {
        let mut rng = Rng::new(25);
        let x = rng.vec(500);
        let idx: Vec<usize> = (0..2000).map(|_| rng.below(500)).collect();
        let mut want = vec![0.0; 2000];
        gather_seq(&x, &idx, &mut want);
        exact("gather", &want, || {
            let mut out = vec![0.0; 2000];
            super::gather(&x, &idx, &mut out);
            out
        });
    }

    #[test]
    fn scalar_expansion() {
        let a = Rng::new(26).vec(1500);
        let mut want = (vec![0.0; 1500], vec![0.0; 1500]);
        scalar_expansion_seq(&a, &mut want.0, &mut want.1);
        exact("scalar_expansion", &want, || {
            let (mut t, mut b) = (vec![0.0; 1500], vec![0.0; 1500]);
            super::scalar_expansion(&a, &mut t, &mut b);
            (t, b)
        });
    }

    #[test]
    fn i64_index() {
        let mut want = vec![0.5; 1300];
        i64_index_seq(&mut want, 1250);
        exact("i64_index", &want, || {
            let mut out = vec![0.5; 1300];
            super::i64_index(&mut out, 1250);
            out
        });
    }

    #[test]
    fn one_based() {
        let x = Rng::new(27).vec(1777);
        let mut want = vec![0.0; 1777];
        one_based_seq(&x, &mut want);
        exact("one_based", &want, || {
            let mut out = vec![0.0; 1777];
            super::one_based(&x, &mut out);
            out
        });
    }

    #[test]
    fn pair_sums_step2() {
        for n in [2000, 2001] {
            let a0 = Rng::new(28).vec(n);
            let mut want = a0.clone();
            pair_sums_step2_seq(&mut want);
            exact("pair_sums_step2", &want, || {
                let mut a = a0.clone();
                super::pair_sums_step2(&mut a);
                a
            });
        }
    }

    #[test]
    fn interleave() {
        let mut rng = Rng::new(29);
        let (re, im) = (rng.vec(1000), rng.vec(1000));
        let mut want = vec![0.0; 2000];
        interleave_seq(&re, &im, &mut want);
        exact("interleave", &want, || {
            let mut out = vec![0.0; 2000];
            super::interleave(&re, &im, &mut out);
            out
        });
    }

    #[test]
    fn smooth3() {
        let x = Rng::new(30).vec(2222);
        let mut want = vec![0.0; 2222];
        smooth3_seq(&x, &mut want);
        exact("smooth3", &want, || {
            let mut out = vec![0.0; 2222];
            super::smooth3(&x, &mut out);
            out
        });
    }

    #[test]
    fn jacobi_1d() {
        let mut rng = Rng::new(31);
        let (a0, b0) = (rng.vec(1500), rng.vec(1500));
        let mut want = (a0.clone(), b0.clone());
        jacobi_1d_seq(5, &mut want.0, &mut want.1);
        exact("jacobi_1d", &want, || {
            let (mut a, mut b) = (a0.clone(), b0.clone());
            super::jacobi_1d(5, &mut a, &mut b);
            (a, b)
        });
    }

    #[test]
    fn jacobi_2d() {
        let a = Rng::new(32).array2(70, 45);
        let mut want = Array2::zeros((70, 45));
        jacobi_2d_seq(&a, &mut want);
        exact("jacobi_2d", &want, || {
            let mut b = Array2::zeros((70, 45));
            super::jacobi_2d(&a, &mut b);
            b
        });
    }

    #[test]
    fn heat_3d() {
        let mut rng = Rng::new(33);
        let a = Array3::from_shape_fn((18, 18, 18), |_| rng.f64());
        let mut want = Array3::zeros((18, 18, 18));
        heat_3d_seq(&a, &mut want);
        exact("heat_3d", &want, || {
            let mut b = Array3::zeros((18, 18, 18));
            super::heat_3d(&a, &mut b);
            b
        });
    }

    #[test]
    fn box_blur() {
        let img = Rng::new(34).array2(50, 40);
        let mut want = Array2::zeros((50, 40));
        box_blur_seq(&img, &mut want);
        exact("box_blur", &want, || {
            let mut out = Array2::zeros((50, 40));
            super::box_blur(&img, &mut out);
            out
        });
    }

    #[test]
    fn conv1d_valid() {
        let mut rng = Rng::new(35);
        let (x, w) = (rng.vec(2000), rng.vec(9));
        let mut want = vec![0.0; 1992];
        conv1d_valid_seq(&x, &w, &mut want);
        exact("conv1d_valid", &want, || {
            let mut out = vec![0.0; 1992];
            super::conv1d_valid(&x, &w, &mut out);
            out
        });
    }

    #[test]
    fn matvec_rows() {
        let mut rng = Rng::new(36);
        let a = rng.array2(300, 40);
        let x = Array1::from(rng.vec(40));
        let mut want = Array1::zeros(300);
        matvec_rows_seq(&a, &x, &mut want);
        exact("matvec_rows", &want, || {
            let mut y = Array1::zeros(300);
            super::matvec_rows(&a, &x, &mut y);
            y
        });
    }

    #[test]
    fn gemver() {
        let n = 40;
        let mut rng = Rng::new(37);
        let a0 = rng.array2(n, n);
        let (u1, v1, u2, v2) = (rng.vec(n), rng.vec(n), rng.vec(n), rng.vec(n));
        let (x0, y, z, w0) = (rng.vec(n), rng.vec(n), rng.vec(n), rng.vec(n));
        let mut want = (a0.clone(), x0.clone(), w0.clone());
        gemver_seq(
            &mut want.0,
            &u1,
            &v1,
            &u2,
            &v2,
            &mut want.1,
            &y,
            &z,
            &mut want.2,
        );
        exact("gemver", &want, || {
            let (mut a, mut x, mut w) = (a0.clone(), x0.clone(), w0.clone());
            super::gemver(&mut a, &u1, &v1, &u2, &v2, &mut x, &y, &z, &mut w);
            (a, x, w)
        });
    }

    #[test]
    fn mvt() {
        let n = 50;
        let mut rng = Rng::new(38);
        let a = rng.array2(n, n);
        let (x1, x2, y1, y2) = (rng.vec(n), rng.vec(n), rng.vec(n), rng.vec(n));
        let mut want = (x1.clone(), x2.clone());
        mvt_seq(&a, &mut want.0, &mut want.1, &y1, &y2);
        exact("mvt", &want, || {
            let (mut p, mut q) = (x1.clone(), x2.clone());
            super::mvt(&a, &mut p, &mut q, &y1, &y2);
            (p, q)
        });
    }

    #[test]
    fn syrk() {
        let mut rng = Rng::new(39);
        let a = rng.array2(45, 30);
        let c0 = rng.array2(45, 45);
        let mut want = c0.clone();
        syrk_seq(&mut want, &a, 1.5, 1.2);
        exact("syrk", &want, || {
            let mut c = c0.clone();
            super::syrk(&mut c, &a, 1.5, 1.2);
            c
        });
    }

    #[test]
    fn center_columns() {
        let data = Rng::new(40).array2(60, 300);
        let mut want = (vec![0.0; 300], Array2::zeros((60, 300)));
        center_columns_seq(&data, &mut want.0, &mut want.1);
        exact("center_columns", &want, || {
            let (mut means, mut centered) = (vec![0.0; 300], Array2::zeros((60, 300)));
            super::center_columns(&data, &mut means, &mut centered);
            (means, centered)
        });
    }

    #[test]
    fn transpose() {
        let a = Rng::new(41).array2(70, 33);
        let mut want = Array2::zeros((33, 70));
        transpose_seq(&a, &mut want);
        exact("transpose", &want, || {
            let mut out = Array2::zeros((33, 70));
            super::transpose(&a, &mut out);
            out
        });
    }

    #[test]
    fn row_scale_flat() {
        let (n, m) = (90, 31);
        let mut rng = Rng::new(42);
        let (a, s) = (rng.vec(n * m), rng.vec(n));
        let mut want = vec![0.0; n * m];
        row_scale_flat_seq(&a, &s, &mut want, n, m);
        exact("row_scale_flat", &want, || {
            let mut out = vec![0.0; n * m];
            super::row_scale_flat(&a, &s, &mut out, n, m);
            out
        });
    }

    #[test]
    fn normalize_rows() {
        let a = Rng::new(43).array2(120, 16);
        let mut want = Array2::zeros((120, 16));
        normalize_rows_seq(&a, &mut want);
        exact("normalize_rows", &want, || {
            let mut out = Array2::zeros((120, 16));
            super::normalize_rows(&a, &mut out);
            out
        });
    }

    #[test]
    fn fill_rows() {
        let a = Rng::new(44).array2(120, 16);
        let mut want = Array2::zeros((120, 16));
        fill_rows_seq(&a, &mut want);
        exact("fill_rows", &want, || {
            let mut out = Array2::zeros((120, 16));
            super::fill_rows(&a, &mut out);
            out
        });
    }

    #[test]
    fn add_nested() {
        let mut rng = Rng::new(45);
        let a: Vec<Vec<f64>> = (0..200).map(|_| rng.vec(13)).collect();
        let b: Vec<Vec<f64>> = (0..200).map(|_| rng.vec(13)).collect();
        let mut want = vec![vec![0.0; 13]; 200];
        add_nested_seq(&a, &b, &mut want);
        exact("add_nested", &want, || {
            let mut c = vec![vec![0.0; 13]; 200];
            super::add_nested(&a, &b, &mut c);
            c
        });
    }

    #[test]
    fn doitgen() {
        let mut rng = Rng::new(46);
        let a0 = Array3::from_shape_fn((12, 10, 14), |_| rng.f64());
        let c4 = rng.array2(14, 14);
        let mut want = a0.clone();
        doitgen_seq(&mut want, &c4);
        exact("doitgen", &want, || {
            let mut a = a0.clone();
            super::doitgen(&mut a, &c4);
            a
        });
    }

    #[test]
    fn window_sums() {
        let x = Array1::from(Rng::new(47).vec(4000));
        let (len, hop) = (64, 16);
        let nwin = (4000 - len) / hop + 1;
        let mut want = Array1::zeros(nwin);
        window_sums_seq(x.view(), &mut want, len, hop);
        exact("window_sums", &want, || {
            let mut out = Array1::zeros(nwin);
            super::window_sums(x.view(), &mut out, len, hop);
            out
        });
    }

    #[test]
    fn block_scan() {
        let (nb, bs) = (100, 16);
        let x = Rng::new(49).vec(nb * bs);
        let run = |local: fn(&[f64], &mut [f64], &mut [f64], usize),
                   add: fn(&mut [f64], &[f64], usize)| {
            let mut out = vec![0.0; nb * bs];
            let mut sums = vec![0.0; nb];
            local(&x, &mut out, &mut sums, bs);
            let mut offset = vec![0.0; nb];
            for b in 1..nb {
                offset[b] = offset[b - 1] + sums[b - 1];
            }
            add(&mut out, &offset, bs);
            (out, sums)
        };
        let want = run(block_scan_local_seq, block_scan_add_seq);
        exact("block_scan", &want, || {
            run(super::block_scan_local, super::block_scan_add)
        });
    }

    #[test]
    fn block_copy() {
        let x = Rng::new(50).vec(1600);
        let mut want = vec![0.0; 1600];
        block_copy_seq(&x, &mut want, 8);
        exact("block_copy", &want, || {
            let mut out = vec![0.0; 1600];
            super::block_copy(&x, &mut out, 8);
            out
        });
    }

    #[test]
    fn block_iter_mut() {
        let x = Rng::new(51).vec(1600);
        let mut want = vec![0.0; 1600];
        block_iter_mut_seq(&x, &mut want, 8);
        exact("block_iter_mut", &want, || {
            let mut out = vec![0.0; 1600];
            super::block_iter_mut(&x, &mut out, 8);
            out
        });
    }

    #[test]
    fn mutex_collect() {
        let x = Rng::new(52).vec(3000);
        let (want_hits, want_total) = mutex_collect_seq(&x);
        for t in THREADS {
            let (hits, total) = parfor::with_num_threads(t, || super::mutex_collect(&x));
            assert_eq!(hits, want_hits, "mutex_collect hits, {t} threads");
            // Lock order decides the summation order: a reassociated sum.
            assert_close("mutex_collect total", t, want_total, total, 3000.0);
        }
    }

    #[test]
    fn atomic_histogram() {
        let x = Rng::new(53).vec(5000);
        let counts = |h: &[AtomicUsize]| -> Vec<usize> {
            h.iter().map(|c| c.load(Ordering::Relaxed)).collect()
        };
        let hist: Vec<AtomicUsize> = (0..16).map(|_| AtomicUsize::new(0)).collect();
        let want = (atomic_histogram_seq(&x, &hist), counts(&hist));
        exact("atomic_histogram", &want, || {
            let hist: Vec<AtomicUsize> = (0..16).map(|_| AtomicUsize::new(0)).collect();
            (super::atomic_histogram(&x, &hist), counts(&hist))
        });
    }

    #[test]
    fn periodic_stencil() {
        let x = Rng::new(80).vec(1999);
        let mut want = vec![0.0; 1999];
        periodic_stencil_seq(&x, &mut want);
        exact("periodic_stencil", &want, || {
            let mut out = vec![0.0; 1999];
            super::periodic_stencil(&x, &mut out);
            out
        });
    }

    #[test]
    fn reverse_copy_out() {
        let x = Rng::new(81).vec(1999);
        let mut want = vec![0.0; 1999];
        reverse_copy_out_seq(&x, &mut want);
        exact("reverse_copy_out", &want, || {
            let mut out = vec![0.0; 1999];
            super::reverse_copy_out(&x, &mut out);
            out
        });
    }

    #[test]
    fn swap_arrays() {
        let mut rng = Rng::new(83);
        let (a0, b0) = (rng.vec(1500), rng.vec(1500));
        let mut want = (a0.clone(), b0.clone());
        swap_arrays_seq(&mut want.0, &mut want.1);
        exact("swap_arrays", &want, || {
            let (mut a, mut b) = (a0.clone(), b0.clone());
            super::swap_arrays(&mut a, &mut b);
            (a, b)
        });
    }

    #[test]
    fn flip_rows() {
        let a0 = Rng::new(84).array2(90, 31);
        let mut want = a0.clone();
        flip_rows_seq(&mut want);
        exact("flip_rows", &want, || {
            let mut a = a0.clone();
            super::flip_rows(&mut a);
            a
        });
    }

    #[test]
    fn row_sum_first_col() {
        let a0 = Rng::new(85).array2(90, 31);
        let mut want = a0.clone();
        row_sum_first_col_seq(&mut want);
        exact("row_sum_first_col", &want, || {
            let mut a = a0.clone();
            super::row_sum_first_col(&mut a);
            a
        });
    }

    #[test]
    fn struct_fields() {
        let v = Rng::new(86).vec(1200);
        let fresh = || Fields {
            u: vec![0.0; 1200],
            v: v.clone(),
            scale: 1.5,
        };
        let mut want = fresh();
        struct_fields_seq(&mut want);
        exact("struct_fields", &want.u, || {
            let mut g = fresh();
            super::struct_fields(&mut g);
            g.u
        });
    }

    #[test]
    fn offset_window() {
        let x = Rng::new(87).vec(2000);
        let mut want = vec![0.0; 1500];
        offset_window_seq(&x, &mut want, 300, 1700);
        exact("offset_window", &want, || {
            let mut out = vec![0.0; 1500];
            super::offset_window(&x, &mut out, 300, 1700);
            out
        });
    }

    #[test]
    fn nested_prange() {
        let a = Rng::new(88).array2(40, 50);
        let mut want = Array2::zeros((40, 50));
        nested_prange_seq(&a, &mut want);
        exact("nested_prange", &want, || {
            let mut c = Array2::zeros((40, 50));
            super::nested_prange(&a, &mut c);
            c
        });
    }

    #[test]
    fn normalize_two_pass() {
        let x = Rng::new(89).vec(2000);
        let mut want = vec![0.0; 2000];
        normalize_two_pass_seq(&x, &mut want);
        exact("normalize_two_pass", &want, || {
            let mut w = vec![0.0; 2000];
            super::normalize_two_pass(&x, &mut w);
            w
        });
    }

    #[test]
    fn middle_axis() {
        let mut rng = Rng::new(90);
        let a = Array3::from_shape_fn((7, 60, 5), |_| rng.f64());
        let mut want = Array3::zeros((7, 60, 5));
        middle_axis_seq(&a, &mut want);
        exact("middle_axis", &want, || {
            let mut b = Array3::zeros((7, 60, 5));
            super::middle_axis(&a, &mut b);
            b
        });
    }

    #[test]
    fn assign_columns() {
        let a = Rng::new(91).array2(20, 70);
        let mut want = Array2::zeros((20, 70));
        assign_columns_seq(&a, &mut want);
        exact("assign_columns", &want, || {
            let mut out = Array2::zeros((20, 70));
            super::assign_columns(&a, &mut out);
            out
        });
    }

    #[test]
    fn last_axis_fill() {
        let mut rng = Rng::new(92);
        let t = Array3::from_shape_fn((5, 5, 40), |_| rng.f64());
        let mut want = Array3::zeros((5, 5, 40));
        last_axis_fill_seq(&t, &mut want);
        exact("last_axis_fill", &want, || {
            let mut out = Array3::zeros((5, 5, 40));
            super::last_axis_fill(&t, &mut out);
            out
        });
    }

    #[test]
    fn linspace() {
        let mut want = vec![0.0; 1001];
        linspace_seq(&mut want, -1.0, 2.0);
        exact("linspace", &want, || {
            let mut out = vec![0.0; 1001];
            super::linspace(&mut out, -1.0, 2.0);
            out
        });
    }

    #[test]
    fn sum_reversed_operands() {
        let x = Rng::new(94).vec(3000);
        let want = sum_reversed_operands_seq(&x);
        for t in THREADS {
            let got = parfor::with_num_threads(t, || super::sum_reversed_operands(&x));
            assert_close("sum_reversed_operands", t, want, got, 3000.0);
        }
    }

    #[test]
    fn signed_sum() {
        let mut rng = Rng::new(96);
        let x = rng.vec(3000);
        let positive: Vec<bool> = (0..3000).map(|_| rng.below(2) == 0).collect();
        let want = signed_sum_seq(&x, &positive);
        for t in THREADS {
            let got = parfor::with_num_threads(t, || super::signed_sum(&x, &positive));
            assert_close("signed_sum", t, want, got, 3000.0);
        }
    }

    #[test]
    fn any_all() {
        let mut x: Vec<f64> = Rng::new(97).vec(3000).iter().map(|v| v.abs()).collect();
        let want = any_all_seq(&x);
        exact("any_all", &want, || super::any_all(&x));
        x[2999] = -f64::INFINITY;
        let want = any_all_seq(&x);
        assert_eq!(want, (true, false));
        exact("any_all", &want, || super::any_all(&x));
    }

    #[test]
    fn shadowed_name() {
        let x = Rng::new(98).vec(1000);
        let mut want = vec![0.0; 1000];
        let want_s = shadowed_name_seq(&x, &mut want);
        exact("shadowed_name", &(want_s, want), || {
            let mut out = vec![0.0; 1000];
            (super::shadowed_name(&x, &mut out), out)
        });
    }

    #[test]
    fn min_assoc_fn() {
        let x = Rng::new(99).vec(3000);
        let want = min_assoc_fn_seq(&x);
        exact("min_assoc_fn", &want, || super::min_assoc_fn(&x));
    }

    #[test]
    fn block_scale() {
        let x = Rng::new(48).vec(1003);
        let mut want = vec![0.0; 1003];
        block_scale_seq(&x, &mut want, 10);
        exact("block_scale", &want, || {
            let mut out = vec![0.0; 1003];
            super::block_scale(&x, &mut out, 10);
            out
        });
    }

    #[test]
    fn odd_even_sort() {
        let mut rng = Rng::new(68);
        for n in [300, 301] {
            let a0: Vec<i64> = (0..n).map(|_| (rng.next_u64() % 1000) as i64).collect();
            let mut want = a0.clone();
            odd_even_sort_seq(&mut want);
            assert!(want.windows(2).all(|w| w[0] <= w[1]));
            exact("odd_even_sort", &want, || {
                let mut a = a0.clone();
                super::odd_even_sort(&mut a);
                a
            });
        }
    }

    #[test]
    fn deref_reduction() {
        let x = Rng::new(110).vec(3000);
        let mut want = 0.5;
        deref_reduction_seq(&x, &mut want);
        for t in THREADS {
            let mut got = 0.5;
            parfor::with_num_threads(t, || super::deref_reduction(&x, &mut got));
            assert_close("deref_reduction", t, want, got, 3000.0);
        }
    }

    #[test]
    fn min_max_spellings() {
        let x = Rng::new(111).vec(3000);
        let want = min_max_spellings_seq(&x);
        exact("min_max_spellings", &want, || super::min_max_spellings(&x));
    }

    #[test]
    fn tuple_index_pair() {
        let mut rng = Rng::new(112);
        let (re, im) = (rng.vec(1001), rng.vec(1001));
        let mut want = vec![0.0; 2002];
        tuple_index_pair_seq(&re, &im, &mut want);
        exact("tuple_index_pair", &want, || {
            let mut out = vec![0.0; 2002];
            super::tuple_index_pair(&re, &im, &mut out);
            out
        });
    }

    #[test]
    fn shift_write_local() {
        let x = Rng::new(120).vec(1001);
        let mut want = vec![0.0; 1002];
        shift_write_local_seq(&x, &mut want);
        exact("shift_write_local", &want, || {
            let mut out = vec![0.0; 1002];
            super::shift_write_local(&x, &mut out);
            out
        });
    }

    #[test]
    fn prev_row_from_input() {
        let a = Rng::new(121).array2(41, 17);
        let mut want = Array2::zeros((41, 17));
        prev_row_from_input_seq(&a, &mut want);
        exact("prev_row_from_input", &want, || {
            let mut out = Array2::zeros((41, 17));
            super::prev_row_from_input(&a, &mut out);
            out
        });
    }

    #[test]
    fn scale_own_element() {
        let mut rng = Rng::new(122);
        let a0 = Array1::from(rng.vec(1001));
        let x = Array1::from(rng.vec(1001));
        let mut want = a0.clone();
        scale_own_element_seq(&mut want, &x);
        exact("scale_own_element", &want, || {
            let mut a = a0.clone();
            super::scale_own_element(&mut a, &x);
            a
        });
    }

    #[test]
    fn macro_reads() {
        let x = Array1::from(Rng::new(123).vec(303));
        let mut want = vec![0.0; 303];
        macro_reads_seq(&x, &mut want);
        exact("macro_reads", &want, || {
            let mut out = vec![0.0; 303];
            super::macro_reads(&x, &mut out);
            out
        });
    }

    #[test]
    fn private_scratch() {
        let x = Rng::new(124).vec(777);
        let mut want = vec![0.0; 777];
        private_scratch_seq(&x, &mut want);
        exact("private_scratch", &want, || {
            let mut out = vec![0.0; 777];
            super::private_scratch(&x, &mut out);
            out
        });
    }

    #[test]
    fn swap_locals() {
        let mut rng = Rng::new(125);
        let (x, y) = (rng.vec(1000), rng.vec(1000));
        let mut want = vec![0.0; 1000];
        swap_locals_seq(&x, &y, &mut want);
        exact("swap_locals", &want, || {
            let mut out = vec![0.0; 1000];
            super::swap_locals(&x, &y, &mut out);
            out
        });
    }

    #[test]
    fn closure_private_acc() {
        let mut rng = Rng::new(126);
        let (x, y) = (rng.vec(1000), rng.vec(1000));
        let mut want = vec![0.0; 1000];
        closure_private_acc_seq(&x, &y, &mut want);
        exact("closure_private_acc", &want, || {
            let mut out = vec![0.0; 1000];
            super::closure_private_acc(&x, &y, &mut out);
            out
        });
    }

    #[test]
    fn first_above() {
        let a = Rng::new(127).array2(97, 40);
        let mut want = vec![0; 97];
        first_above_seq(&a, 0.9, &mut want);
        exact("first_above", &want, || {
            let mut out = vec![0; 97];
            super::first_above(&a, 0.9, &mut out);
            out
        });
    }

    #[test]
    fn bindings_read_only() {
        let x = Rng::new(128).vec(1000);
        let mut want = vec![0.0; 1000];
        bindings_read_only_seq(&x, &mut want);
        exact("bindings_read_only", &want, || {
            let mut out = vec![0.0; 1000];
            super::bindings_read_only(&x, &mut out);
            out
        });
    }

    #[test]
    fn refs_own_element() {
        let x = Rng::new(129).vec(1000);
        let mut want = vec![0.0; 1000];
        refs_own_element_seq(&x, &mut want);
        exact("refs_own_element", &want, || {
            let mut out = vec![0.0; 1000];
            super::refs_own_element(&x, &mut out);
            out
        });
    }

    #[test]
    fn user_macro_read_only() {
        let x = Rng::new(130).vec(1000);
        let mut want = vec![0.0; 1000];
        user_macro_read_only_seq(&x, &mut want);
        exact("user_macro_read_only", &want, || {
            let mut out = vec![0.0; 1000];
            super::user_macro_read_only(&x, &mut out);
            out
        });
    }

    #[test]
    fn atomic_flag_and_max() {
        let x = Rng::new(131).vec(3000);
        let want = atomic_flag_and_max_seq(&x);
        assert!(want.0);
        exact("atomic_flag_and_max", &want, || {
            let (found, last) = (AtomicBool::new(false), AtomicUsize::new(0));
            super::atomic_flag_and_max(&x, &found, &last);
            (found.into_inner(), last.into_inner())
        });
    }

    #[test]
    fn row_max_private() {
        let a = Rng::new(132).array2(61, 23);
        let mut want = vec![0.0; 61];
        row_max_private_seq(&a, &mut want);
        exact("row_max_private", &want, || {
            let mut out = vec![0.0; 61];
            super::row_max_private(&a, &mut out);
            out
        });
    }

    #[test]
    fn normalise_by_input() {
        let x = Array1::from(Rng::new(133).vec(500)).mapv(f64::abs);
        let mut want = Array1::zeros(500);
        normalise_by_input_seq(&x, &mut want);
        exact("normalise_by_input", &want, || {
            let mut out = Array1::zeros(500);
            super::normalise_by_input(&x, &mut out);
            out
        });
    }

    #[test]
    fn shift_rows_copy() {
        let mut rng = Rng::new(134);
        let a: Vec<Vec<f64>> = (0..50).map(|_| rng.vec(13)).collect();
        let mut want = vec![vec![0.0; 13]; 50];
        shift_rows_copy_seq(&a, &mut want);
        exact("shift_rows_copy", &want, || {
            let mut out = vec![vec![0.0; 13]; 50];
            super::shift_rows_copy(&a, &mut out);
            out
        });
    }

    #[test]
    fn bicg() {
        let mut rng = Rng::new(70);
        let a = rng.array2(200, 30);
        let (r, p) = (rng.vec(200), rng.vec(30));
        let (mut want_s, mut want_q) = (rng.vec(30), vec![0.0; 200]);
        let s0 = want_s.clone();
        bicg_seq(&a, &r, &p, &mut want_s, &mut want_q);
        for t in THREADS {
            let (mut s, mut q) = (s0.clone(), vec![0.0; 200]);
            parfor::with_num_threads(t, || super::bicg(&a, &r, &p, &mut s, &mut q));
            assert_eq!(q, want_q, "bicg q with {t} threads");
            for j in 0..30 {
                assert_close("bicg s", t, want_s[j], s[j], 200.0);
            }
        }
    }

    #[test]
    fn histogram() {
        let x = Rng::new(69).vec(5000);
        let mut want = vec![0; 16];
        histogram_seq(&x, &mut want);
        exact("histogram", &want, || {
            let mut hist = vec![0; 16];
            super::histogram(&x, &mut hist);
            hist
        });
    }

    #[test]
    fn indirect_accumulate() {
        let mut rng = Rng::new(71);
        let index_set: Vec<usize> = (0..3000).map(|_| rng.below(500)).collect();
        let base0 = vec![0.5; 512];
        let mut want = base0.clone();
        indirect_accumulate_seq(&mut want, &index_set);
        // Sums of 1.0 and 3.0 onto 0.5 are exact in any order.
        exact("indirect_accumulate", &want, || {
            let mut base = base0.clone();
            super::indirect_accumulate(&mut base, &index_set);
            base
        });
    }

    #[test]
    fn inner_prange_array_accum() {
        let mut rng = Rng::new(72);
        let a = rng.array2(7, 3001);
        let x = rng.vec(3001);
        let mut want = vec![0.0; 7];
        inner_prange_array_accum_seq(&a, &x, &mut want);
        for t in THREADS {
            let mut y = vec![9.0; 7];
            parfor::with_num_threads(t, || super::inner_prange_array_accum(&a, &x, &mut y));
            for i in 0..7 {
                assert_close("inner_prange_array_accum", t, want[i], y[i], 3001.0);
            }
        }
    }

    #[test]
    fn overlap_add() {
        let frames = Rng::new(73).array2(301, 64);
        let hop = 16;
        let mut want = vec![0.0; 300 * hop + 64];
        overlap_add_seq(&frames, &mut want, hop);
        for t in THREADS {
            let mut out = vec![0.0; 300 * hop + 64];
            parfor::with_num_threads(t, || super::overlap_add(&frames, &mut out, hop));
            for k in 0..out.len() {
                assert_close("overlap_add", t, want[k], out[k], 4.0);
            }
        }
    }

    #[test]
    fn concat_halves() {
        let mut rng = Rng::new(74);
        for n in [0, 1, 7, 1000] {
            let (x, y) = (rng.vec(n), rng.vec(n));
            let mut want = vec![0.0; 2 * n + 3];
            concat_halves_seq(&x, &y, &mut want);
            exact("concat_halves", &want, || {
                let mut out = vec![0.0; 2 * n + 3];
                super::concat_halves(&x, &y, &mut out);
                out
            });
        }
    }

    #[test]
    fn reverse_in_place() {
        for n in [0, 1, 2, 2000, 2001] {
            let x0 = Rng::new(65).vec(n);
            let mut want = x0.clone();
            reverse_in_place_seq(&mut want);
            exact("reverse_in_place", &want, || {
                let mut x = x0.clone();
                super::reverse_in_place(&mut x);
                x
            });
        }
    }

    #[test]
    fn covariance() {
        let data = Rng::new(61).array2(40, 30);
        let mut want = Array2::zeros((30, 30));
        covariance_seq(&data, &mut want);
        exact("covariance", &want, || {
            let mut cov = Array2::zeros((30, 30));
            super::covariance(&data, &mut cov);
            cov
        });
    }

    #[test]
    fn symmetrize_lower() {
        let a0 = Rng::new(63).array2(50, 50);
        let mut want = a0.clone();
        symmetrize_lower_seq(&mut want);
        exact("symmetrize_lower", &want, || {
            let mut a = a0.clone();
            super::symmetrize_lower(&mut a);
            a
        });
    }

    #[test]
    fn transpose_in_place() {
        let a0 = Rng::new(64).array2(50, 50);
        let mut want = a0.clone();
        transpose_in_place_seq(&mut want);
        exact("transpose_in_place", &want, || {
            let mut a = a0.clone();
            super::transpose_in_place(&mut a);
            a
        });
    }

    #[test]
    fn red_black() {
        let mut rng = Rng::new(65);
        let u0: Vec<f64> = (0..2001).map(|_| rng.f64()).collect();
        let f: Vec<f64> = (0..2001).map(|_| rng.f64()).collect();
        let mut want = u0.clone();
        red_black_seq(&mut want, &f, 0.01);
        exact("red_black", &want, || {
            let mut u = u0.clone();
            super::red_black(&mut u, &f, 0.01);
            u
        });
    }
}
