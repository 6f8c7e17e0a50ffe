//! Arrays written by triangles: iteration `i` owns row `i` on one side of the diagonal
//! and column `i` on the other (`a[[i, j]]` and `a[[j, i]]` with `j >= i`, or with
//! `j <= i`). Symmetric fills, covariance, in-place transposes, mirrored triangles.
//! Each `#[parallel]` function has a sequential twin; results must be the same bits
//! under 1, 2, 3 and 8 threads, with the default schedule, with chunks of a few
//! iterations and with a dynamic schedule.
#![allow(clippy::needless_range_loop)]

mod common;

use common::{array2, same};
use parfor::prelude::*;

// ------------------------------------------------------------ symmetric fills

/// Pairwise distances filled symmetrically, as Numba users write
/// `d[i, j] = d[j, i] = dist` over `j in range(i + 1, n)`.
#[parallel]
fn distances(x: &Array2<f64>, d: &mut Array2<f64>) {
    let (n, dims) = x.dim();
    for i in prange(n) {
        d[[i, i]] = 0.0;
        for j in i + 1..n {
            let mut s = 0.0;
            for k in 0..dims {
                let t = x[[i, k]] - x[[j, k]];
                s += t * t;
            }
            let v = s.sqrt();
            d[[i, j]] = v;
            d[[j, i]] = v;
        }
    }
}

fn distances_seq(x: &Array2<f64>, d: &mut Array2<f64>) {
    let (n, dims) = x.dim();
    for i in 0..n {
        d[[i, i]] = 0.0;
        for j in i + 1..n {
            let mut s = 0.0;
            for k in 0..dims {
                let t = x[[i, k]] - x[[j, k]];
                s += t * t;
            }
            let v = s.sqrt();
            d[[i, j]] = v;
            d[[j, i]] = v;
        }
    }
}

#[test]
fn symmetric_distances() {
    for n in [0, 1, 2, 7, 64, 203] {
        let x = array2(n, 5, n as u64);
        let mut want = Array2::from_elem((n, n), f64::NAN);
        distances_seq(&x, &mut want);
        same("distances", &want.mapv(f64::to_bits), || {
            let mut d = Array2::from_elem((n, n), f64::NAN);
            distances(&x, &mut d);
            d.mapv(f64::to_bits)
        });
    }
}

/// Covariance (PolyBench): the upper triangle accumulated in place, then mirrored; a
/// small chunk so many windows meet the diagonal.
#[parallel(chunk = 3)]
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

#[test]
fn covariance_matches() {
    for m in [1, 2, 30, 97] {
        let data = array2(40, m, 61 + m as u64);
        let mut want = Array2::zeros((m, m));
        covariance_seq(&data, &mut want);
        same("covariance", &want, || {
            let mut cov = Array2::zeros((m, m));
            covariance(&data, &mut cov);
            cov
        });
    }
}

// ------------------------------------------------------- the lower triangle

/// The strict upper triangle copied into the lower one: iteration `i` writes row `i`
/// left of the diagonal and reads column `i` above it.
#[parallel(schedule = dynamic)]
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

/// Row `i` up to and including the diagonal, and column `i` above it, through an
/// `ArrayViewMut` and `(r, c)` tuples.
#[parallel]
fn lower_with_diagonal(mut a: ArrayViewMut2<'_, i64>) {
    let n = a.nrows();
    for i in prange(n) {
        for j in 0..=i {
            a[(i, j)] += (i * 1000 + j) as i64;
            a[(j, i)] -= 1;
        }
    }
}

fn lower_with_diagonal_seq(mut a: ArrayViewMut2<'_, i64>) {
    let n = a.nrows();
    for i in 0..n {
        for j in 0..=i {
            a[(i, j)] += (i * 1000 + j) as i64;
            a[(j, i)] -= 1;
        }
    }
}

#[test]
fn lower_triangles_match() {
    for n in [0, 1, 3, 50, 129] {
        let a0 = array2(n, n, 63);
        let mut want = a0.clone();
        symmetrize_lower_seq(&mut want);
        same("symmetrize_lower", &want, || {
            let mut a = a0.clone();
            symmetrize_lower(&mut a);
            a
        });

        let b0 = Array2::from_shape_fn((n, n), |(i, j)| (i * 7 + j) as i64);
        let mut want = b0.clone();
        lower_with_diagonal_seq(want.view_mut());
        same("lower_with_diagonal", &want, || {
            let mut b = b0.clone();
            lower_with_diagonal(b.view_mut());
            b
        });
    }
}

