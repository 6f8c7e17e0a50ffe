//! Row slices (`macros/src/expand/rows.rs`): inner loops `for j in lo..hi` of a prange
//! body whose accesses `x[[r.., j + c]]` (or `x[j + c]`) go through slices taken once
//! before the loop. Each `#[parallel]` function here is ordinary loop code with a
//! sequential twin (the same body, `0..n` for `prange(n)`); on random data the parallel
//! result must be the same bits as the twin's under 1, 2, 3 and 8 threads, whether the
//! rewrite takes the row slices (C-contiguous arrays, rows in bounds) or runs the loop
//! as written (transposed, sliced, reversed and Fortran-order arrays, windows split
//! along columns, rows out of bounds), and an out-of-bounds access panics as the
//! sequential loop does.
#![allow(clippy::needless_range_loop)]
// The loops are written as users write them, `b[[i, j]] = b[[i, j - 1]] * 0.5 +
// b[[i, j]]` and `&mut Vec<f64>` parameters included: those are forms under test.
#![allow(
    clippy::assign_op_pattern,
    clippy::ptr_arg,
    clippy::redundant_closure_call
)]

mod common;

use std::fmt::Debug;
use std::panic::{AssertUnwindSafe, catch_unwind};

use common::{THREADS, array2, array3, vec_f32, vec_f64, vec_i64};
use ndarray::{ArcArray2, CowArray, Data, ShapeBuilder};
use parfor::prelude::*;

// ---------------------------------------------------------------- helpers

/// A result compared bit for bit: floats by their bits (so `-0.0 != 0.0` and NaNs
/// compare equal to themselves), with the shape of an array in front.
trait Bits: Debug {
    fn bits(&self) -> Vec<u64>;
}

impl Bits for f64 {
    fn bits(&self) -> Vec<u64> {
        vec![self.to_bits()]
    }
}

impl Bits for f32 {
    fn bits(&self) -> Vec<u64> {
        vec![u64::from(self.to_bits())]
    }
}

impl Bits for i64 {
    fn bits(&self) -> Vec<u64> {
        vec![*self as u64]
    }
}

impl<T: Bits> Bits for Vec<T> {
    fn bits(&self) -> Vec<u64> {
        let mut out = vec![self.len() as u64];
        out.extend(self.iter().flat_map(Bits::bits));
        out
    }
}

impl<T: Bits, D: Dimension> Bits for Array<T, D> {
    fn bits(&self) -> Vec<u64> {
        let mut out: Vec<u64> = self.shape().iter().map(|&s| s as u64).collect();
        out.extend(self.iter().flat_map(Bits::bits));
        out
    }
}

impl<A: Bits, B: Bits> Bits for (A, B) {
    fn bits(&self) -> Vec<u64> {
        let mut out = self.0.bits();
        out.extend(self.1.bits());
        out
    }
}

/// Runs `run` under each thread count and checks it returns the bits of `expected`.
fn check<T: Bits>(what: &str, expected: &T, mut run: impl FnMut() -> T) {
    let want = expected.bits();
    for t in THREADS {
        let got = parfor::with_num_threads(t, &mut run);
        assert!(
            got.bits() == want,
            "{what}: wrong result with {t} threads:\n got {got:?}\nwant {expected:?}"
        );
    }
}

/// The panic message of `f`, or `None` if it returns.
fn panic_of(f: impl FnOnce()) -> Option<String> {
    let err = catch_unwind(AssertUnwindSafe(f)).err()?;
    Some(if let Some(s) = err.downcast_ref::<String>() {
        s.clone()
    } else if let Some(s) = err.downcast_ref::<&str>() {
        (*s).to_string()
    } else {
        "<non-string panic payload>".to_string()
    })
}

/// An `n x m` array of integers in `lo..hi`.
fn array2_i64(n: usize, m: usize, lo: i64, hi: i64, seed: u64) -> Array2<i64> {
    Array2::from_shape_vec((n, m), vec_i64(n * m, lo, hi, seed)).unwrap()
}

/// An `n x m` array of `f32` in `[-1, 1)`.
fn array2_f32(n: usize, m: usize, seed: u64) -> Array2<f32> {
    Array2::from_shape_vec((n, m), vec_f32(n * m, seed)).unwrap()
}

// ---------------------------------------------------------------- 1. 5-point stencil

/// Jacobi sweeps of a 5-point stencil between two buffers: each sweep reads `a` and
/// writes `b`, then the buffers swap.
#[parallel]
fn jacobi(a: &mut Array2<f64>, b: &mut Array2<f64>, sweeps: usize) {
    let (n, m) = a.dim();
    for _ in 0..sweeps {
        for i in prange(1..n - 1) {
            for j in 1..m - 1 {
                b[[i, j]] = 0.25 * (a[[i - 1, j]] + a[[i + 1, j]] + a[[i, j - 1]] + a[[i, j + 1]])
                    - 0.5 * a[[i, j]];
            }
        }
        std::mem::swap(a, b);
    }
}

fn jacobi_seq(a: &mut Array2<f64>, b: &mut Array2<f64>, sweeps: usize) {
    let (n, m) = a.dim();
    for _ in 0..sweeps {
        for i in 1..n - 1 {
            for j in 1..m - 1 {
                b[[i, j]] = 0.25 * (a[[i - 1, j]] + a[[i + 1, j]] + a[[i, j - 1]] + a[[i, j + 1]])
                    - 0.5 * a[[i, j]];
            }
        }
        std::mem::swap(a, b);
    }
}

/// The same stencil with tuple indices.
#[parallel]
fn stencil_tuple(a: &Array2<f64>, b: &mut Array2<f64>) {
    let (n, m) = a.dim();
    for i in prange(1..n - 1) {
        for j in 1..m - 1 {
            b[(i, j)] = 0.25 * (a[(i - 1, j)] + a[(i + 1, j)] + a[(i, j - 1)] + a[(i, j + 1)])
                - 0.5 * a[(i, j)];
        }
    }
}

fn stencil_tuple_seq(a: &Array2<f64>, b: &mut Array2<f64>) {
    let (n, m) = a.dim();
    for i in 1..n - 1 {
        for j in 1..m - 1 {
            b[(i, j)] = 0.25 * (a[(i - 1, j)] + a[(i + 1, j)] + a[(i, j - 1)] + a[(i, j + 1)])
                - 0.5 * a[(i, j)];
        }
    }
}

#[test]
fn five_point_stencil_two_buffers() {
    let a0 = array2(120, 97, 1);
    let want = {
        let (mut a, mut b) = (a0.clone(), a0.clone());
        jacobi_seq(&mut a, &mut b, 5);
        (a, b)
    };
    check("jacobi", &want, || {
        let (mut a, mut b) = (a0.clone(), a0.clone());
        jacobi(&mut a, &mut b, 5);
        (a, b)
    });
}

#[test]
fn five_point_stencil_tuple_indices() {
    let a = array2(130, 101, 2);
    let want = {
        let mut b = Array2::from_elem(a.dim(), 7.0);
        stencil_tuple_seq(&a, &mut b);
        b
    };
    check("a[(i, j)] stencil", &want, || {
        let mut b = Array2::from_elem(a.dim(), 7.0);
        stencil_tuple(&a, &mut b);
        b
    });
}

// ---------------------------------------------------------------- 2. 3x3 blur

/// A 3x3 box blur into an array the function declares and returns.
#[parallel]
fn blur(a: ArrayView2<f64>) -> Array2<f64> {
    let (n, m) = a.dim();
    let mut out = Array2::zeros((n, m));
    for i in prange(1..n - 1) {
        for j in 1..m - 1 {
            let mut s = 0.0;
            s += a[[i - 1, j - 1]] + a[[i - 1, j]] + a[[i - 1, j + 1]];
            s += a[[i, j - 1]] + a[[i, j]] + a[[i, j + 1]];
            s += a[[i + 1, j - 1]] + a[[i + 1, j]] + a[[i + 1, j + 1]];
            out[[i, j]] = s / 9.0;
        }
    }
    out
}

