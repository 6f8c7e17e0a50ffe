//! Block loops: each iteration of a `prange` over blocks runs an inner loop over its
//! block, `b * n / nb..(b + 1) * n / nb`, the way a multiprocessing user cuts work into
//! chunks. The bounds are integer quotients, so blocks never overlap and the array is
//! split at them. Each `#[parallel]` function has a sequential twin; results must be
//! the same bits under 1, 2, 3 and 8 threads, for block counts that do and do not
//! divide the length.
#![allow(clippy::needless_range_loop, clippy::ptr_arg)]

mod common;

use common::{same, vec_f64};
use parfor::prelude::*;

/// A prefix sum within each block, written as the block loop of a pool.
#[parallel]
fn block_prefix_sums(x: &[f64], out: &mut Vec<f64>, nb: usize) {
    let n = x.len();
    for b in prange(nb) {
        let mut acc = 0.0;
        for i in b * n / nb..(b + 1) * n / nb {
            acc += x[i];
            out[i] = acc;
        }
    }
}

fn block_prefix_sums_seq(x: &[f64], out: &mut Vec<f64>, nb: usize) {
    let n = x.len();
    for b in 0..nb {
        let mut acc = 0.0;
        for i in b * n / nb..(b + 1) * n / nb {
            acc += x[i];
            out[i] = acc;
        }
    }
}

#[test]
fn prefix_sums_in_blocks_of_a_vec() {
    for (n, nb) in [(0, 3), (1, 4), (10, 4), (1000, 7), (1000, 1000), (5, 9)] {
        let x = vec_f64(n, n as u64);
        let mut want = vec![-1.0; n];
        block_prefix_sums_seq(&x, &mut want, nb);
        same("block_prefix_sums", &want, || {
            let mut out = vec![-1.0; n];
            block_prefix_sums(&x, &mut out, nb);
            out
        });
    }
}

/// Rows in blocks, the bounds bound to names first and the end clamped with `min`,
/// each row scaled by its block's mean.
#[parallel]
fn scale_row_blocks(a: &mut Array2<f64>, nb: usize) {
    let n = a.nrows();
    for b in prange(nb) {
        let lo = b * n / nb;
        let hi = ((b + 1) * n / nb).min(n);
        let mut s = 0.0;
        for i in lo..hi {
            for j in 0..a.ncols() {
                s += a[[i, j]];
            }
        }
        let mean = s / ((hi - lo) * a.ncols()).max(1) as f64;
        for i in lo..hi {
            for j in 0..a.ncols() {
                a[[i, j]] /= mean;
            }
        }
    }
}

fn scale_row_blocks_seq(a: &mut Array2<f64>, nb: usize) {
    let n = a.nrows();
    for b in 0..nb {
        let lo = b * n / nb;
        let hi = ((b + 1) * n / nb).min(n);
        let mut s = 0.0;
        for i in lo..hi {
            for j in 0..a.ncols() {
                s += a[[i, j]];
            }
        }
        let mean = s / ((hi - lo) * a.ncols()).max(1) as f64;
        for i in lo..hi {
            for j in 0..a.ncols() {
                a[[i, j]] /= mean;
            }
        }
    }
}

#[test]
fn row_blocks_of_an_array() {
    for (n, nb) in [(7, 3), (64, 8), (301, 16)] {
        let a0 = Array2::from_shape_vec((n, 5), vec_f64(n * 5, n as u64)).unwrap();
        let mut want = a0.clone();
        scale_row_blocks_seq(&mut want, nb);
        same("scale_row_blocks", &want, || {
            let mut a = a0.clone();
            scale_row_blocks(&mut a, nb);
            a
        });
    }
}

/// The halves, `i * n / 2..(i + 1) * n / 2`, on a slice, with the block's own
/// offset added inside.
#[parallel]
fn halves_by_quotient(out: &mut [u32], n: usize) {
    for i in prange(2) {
        for k in i * n / 2..(i + 1) * n / 2 {
            out[k + 1] = (10 * i + k) as u32;
        }
    }
}

fn halves_by_quotient_seq(out: &mut [u32], n: usize) {
    for i in 0..2 {
        for k in i * n / 2..(i + 1) * n / 2 {
            out[k + 1] = (10 * i + k) as u32;
        }
    }
}

#[test]
fn halves_by_quotient_of_a_slice() {
    for n in [0, 1, 2, 3, 1001] {
        let mut want = vec![0; n + 1];
        halves_by_quotient_seq(&mut want, n);
        same("halves_by_quotient", &want, || {
            let mut out = vec![0; n + 1];
            halves_by_quotient(&mut out, n);
            out
        });
    }
}