// ------------------------------------------------------------ transposes

/// In place, element by element, `j` from `i + 1`.
#[parallel(chunk = 2)]
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

/// In place with `swap`, over a column-major array.
#[parallel]
fn transpose_by_swaps(a: &mut Array2<f64>) {
    let n = a.nrows();
    for i in prange(n) {
        for j in i + 1..n {
            a.swap([i, j], [j, i]);
        }
    }
}

#[test]
fn transposes_in_place() {
    use ndarray::ShapeBuilder;
    for n in [0, 1, 2, 50, 101] {
        let a0 = array2(n, n, 64);
        let want = a0.t().to_owned();
        same("transpose_in_place", &want, || {
            let mut a = a0.clone();
            transpose_in_place(&mut a);
            a
        });
        let mut f0 = Array2::zeros((n, n).f());
        f0.assign(&a0);
        same("transpose_by_swaps", &want, || {
            let mut a = f0.clone();
            transpose_by_swaps(&mut a);
            a
        });
    }
}

// ----------------------------------------------------- when the analysis is wrong

/// A window checks each element's owner: an iteration reaching into another chunk's
/// triangle panics naming the array and the index, it never races. (Hand-made, since
/// the macro refuses such a loop.)
#[test]
fn an_element_of_another_chunk_panics() {
    use parfor::__private::{CheckedWindow, Owner, Splittable};
    let mut a = Array2::<f64>::zeros((6, 6));
    let w = CheckedWindow::new(a.view_mut(), "a", Owner::Min);
    let (mut low, _high) = w.split_at(3);
    low[[2, 5]] = 1.0;
    let e = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| low[[4, 5]] = 1.0))
        .expect_err("owner 4 belongs to the other window");
    let text = e.downcast_ref::<String>().cloned().unwrap_or_default();
    assert!(
        text.contains("index [4, 5] of `a` belongs to iteration 4"),
        "{text}"
    );
}

/// Costly iterations go to the pool: the triangles of one array are written by
/// several workers at once, each element by the worker that ran its owner.
#[parallel]
fn who_wrote(a: &mut Array2<usize>) {
    let n = a.nrows();
    for i in prange(n) {
        common::spin(200);
        for j in i..n {
            a[[i, j]] = common::worker();
            a[[j, i]] = common::worker();
        }
    }
}

#[test]
fn several_workers_share_one_array() {
    let n = 64;
    let a = parfor::with_num_threads(2, || {
        let mut a = Array2::from_elem((n, n), usize::MAX);
        who_wrote(&mut a);
        a
    });
    for i in 0..n {
        for j in i..n {
            assert_eq!(a[[i, j]], a[[j, i]], "[{i}, {j}] and its mirror");
            assert_eq!(a[[i, j]], a[[i, i]], "row {i} by one worker");
        }
    }
    common::assert_several_workers(a.iter().copied());
}

/// A second inner loop bounded by the first: `k >= j >= i`, so `s[[k, i]]` and
/// `s[[i, k]]` are still column `i` below the diagonal and row `i` right of it.
#[parallel(chunk = 4)]
fn suffix_weights(w: &[f64], s: &mut Array2<f64>) {
    let n = w.len();
    for i in prange(n) {
        for j in i..n {
            for k in j..n {
                s[[k, i]] += w[j] * w[k];
                s[[i, k]] = s[[k, i]];
            }
        }
    }
}

fn suffix_weights_seq(w: &[f64], s: &mut Array2<f64>) {
    let n = w.len();
    for i in 0..n {
        for j in i..n {
            for k in j..n {
                s[[k, i]] += w[j] * w[k];
                s[[i, k]] = s[[k, i]];
            }
        }
    }
}

#[test]
fn nested_bounds_stay_on_one_side() {
    for n in [0, 1, 5, 40] {
        let w = common::vec_f64(n, 9);
        let mut want = Array2::zeros((n, n));
        suffix_weights_seq(&w, &mut want);
        same("suffix_weights", &want, || {
            let mut s = Array2::zeros((n, n));
            suffix_weights(&w, &mut s);
            s
        });
    }
}