fn blur_seq(a: ArrayView2<f64>) -> Array2<f64> {
    let (n, m) = a.dim();
    let mut out = Array2::zeros((n, m));
    for i in 1..n - 1 {
        for j in 1..m - 1 {
            let mut s = 0.0;
            s += a[[i - 1, j - 1]] + a[[i - 1, j]] + a[[i - 1, j + 1]];
            s += a[[i, j - 1]] + a[[i, j]] + a[[i, j + 1]];
            s += a[[i + 1, j - 1]] + a[[i + 1, j]] + a[[i + 1, j + 1]];
            out[[i, j]] = s / 9.0;
        }
    }
    out
}

#[test]
fn blur_into_a_declared_array() {
    let a = array2(140, 93, 3);
    let want = blur_seq(a.view());
    check("blur", &want, || blur(a.view()));
}

// ---------------------------------------------------------------- 3. pairwise distances

/// Euclidean distances between all pairs of rows: the `k` loop reads rows `i` and `j`
/// of `x`, the `j` loop writes row `i` of `out`.
#[parallel]
fn pairwise(x: &Array2<f64>) -> Array2<f64> {
    let (n, d) = x.dim();
    let mut out = Array2::zeros((n, n));
    for i in prange(n) {
        for j in 0..n {
            let mut s = 0.0;
            for k in 0..d {
                let t = x[[i, k]] - x[[j, k]];
                s += t * t;
            }
            out[[i, j]] = s.sqrt();
        }
    }
    out
}

fn pairwise_seq(x: &Array2<f64>) -> Array2<f64> {
    let (n, d) = x.dim();
    let mut out = Array2::zeros((n, n));
    for i in 0..n {
        for j in 0..n {
            let mut s = 0.0;
            for k in 0..d {
                let t = x[[i, k]] - x[[j, k]];
                s += t * t;
            }
            out[[i, j]] = s.sqrt();
        }
    }
    out
}

/// `c = a b` in i-k-j order: the `j` loop reads row `k` of `b` and updates row `i` of
/// `c`; the `k` loop reads row `i` of `a`.
#[parallel]
fn matmul_ikj(a: &Array2<f64>, b: &Array2<f64>, c: &mut Array2<f64>) {
    let (n, p) = a.dim();
    let m = b.ncols();
    for i in prange(n) {
        for k in 0..p {
            for j in 0..m {
                c[[i, j]] += a[[i, k]] * b[[k, j]];
            }
        }
    }
}

fn matmul_ikj_seq(a: &Array2<f64>, b: &Array2<f64>, c: &mut Array2<f64>) {
    let (n, p) = a.dim();
    let m = b.ncols();
    for i in 0..n {
        for k in 0..p {
            for j in 0..m {
                c[[i, j]] += a[[i, k]] * b[[k, j]];
            }
        }
    }
}

#[test]
fn pairwise_distances_two_nested_row_loops() {
    let x = array2(90, 17, 4);
    let want = pairwise_seq(&x);
    check("pairwise", &want, || pairwise(&x));
}

#[test]
fn matmul_i_k_j() {
    let a = array2(70, 45, 5);
    let b = array2(45, 61, 6);
    let c0 = array2(70, 61, 7);
    let want = {
        let mut c = c0.clone();
        matmul_ikj_seq(&a, &b, &mut c);
        c
    };
    check("matmul ikj", &want, || {
        let mut c = c0.clone();
        matmul_ikj(&a, &b, &mut c);
        c
    });
}

// ---------------------------------------------------------------- 4. log-sum-exp, softmax

/// Row-wise softmax into `out` and log-sum-exp into `lse`.
#[parallel]
fn softmax(x: &Array2<f64>, out: &mut Array2<f64>, lse: &mut Array1<f64>) {
    let (n, m) = x.dim();
    for i in prange(n) {
        let mut mx = f64::NEG_INFINITY;
        for j in 0..m {
            mx = x[[i, j]].max(mx);
        }
        let mut s = 0.0;
        for j in 0..m {
            out[[i, j]] = (x[[i, j]] - mx).exp();
            s += out[[i, j]];
        }
        for j in 0..m {
            out[[i, j]] /= s;
        }
        lse[i] = mx + s.ln();
    }
}

fn softmax_seq(x: &Array2<f64>, out: &mut Array2<f64>, lse: &mut Array1<f64>) {
    let (n, m) = x.dim();
    for i in 0..n {
        let mut mx = f64::NEG_INFINITY;
        for j in 0..m {
            mx = x[[i, j]].max(mx);
        }
        let mut s = 0.0;
        for j in 0..m {
            out[[i, j]] = (x[[i, j]] - mx).exp();
            s += out[[i, j]];
        }
        for j in 0..m {
            out[[i, j]] /= s;
        }
        lse[i] = mx + s.ln();
    }
}

/// Softmax in place: every inner loop reads and writes the loop's own row.
#[parallel]
fn softmax_in_place(x: &mut Array2<f64>) {
    let (n, m) = x.dim();
    for i in prange(n) {
        let mut mx = f64::NEG_INFINITY;
        for j in 0..m {
            mx = x[[i, j]].max(mx);
        }
        let mut s = 0.0;
        for j in 0..m {
            x[[i, j]] = (x[[i, j]] - mx).exp();
            s += x[[i, j]];
        }
        for j in 0..m {
            x[[i, j]] = x[[i, j]] / s;
        }
    }
}

fn softmax_in_place_seq(x: &mut Array2<f64>) {
    let (n, m) = x.dim();
    for i in 0..n {
        let mut mx = f64::NEG_INFINITY;
        for j in 0..m {
            mx = x[[i, j]].max(mx);
        }
        let mut s = 0.0;
        for j in 0..m {
            x[[i, j]] = (x[[i, j]] - mx).exp();
            s += x[[i, j]];
        }
        for j in 0..m {
            x[[i, j]] = x[[i, j]] / s;
        }
    }
}

#[test]
fn log_sum_exp_and_softmax() {
    let x = array2(150, 77, 8).mapv(|v| 20.0 * v);
    let want = {
        let mut out = Array2::zeros(x.dim());
        let mut lse = Array1::zeros(x.nrows());
        softmax_seq(&x, &mut out, &mut lse);
        (out, lse)
    };
    check("softmax", &want, || {
        let mut out = Array2::zeros(x.dim());
        let mut lse = Array1::zeros(x.nrows());
        softmax(&x, &mut out, &mut lse);
        (out, lse)
    });
    let want = {
        let mut y = x.clone();
        softmax_in_place_seq(&mut y);
        y
    };
    check("softmax in place", &want, || {
        let mut y = x.clone();
        softmax_in_place(&mut y);
        y
    });
}

// ---------------------------------------------------------------- 5. 1-D arrays

/// Row-wise prefix sums through a per-iteration `Vec`, copied out.
#[parallel]
fn prefix_rows(x: &Array2<f64>, out: &mut Array2<f64>) {
    let (n, m) = x.dim();
    for i in prange(n) {
        let mut t = vec![0.0; m];
        t[0] = x[[i, 0]];
        for j in 1..m {
            t[j] = t[j - 1] + x[[i, j]];
        }
        for j in 0..m {
            out[[i, j]] = t[j];
        }
    }
}

fn prefix_rows_seq(x: &Array2<f64>, out: &mut Array2<f64>) {
    let (n, m) = x.dim();
    for i in 0..n {
        let mut t = vec![0.0; m];
        t[0] = x[[i, 0]];
        for j in 1..m {
            t[j] = t[j - 1] + x[[i, j]];
        }
        for j in 0..m {
            out[[i, j]] = t[j];
        }
    }
}

/// A dot product of each row's first `k` elements with `w: &[f64]`, a matrix-vector
/// product with `v: &Array1<f64>`, and a 3-tap filter with a fixed-size array.
#[parallel]
fn kernels_1d(x: &Array2<f64>, w: &[f64], v: &Array1<f64>, out: &mut Array2<f64>) {
    let (n, m) = x.dim();
    let k = w.len();
    let taps: [f64; 3] = [0.25, 0.5, 0.25];
    for i in prange(n) {
        let mut s = 0.0;
        for j in 0..k {
            s += w[j] * x[[i, j]];
        }
        out[[i, 0]] = s;
        let mut s = 0.0;
        for j in 0..m {
            s += v[j] * x[[i, j]];
        }
        out[[i, 1]] = s;
        for j in 2..m {
            let mut s = 0.0;
            for d in 0..3 {
                s += taps[d] * x[[i, j - d]];
            }
            out[[i, j]] = s;
        }
    }
}

