//! Arrays a loop writes in several disjoint parts: halves (`out[i]` and `out[n + i]`
//! over `prange(n)`, rows and columns of 2-D arrays), thirds, and mirrored pairs
//! (`x[i]` and `x[n - 1 - i]` over `prange(n / 2)`). The loop bounds prove the parts
//! apart, so every chunk gets one window in each part. Each `#[parallel]` function has
//! a sequential twin; results must be the same bits under 1, 2, 3 and 8 threads, with
//! the default schedule and with chunks of a few iterations (many windows per part).
#![allow(clippy::needless_range_loop, clippy::ptr_arg)]

mod common;

use common::{same, vec_f64, vec_i64};
use parfor::prelude::*;

// ---------------------------------------------------------------- halves

#[parallel(chunk = 3)]
fn interleave_into_halves(x: &[f64], out: &mut Vec<f64>) {
    let n = x.len() / 2;
    for i in prange(n) {
        out[i] = x[2 * i];
        out[n + i] = x[2 * i + 1];
    }
}

fn interleave_into_halves_seq(x: &[f64], out: &mut Vec<f64>) {
    let n = x.len() / 2;
    for i in 0..n {
        out[i] = x[2 * i];
        out[n + i] = x[2 * i + 1];
    }
}

#[test]
fn halves_of_a_vec() {
    for n in [0, 1, 2, 9, 1000, 1001] {
        let x = vec_f64(n, n as u64);
        let mut want = vec![-1.0; n + 2];
        interleave_into_halves_seq(&x, &mut want);
        same("interleave_into_halves", &want, || {
            let mut out = vec![-1.0; n + 2];
            interleave_into_halves(&x, &mut out);
            out
        });
    }
}

/// Thirds, the upper one updated from the middle one, which no iteration writes.
#[parallel]
fn thirds(a: &mut Array1<i64>, n: usize) {
    for i in prange(n) {
        a[i] *= 2;
        a[2 * n + i] += a[n + i];
    }
}

fn thirds_seq(a: &mut Array1<i64>, n: usize) {
    for i in 0..n {
        a[i] *= 2;
        a[2 * n + i] += a[n + i];
    }
}

#[test]
fn thirds_of_an_array() {
    for n in [1, 5, 777] {
        let a0 = Array1::from(vec_i64(3 * n + 1, -50, 50, n as u64));
        let mut want = a0.clone();
        thirds_seq(&mut want, n);
        same("thirds", &want, || {
            let mut a = a0.clone();
            thirds(&mut a, n);
            a
        });
    }
}

/// The two halves written from the end of the first: offsets apart by the bound
/// itself (`m`), over a range that does not start at zero.
#[parallel(chunk = 2)]
fn shifted_halves(out: &mut [i64], lo: usize, m: usize) {
    for i in prange(lo..m) {
        out[i - lo] = i as i64;
        out[m + i] = -(i as i64);
    }
}

fn shifted_halves_seq(out: &mut [i64], lo: usize, m: usize) {
    for i in lo..m {
        out[i - lo] = i as i64;
        out[m + i] = -(i as i64);
    }
}

#[test]
fn halves_from_a_shifted_range() {
    for (lo, m) in [(0, 10), (3, 10), (5, 6), (200, 1000)] {
        let mut want = vec![0; 2 * m + 1];
        shifted_halves_seq(&mut want, lo, m);
        same("shifted_halves", &want, || {
            let mut out = vec![0; 2 * m + 1];
            shifted_halves(&mut out, lo, m);
            out
        });
    }
}

/// Rows of the two halves of a 2-D array, and columns of the halves of another.
#[parallel]
fn stack_halves(x: &Array2<f64>, rows: &mut Array2<f64>, cols: &mut Array2<f64>) {
    let n = x.nrows();
    for i in prange(n) {
        for j in 0..x.ncols() {
            rows[[i, j]] = x[[i, j]];
            rows[[n + i, j]] = -x[[i, j]];
            cols[[j, i]] = x[[i, j]];
            cols[[j, n + i]] = 2.0 * x[[i, j]];
        }
    }
}

