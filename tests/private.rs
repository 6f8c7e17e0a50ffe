//! `#[parallel(private(..))]` (issue 19): each chunk starts from its own clone of the
//! named variables, scratch a body fills and reads within one iteration; after the loop
//! they hold their value from before it.
#![allow(clippy::needless_range_loop)]

mod common;

use common::{array2, same, vec_f64};
use ndarray::{Array1, Array2};
use parfor::prelude::*;

/// Each row's values sorted in a scratch buffer, and its median: a body that would
/// otherwise allocate per iteration.
#[parallel(private(buf))]
fn row_medians(a: &Array2<f64>, out: &mut [f64]) -> Vec<f64> {
    let mut buf = vec![0.0; a.ncols()];
    for i in prange(a.nrows()) {
        for j in 0..a.ncols() {
            buf[j] = a[[i, j]];
        }
        buf.sort_by(f64::total_cmp);
        out[i] = buf[buf.len() / 2];
    }
    buf
}

fn row_medians_seq(a: &Array2<f64>) -> Vec<f64> {
    a.rows()
        .into_iter()
        .map(|r| {
            let mut v = r.to_vec();
            v.sort_by(f64::total_cmp);
            v[v.len() / 2]
        })
        .collect()
}

#[test]
fn scratch_vector_per_chunk() {
    let a = array2(2_000, 31, 3);
    let want = (row_medians_seq(&a), vec![0.0; 31]);
    same("medians", &want, || {
        let mut out = vec![0.0; a.nrows()];
        let after = row_medians(&a, &mut out);
        (out, after)
    });
}

/// Two private variables, one an ndarray array and one a counter reset per iteration,
/// beside a reduction; the pre-loop value is what the body starts from in each chunk
/// (firstprivate), here a marker the body checks.
#[parallel(private(tmp, k))]
fn smoothed_norms(x: &Array2<f64>, out: &mut Array1<f64>) -> (f64, i64, f64) {
    let mut tmp = Array1::<f64>::from_elem(x.ncols(), -7.0);
    let mut k: i64 = 41;
    let mut total = 0.0;
    for i in prange(x.nrows()) {
        let fresh = tmp.iter().all(|&t| t == -7.0) || tmp[0] != -7.0;
        assert!(fresh);
        k = 0;
        for j in 0..x.ncols() {
            let l = if j == 0 { 0 } else { j - 1 };
            tmp[j] = 0.5 * x[[i, j]] + 0.5 * x[[i, l]];
            k += 1;
        }
        let mut s = 0.0;
        for j in 0..x.ncols() {
            s += tmp[j] * tmp[j];
        }
        out[i] = s.sqrt() + k as f64;
        total += out[i];
    }
    (total, k, tmp[0])
}

#[test]
fn array_and_scalar_private_beside_a_reduction() {
    let x = array2(3_000, 17, 8);
    let mut want_out = Array1::zeros(x.nrows());
    let want_total = {
        let mut total = 0.0;
        for i in 0..x.nrows() {
            let mut s = 0.0;
            for j in 0..x.ncols() {
                let l = if j == 0 { 0 } else { j - 1 };
                let t = 0.5 * x[[i, j]] + 0.5 * x[[i, l]];
                s += t * t;
            }
            want_out[i] = s.sqrt() + 17.0;
            total += want_out[i];
        }
        total
    };
    let runs = common::each_thread_count(|_| {
        let mut out = Array1::zeros(x.nrows());
        let (total, k, t0) = smoothed_norms(&x, &mut out);
        (out, total, k, t0)
    });
    for (out, total, k, t0) in runs {
        assert_eq!(out, want_out);
        assert!(
            common::close(total, want_total, 1e-12),
            "{total} vs {want_total}"
        );
        assert_eq!(
            (k, t0),
            (41, -7.0),
            "private variables keep their pre-loop value"
        );
    }
}

/// A struct of scratch buffers, the shape a user writes for several temporaries.
#[derive(Clone)]
struct Scratch {
    a: Vec<f64>,
    b: Vec<f64>,
}

#[parallel(chunk = 7, schedule = dynamic, private(s))]
fn with_struct(x: &[f64], out: &mut [f64]) {
    let mut s = Scratch {
        a: vec![0.0; 4],
        b: vec![0.0; 4],
    };
    for i in prange(x.len()) {
        for j in 0..4 {
            s.a[j] = x[i] * j as f64;
            s.b[j] = s.a[j] * s.a[j];
        }
        out[i] = s.b.iter().sum::<f64>() - s.a[3];
    }
}

#[test]
fn struct_of_buffers() {
    let x = vec_f64(10_000, 4);
    let want: Vec<f64> = x
        .iter()
        .map(|&v| (0..4).map(|j| (v * j as f64).powi(2)).sum::<f64>() - v * 3.0)
        .collect();
    same("struct", &want, || {
        let mut out = vec![0.0; x.len()];
        with_struct(&x, &mut out);
        out
    });
}