fn kernels_1d_seq(x: &Array2<f64>, w: &[f64], v: &Array1<f64>, out: &mut Array2<f64>) {
    let (n, m) = x.dim();
    let k = w.len();
    let taps: [f64; 3] = [0.25, 0.5, 0.25];
    for i in 0..n {
        let mut s = 0.0;
        for j in 0..k {
            s += w[j] * x[[i, j]];
        }
        out[[i, 0]] = s;
        let mut s = 0.0;
        for j in 0..m {
            s += v[j] * x[[i, j]];
        }
        out[[i, 1]] = s;
        for j in 2..m {
            let mut s = 0.0;
            for d in 0..3 {
                s += taps[d] * x[[i, j - d]];
            }
            out[[i, j]] = s;
        }
    }
}

/// A 3-point moving sum over blocks of a `Vec<f64>` into a `&mut [f64]` split by the
/// blocks (`x` has two elements more than `out`).
#[parallel]
fn moving_sum_blocks(x: Vec<f64>, out: &mut [f64], bs: usize) {
    let n = out.len();
    for b in prange((0..n).step_by(bs)) {
        for t in b..b + bs {
            out[t] = x[t] + x[t + 1] + x[t + 2];
        }
    }
}

fn moving_sum_blocks_seq(x: Vec<f64>, out: &mut [f64], bs: usize) {
    let n = out.len();
    for b in (0..n).step_by(bs) {
        for t in b..b + bs {
            out[t] = x[t] + x[t + 1] + x[t + 2];
        }
    }
}

/// A running difference inside each block of a `&mut Vec<f64>`, read from a slice.
#[parallel]
fn block_differences(x: &[f64], out: &mut Vec<f64>, bs: usize) {
    let n = x.len();
    for w in prange(n / bs) {
        out[w * bs] = x[w * bs];
        for t in w * bs + 1..(w + 1) * bs {
            out[t] = x[t] - x[t - 1] + 0.5 * out[t - 1];
        }
    }
}

fn block_differences_seq(x: &[f64], out: &mut Vec<f64>, bs: usize) {
    let n = x.len();
    for w in 0..n / bs {
        out[w * bs] = x[w * bs];
        for t in w * bs + 1..(w + 1) * bs {
            out[t] = x[t] - x[t - 1] + 0.5 * out[t - 1];
        }
    }
}

#[test]
fn one_dimensional_private_vec_prefix_sum() {
    let x = array2(160, 83, 9);
    let want = {
        let mut out = Array2::zeros(x.dim());
        prefix_rows_seq(&x, &mut out);
        out
    };
    check("prefix sums", &want, || {
        let mut out = Array2::zeros(x.dim());
        prefix_rows(&x, &mut out);
        out
    });
}

#[test]
fn one_dimensional_read_only_kernels() {
    let x = array2(150, 64, 10);
    let w = vec_f64(40, 11);
    let v = Array1::from(vec_f64(64, 12));
    let want = {
        let mut out = Array2::zeros(x.dim());
        kernels_1d_seq(&x, &w, &v, &mut out);
        out
    };
    check("1-D kernels", &want, || {
        let mut out = Array2::zeros(x.dim());
        kernels_1d(&x, &w, &v, &mut out);
        out
    });
}

#[test]
fn one_dimensional_vec_and_slices_split_by_blocks() {
    let (n, bs) = (6_000, 40);
    let x = vec_f64(n + 2, 13);
    let want = {
        let mut out = vec![-1.0; n];
        moving_sum_blocks_seq(x.clone(), &mut out, bs);
        out
    };
    check("Vec read, &mut [f64] blocks", &want, || {
        let mut out = vec![-1.0; n];
        moving_sum_blocks(x.clone(), &mut out, bs);
        out
    });
    let x = vec_f64(n, 14);
    let want = {
        let mut out = vec![-1.0; n];
        block_differences_seq(&x, &mut out, bs);
        out
    };
    check("&[f64] read, &mut Vec blocks", &want, || {
        let mut out = vec![-1.0; n];
        block_differences(&x, &mut out, bs);
        out
    });
}

// ---------------------------------------------------------------- 6. 3-D arrays

/// `out[[i, j]] = sum_k w_k a[[i, k, j]]` and `b[[i, k, j]]` a forward difference.
#[parallel]
fn three_d(a: &Array3<f64>, out: &mut Array2<f64>, b: &mut Array3<f64>) {
    let (n, p, m) = a.dim();
    for i in prange(n) {
        for k in 0..p {
            for j in 0..m {
                out[[i, j]] += a[[i, k, j]] * (k as f64 + 1.0);
            }
            for j in 0..m - 1 {
                b[[i, k, j]] = a[[i, k, j + 1]] - a[[i, k, j]];
            }
        }
    }
}

fn three_d_seq(a: &Array3<f64>, out: &mut Array2<f64>, b: &mut Array3<f64>) {
    let (n, p, m) = a.dim();
    for i in 0..n {
        for k in 0..p {
            for j in 0..m {
                out[[i, j]] += a[[i, k, j]] * (k as f64 + 1.0);
            }
            for j in 0..m - 1 {
                b[[i, k, j]] = a[[i, k, j + 1]] - a[[i, k, j]];
            }
        }
    }
}

#[test]
fn three_dimensional_rows_from_a_middle_loop() {
    let a = array3((40, 9, 33), 15);
    let want = {
        let mut out = Array2::zeros((40, 33));
        let mut b = Array3::from_elem(a.dim(), 3.0);
        three_d_seq(&a, &mut out, &mut b);
        (out, b)
    };
    check("3-D", &want, || {
        let mut out = Array2::zeros((40, 33));
        let mut b = Array3::from_elem(a.dim(), 3.0);
        three_d(&a, &mut out, &mut b);
        (out, b)
    });
}

// ---------------------------------------------------------------- 7. in-place row updates

/// Sequential-in-`j` updates of the loop's own row at several offsets.
#[parallel]
fn recurrences(b: &mut Array2<f64>) {
    let (n, m) = b.dim();
    for i in prange(n) {
        for j in 1..m {
            b[[i, j]] = b[[i, j - 1]] * 0.5 + b[[i, j]];
        }
        for j in 1..m {
            b[[i, j]] += b[[i, j - 1]] * 0.25;
        }
        for j in 0..m - 1 {
            b[[i, j]] -= 0.125 * b[[i, j + 1]];
        }
        for j in 2..m {
            b[[i, j]] = b[[i, j]].max(b[[i, j - 2]] - b[[i, j - 1]]);
        }
    }
}

fn recurrences_seq(b: &mut Array2<f64>) {
    let (n, m) = b.dim();
    for i in 0..n {
        for j in 1..m {
            b[[i, j]] = b[[i, j - 1]] * 0.5 + b[[i, j]];
        }
        for j in 1..m {
            b[[i, j]] += b[[i, j - 1]] * 0.25;
        }
        for j in 0..m - 1 {
            b[[i, j]] -= 0.125 * b[[i, j + 1]];
        }
        for j in 2..m {
            b[[i, j]] = b[[i, j]].max(b[[i, j - 2]] - b[[i, j - 1]]);
        }
    }
}

#[test]
fn written_row_with_several_offsets() {
    let b0 = array2(170, 71, 16);
    let want = {
        let mut b = b0.clone();
        recurrences_seq(&mut b);
        b
    };
    check("in-place recurrences", &want, || {
        let mut b = b0.clone();
        recurrences(&mut b);
        b
    });
}

// ---------------------------------------------------------------- 8. slow-path layouts

/// The 5-point stencil over views of any layout.
#[parallel]
fn stencil_view(a: ArrayView2<f64>, mut b: ArrayViewMut2<f64>) {
    let (n, m) = a.dim();
    for i in prange(1..n - 1) {
        for j in 1..m - 1 {
            b[[i, j]] = 0.25 * (a[[i - 1, j]] + a[[i + 1, j]] + a[[i, j - 1]] + a[[i, j + 1]])
                - 0.5 * a[[i, j]];
        }
    }
}