fn stack_halves_seq(x: &Array2<f64>, rows: &mut Array2<f64>, cols: &mut Array2<f64>) {
    let n = x.nrows();
    for i in 0..n {
        for j in 0..x.ncols() {
            rows[[i, j]] = x[[i, j]];
            rows[[n + i, j]] = -x[[i, j]];
            cols[[j, i]] = x[[i, j]];
            cols[[j, n + i]] = 2.0 * x[[i, j]];
        }
    }
}

#[test]
fn halves_of_2d_arrays_along_rows_and_columns() {
    for (n, m) in [(1, 1), (5, 3), (300, 17)] {
        let x = Array2::from_shape_vec((n, m), vec_f64(n * m, n as u64)).unwrap();
        let (mut rows, mut cols) = (Array2::zeros((2 * n, m)), Array2::zeros((m, 2 * n)));
        stack_halves_seq(&x, &mut rows, &mut cols);
        same("stack_halves", &(rows, cols), || {
            let (mut rows, mut cols) = (Array2::zeros((2 * n, m)), Array2::zeros((m, 2 * n)));
            stack_halves(&x, &mut rows, &mut cols);
            (rows, cols)
        });
    }
}

// ---------------------------------------------------------------- mirrored pairs

#[parallel(chunk = 4)]
fn reverse_by_swaps(x: &mut Vec<i64>) {
    let n = x.len();
    for i in prange(n / 2) {
        x.swap(i, n - 1 - i);
    }
}

#[test]
fn mirrored_swaps_reverse_a_vec() {
    for n in [0, 1, 2, 3, 100, 1001] {
        let x0 = vec_i64(n, -9, 9, n as u64);
        let want: Vec<i64> = x0.iter().rev().copied().collect();
        same("reverse_by_swaps", &want, || {
            let mut x = x0.clone();
            reverse_by_swaps(&mut x);
            x
        });
    }
}

/// A palindrome fold of an array: each end updated from both, read through `get`.
#[parallel]
fn fold_ends(a: &mut Array1<f64>) {
    let n = a.len();
    for i in prange(n / 2) {
        let (l, r) = (*a.get(i).unwrap(), a[n - 1 - i]);
        a[i] = l + r;
        a[n - 1 - i] = l - r;
    }
}

fn fold_ends_seq(a: &mut Array1<f64>) {
    let n = a.len();
    for i in 0..n / 2 {
        let (l, r) = (*a.get(i).unwrap(), a[n - 1 - i]);
        a[i] = l + r;
        a[n - 1 - i] = l - r;
    }
}

#[test]
fn mirrored_ends_of_an_array() {
    for n in [1, 2, 5, 64, 4097] {
        let a0 = Array1::from(vec_f64(n, 7 + n as u64));
        let mut want = a0.clone();
        fold_ends_seq(&mut want);
        same("fold_ends", &want, || {
            let mut a = a0.clone();
            fold_ends(&mut a);
            a
        });
    }
}

/// The mirror written with the half as the bound: `2 * h - 1 - i` over `prange(h)`.
#[parallel]
fn mirror_by_half(x: &mut [f64], h: usize) {
    for i in prange(h) {
        let t = x[i];
        x[i] = x[2 * h - 1 - i];
        x[2 * h - 1 - i] = t;
    }
}

#[test]
fn mirrored_pairs_bounded_by_the_half() {
    for h in [1, 3, 500] {
        let x0 = vec_f64(2 * h + 1, h as u64);
        let mut want = x0.clone();
        want[..2 * h].reverse();
        same("mirror_by_half", &want, || {
            let mut x = x0.clone();
            mirror_by_half(&mut x, h);
            x
        });
    }
}

// ---------------------------------------------------------------- panics

/// An index past the array panics as the sequential loop does, naming the array.
#[test]
fn an_index_past_the_array_panics_naming_it() {
    let x = vec_f64(10, 1);
    let mut out = vec![0.0; 7]; // the upper half needs 10
    let e = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        interleave_into_halves(&x, &mut out);
    }))
    .expect_err("out is too short");
    let text = e.downcast_ref::<String>().cloned().unwrap_or_default();
    assert!(text.contains("`out`"), "{text}");
}
