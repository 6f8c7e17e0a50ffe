//! 2-D arrays written along one line while the loop reads other lines: a `prange` over
//! columns nested in a sequential loop over rows, writing row `i` from row `i - 1`
//! (seam carving's cumulative energy, row-by-row dynamic programmes), and the same
//! along a column. Each chunk writes its part of the line and reads the other lines
//! everywhere. Each `#[parallel]` function has a sequential twin; results must be the
//! same bits under 1, 2, 3 and 8 threads.
#![allow(clippy::needless_range_loop)]

mod common;

use common::{array2, same};
use parfor::prelude::*;

/// Seam carving's cumulative minimum energy, row by row: each element of row `i` adds
/// the least of its three neighbours in row `i - 1`.
#[parallel(chunk = 5)]
fn cumulative_energy(e: &Array2<f64>, m: &mut Array2<f64>) {
    let (rows, cols) = e.dim();
    for j in prange(cols) {
        m[[0, j]] = e[[0, j]];
    }
    for i in 1..rows {
        for j in prange(cols) {
            let left = if j > 0 {
                m[[i - 1, j - 1]]
            } else {
                f64::INFINITY
            };
            let right = if j + 1 < cols {
                m[[i - 1, j + 1]]
            } else {
                f64::INFINITY
            };
            m[[i, j]] = e[[i, j]] + m[[i - 1, j]].min(left).min(right);
        }
    }
}

fn cumulative_energy_seq(e: &Array2<f64>, m: &mut Array2<f64>) {
    let (rows, cols) = e.dim();
    for j in 0..cols {
        m[[0, j]] = e[[0, j]];
    }
    for i in 1..rows {
        for j in 0..cols {
            let left = if j > 0 {
                m[[i - 1, j - 1]]
            } else {
                f64::INFINITY
            };
            let right = if j + 1 < cols {
                m[[i - 1, j + 1]]
            } else {
                f64::INFINITY
            };
            m[[i, j]] = e[[i, j]] + m[[i - 1, j]].min(left).min(right);
        }
    }
}

#[test]
fn seam_energy_matches() {
    for (rows, cols) in [(1, 1), (2, 3), (17, 40), (60, 301)] {
        let e = array2(rows, cols, 3).mapv(f64::abs);
        let mut want = Array2::zeros((rows, cols));
        cumulative_energy_seq(&e, &mut want);
        same("cumulative_energy", &want, || {
            let mut m = Array2::zeros((rows, cols));
            cumulative_energy(&e, &mut m);
            m
        });
    }
}

/// Column `k + 1` from columns `k` and `k + 2` of the rows around, through an
/// `ArrayViewMut` and `get` at the edges.
#[parallel]
fn column_sweep(mut a: ArrayViewMut2<'_, i64>) {
    let (rows, cols) = a.dim();
    for k in 0..cols.saturating_sub(2) {
        for r in prange(rows) {
            let below = a.get([r + 1, k]).copied().unwrap_or(0);
            a[[r, k + 1]] = a[[r, k]] - below + a[[r, k + 2]];
        }
    }
}

fn column_sweep_seq(mut a: ArrayViewMut2<'_, i64>) {
    let (rows, cols) = a.dim();
    for k in 0..cols.saturating_sub(2) {
        for r in 0..rows {
            let below = a.get([r + 1, k]).copied().unwrap_or(0);
            a[[r, k + 1]] = a[[r, k]] - below + a[[r, k + 2]];
        }
    }
}

#[test]
fn column_sweeps_match() {
    for (rows, cols) in [(0, 3), (1, 2), (5, 5), (300, 7)] {
        let a0 = Array2::from_shape_fn((rows, cols), |(i, j)| ((i * 31 + j * 7) % 23) as i64);
        let mut want = a0.clone();
        column_sweep_seq(want.view_mut());
        same("column_sweep", &want, || {
            let mut a = a0.clone();
            column_sweep(a.view_mut());
            a
        });
    }
}

/// Costly iterations go to the pool: several workers write one row at once, each
/// reading the row above, which its neighbours read too.
#[parallel]
fn who_wrote(b: &mut Array2<usize>, i: usize) {
    let cols = b.ncols();
    for j in prange(1..cols - 1) {
        common::spin(100);
        b[[i, j]] = b[[i - 1, j - 1]] + b[[i - 1, j + 1]] + common::worker();
    }
}

#[test]
fn several_workers_share_one_array() {
    let b = parfor::with_num_threads(2, || {
        let mut b = Array2::zeros((2, 130));
        who_wrote(&mut b, 1);
        b
    });
    common::assert_several_workers(b.row(1).iter().copied().skip(1).take(128));
}