fn stencil_view_seq(a: ArrayView2<f64>, mut b: ArrayViewMut2<f64>) {
    let (n, m) = a.dim();
    for i in 1..n - 1 {
        for j in 1..m - 1 {
            b[[i, j]] = 0.25 * (a[[i - 1, j]] + a[[i + 1, j]] + a[[i, j - 1]] + a[[i, j + 1]])
                - 0.5 * a[[i, j]];
        }
    }
}

/// The stencil into a Fortran-order array the function declares.
#[parallel]
fn stencil_fortran(a: ArrayView2<f64>) -> Array2<f64> {
    let (n, m) = a.dim();
    let mut out = Array2::zeros((n, m).f());
    for i in prange(1..n - 1) {
        for j in 1..m - 1 {
            out[[i, j]] = 0.25 * (a[[i - 1, j]] + a[[i + 1, j]] + a[[i, j - 1]] + a[[i, j + 1]])
                - 0.5 * a[[i, j]];
        }
    }
    out
}

fn stencil_fortran_seq(a: ArrayView2<f64>) -> Array2<f64> {
    let (n, m) = a.dim();
    let mut out = Array2::zeros((n, m).f());
    for i in 1..n - 1 {
        for j in 1..m - 1 {
            out[[i, j]] = 0.25 * (a[[i - 1, j]] + a[[i + 1, j]] + a[[i, j - 1]] + a[[i, j + 1]])
                - 0.5 * a[[i, j]];
        }
    }
    out
}

/// Blocks of columns: the window of `out` is split along its last axis.
#[parallel]
fn column_blocks(a: &Array2<f64>, out: &mut Array2<f64>, bs: usize) {
    let (n, m) = a.dim();
    for c in prange((0..m).step_by(bs)) {
        for i in 0..n {
            for j in c..c + bs {
                out[[i, j]] = a[[i, j]] * 2.0 + a[[i, c]];
            }
        }
    }
}

fn column_blocks_seq(a: &Array2<f64>, out: &mut Array2<f64>, bs: usize) {
    let (n, m) = a.dim();
    for c in (0..m).step_by(bs) {
        for i in 0..n {
            for j in c..c + bs {
                out[[i, j]] = a[[i, j]] * 2.0 + a[[i, c]];
            }
        }
    }
}

#[test]
fn slow_path_layouts_read() {
    let base = array2(110, 95, 17);
    let views: Vec<(&str, ArrayView2<f64>)> = vec![
        ("standard", base.view()),
        ("transposed", base.t()),
        ("sliced columns", base.slice(s![.., 1..])),
        ("sliced rows and columns", base.slice(s![3..90, 2..80])),
        ("strided columns", base.slice(s![.., ..;2])),
        ("reversed rows", base.slice(s![..;-1, ..])),
        ("reversed columns", base.slice(s![.., ..;-1])),
    ];
    for (what, a) in views {
        let want = {
            let mut b = Array2::from_elem(a.dim(), 1.5);
            stencil_view_seq(a, b.view_mut());
            b
        };
        check(what, &want, || {
            let mut b = Array2::from_elem(a.dim(), 1.5);
            stencil_view(a, b.view_mut());
            b
        });
    }
}

#[test]
fn slow_path_layouts_written() {
    let a = array2(105, 88, 18);
    let (n, m) = a.dim();
    let want = {
        let mut b = Array2::from_elem((n, m), 1.5);
        stencil_view_seq(a.view(), b.view_mut());
        b
    };
    check("Fortran-order written view", &want, || {
        let mut b = Array2::from_elem((n, m).f(), 1.5);
        stencil_view(a.view(), b.view_mut());
        b.as_standard_layout().into_owned()
    });
    check("transposed written view", &want, || {
        let mut b = Array2::from_elem((m, n), 1.5);
        stencil_view(a.view(), b.view_mut().reversed_axes());
        b.t().as_standard_layout().into_owned()
    });
    check("reversed written view", &want, || {
        let mut b = Array2::from_elem((n, m), 1.5);
        let mut r = b.slice_mut(s![..;-1, ..]);
        r.invert_axis(Axis(0));
        stencil_view(a.view(), r);
        b
    });
    check("sliced written view", &want, || {
        let mut b = Array2::from_elem((n, m + 3), 1.5);
        stencil_view(a.view(), b.slice_mut(s![.., 2..m + 2]));
        b.slice(s![.., 2..m + 2]).to_owned()
    });
    let want = stencil_fortran_seq(a.view());
    assert!(want.t().is_standard_layout());
    check("Fortran-order declared array", &want, || {
        stencil_fortran(a.view())
    });
    let a = array2(60, 96, 19);
    let want = {
        let mut out = Array2::from_elem(a.dim(), -2.0);
        column_blocks_seq(&a, &mut out, 8);
        out
    };
    check("window split along columns", &want, || {
        let mut out = Array2::from_elem(a.dim(), -2.0);
        column_blocks(&a, &mut out, 8);
        out
    });
}

// ---------------------------------------------------------------- 9. control flow

/// `continue` in the inner loop, and accesses guarded against underflow.
#[parallel]
fn guarded(a: &Array2<f64>, out: &mut Array2<f64>) {
    let (n, m) = a.dim();
    for i in prange(n) {
        for j in 0..m {
            if a[[i, j]] < -0.5 {
                continue;
            }
            out[[i, j]] = a[[i, j]] * 2.0;
            if i > 0 {
                out[[i, j]] += a[[i - 1, j]];
            }
        }
        for j in 0..m {
            if j > 0 {
                out[[i, j]] -= a[[i, j - 1]];
            }
        }
        for j in 0..m {
            if i > 0 && j > 0 {
                out[[i, j]] += 0.5 * a[[i - 1, j - 1]];
            }
        }
    }
}

fn guarded_seq(a: &Array2<f64>, out: &mut Array2<f64>) {
    let (n, m) = a.dim();
    for i in 0..n {
        for j in 0..m {
            if a[[i, j]] < -0.5 {
                continue;
            }
            out[[i, j]] = a[[i, j]] * 2.0;
            if i > 0 {
                out[[i, j]] += a[[i - 1, j]];
            }
        }
        for j in 0..m {
            if j > 0 {
                out[[i, j]] -= a[[i, j - 1]];
            }
        }
        for j in 0..m {
            if i > 0 && j > 0 {
                out[[i, j]] += 0.5 * a[[i - 1, j - 1]];
            }
        }
    }
}

/// `continue 'outer` from the inner loop to a middle loop, `continue 'rows` to the
/// prange loop, and `break` out of the inner loop.
#[parallel]
fn labelled(a: &Array3<f64>, out: &mut Array2<f64>, first: &mut [f64]) {
    let (n, p, m) = a.dim();
    'rows: for i in prange(n) {
        first[i] = 0.0;
        'outer: for k in 0..p {
            for j in 0..m {
                if a[[i, k, j]] < -0.95 {
                    continue 'outer;
                }
                out[[i, k]] += a[[i, k, j]];
            }
        }
        for k in 0..p {
            for j in 0..m {
                if a[[i, k, j]] > 0.999 {
                    first[i] = a[[i, k, j]];
                    continue 'rows;
                }
                if a[[i, k, j]] > 0.99 {
                    break;
                }
            }
        }
        first[i] = -1.0;
    }
}

fn labelled_seq(a: &Array3<f64>, out: &mut Array2<f64>, first: &mut [f64]) {
    let (n, p, m) = a.dim();
    'rows: for i in 0..n {
        first[i] = 0.0;
        'outer: for k in 0..p {
            for j in 0..m {
                if a[[i, k, j]] < -0.95 {
                    continue 'outer;
                }
                out[[i, k]] += a[[i, k, j]];
            }
        }
        for k in 0..p {
            for j in 0..m {
                if a[[i, k, j]] > 0.999 {
                    first[i] = a[[i, k, j]];
                    continue 'rows;
                }
                if a[[i, k, j]] > 0.99 {
                    break;
                }
            }
        }
        first[i] = -1.0;
    }
}

