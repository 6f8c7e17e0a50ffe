//! `stream_fill` and `stream_assign` inside `#[parallel]` loops: the result equals the
//! sequential fill and copy on random data, for every thread count, with rows that start
//! at every alignment (odd row lengths) and strided views.

mod common;

use common::{THREADS, array2, each_thread_count, spin, vec_f32};
use parfor::prelude::*;

/// Each row filled with its own value; `chunk = 1` and a spin send chunks to the pool.
#[parallel(chunk = 1)]
fn fill_rows(a: &mut Array2<f64>, values: &[f64]) {
    for i in prange(a.nrows()) {
        spin(20);
        stream_fill(a.row_mut(i), values[i]);
    }
}

/// Every other column of each row: a strided row, filled with ordinary stores.
#[parallel(chunk = 2)]
fn fill_strided(a: &mut Array2<f64>, value: f64) {
    for i in prange(a.nrows()) {
        spin(20);
        stream_fill(a.slice_mut(s![i, ..;2]), value);
    }
}

/// Rows of `x` copied into `out`.
#[parallel(chunk = 3)]
fn copy_rows(x: &Array2<f64>, out: &mut Array2<f64>) {
    for i in prange(x.nrows()) {
        spin(20);
        stream_assign(out.row_mut(i), x.row(i));
    }
}

/// Blocks of `width` elements of a slice, copied as sub-slices.
#[parallel]
fn copy_f32(x: &[f32], out: &mut [f32], width: usize) {
    for b in prange(x.len() / width) {
        stream_assign(
            &mut out[b * width..(b + 1) * width],
            &x[b * width..(b + 1) * width],
        );
    }
}

#[test]
fn parallel_stream_fill_equals_sequential() {
    for cols in [1, 2, 3, 7, 64, 1001] {
        let values: Vec<f64> = array2(37, 1, cols as u64).into_iter().collect();
        let mut expected = array2(37, cols, 1);
        for (mut row, &v) in expected.rows_mut().into_iter().zip(&values) {
            row.fill(v);
        }
        let results = each_thread_count(|_| {
            let mut a = array2(37, cols, 2);
            fill_rows(&mut a, &values);
            a
        });
        for (a, t) in results.iter().zip(THREADS) {
            assert_eq!(a, &expected, "{cols} columns, {t} threads");
        }

        let mut expected = array2(37, cols, 3);
        expected.slice_mut(s![.., ..;2]).fill(0.25);
        for a in each_thread_count(|_| {
            let mut a = array2(37, cols, 3);
            fill_strided(&mut a, 0.25);
            a
        }) {
            assert_eq!(a, expected, "strided, {cols} columns");
        }
    }
}

#[test]
fn parallel_stream_assign_equals_sequential() {
    for cols in [1, 3, 5, 8, 999] {
        let x = array2(41, cols, 4);
        for out in each_thread_count(|_| {
            let mut out = array2(41, cols, 5);
            copy_rows(&x, &mut out);
            out
        }) {
            assert_eq!(out, x, "{cols} columns");
        }
    }
    // Source and destination at different alignments: `x` starts one element in.
    let data = vec_f32(1 + 6 * 4099, 6);
    let x = &data[1..];
    for out in each_thread_count(|_| {
        let mut out = vec![0.0_f32; 6 * 4099];
        copy_f32(x, &mut out, 4099);
        out
    }) {
        assert_eq!(out, x);
    }
}
