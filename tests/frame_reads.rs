//! Reads outside the part of an array a loop writes: a pivot row above the rows a
//! `prange(k + 1..n)` updates, the upper half `x[i + half]` of a tree reduction step
//! over `prange(half)`, the first element of a `prange(1..n)`. The loop bounds prove
//! that no iteration writes those elements, so the windows cover only the written part
//! and every chunk reads the rest. Each `#[parallel]` function has a sequential twin;
//! results must be the same bits under 1, 2, 3 and 8 threads.
#![allow(clippy::needless_range_loop, clippy::assign_op_pattern)]

mod common;

use common::{array2, same, spin, vec_f64};
use ndarray::ShapeBuilder;
use parfor::prelude::*;

// ---------------------------------------------------------------- tree reduction

#[parallel]
fn tree_reduce(x: &mut [f64]) -> f64 {
    let mut half = x.len() / 2;
    while half > 0 {
        for i in prange(half) {
            x[i] += x[i + half];
        }
        half /= 2;
    }
    x[0]
}

fn tree_reduce_seq(x: &mut [f64]) -> f64 {
    let mut half = x.len() / 2;
    while half > 0 {
        for i in 0..half {
            x[i] += x[i + half];
        }
        half /= 2;
    }
    x[0]
}

#[test]
fn a_tree_reduction_reads_the_upper_half() {
    for n in [1, 2, 3, 64, 1000, 4096] {
        let x0 = vec_f64(n, n as u64);
        let mut want = x0.clone();
        let total = tree_reduce_seq(&mut want);
        same("tree_reduce", &(total, want), || {
            let mut x = x0.clone();
            (tree_reduce(&mut x), x)
        });
    }
}

/// The same step on a `Vec`, reading the tail through ranges and `get`, with enough work
/// per iteration to run on every thread.
#[parallel]
fn fold_tail(x: &mut Vec<f64>, m: usize) {
    for i in prange(m) {
        spin(10); // enough work for the scheduler to use every thread
        let pair = &x[m + i..m + i + 1];
        x[i] = x[i] * 0.5 + pair[0] + x.get(2 * m - 1).copied().unwrap_or(0.0);
    }
}

fn fold_tail_seq(x: &mut [f64], m: usize) {
    for i in 0..m {
        let pair = &x[m + i..m + i + 1];
        x[i] = x[i] * 0.5 + pair[0] + x.get(2 * m - 1).copied().unwrap_or(0.0);
    }
}

#[test]
fn a_vec_reads_its_tail_through_ranges_and_get() {
    for m in [1, 7, 500] {
        let x0 = vec_f64(2 * m + 3, m as u64);
        let mut want = x0.clone();
        fold_tail_seq(&mut want, m);
        same("fold_tail", &want, || {
            let mut x = x0.clone();
            fold_tail(&mut x, m);
            x
        });
    }
}

/// Every element from the first: `x[0]` lies below `prange(1..n)`.
#[parallel]
fn scale_by_first(x: &mut [f64]) {
    let n = x.len();
    for i in prange(1..n) {
        x[i] /= x[0];
    }
}

#[test]
fn a_loop_from_one_reads_element_zero() {
    let x0 = vec_f64(777, 5);
    let mut want = x0.clone();
    for i in 1..want.len() {
        want[i] /= want[0];
    }
    same("scale_by_first", &want, || {
        let mut x = x0.clone();
        scale_by_first(&mut x);
        x
    });
}

// ---------------------------------------------------------------- elimination

#[parallel]
fn gaussian_elimination(a: &mut Array2<f64>) {
    let n = a.nrows();
    for k in 0..n - 1 {
        for i in prange(k + 1..n) {
            let f = a[[i, k]] / a[[k, k]];
            a[[i, k]] = f;
            for j in k + 1..n {
                a[[i, j]] -= f * a[[k, j]];
            }
        }
    }
}

fn gaussian_elimination_seq(a: &mut Array2<f64>) {
    let n = a.nrows();
    for k in 0..n - 1 {
        for i in k + 1..n {
            let f = a[[i, k]] / a[[k, k]];
            a[[i, k]] = f;
            for j in k + 1..n {
                a[[i, j]] -= f * a[[k, j]];
            }
        }
    }
}

/// Diagonally dominant, so elimination without pivoting is stable.
fn dominant(n: usize, seed: u64) -> Array2<f64> {
    let mut a = array2(n, n, seed);
    for i in 0..n {
        a[[i, i]] += n as f64;
    }
    a
}

#[test]
fn elimination_reads_the_pivot_row() {
    for n in [2, 3, 40, 97] {
        let a0 = dominant(n, n as u64);
        let mut want = a0.clone();
        gaussian_elimination_seq(&mut want);
        same("gaussian_elimination", &want, || {
            let mut a = a0.clone();
            gaussian_elimination(&mut a);
            a
        });
    }
}

/// The pivot row through `row`, `get` and `slice`, in a transposed (column-major) array.
#[parallel]
fn eliminate_with_views(a: &mut Array2<f64>, k: usize) {
    let n = a.nrows();
    for i in prange(k + 1..n) {
        spin(50);
        let pivot = *a.get((k, k)).unwrap();
        let f = a[[i, k]] / pivot;
        let scale = a.row(k).iter().map(|v| v.abs()).fold(0.0, f64::max);
        let tail: f64 = a.slice(s![k, k + 1..]).sum();
        for j in k..n {
            a[[i, j]] -= f * a[[k, j]] + 1e-3 * (scale + tail);
        }
    }
}

fn eliminate_with_views_seq(a: &mut Array2<f64>, k: usize) {
    let n = a.nrows();
    for i in k + 1..n {
        let pivot = *a.get((k, k)).unwrap();
        let f = a[[i, k]] / pivot;
        let scale = a.row(k).iter().map(|v| v.abs()).fold(0.0, f64::max);
        let tail: f64 = a.slice(s![k, k + 1..]).sum();
        for j in k..n {
            a[[i, j]] -= f * a[[k, j]] + 1e-3 * (scale + tail);
        }
    }
}

#[test]
fn the_pivot_row_through_row_get_and_slice() {
    for (n, k) in [(5, 0), (30, 3), (30, 28)] {
        let c = dominant(n, 9);
        let mut f = Array2::zeros(c.raw_dim().f());
        f.assign(&c);
        for a0 in [c, f] {
            let mut want = a0.clone();
            eliminate_with_views_seq(&mut want, k);
            same("eliminate_with_views", &want, || {
                let mut a = a0.clone();
                eliminate_with_views(&mut a, k);
                a
            });
        }
    }
}