#[test]
fn continue_and_guarded_accesses() {
    let a = array2(130, 70, 20);
    let want = {
        let mut out = Array2::from_elem(a.dim(), 0.25);
        guarded_seq(&a, &mut out);
        out
    };
    check("guarded", &want, || {
        let mut out = Array2::from_elem(a.dim(), 0.25);
        guarded(&a, &mut out);
        out
    });
}

#[test]
fn labelled_continue_and_break_from_the_inner_loop() {
    let a = array3((50, 11, 40), 21);
    let want = {
        let mut out = Array2::zeros((50, 11));
        let mut first = vec![9.0; 50];
        labelled_seq(&a, &mut out, &mut first);
        (out, first)
    };
    assert!(want.1.contains(&-1.0) && want.1.iter().any(|&v| v > 0.999));
    check("labelled continue", &want, || {
        let mut out = Array2::zeros((50, 11));
        let mut first = vec![9.0; 50];
        labelled(&a, &mut out, &mut first);
        (out, first)
    });
}

// ---------------------------------------------------------------- 10. odd inner ranges

/// Empty inner ranges, ranges run at run-time bounds, and offsets that would reach
/// below 0 or past the row's end but are guarded.
#[allow(clippy::reversed_empty_ranges)]
#[parallel]
fn odd_ranges(a: &Array2<f64>, out: &mut Array2<f64>, lo: usize, hi: usize) {
    let (n, m) = a.dim();
    for i in prange(n) {
        let mut s = 0.0;
        for j in 5..3 {
            s += a[[i, j]];
        }
        for j in lo..hi {
            s += a[[i, j + 1]] * a[[i, j]];
        }
        for j in 0..m {
            if j >= 1 {
                s += a[[i, j - 1]];
            }
        }
        for j in 0..m {
            if j + 1 < m {
                s -= 0.5 * a[[i, j + 1]];
            }
        }
        for j in m..m {
            out[[i, j]] = 1.0;
        }
        out[[i, 0]] = s;
    }
}

#[allow(clippy::reversed_empty_ranges)]
fn odd_ranges_seq(a: &Array2<f64>, out: &mut Array2<f64>, lo: usize, hi: usize) {
    let (n, m) = a.dim();
    for i in 0..n {
        let mut s = 0.0;
        for j in 5..3 {
            s += a[[i, j]];
        }
        for j in lo..hi {
            s += a[[i, j + 1]] * a[[i, j]];
        }
        for j in 0..m {
            if j >= 1 {
                s += a[[i, j - 1]];
            }
        }
        for j in 0..m {
            if j + 1 < m {
                s -= 0.5 * a[[i, j + 1]];
            }
        }
        for j in m..m {
            out[[i, j]] = 1.0;
        }
        out[[i, 0]] = s;
    }
}

#[test]
fn empty_ranges_and_guarded_offsets() {
    let a = array2(120, 30, 22);
    let m = a.ncols();
    for (lo, hi) in [
        (0, m - 1),
        (4, 9),
        (9, 4),
        (m - 1, m - 1),
        (m, m),
        (m + 10, m + 5),
        (0, 0),
    ] {
        let want = {
            let mut out = Array2::zeros(a.dim());
            odd_ranges_seq(&a, &mut out, lo, hi);
            out
        };
        check(&format!("ranges {lo}..{hi}"), &want, || {
            let mut out = Array2::zeros(a.dim());
            odd_ranges(&a, &mut out, lo, hi);
            out
        });
    }
}

// ---------------------------------------------------------------- 11. shadowing

/// The inner body rebinds the loop variable.
#[parallel]
fn shadow_j(a: &Array2<f64>, out: &mut Array2<f64>) {
    let (n, m) = a.dim();
    for i in prange(n) {
        for j in 0..m {
            let j = m - 1 - j;
            out[[i, j]] = a[[i, j]] * 2.0 + j as f64;
        }
    }
}

fn shadow_j_seq(a: &Array2<f64>, out: &mut Array2<f64>) {
    let (n, m) = a.dim();
    for i in 0..n {
        for j in 0..m {
            let j = m - 1 - j;
            out[[i, j]] = a[[i, j]] * 2.0 + j as f64;
        }
    }
}

/// The inner body rebinds the row variable, in the body and in a block.
#[parallel]
fn shadow_row(a: &Array2<f64>, out: &mut Array2<f64>, sums: &mut [f64]) {
    let (n, m) = a.dim();
    for i in prange(n - 1) {
        let mut s = 0.0;
        for j in 0..m {
            s += a[[i, j]];
            let i = i + 1;
            s -= 0.5 * a[[i, j]];
        }
        sums[i] = s;
        for j in 0..m {
            let below = {
                let i = i + 1;
                a[[i, j]]
            };
            out[[i, j]] = a[[i, j]] - below;
        }
    }
}

fn shadow_row_seq(a: &Array2<f64>, out: &mut Array2<f64>, sums: &mut [f64]) {
    let (n, m) = a.dim();
    for i in 0..n - 1 {
        let mut s = 0.0;
        for j in 0..m {
            s += a[[i, j]];
            let i = i + 1;
            s -= 0.5 * a[[i, j]];
        }
        sums[i] = s;
        for j in 0..m {
            let below = {
                let i = i + 1;
                a[[i, j]]
            };
            out[[i, j]] = a[[i, j]] - below;
        }
    }
}

/// The inner body rebinds an array's name: to another array, to an element, and as a
/// closure parameter.
#[parallel]
fn shadow_array(a: &Array2<f64>, c: &Array2<f64>, out: &mut Array2<f64>) {
    let (n, m) = a.dim();
    for i in prange(n) {
        for j in 0..m {
            let mut s = a[[i, j]];
            let a = c;
            s += 2.0 * a[[i, j]];
            out[[i, j]] = s;
        }
        for j in 0..m {
            let c = c[[i, j]];
            out[[i, j]] += c * c;
        }
        for j in 0..m {
            let sq = |a: f64| a * a;
            out[[i, j]] -= sq(a[[i, j]]);
        }
    }
}

fn shadow_array_seq(a: &Array2<f64>, c: &Array2<f64>, out: &mut Array2<f64>) {
    let (n, m) = a.dim();
    for i in 0..n {
        for j in 0..m {
            let mut s = a[[i, j]];
            let a = c;
            s += 2.0 * a[[i, j]];
            out[[i, j]] = s;
        }
        for j in 0..m {
            let c = c[[i, j]];
            out[[i, j]] += c * c;
        }
        for j in 0..m {
            let sq = |a: f64| a * a;
            out[[i, j]] -= sq(a[[i, j]]);
        }
    }
}

#[test]
fn shadowed_loop_variable() {
    let a = array2(120, 50, 23);
    let want = {
        let mut out = Array2::zeros(a.dim());
        shadow_j_seq(&a, &mut out);
        out
    };
    check("let j = ..", &want, || {
        let mut out = Array2::zeros(a.dim());
        shadow_j(&a, &mut out);
        out
    });
}

#[test]
fn shadowed_row_variable() {
    let a = array2(120, 50, 24);
    let want = {
        let mut out = Array2::zeros(a.dim());
        let mut sums = vec![0.0; a.nrows()];
        shadow_row_seq(&a, &mut out, &mut sums);
        (out, sums)
    };
    check("let i = i + 1", &want, || {
        let mut out = Array2::zeros(a.dim());
        let mut sums = vec![0.0; a.nrows()];
        shadow_row(&a, &mut out, &mut sums);
        (out, sums)
    });
}

#[test]
fn shadowed_array_name() {
    let a = array2(120, 50, 25);
    let c = array2(120, 50, 26);
    let want = {
        let mut out = Array2::zeros(a.dim());
        shadow_array_seq(&a, &c, &mut out);
        out
    };
    check("let a = c", &want, || {
        let mut out = Array2::zeros(a.dim());
        shadow_array(&a, &c, &mut out);
        out
    });
}

// ---------------------------------------------------------------- 12. panics

/// Reads one element past each row of `x`.
#[parallel]
fn read_past_row(x: &Array2<f64>, out: &mut Array2<f64>) {
    let (n, m) = x.dim();
    for i in prange(n) {
        for j in 0..m + 1 {
            out[[i, j]] = x[[i, j]];
        }
    }
}

fn read_past_row_seq(x: &Array2<f64>, out: &mut Array2<f64>) {
    let (n, m) = x.dim();
    for i in 0..n {
        for j in 0..m + 1 {
            out[[i, j]] = x[[i, j]];
        }
    }
}

/// Writes one element past each row of `out`.
#[parallel]
fn write_past_row(x: &Array2<f64>, out: &mut Array2<f64>) {
    let (n, m) = x.dim();
    for i in prange(n) {
        for j in 0..m + 1 {
            out[[i, j]] = 1.0;
        }
        out[[i, 0]] = x[[i, 0]];
    }
}

fn write_past_row_seq(x: &Array2<f64>, out: &mut Array2<f64>) {
    let (n, m) = x.dim();
    for i in 0..n {
        for j in 0..m + 1 {
            out[[i, j]] = 1.0;
        }
        out[[i, 0]] = x[[i, 0]];
    }
}

/// Reads `j - 1` from `j = 0`, unguarded: the subtraction overflows.
#[parallel]
fn read_before_row(x: &Array2<f64>, out: &mut [f64]) {
    let (n, m) = x.dim();
    for i in prange(n) {
        let mut s = 0.0;
        for j in 0..m {
            s += x[[i, j - 1]];
        }
        out[i] = s;
    }
}

fn read_before_row_seq(x: &Array2<f64>, out: &mut [f64]) {
    let (n, m) = x.dim();
    for i in 0..n {
        let mut s = 0.0;
        for j in 0..m {
            s += x[[i, j - 1]];
        }
        out[i] = s;
    }
}

/// Writes blocks of `bs` elements: the last block runs past the end of `out`.
#[parallel]
fn write_past_end(out: &mut [f64], bs: usize) {
    let n = out.len();
    for b in prange((0..n).step_by(bs)) {
        for t in b..b + bs {
            out[t] = t as f64;
        }
    }
}

fn write_past_end_seq(out: &mut [f64], bs: usize) {
    let n = out.len();
    for b in (0..n).step_by(bs) {
        for t in b..b + bs {
            out[t] = t as f64;
        }
    }
}

#[test]
fn out_of_bounds_reads_panic_as_the_sequential_loop() {
    let x = array2(40, 12, 27);
    let seq = panic_of(|| read_past_row_seq(&x, &mut Array2::zeros((40, 13))))
        .expect("the sequential loop panics");
    for t in [1, 2] {
        let par = panic_of(|| {
            parfor::with_num_threads(t, || read_past_row(&x, &mut Array2::zeros((40, 13))))
        });
        assert_eq!(
            par.as_deref(),
            Some(&*seq),
            "read past the row, {t} threads"
        );
    }
    let seq =
        panic_of(|| read_before_row_seq(&x, &mut [0.0; 40])).expect("the sequential loop panics");
    for t in [1, 2] {
        let par = panic_of(|| parfor::with_num_threads(t, || read_before_row(&x, &mut [0.0; 40])));
        assert_eq!(
            par.as_deref(),
            Some(&*seq),
            "read before the row, {t} threads"
        );
    }
}

#[test]
fn out_of_bounds_writes_panic() {
    let x = array2(40, 12, 28);
    let seq = panic_of(|| write_past_row_seq(&x, &mut Array2::zeros((40, 12))))
        .expect("the sequential loop panics");
    assert!(seq.contains("out of bounds"), "{seq}");
    for t in [1, 2] {
        let par = panic_of(|| {
            parfor::with_num_threads(t, || write_past_row(&x, &mut Array2::zeros((40, 12))))
        })
        .expect("the parallel loop panics");
        assert!(
            par.contains("`out`") && par.contains("out of bounds") && par.contains("[40, 12]"),
            "write past the row, {t} threads: {par}"
        );
    }
    let seq =
        panic_of(|| write_past_end_seq(&mut [0.0; 410], 20)).expect("the sequential loop panics");
    assert!(seq.contains("out of bounds"), "{seq}");
    for t in [1, 2] {
        let par = panic_of(|| parfor::with_num_threads(t, || write_past_end(&mut [0.0; 410], 20)))
            .expect("the parallel loop panics");
        assert!(
            par.contains("`out`") && par.contains("out of bounds"),
            "write past the end, {t} threads: {par}"
        );
    }
}

// ---------------------------------------------------------------- 13. integers, f32

/// Integer rows with `+=` and `^=`.
#[parallel]
fn int_rows(a: &Array2<i64>, out: &mut Array2<i64>) {
    let (n, m) = a.dim();
    for i in prange(1..n) {
        for j in 0..m - 1 {
            out[[i, j]] += a[[i, j]] * 3 - a[[i, j + 1]];
            out[[i, j]] ^= a[[i - 1, j]];
        }
    }
}

fn int_rows_seq(a: &Array2<i64>, out: &mut Array2<i64>) {
    let (n, m) = a.dim();
    for i in 1..n {
        for j in 0..m - 1 {
            out[[i, j]] += a[[i, j]] * 3 - a[[i, j + 1]];
            out[[i, j]] ^= a[[i - 1, j]];
        }
    }
}

/// An `f32` stencil with an `f32` row sum.
#[parallel]
fn f32_rows(a: &Array2<f32>, out: &mut Array2<f32>) {
    let (n, m) = a.dim();
    for i in prange(1..n - 1) {
        let mut s = 0.0f32;
        for j in 1..m - 1 {
            out[[i, j]] = a[[i - 1, j]] + a[[i + 1, j]] - 2.0 * a[[i, j]] + 0.5 * a[[i, j + 1]];
            s += out[[i, j]];
        }
        out[[i, 0]] = s;
    }
}

fn f32_rows_seq(a: &Array2<f32>, out: &mut Array2<f32>) {
    let (n, m) = a.dim();
    for i in 1..n - 1 {
        let mut s = 0.0f32;
        for j in 1..m - 1 {
            out[[i, j]] = a[[i - 1, j]] + a[[i + 1, j]] - 2.0 * a[[i, j]] + 0.5 * a[[i, j + 1]];
            s += out[[i, j]];
        }
        out[[i, 0]] = s;
    }
}

#[test]
fn integer_elements() {
    let a = array2_i64(110, 60, -1000, 1000, 30);
    let o0 = array2_i64(110, 60, -50, 50, 31);
    let want = {
        let mut out = o0.clone();
        int_rows_seq(&a, &mut out);
        out
    };
    check("i64 += and ^=", &want, || {
        let mut out = o0.clone();
        int_rows(&a, &mut out);
        out
    });
}

#[test]
fn f32_elements() {
    let a = array2_f32(110, 60, 32);
    let want = {
        let mut out = Array2::zeros(a.dim());
        f32_rows_seq(&a, &mut out);
        out
    };
    check("f32", &want, || {
        let mut out = Array2::zeros(a.dim());
        f32_rows(&a, &mut out);
        out
    });
}

// ---------------------------------------------------------------- 14. generic functions

/// A stencil over any array of `f64` data.
#[parallel]
fn generic_stencil<S: Data<Elem = f64> + Sync>(a: &ArrayBase<S, Ix2>, out: &mut Array2<f64>) {
    let (n, m) = a.dim();
    for i in prange(1..n - 1) {
        for j in 1..m - 1 {
            out[[i, j]] = a[[i - 1, j]] + a[[i + 1, j]] + a[[i, j - 1]] * a[[i, j + 1]];
        }
    }
}

fn generic_stencil_seq<S: Data<Elem = f64> + Sync>(a: &ArrayBase<S, Ix2>, out: &mut Array2<f64>) {
    let (n, m) = a.dim();
    for i in 1..n - 1 {
        for j in 1..m - 1 {
            out[[i, j]] = a[[i - 1, j]] + a[[i + 1, j]] + a[[i, j - 1]] * a[[i, j + 1]];
        }
    }
}

#[test]
fn generic_over_the_storage() {
    let a = array2(100, 70, 33);
    let want = {
        let mut out = Array2::zeros(a.dim());
        generic_stencil_seq(&a, &mut out);
        out
    };
    check("generic, owned", &want, || {
        let mut out = Array2::zeros(a.dim());
        generic_stencil(&a, &mut out);
        out
    });
    check("generic, view", &want, || {
        let mut out = Array2::zeros(a.dim());
        generic_stencil(&a.view(), &mut out);
        out
    });
    let t = a.t().to_owned();
    check("generic, transposed view", &want, || {
        let mut out = Array2::zeros(a.dim());
        generic_stencil(&t.t(), &mut out);
        out
    });
}

// ---------------------------------------------------------------- more: reductions

/// The README's example: a written row and a reduction in the same inner loop, and a
/// `max` reduction over rows.
#[parallel]
fn scale_and_sum(x: &Array2<f64>, out: &mut Array2<f64>) -> (f64, f64) {
    let mut total = 0.0;
    let mut top = f64::NEG_INFINITY;
    for i in prange(x.nrows()) {
        for j in 0..x.ncols() {
            out[[i, j]] = 2.0 * x[[i, j]];
            total += x[[i, j]];
        }
        for j in 1..x.ncols() {
            top = top.max(x[[i, j]] - x[[i, j - 1]]);
        }
    }
    (total, top)
}

fn scale_and_sum_seq(x: &Array2<f64>, out: &mut Array2<f64>) -> (f64, f64) {
    let mut total = 0.0;
    let mut top = f64::NEG_INFINITY;
    for i in 0..x.nrows() {
        for j in 0..x.ncols() {
            out[[i, j]] = 2.0 * x[[i, j]];
            total += x[[i, j]];
        }
        for j in 1..x.ncols() {
            top = top.max(x[[i, j]] - x[[i, j - 1]]);
        }
    }
    (total, top)
}

#[test]
fn rows_beside_reductions() {
    // Integers as floats: the sum is exact in any order, so it must equal the
    // sequential sum bit for bit.
    let x = array2(150, 70, 34).mapv(|v| (v * 1000.0).round());
    let want = {
        let mut out = Array2::zeros(x.dim());
        let r = scale_and_sum_seq(&x, &mut out);
        (out, vec![r.0, r.1])
    };
    check("scale_and_sum", &want, || {
        let mut out = Array2::zeros(x.dim());
        let r = scale_and_sum(&x, &mut out);
        (out, vec![r.0, r.1])
    });
}

// ---------------------------------------------------------------- more: row expressions

/// Rows named by arithmetic on the loop variable, by captured scalars and by locals.
#[parallel]
fn row_expressions(a: &Array2<f64>, row0: usize, out: &mut Array2<f64>) {
    let (n, m) = a.dim();
    for i in prange(n) {
        let r = (i * 7 + 3) % n;
        for j in 0..m {
            out[[i, j]] = a[[n - 1 - i, j]] + a[[i / 2, j]] * a[[(i + 1) % n, j]];
        }
        for j in 0..m {
            out[[i, j]] += a[[0, j]] - a[[row0, j]] + a[[r, j]];
        }
    }
}

fn row_expressions_seq(a: &Array2<f64>, row0: usize, out: &mut Array2<f64>) {
    let (n, m) = a.dim();
    for i in 0..n {
        let r = (i * 7 + 3) % n;
        for j in 0..m {
            out[[i, j]] = a[[n - 1 - i, j]] + a[[i / 2, j]] * a[[(i + 1) % n, j]];
        }
        for j in 0..m {
            out[[i, j]] += a[[0, j]] - a[[row0, j]] + a[[r, j]];
        }
    }
}

#[test]
fn rows_named_by_expressions() {
    let a = array2(97, 41, 35);
    for row0 in [0, 50, 96] {
        let want = {
            let mut out = Array2::zeros(a.dim());
            row_expressions_seq(&a, row0, &mut out);
            out
        };
        check("row expressions", &want, || {
            let mut out = Array2::zeros(a.dim());
            row_expressions(&a, row0, &mut out);
            out
        });
    }
}

// ---------------------------------------------------------------- more: rows that move

/// Inner loops whose bounds or rows change with an enclosing loop: a triangular bound,
/// a row and a width that the middle loop advances, bounds from an iterator loop, and
/// a row a `while` loop walks.
#[parallel]
fn moving_rows(x: &Array2<f64>, widths: &[usize], acc: &mut Array2<f64>) {
    let (n, m) = x.dim();
    for i in prange(n) {
        for j in 0..m {
            let mut s = 0.0;
            for k in 0..j + 1 {
                s += x[[i, k]];
            }
            acc[[i, 0]] += s;
        }
        let mut r = i;
        let mut w = 1;
        for _ in 0..m {
            let mut s = 0.0;
            for k in 0..w {
                s += x[[r, k]];
            }
            acc[[i, 1]] += s;
            r = (r + 1) % n;
            w = w % m + 1;
        }
        for &c in widths.iter() {
            for k in 0..c {
                acc[[i, 2]] += x[[i, k]] * c as f64;
            }
        }
        let mut r = i;
        while r < n {
            for t in 0..3 {
                for k in 0..m {
                    acc[[i, 3]] += x[[r, k]] * t as f64;
                }
            }
            r += 5;
        }
    }
}

fn moving_rows_seq(x: &Array2<f64>, widths: &[usize], acc: &mut Array2<f64>) {
    let (n, m) = x.dim();
    for i in 0..n {
        for j in 0..m {
            let mut s = 0.0;
            for k in 0..j + 1 {
                s += x[[i, k]];
            }
            acc[[i, 0]] += s;
        }
        let mut r = i;
        let mut w = 1;
        for _ in 0..m {
            let mut s = 0.0;
            for k in 0..w {
                s += x[[r, k]];
            }
            acc[[i, 1]] += s;
            r = (r + 1) % n;
            w = w % m + 1;
        }
        for &c in widths.iter() {
            for k in 0..c {
                acc[[i, 2]] += x[[i, k]] * c as f64;
            }
        }
        let mut r = i;
        while r < n {
            for t in 0..3 {
                for k in 0..m {
                    acc[[i, 3]] += x[[r, k]] * t as f64;
                }
            }
            r += 5;
        }
    }
}

#[test]
fn rows_and_bounds_that_enclosing_loops_change() {
    let x = array2(60, 23, 36);
    let widths = [3, 23, 0, 11, 1];
    let want = {
        let mut acc = Array2::zeros((60, 4));
        moving_rows_seq(&x, &widths, &mut acc);
        acc
    };
    check("moving rows", &want, || {
        let mut acc = Array2::zeros((60, 4));
        moving_rows(&x, &widths, &mut acc);
        acc
    });
}

// ---------------------------------------------------------------- more: closures, methods

/// Closures in the inner body that read row elements.
#[parallel]
fn closures(a: &Array2<f64>, out: &mut Array2<f64>) {
    let (n, m) = a.dim();
    for i in prange(n) {
        for j in 1..m {
            let grad = || a[[i, j]] - a[[i, j - 1]];
            let scaled = |v: f64| v * a[[i, j]];
            out[[i, j]] = scaled(grad() * 0.5);
        }
    }
}

fn closures_seq(a: &Array2<f64>, out: &mut Array2<f64>) {
    let (n, m) = a.dim();
    for i in 0..n {
        for j in 1..m {
            let grad = || a[[i, j]] - a[[i, j - 1]];
            let scaled = |v: f64| v * a[[i, j]];
            out[[i, j]] = scaled(grad() * 0.5);
        }
    }
}

struct Smoother {
    weight: f64,
}

impl Smoother {
    /// A method: row reads beside a field of `self`.
    #[parallel]
    fn smooth(&self, a: &Array2<f64>, out: &mut Array2<f64>) {
        let (n, m) = a.dim();
        for i in prange(n) {
            for j in 1..m - 1 {
                out[[i, j]] = self.weight * (a[[i, j - 1]] + a[[i, j + 1]]) + a[[i, j]];
            }
        }
    }

    fn smooth_seq(&self, a: &Array2<f64>, out: &mut Array2<f64>) {
        let (n, m) = a.dim();
        for i in 0..n {
            for j in 1..m - 1 {
                out[[i, j]] = self.weight * (a[[i, j - 1]] + a[[i, j + 1]]) + a[[i, j]];
            }
        }
    }
}

#[test]
fn closures_and_methods() {
    let a = array2(120, 45, 37);
    let want = {
        let mut out = Array2::zeros(a.dim());
        closures_seq(&a, &mut out);
        out
    };
    check("closures", &want, || {
        let mut out = Array2::zeros(a.dim());
        closures(&a, &mut out);
        out
    });
    let sm = Smoother { weight: 0.3 };
    let want = {
        let mut out = Array2::zeros(a.dim());
        sm.smooth_seq(&a, &mut out);
        out
    };
    check("method", &want, || {
        let mut out = Array2::zeros(a.dim());
        sm.smooth(&a, &mut out);
        out
    });
}

// ---------------------------------------------------------------- more: containers

/// Ragged rows as `&[Vec<f64>]`, indexed `rows[i][j]` and `rows[k][0]`.
#[parallel]
fn ragged(rows: &[Vec<f64>], out: &mut [f64]) {
    let n = rows.len();
    for i in prange(n) {
        let mut s = 0.0;
        for j in 0..rows[i].len() {
            s += rows[i][j];
        }
        for k in 0..n {
            s += rows[k][0] * 0.5;
        }
        out[i] = s;
    }
}

fn ragged_seq(rows: &[Vec<f64>], out: &mut [f64]) {
    let n = rows.len();
    for i in 0..n {
        let mut s = 0.0;
        for j in 0..rows[i].len() {
            s += rows[i][j];
        }
        for k in 0..n {
            s += rows[k][0] * 0.5;
        }
        out[i] = s;
    }
}

/// The stencil over `ArrayD`, `ArcArray2` and `CowArray` inputs.
#[parallel]
fn containers(
    d: &ArrayD<f64>,
    arc: ArcArray2<f64>,
    cow: CowArray<f64, Ix2>,
    out: &mut Array2<f64>,
) {
    let (n, m) = out.dim();
    for i in prange(1..n - 1) {
        for j in 1..m - 1 {
            out[[i, j]] = d[[i - 1, j]] + d[[i, j + 1]] - arc[[i + 1, j]] * cow[[i, j - 1]];
        }
    }
}

fn containers_seq(
    d: &ArrayD<f64>,
    arc: ArcArray2<f64>,
    cow: CowArray<f64, Ix2>,
    out: &mut Array2<f64>,
) {
    let (n, m) = out.dim();
    for i in 1..n - 1 {
        for j in 1..m - 1 {
            out[[i, j]] = d[[i - 1, j]] + d[[i, j + 1]] - arc[[i + 1, j]] * cow[[i, j - 1]];
        }
    }
}

#[test]
fn other_containers() {
    let rows: Vec<Vec<f64>> = (0..80)
        .map(|i| vec_f64(1 + i % 13, 38 + i as u64))
        .collect();
    let want = {
        let mut out = vec![0.0; rows.len()];
        ragged_seq(&rows, &mut out);
        out
    };
    check("ragged", &want, || {
        let mut out = vec![0.0; rows.len()];
        ragged(&rows, &mut out);
        out
    });
    let a = array2(90, 50, 39);
    let b = array2(90, 50, 40);
    let c = array2(90, 50, 41);
    let d = a.clone().into_dyn();
    let want = {
        let mut out = Array2::zeros((90, 50));
        containers_seq(&d, b.to_shared(), CowArray::from(c.view()), &mut out);
        out
    };
    check("ArrayD, ArcArray2, CowArray", &want, || {
        let mut out = Array2::zeros((90, 50));
        containers(&d, b.to_shared(), CowArray::from(c.view()), &mut out);
        out
    });
}

// ---------------------------------------------------------------- more: `&mut self` methods

/// A step along a ring of rows, as a user's trait on `usize`.
trait Ring {
    fn advance(&mut self, n: usize);
}

impl Ring for usize {
    fn advance(&mut self, n: usize) {
        *self = (*self + 1) % n;
    }
}

/// The row variable changes inside the inner loop through `&mut self` methods whose
/// names do not end in `assign`: `clone_from` and a user's trait method.
#[parallel]
fn walk_methods(x: &Array2<f64>, out: &mut Array2<f64>) {
    let (n, m) = x.dim();
    for i in prange(n) {
        let mut r = i;
        let mut s = 0.0;
        for j in 0..m {
            s += x[[r, j]];
            r.clone_from(&((r + 1) % n));
        }
        out[[i, 0]] = s;
        let mut r = i;
        let mut s = 0.0;
        for j in 0..m {
            s += x[[r, j]];
            r.advance(n);
        }
        out[[i, 1]] = s;
    }
}

fn walk_methods_seq(x: &Array2<f64>, out: &mut Array2<f64>) {
    let (n, m) = x.dim();
    for i in 0..n {
        let mut r = i;
        let mut s = 0.0;
        for j in 0..m {
            s += x[[r, j]];
            r.clone_from(&((r + 1) % n));
        }
        out[[i, 0]] = s;
        let mut r = i;
        let mut s = 0.0;
        for j in 0..m {
            s += x[[r, j]];
            r.advance(n);
        }
        out[[i, 1]] = s;
    }
}

// A `&mut self` method on the row variable (`r.clone_from(..)`, a user's trait
// method `r.advance(n)`) changes the row: the loop must not take row `r` once.
#[test]
fn row_variable_changed_by_a_mut_self_method() {
    let x = array2(50, 40, 42);
    let want = {
        let mut out = Array2::zeros((50, 2));
        walk_methods_seq(&x, &mut out);
        out
    };
    check("r.clone_from / r.advance", &want, || {
        let mut out = Array2::zeros((50, 2));
        walk_methods(&x, &mut out);
        out
    });
}

/// The same through an enclosing loop: the row of the inner loop is hoisted out of
/// the middle loop, whose body moves `r` with a `&mut self` method.
#[parallel]
fn walk_hoisted(x: &Array2<f64>, out: &mut [f64]) {
    let (n, m) = x.dim();
    for i in prange(n) {
        let mut r = i;
        let mut s = 0.0;
        for _ in 0..4 {
            for k in 0..m {
                s += x[[r, k]];
            }
            r.advance(n);
        }
        out[i] = s;
    }
}

fn walk_hoisted_seq(x: &Array2<f64>, out: &mut [f64]) {
    let (n, m) = x.dim();
    for i in 0..n {
        let mut r = i;
        let mut s = 0.0;
        for _ in 0..4 {
            for k in 0..m {
                s += x[[r, k]];
            }
            r.advance(n);
        }
        out[i] = s;
    }
}

// The same in an enclosing loop: the row must not be taken before it.
#[test]
fn hoisted_row_changed_by_a_mut_self_method() {
    let x = array2(50, 40, 43);
    let want = {
        let mut out = vec![0.0; 50];
        walk_hoisted_seq(&x, &mut out);
        out
    };
    check("hoisted r.advance", &want, || {
        let mut out = vec![0.0; 50];
        walk_hoisted(&x, &mut out);
        out
    });
}

/// The row variable changes through a `ref mut` binding.
#[allow(clippy::match_single_binding)]
#[parallel]
fn walk_ref_mut(x: &Array2<f64>, out: &mut [f64]) {
    let (n, m) = x.dim();
    for i in prange(n) {
        let mut r = i;
        let mut s = 0.0;
        for j in 0..m {
            s += x[[r, j]];
            match r {
                ref mut p => *p = (*p + 1) % n,
            }
        }
        out[i] = s;
    }
}

#[allow(clippy::match_single_binding)]
fn walk_ref_mut_seq(x: &Array2<f64>, out: &mut [f64]) {
    let (n, m) = x.dim();
    for i in 0..n {
        let mut r = i;
        let mut s = 0.0;
        for j in 0..m {
            s += x[[r, j]];
            match r {
                ref mut p => *p = (*p + 1) % n,
            }
        }
        out[i] = s;
    }
}

// A `ref mut` binding changes the place it matches (`match r { ref mut p => *p = .. }`).
#[test]
fn row_variable_changed_through_ref_mut() {
    let x = array2(50, 40, 44);
    let want = {
        let mut out = vec![0.0; 50];
        walk_ref_mut_seq(&x, &mut out);
        out
    };
    check("ref mut", &want, || {
        let mut out = vec![0.0; 50];
        walk_ref_mut(&x, &mut out);
        out
    });
}
