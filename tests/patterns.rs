//! Every write pattern `#[parallel]` accepts (issue 2, section 3): indexed writes on
//! each axis, strided and offset writes, whole-row / column / subview writes, the
//! seed's window-by-window fill, for every container kind; private locals, `continue`,
//! nested `prange`, shadowing, loops under other control flow, methods, generic
//! functions, labelled `continue`, `#[parallel]` functions called from a parallel body,
//! other integer loop variables and range shapes, and the `threads` / `chunk` options
//! (literal and run-time values). Each parallel
//! result is compared with a plain sequential loop on random data, under 1, 2, 3 and 8
//! threads.
#![allow(clippy::needless_range_loop)]

mod common;

use std::collections::BTreeSet;
use std::fmt::Debug;

use common::{THREADS, array, array2, array3, spin, vec_f64, worker};
use ndarray::Array4;
use parfor::prelude::*;

/// Runs `run` under each thread count and checks it returns `expected`.
fn check<T: PartialEq + Debug>(what: &str, expected: &T, mut run: impl FnMut() -> T) {
    for t in THREADS {
        let got = parfor::with_num_threads(t, &mut run);
        assert!(
            &got == expected,
            "{what}: wrong result with {t} threads:\n got {got:?}\nwant {expected:?}"
        );
    }
}

fn f(v: f64, i: usize) -> f64 {
    v * 1.5 + (i as f64).sqrt()
}

// ---------------------------------------------------------------- out[i], all containers

#[parallel]
fn unit_slice(x: &[f64], out: &mut [f64]) {
    for i in prange(x.len()) {
        out[i] = x[i] * 1.5 + (i as f64).sqrt();
    }
}

#[parallel]
fn unit_vec_ref(x: &[f64], out: &mut Vec<f64>) {
    for i in prange(x.len()) {
        out[i] = x[i] * 1.5 + (i as f64).sqrt();
    }
}

#[parallel]
fn unit_vec_owned(x: &[f64]) -> Vec<f64> {
    let mut out = vec![0.0; x.len()];
    for i in prange(x.len()) {
        out[i] = x[i] * 1.5 + (i as f64).sqrt();
    }
    out
}

#[parallel]
fn unit_array_ref(x: &Array1<f64>, out: &mut Array1<f64>) {
    for i in prange(x.len()) {
        out[i] = x[i] * 1.5 + (i as f64).sqrt();
    }
}

#[parallel]
fn unit_array_owned(x: ArrayView1<f64>) -> Array1<f64> {
    let mut out = Array1::zeros(x.len());
    for i in prange(x.len()) {
        out[i] = x[i] * 1.5 + (i as f64).sqrt();
    }
    out
}

#[parallel]
fn unit_view_mut(x: ArrayView1<f64>, mut out: ArrayViewMut1<f64>) {
    for i in prange(x.len()) {
        out[i] = x[i] * 1.5 + (i as f64).sqrt();
    }
}

#[test]
fn unit_index_every_container() {
    let n = 200_000;
    let x = vec_f64(n, 1);
    let want: Vec<f64> = x.iter().enumerate().map(|(i, &v)| f(v, i)).collect();
    let want_arr = Array1::from(want.clone());
    check("&mut [T]", &want, || {
        let mut out = vec![0.0; n];
        unit_slice(&x, &mut out);
        out
    });
    check("&mut Vec<T>", &want, || {
        let mut out = vec![0.0; n];
        unit_vec_ref(&x, &mut out);
        out
    });
    check("Vec<T>", &want, || unit_vec_owned(&x));
    let xa = Array1::from(x.clone());
    check("&mut Array1", &want_arr, || {
        let mut out = Array1::zeros(n);
        unit_array_ref(&xa, &mut out);
        out
    });
    check("Array1 (owned)", &want_arr, || unit_array_owned(xa.view()));
    check("ArrayViewMut1", &want_arr, || {
        let mut out = Array1::zeros(n);
        unit_view_mut(xa.view(), out.view_mut());
        out
    });
}

// ---------------------------------------------------------------- 2-D indexed writes

#[parallel]
fn rows_2d(a: &Array2<f64>, out: &mut Array2<f64>) {
    let (n, m) = a.dim();
    for i in prange(n) {
        for j in 0..m {
            out[[i, j]] = a[[i, j]] * (i + 2 * j) as f64;
        }
    }
}

#[parallel]
fn cols_2d(a: &Array2<f64>, out: &mut Array2<f64>) {
    let (n, m) = a.dim();
    for j in prange(m) {
        for i in 0..n {
            out[[i, j]] = a[[i, j]] * (i + 2 * j) as f64;
        }
    }
}

fn ij_seq(a: &Array2<f64>) -> Array2<f64> {
    let mut out = Array2::zeros(a.dim());
    for i in 0..a.nrows() {
        for j in 0..a.ncols() {
            out[[i, j]] = a[[i, j]] * (i + 2 * j) as f64;
        }
    }
    out
}

#[test]
fn index_i_j_splits_rows() {
    let a = array2(400, 300, 2);
    let want = ij_seq(&a);
    check("out[[i, j]]", &want, || {
        let mut out = Array2::zeros(a.dim());
        rows_2d(&a, &mut out);
        out
    });
}

#[test]
fn index_j_i_splits_columns() {
    let a = array2(300, 400, 3);
    let want = ij_seq(&a);
    check("out[[j, i]]", &want, || {
        let mut out = Array2::zeros(a.dim());
        cols_2d(&a, &mut out);
        out
    });
}

// ---------------------------------------------------------------- offsets and strides

#[parallel]
fn shifted(x: &[f64], out: &mut [f64]) {
    let n = x.len();
    for i in prange(0..n - 1) {
        out[i + 1] = x[i] + x[i + 1];
    }
}

#[test]
fn index_i_plus_one() {
    let n = 150_001;
    let x = vec_f64(n, 4);
    let mut want = vec![-7.0; n];
    for i in 0..n - 1 {
        want[i + 1] = x[i] + x[i + 1];
    }
    check("out[i + 1]", &want, || {
        let mut out = vec![-7.0; n];
        shifted(&x, &mut out);
        out
    });
}

#[parallel]
fn interleave(x: &[f64], out: &mut [f64]) {
    for i in prange(x.len()) {
        out[2 * i] = x[i] * 3.0;
        out[2 * i + 1] = -x[i];
    }
}

#[test]
fn index_2i_and_2i_plus_1() {
    let n = 100_003;
    let x = vec_f64(n, 5);
    let mut want = vec![0.0; 2 * n];
    for i in 0..n {
        want[2 * i] = x[i] * 3.0;
        want[2 * i + 1] = -x[i];
    }
    check("out[2*i], out[2*i+1]", &want, || {
        let mut out = vec![0.0; 2 * n];
        interleave(&x, &mut out);
        out
    });
}

/// A loop variable of stride 3 whose writes leave gaps (`out[3*i + 1]` only).
#[parallel]
fn gaps(x: &[f64], out: &mut [f64]) {
    for i in prange(x.len()) {
        out[3 * i + 1] = x[i];
    }
}

#[test]
fn strided_writes_leave_gaps_untouched() {
    let n = 70_000;
    let x = vec_f64(n, 6);
    let mut want = vec![9.0; 3 * n];
    for i in 0..n {
        want[3 * i + 1] = x[i];
    }
    check("out[3*i + 1]", &want, || {
        let mut out = vec![9.0; 3 * n];
        gaps(&x, &mut out);
        out
    });
}

// ---------------------------------------------------------------- subview writes

#[parallel]
fn by_row_mut(a: &Array2<f64>, out: &mut Array2<f64>) {
    for i in prange(a.nrows()) {
        let mut r = out.row_mut(i);
        for j in 0..r.len() {
            r[j] = a[[i, j]] * (i + 2 * j) as f64;
        }
    }
}

#[parallel]
fn by_column_mut(a: &Array2<f64>, out: &mut Array2<f64>) {
    for j in prange(a.ncols()) {
        let col = a.column(j);
        out.column_mut(j)
            .iter_mut()
            .zip(col)
            .enumerate()
            .for_each(|(i, (o, &v))| *o = v * (i + 2 * j) as f64);
    }
}

#[test]
fn row_mut_and_column_mut() {
    let a = array2(350, 420, 7);
    let want = ij_seq(&a);
    check("row_mut(i)", &want, || {
        let mut out = Array2::zeros(a.dim());
        by_row_mut(&a, &mut out);
        out
    });
    check("column_mut(i)", &want, || {
        let mut out = Array2::zeros(a.dim());
        by_column_mut(&a, &mut out);
        out
    });
}

#[parallel]
fn by_axis_0(t: &Array3<f64>, out: &mut Array3<f64>) {
    for i in prange(t.len_of(Axis(0))) {
        let src = t.index_axis(Axis(0), i);
        out.index_axis_mut(Axis(0), i)
            .assign(&(&src * 2.0 + i as f64));
    }
}

#[parallel]
fn by_axis_1(t: &Array3<f64>, out: &mut Array3<f64>) {
    for i in prange(t.len_of(Axis(1))) {
        let src = t.index_axis(Axis(1), i);
        out.index_axis_mut(Axis(1), i)
            .assign(&(&src * 2.0 + i as f64));
    }
}

#[parallel]
fn by_axis_2(t: &Array3<f64>, out: &mut Array3<f64>) {
    for i in prange(t.len_of(Axis(2))) {
        let src = t.index_axis(Axis(2), i);
        out.index_axis_mut(Axis(2), i)
            .assign(&(&src * 2.0 + i as f64));
    }
}

#[parallel]
fn by_slice_mut(t: &Array3<f64>, out: &mut Array3<f64>) {
    for i in prange(t.len_of(Axis(1))) {
        let src = t.slice(s![.., i, ..]);
        out.slice_mut(s![.., i, ..])
            .assign(&(&src * 2.0 + i as f64));
    }
}

fn axis_seq(t: &Array3<f64>, k: usize) -> Array3<f64> {
    let mut out = Array3::zeros(t.dim());
    for i in 0..t.len_of(Axis(k)) {
        let src = t.index_axis(Axis(k), i);
        out.index_axis_mut(Axis(k), i)
            .assign(&(&src * 2.0 + i as f64));
    }
    out
}

#[test]
fn index_axis_mut_on_each_axis_of_a_3d_array() {
    let t = array3((40, 50, 60), 8);
    type Kernel = fn(&Array3<f64>, &mut Array3<f64>);
    let kernels: [Kernel; 3] = [by_axis_0, by_axis_1, by_axis_2];
    for (k, kernel) in kernels.into_iter().enumerate() {
        let want = axis_seq(&t, k);
        check(&format!("index_axis_mut(Axis({k}), i)"), &want, || {
            let mut out = Array3::zeros(t.dim());
            kernel(&t, &mut out);
            out
        });
    }
}

#[test]
fn slice_mut_middle_axis() {
    let t = array3((45, 70, 55), 9);
    let want = axis_seq(&t, 1);
    check("slice_mut(s![.., i, ..])", &want, || {
        let mut out = Array3::zeros(t.dim());
        by_slice_mut(&t, &mut out);
        out
    });
}

// ---------------------------------------------------------------- the seed's window fill

/// Seed 002, first form: `prange((0..n).step_by(bs))`, inner `b..b + bs`.
#[parallel]
fn fill_stepped(x_arr: &Array2<f64>, tmp: &mut Array2<f64>, bs: usize) {
    let (n, m) = x_arr.dim();
    for b in prange((0..n).step_by(bs)) {
        for x in b..b + bs {
            for y in 0..m {
                tmp[[x, y]] = x_arr[[x, y]];
            }
        }
    }
}

/// Seed 002, second form: `prange(n / bs)`, inner `w*bs..(w + 1)*bs`.
#[parallel]
fn fill_windows(x_arr: &Array2<f64>, tmp: &mut Array2<f64>, bs: usize) {
    let (n, m) = x_arr.dim();
    for w in prange(n / bs) {
        for x in w * bs..(w + 1) * bs {
            for y in 0..m {
                tmp[[x, y]] = x_arr[[x, y]];
            }
        }
    }
}

#[parallel]
fn fill_stepped_owned(x_arr: &Array2<f64>, bs: usize) -> Array2<f64> {
    let (n, m) = x_arr.dim();
    let mut tmp = Array2::zeros((n, m));
    for b in prange((0..n).step_by(bs)) {
        for x in b..b + bs {
            for y in 0..m {
                tmp[[x, y]] = x_arr[[x, y]];
            }
        }
    }
    tmp
}

#[parallel]
fn fill_windows_owned(x_arr: &Array2<f64>, bs: usize) -> Array2<f64> {
    let (n, m) = x_arr.dim();
    let mut tmp = Array2::zeros((n, m));
    for w in prange(n / bs) {
        for x in w * bs..(w + 1) * bs {
            for y in 0..m {
                tmp[[x, y]] = x_arr[[x, y]];
            }
        }
    }
    tmp
}

#[parallel]
fn fill_stepped_view(x_arr: ArrayView2<f64>, mut tmp: ArrayViewMut2<f64>, bs: usize) {
    let (n, m) = x_arr.dim();
    for b in prange((0..n).step_by(bs)) {
        for x in b..b + bs {
            for y in 0..m {
                tmp[[x, y]] = x_arr[[x, y]];
            }
        }
    }
}

#[parallel]
fn fill_windows_view(x_arr: ArrayView2<f64>, mut tmp: ArrayViewMut2<f64>, bs: usize) {
    let (n, m) = x_arr.dim();
    for w in prange(n / bs) {
        for x in w * bs..(w + 1) * bs {
            for y in 0..m {
                tmp[[x, y]] = x_arr[[x, y]];
            }
        }
    }
}

/// Flat (row-major) storage: `tmp[x * m + y]`.
#[parallel]
fn fill_stepped_slice(x_arr: &[f64], tmp: &mut [f64], m: usize, bs: usize) {
    let n = x_arr.len() / m;
    for b in prange((0..n).step_by(bs)) {
        for x in b..b + bs {
            for y in 0..m {
                tmp[x * m + y] = x_arr[x * m + y];
            }
        }
    }
}

#[parallel]
fn fill_windows_slice(x_arr: &[f64], tmp: &mut [f64], m: usize, bs: usize) {
    let n = x_arr.len() / m;
    for w in prange(n / bs) {
        for x in w * bs..(w + 1) * bs {
            for y in 0..m {
                tmp[x * m + y] = x_arr[x * m + y];
            }
        }
    }
}

#[parallel]
fn fill_stepped_vec_ref(x_arr: &[f64], tmp: &mut Vec<f64>, m: usize, bs: usize) {
    let n = x_arr.len() / m;
    for b in prange((0..n).step_by(bs)) {
        for x in b..b + bs {
            for y in 0..m {
                tmp[x * m + y] = x_arr[x * m + y];
            }
        }
    }
}

#[parallel]
fn fill_windows_vec_ref(x_arr: &[f64], tmp: &mut Vec<f64>, m: usize, bs: usize) {
    let n = x_arr.len() / m;
    for w in prange(n / bs) {
        for x in w * bs..(w + 1) * bs {
            for y in 0..m {
                tmp[x * m + y] = x_arr[x * m + y];
            }
        }
    }
}

#[parallel]
fn fill_stepped_vec_owned(x_arr: &[f64], m: usize, bs: usize) -> Vec<f64> {
    let n = x_arr.len() / m;
    let mut tmp = vec![0.0; x_arr.len()];
    for b in prange((0..n).step_by(bs)) {
        for x in b..b + bs {
            for y in 0..m {
                tmp[x * m + y] = x_arr[x * m + y];
            }
        }
    }
    tmp
}

#[parallel]
fn fill_windows_vec_owned(x_arr: &[f64], m: usize, bs: usize) -> Vec<f64> {
    let n = x_arr.len() / m;
    let mut tmp = vec![0.0; x_arr.len()];
    for w in prange(n / bs) {
        for x in w * bs..(w + 1) * bs {
            for y in 0..m {
                tmp[x * m + y] = x_arr[x * m + y];
            }
        }
    }
    tmp
}

/// 1-D windows, the seed's fill on a vector: `tmp[x]` for `x` in the window.
#[parallel]
fn fill_windows_1d(src: &[f64], tmp: &mut [f64], bs: usize) {
    for w in prange(src.len() / bs) {
        for x in w * bs..(w + 1) * bs {
            tmp[x] = src[x];
        }
    }
}

#[test]
fn window_fill_ndarray_containers() {
    let (n, m) = (400, 300);
    let x_arr = array2(n, m, 10);
    for bs in [1, 4, 8, 25] {
        let zeros = || Array2::<f64>::zeros((n, m));
        check(&format!("stepped &mut Array2 bs={bs}"), &x_arr, || {
            let mut tmp = zeros();
            fill_stepped(&x_arr, &mut tmp, bs);
            tmp
        });
        check(&format!("windows &mut Array2 bs={bs}"), &x_arr, || {
            let mut tmp = zeros();
            fill_windows(&x_arr, &mut tmp, bs);
            tmp
        });
        check(&format!("stepped Array2 (owned) bs={bs}"), &x_arr, || {
            fill_stepped_owned(&x_arr, bs)
        });
        check(&format!("windows Array2 (owned) bs={bs}"), &x_arr, || {
            fill_windows_owned(&x_arr, bs)
        });
        check(&format!("stepped ArrayViewMut2 bs={bs}"), &x_arr, || {
            let mut tmp = zeros();
            fill_stepped_view(x_arr.view(), tmp.view_mut(), bs);
            tmp
        });
        check(&format!("windows ArrayViewMut2 bs={bs}"), &x_arr, || {
            let mut tmp = zeros();
            fill_windows_view(x_arr.view(), tmp.view_mut(), bs);
            tmp
        });
    }
}

#[test]
fn window_fill_flat_containers() {
    let (n, m) = (400, 300);
    let x_arr = vec_f64(n * m, 11);
    for bs in [1, 4, 8, 25] {
        check(&format!("stepped &mut [T] bs={bs}"), &x_arr, || {
            let mut tmp = vec![0.0; n * m];
            fill_stepped_slice(&x_arr, &mut tmp, m, bs);
            tmp
        });
        check(&format!("windows &mut [T] bs={bs}"), &x_arr, || {
            let mut tmp = vec![0.0; n * m];
            fill_windows_slice(&x_arr, &mut tmp, m, bs);
            tmp
        });
        check(&format!("stepped &mut Vec bs={bs}"), &x_arr, || {
            let mut tmp = vec![0.0; n * m];
            fill_stepped_vec_ref(&x_arr, &mut tmp, m, bs);
            tmp
        });
        check(&format!("windows &mut Vec bs={bs}"), &x_arr, || {
            let mut tmp = vec![0.0; n * m];
            fill_windows_vec_ref(&x_arr, &mut tmp, m, bs);
            tmp
        });
        check(&format!("stepped Vec (owned) bs={bs}"), &x_arr, || {
            fill_stepped_vec_owned(&x_arr, m, bs)
        });
        check(&format!("windows Vec (owned) bs={bs}"), &x_arr, || {
            fill_windows_vec_owned(&x_arr, m, bs)
        });
        check(&format!("windows 1-D bs={bs}"), &x_arr, || {
            let mut tmp = vec![0.0; n * m];
            fill_windows_1d(&x_arr, &mut tmp, bs);
            tmp
        });
    }
}

// ---------------------------------------------------------------- body forms

#[parallel]
fn read_modify_write(a: &mut [f64]) {
    for i in prange(a.len()) {
        a[i] = a[i] * 2.0 + 1.0;
    }
}

#[parallel]
fn read_modify_write_compound(a: &mut Array2<f64>) {
    for i in prange(a.nrows()) {
        for j in 0..a.ncols() {
            a[[i, j]] *= 2.0;
            a[[i, j]] += 1.0;
        }
    }
}

#[test]
fn reads_of_the_element_written() {
    let x = vec_f64(200_000, 12);
    let want: Vec<f64> = x.iter().map(|v| v * 2.0 + 1.0).collect();
    check("a[i] = a[i] * 2.0 + 1.0", &want, || {
        let mut a = x.clone();
        read_modify_write(&mut a);
        a
    });
    let a0 = array2(300, 300, 13);
    let want = a0.mapv(|v| v * 2.0 + 1.0);
    check("a[[i, j]] *= 2.0; += 1.0", &want, || {
        let mut a = a0.clone();
        read_modify_write_compound(&mut a);
        a
    });
}

#[parallel]
fn stencil(x: &[f64], out: &mut [f64]) {
    for i in prange(1..x.len() - 1) {
        out[i] = (x[i - 1] + x[i] + x[i + 1]) / 3.0;
    }
}

#[parallel]
fn stencil_2d(a: &Array2<f64>, out: &mut Array2<f64>) {
    let (n, m) = a.dim();
    for i in prange(1..n - 1) {
        for j in 1..m - 1 {
            out[[i, j]] =
                a[[i - 1, j]] + a[[i + 1, j]] + a[[i, j - 1]] + a[[i, j + 1]] - 4.0 * a[[i, j]];
        }
    }
}

#[test]
fn stencils_read_neighbours_of_a_read_only_array() {
    let n = 200_000;
    let x = vec_f64(n, 14);
    let mut want = vec![0.0; n];
    for i in 1..n - 1 {
        want[i] = (x[i - 1] + x[i] + x[i + 1]) / 3.0;
    }
    check("1-D stencil", &want, || {
        let mut out = vec![0.0; n];
        stencil(&x, &mut out);
        out
    });
    let a = array2(300, 310, 15);
    let mut want = Array2::zeros(a.dim());
    for i in 1..299 {
        for j in 1..309 {
            want[[i, j]] =
                a[[i - 1, j]] + a[[i + 1, j]] + a[[i, j - 1]] + a[[i, j + 1]] - 4.0 * a[[i, j]];
        }
    }
    check("2-D stencil", &want, || {
        let mut out = Array2::zeros(a.dim());
        stencil_2d(&a, &mut out);
        out
    });
}

#[parallel]
fn private_locals(a: &Array2<f64>, out: &mut [f64]) {
    for i in prange(a.nrows()) {
        let mut acc = 0.0;
        let mut best = f64::NEG_INFINITY;
        for j in 0..a.ncols() {
            acc += a[[i, j]];
            best = best.max(a[[i, j]]);
        }
        let scaled = acc / a.ncols() as f64;
        out[i] = scaled + best;
    }
}

#[test]
fn variables_declared_in_the_body_are_private() {
    let a = array2(2_000, 100, 16);
    let want: Vec<f64> = a
        .rows()
        .into_iter()
        .map(|r| {
            let mut acc = 0.0;
            let mut best = f64::NEG_INFINITY;
            for &v in r {
                acc += v;
                best = best.max(v);
            }
            acc / 100.0 + best
        })
        .collect();
    check("private locals", &want, || {
        let mut out = vec![0.0; a.nrows()];
        private_locals(&a, &mut out);
        out
    });
}

#[parallel]
fn skip_negatives(x: &[f64], out: &mut [f64]) {
    for i in prange(x.len()) {
        if x[i] < 0.0 {
            continue;
        }
        out[i] = x[i].sqrt();
    }
}

#[test]
fn continue_skips_the_rest_of_an_iteration() {
    let x = vec_f64(200_000, 17);
    let want: Vec<f64> = x
        .iter()
        .map(|&v| if v < 0.0 { -1.0 } else { v.sqrt() })
        .collect();
    check("continue", &want, || {
        let mut out = vec![-1.0; x.len()];
        skip_negatives(&x, &mut out);
        out
    });
}

#[parallel]
fn nested_prange(a: &Array2<f64>, out: &mut Array2<f64>) {
    let (n, m) = a.dim();
    for i in prange(n) {
        for j in prange(m) {
            out[[i, j]] = a[[i, j]] * (i + 2 * j) as f64;
        }
    }
}

#[test]
fn nested_prange_runs_sequentially_inside() {
    let a = array2(400, 300, 18);
    let want = ij_seq(&a);
    check("nested prange", &want, || {
        let mut out = Array2::zeros(a.dim());
        nested_prange(&a, &mut out);
        out
    });
}

/// `out` and `x` are shadowed inside the body by locals of other types; the captured
/// `out` is written before the shadowing `let`.
#[parallel]
fn shadowing(x: &[f64], out: &mut [f64], other: &mut [f64]) {
    for i in prange(x.len()) {
        out[i] = x[i] + 1.0;
        let out = x[i] * 3.0;
        let x = [out, 2.0];
        other[i] = x[0] + x[1];
    }
}

/// The loop variable itself is shadowed by an affine function of it.
#[parallel]
fn shadow_loop_var(x: &[f64], out: &mut [f64]) {
    let n = x.len();
    for i in prange(n) {
        let i = n - 1 - i;
        out[i] = x[i] * 2.0;
    }
}

/// Captured names rebound by `match` arms, `if let`, a closure parameter and a `let`
/// without initialiser (which is the point, hence the `allow`).
#[allow(clippy::needless_late_init)]
#[parallel]
fn shadowing_by_patterns(x: &[f64], out: &mut [f64], other: &mut [f64], k: &[f64]) {
    for i in prange(x.len()) {
        match x[i] {
            v if v > 0.5 => out[i] = v,
            out => other[i] = out,
        }
        if let Some(&k) = k.get(i % 7) {
            other[i] += k;
        }
        let f = |x: f64| x * 10.0;
        let late;
        if x[i] > 0.0 {
            late = f(x[i]);
        } else {
            late = -1.0;
        }
        out[i] += late;
    }
}

/// `#[parallel]` on a function without prange loops changes nothing.
#[parallel]
fn no_prange(x: &[f64]) -> f64 {
    let mut s = 0.0;
    for v in x {
        s += v;
    }
    s
}

#[test]
fn shadowing_captured_names_in_the_body() {
    let x = vec_f64(200_000, 19);
    let want_out: Vec<f64> = x.iter().map(|v| v + 1.0).collect();
    let want_other: Vec<f64> = x.iter().map(|v| v * 3.0 + 2.0).collect();
    check("shadowing", &(want_out, want_other), || {
        let mut out = vec![0.0; x.len()];
        let mut other = vec![0.0; x.len()];
        shadowing(&x, &mut out, &mut other);
        (out, other)
    });
    let want: Vec<f64> = x.iter().map(|v| v * 2.0).collect();
    check("let i = n - 1 - i", &want, || {
        let mut out = vec![0.0; x.len()];
        shadow_loop_var(&x, &mut out);
        out
    });

    let k = [0.5, 1.5, 2.5];
    let mut want_out = vec![0.0; x.len()];
    let mut want_other = vec![0.0; x.len()];
    for i in 0..x.len() {
        if x[i] > 0.5 {
            want_out[i] = x[i];
        } else {
            want_other[i] = x[i];
        }
        if let Some(&k) = k.get(i % 7) {
            want_other[i] += k;
        }
        want_out[i] += if x[i] > 0.0 { x[i] * 10.0 } else { -1.0 };
    }
    check(
        "match / if let / closure / late let",
        &(want_out, want_other),
        || {
            let mut out = vec![0.0; x.len()];
            let mut other = vec![0.0; x.len()];
            shadowing_by_patterns(&x, &mut out, &mut other, &k);
            (out, other)
        },
    );
    let mut s = 0.0;
    for v in &x {
        s += v;
    }
    check("no prange loop", &s, || no_prange(&x));
}

// ---------------------------------------------------------------- loops in control flow

#[parallel]
fn in_control_flow(x: &[f64], out: &mut [f64], mode: u8) {
    let n = x.len();
    if mode == 0 {
        for i in prange(n) {
            out[i] = x[i] + 1.0;
        }
    } else {
        match mode {
            1 => {
                for i in prange(n) {
                    out[i] = x[i] * 2.0;
                }
            }
            2 => {
                let mut rounds = 0;
                loop {
                    for i in prange(n) {
                        out[i] += x[i];
                    }
                    rounds += 1;
                    if rounds == 3 {
                        break;
                    }
                }
            }
            3 => {
                for rep in 1..4 {
                    for i in prange(n) {
                        out[i] += x[i] * rep as f64;
                    }
                }
            }
            _ => {
                let k = 5.0;
                {
                    for i in prange(n) {
                        out[i] = x[i] - k;
                    }
                }
            }
        }
    }
}

#[test]
fn loops_inside_if_match_loop_for_and_blocks() {
    let x = vec_f64(150_000, 20);
    let wants: [Vec<f64>; 5] = [
        x.iter().map(|v| v + 1.0).collect(),
        x.iter().map(|v| v * 2.0).collect(),
        x.iter().map(|&v| (0.0 + v) + v + v).collect(),
        x.iter().map(|&v| (0.0 + v) + v * 2.0 + v * 3.0).collect(),
        x.iter().map(|v| v - 5.0).collect(),
    ];
    for (mode, want) in wants.iter().enumerate() {
        check(&format!("mode {mode}"), want, || {
            let mut out = vec![0.0; x.len()];
            in_control_flow(&x, &mut out, mode as u8);
            out
        });
    }
}

// ---------------------------------------------------------------- methods

struct Grid {
    src: Vec<f64>,
    data: Vec<f64>,
    scale: f64,
}

impl Grid {
    #[parallel]
    fn scaled(&self, out: &mut [f64]) {
        for i in prange(self.src.len()) {
            out[i] = self.src[i] * self.scale;
        }
    }

    #[parallel]
    fn fill(&mut self) {
        for i in prange(self.data.len()) {
            self.data[i] = self.src[i] * self.scale + i as f64;
        }
    }
}

#[test]
fn methods_reading_and_writing_fields() {
    let src = vec_f64(200_000, 21);
    let mut grid = Grid {
        data: vec![0.0; src.len()],
        src,
        scale: 0.25,
    };
    let want: Vec<f64> = grid.src.iter().map(|v| v * 0.25).collect();
    check("&self", &want, || {
        let mut out = vec![0.0; grid.src.len()];
        grid.scaled(&mut out);
        out
    });
    let want: Vec<f64> = grid
        .src
        .iter()
        .enumerate()
        .map(|(i, v)| v * 0.25 + i as f64)
        .collect();
    for t in THREADS {
        grid.data.iter_mut().for_each(|v| *v = 0.0);
        parfor::with_num_threads(t, || grid.fill());
        assert_eq!(grid.data, want, "&mut self, {t} threads");
    }
}

// ---------------------------------------------------------------- loop variables and ranges

#[parallel]
fn i64_var(x: &[f64], out: &mut [f64]) {
    let n = x.len();
    for i in prange(0..n as i64) {
        out[i as usize] = x[i as usize] * i as f64;
    }
}

#[parallel]
fn u32_var(x: &[f64], out: &mut [f64], lo: u32, hi: u32) {
    for i in prange(lo..hi) {
        out[i as usize] = x[i as usize] + 1.0;
    }
}

#[parallel]
fn u128_var(x: &[f64], out: &mut [u8]) {
    for i in prange(0u128..x.len() as u128) {
        out[i as usize] = (x[i as usize] > 0.0) as u8;
    }
}

#[test]
fn integer_loop_variables_of_other_types() {
    let x = vec_f64(200_000, 22);
    let want: Vec<f64> = x.iter().enumerate().map(|(i, v)| v * i as f64).collect();
    check("prange(0..n as i64)", &want, || {
        let mut out = vec![0.0; x.len()];
        i64_var(&x, &mut out);
        out
    });
    let mut want = vec![0.0; x.len()];
    for i in 1_000..190_000 {
        want[i] = x[i] + 1.0;
    }
    check("prange(lo..hi) u32", &want, || {
        let mut out = vec![0.0; x.len()];
        u32_var(&x, &mut out, 1_000, 190_000);
        out
    });
    let want: Vec<u8> = x.iter().map(|&v| (v > 0.0) as u8).collect();
    check("prange(0u128..n)", &want, || {
        let mut out = vec![9; x.len()];
        u128_var(&x, &mut out);
        out
    });
}

#[parallel]
fn inclusive(x: &[f64], out: &mut [f64], a: usize, b: usize) {
    for i in prange(a..=b) {
        out[i] = x[i] * 2.0;
    }
}

#[parallel]
fn descending(x: &[f64], out: &mut [f64], a: usize, b: usize) {
    for i in prange((a..b).rev()) {
        out[i] = x[i] * 2.0 + i as f64;
    }
}

/// `prange((a..b).step_by(K))` for a literal `K` (a runtime step is rejected by the
/// analysis: see `tests/ui-pass/step-by-runtime.rs`).
macro_rules! stepped {
    ($($name:ident: $k:literal),*) => {$(
        #[parallel]
        fn $name(x: &[f64], out: &mut [f64], a: usize, b: usize) {
            for i in prange((a..b).step_by($k)) {
                out[i] = x[i] - 1.0;
            }
        }
    )*};
}
stepped!(stepped_1: 1, stepped_2: 2, stepped_3: 3, stepped_7: 7, stepped_64: 64);

#[test]
fn inclusive_descending_and_stepped_ranges() {
    let n = 200_000;
    let x = vec_f64(n, 23);
    let (a, b) = (17, n - 5);

    let mut want = vec![0.0; n];
    for i in a..=b {
        want[i] = x[i] * 2.0;
    }
    check("prange(a..=b)", &want, || {
        let mut out = vec![0.0; n];
        inclusive(&x, &mut out, a, b);
        out
    });

    let mut want = vec![0.0; n];
    for i in (a..b).rev() {
        want[i] = x[i] * 2.0 + i as f64;
    }
    check("prange((a..b).rev())", &want, || {
        let mut out = vec![0.0; n];
        descending(&x, &mut out, a, b);
        out
    });

    type Kernel = fn(&[f64], &mut [f64], usize, usize);
    let kernels: [(usize, Kernel); 5] = [
        (1, stepped_1),
        (2, stepped_2),
        (3, stepped_3),
        (7, stepped_7),
        (64, stepped_64),
    ];
    for (k, kernel) in kernels {
        let mut want = vec![0.0; n];
        for i in (a..b).step_by(k) {
            want[i] = x[i] - 1.0;
        }
        check(&format!("prange((a..b).step_by({k}))"), &want, || {
            let mut out = vec![0.0; n];
            kernel(&x, &mut out, a, b);
            out
        });
    }
}

// ---------------------------------------------------------------- more shapes and bodies

#[parallel]
fn four_d(t: &Array4<f64>, out: &mut Array4<f64>) {
    let (a, b, c, d) = t.dim();
    for k in prange(c) {
        for i in 0..a {
            for j in 0..b {
                for l in 0..d {
                    out[[i, j, k, l]] = t[[i, j, k, l]] * 2.0;
                }
            }
        }
    }
}

#[parallel]
fn dynamic_dim(t: &ArrayD<f64>, out: &mut ArrayD<f64>) {
    for j in prange(t.shape()[1]) {
        for i in 0..t.shape()[0] {
            out[[i, j]] = t[[i, j]] + 1.0;
        }
    }
}

#[test]
fn four_and_dynamic_dimensional_arrays() {
    let t = array((6, 5, 40, 70), 27);
    let want = t.mapv(|v| v * 2.0);
    check("Array4 split on axis 2", &want, || {
        let mut out = Array4::zeros(t.dim());
        four_d(&t, &mut out);
        out
    });
    let td = array(IxDyn(&[300, 400]), 28);
    let want = td.mapv(|v| v + 1.0);
    check("ArrayD split on axis 1", &want, || {
        let mut out = ArrayD::zeros(td.raw_dim());
        dynamic_dim(&td, &mut out);
        out
    });
}

/// One array written ascending, one descending, one along columns, in the same loop.
#[parallel]
fn opposite_directions(x: &[f64], a: &mut [f64], b: &mut Vec<f64>, c: &mut Array2<f64>) {
    let n = x.len();
    for i in prange(n) {
        a[i] = x[i];
        b[n - 1 - i] = x[i];
        c[[0, i]] = x[i];
        c[[1, i]] = -x[i];
    }
}

#[test]
fn several_arrays_split_in_different_directions() {
    let x = vec_f64(150_000, 29);
    let mut rev = x.clone();
    rev.reverse();
    let mut c = Array2::zeros((2, x.len()));
    for (i, &v) in x.iter().enumerate() {
        c[[0, i]] = v;
        c[[1, i]] = -v;
    }
    check(
        "ascending, descending, columns",
        &(x.clone(), rev, c),
        || {
            let mut a = vec![0.0; x.len()];
            let mut b = vec![0.0; x.len()];
            let mut c = Array2::zeros((2, x.len()));
            opposite_directions(&x, &mut a, &mut b, &mut c);
            (a, b, c)
        },
    );
}

/// Mutation of the element at `i` through `&mut a[i]` and a `&mut self` method of it.
#[parallel]
fn element_mutation(a: &mut [f64], b: &mut Vec<f64>, v: &mut Vec<Vec<usize>>) {
    for i in prange(a.len()) {
        std::mem::swap(&mut a[i], &mut b[i]);
        v[i].push(i);
    }
}

#[test]
fn mutating_the_indexed_element() {
    let x = vec_f64(100_000, 30);
    let want_v: Vec<Vec<usize>> = (0..x.len()).map(|i| vec![7, i]).collect();
    check(
        "swap(&mut a[i], &mut b[i]); v[i].push(i)",
        &(vec![1.0; x.len()], x.clone(), want_v),
        || {
            let mut a = x.clone();
            let mut b = vec![1.0; x.len()];
            let mut v = vec![vec![7]; x.len()];
            element_mutation(&mut a, &mut b, &mut v);
            (a, b, v)
        },
    );
}

/// `prange((0..n).step_by(2))` writing rows `i` and `i + 1`.
#[parallel]
fn swap_row_pairs(x: &Array2<f64>, out: &mut Array2<f64>) {
    let (n, m) = x.dim();
    for i in prange((0..n).step_by(2)) {
        for j in 0..m {
            out[[i, j]] = x[[i + 1, j]];
            out[[i + 1, j]] = x[[i, j]];
        }
    }
}

/// Blocks of four through slice ranges.
#[parallel]
fn copy_blocks(x: &[f64], out: &mut [f64]) {
    for i in prange(x.len() / 4) {
        out[i * 4..(i + 1) * 4].copy_from_slice(&x[i * 4..(i + 1) * 4]);
    }
}

#[parallel]
fn fill_blocks(out: &mut Vec<f64>) {
    for i in prange(out.len() / 4) {
        out[4 * i..4 * i + 4].fill(i as f64);
    }
}

/// The index of another axis computed in the body from the written array's shape.
#[parallel]
fn last_column(a: &Array2<f64>, out: &mut Array2<f64>) {
    for i in prange(a.nrows()) {
        let last = out.ncols() - 1;
        out[[i, last]] = a[[i, 0]];
        out[[i, 0]] = out[[i, last]] * 2.0;
    }
}

#[test]
fn stepped_block_and_shape_dependent_writes() {
    let m = array2(400, 300, 31);
    let mut want = Array2::zeros(m.dim());
    for i in (0..400).step_by(2) {
        for j in 0..300 {
            want[[i, j]] = m[[i + 1, j]];
            want[[i + 1, j]] = m[[i, j]];
        }
    }
    check("rows i and i + 1 of a step-2 loop", &want, || {
        let mut out = Array2::zeros(m.dim());
        swap_row_pairs(&m, &mut out);
        out
    });
    let x = vec_f64(100_000, 32);
    check("out[4*i..4*i + 4].copy_from_slice", &x, || {
        let mut out = vec![0.0; x.len()];
        copy_blocks(&x, &mut out);
        out
    });
    let want: Vec<f64> = (0..40_000).map(|i| (i / 4) as f64).collect();
    check("out[4*i..4*i + 4].fill", &want, || {
        let mut out = vec![0.0; 40_000];
        fill_blocks(&mut out);
        out
    });
    let a = array2(1_000, 30, 33);
    let mut want = Array2::zeros(a.dim());
    for i in 0..1_000 {
        want[[i, 29]] = a[[i, 0]];
        want[[i, 0]] = a[[i, 0]] * 2.0;
    }
    check("out[[i, out.ncols() - 1]]", &want, || {
        let mut out = Array2::zeros(a.dim());
        last_column(&a, &mut out);
        out
    });
}

#[parallel(threads = nt, chunk = c)]
fn runtime_options(x: &[f64], out: &mut [f64], nt: usize, c: usize) {
    for i in prange(x.len()) {
        out[i] = x[i] + 1.0;
    }
}

#[test]
fn options_from_run_time_values() {
    let x = vec_f64(100_000, 34);
    let want: Vec<f64> = x.iter().map(|v| v + 1.0).collect();
    for (nt, c) in [(1, 1), (2, 3), (5, 1_000), (3, 100_000), (8, 7)] {
        check(&format!("threads = {nt}, chunk = {c}"), &want, || {
            let mut out = vec![0.0; x.len()];
            runtime_options(&x, &mut out, nt, c);
            out
        });
    }
}

#[parallel]
fn labelled_continue(a: &Array2<f64>, out: &mut [f64]) {
    'rows: for i in prange(a.nrows()) {
        for j in 0..a.ncols() {
            if a[[i, j]] > 0.99 {
                out[i] = -1.0;
                continue 'rows;
            }
        }
        out[i] = 1.0;
    }
}

#[test]
fn continue_to_the_prange_loop_label() {
    let a = array2(2_000, 50, 35);
    let want: Vec<f64> = a
        .rows()
        .into_iter()
        .map(|r| {
            if r.iter().any(|&v| v > 0.99) {
                -1.0
            } else {
                1.0
            }
        })
        .collect();
    assert!(want.contains(&-1.0) && want.contains(&1.0));
    check("continue 'rows", &want, || {
        let mut out = vec![0.0; 2_000];
        labelled_continue(&a, &mut out);
        out
    });
}

#[parallel]
fn row_sum(row: ArrayView1<f64>) -> f64 {
    let mut s = 0.0;
    for j in prange(row.len()) {
        s += row[j];
    }
    s
}

/// A `#[parallel]` function called from a parallel loop body: its loop runs in the
/// caller's pool.
#[parallel]
fn row_sums(a: &Array2<f64>, out: &mut [f64]) {
    for i in prange(a.nrows()) {
        out[i] = row_sum(a.row(i));
    }
}

#[test]
fn parallel_functions_called_from_a_parallel_body() {
    let a = array2(300, 2_000, 36);
    let want: Vec<f64> = a.rows().into_iter().map(row_sum).collect();
    check("nested #[parallel] calls", &want, || {
        let mut out = vec![0.0; 300];
        row_sums(&a, &mut out);
        out
    });
}

#[parallel]
fn generic_scale<T: Copy + Send + Sync + std::ops::Mul<Output = T>>(x: &[T], out: &mut [T], k: T) {
    for i in prange(x.len()) {
        out[i] = x[i] * k;
    }
}

#[test]
fn generic_functions() {
    let x = vec_f64(100_000, 37);
    let want: Vec<f64> = x.iter().map(|v| v * 3.0).collect();
    check("generic f64", &want, || {
        let mut out = vec![0.0; x.len()];
        generic_scale(&x, &mut out, 3.0);
        out
    });
    let xi: Vec<i32> = (0..100_000).collect();
    let want: Vec<i32> = xi.iter().map(|v| v * -2).collect();
    check("generic i32", &want, || {
        let mut out = vec![0; xi.len()];
        generic_scale(&xi, &mut out, -2);
        out
    });
}

// ---------------------------------------------------------------- options

#[parallel(threads = 3)]
fn three_threads(x: &[f64], out: &mut [f64], who: &mut [usize]) {
    for i in prange(x.len()) {
        spin(20);
        out[i] = x[i] * 2.0;
        who[i] = worker();
    }
}

#[parallel(chunk = 7)]
fn chunk_seven(x: &[f64], out: &mut [f64]) {
    for i in prange(x.len()) {
        out[i] = x[i] * 2.0 + i as f64;
    }
}

#[test]
fn option_threads_runs_on_a_pool_of_that_size() {
    let x = vec_f64(300, 24);
    let want: Vec<f64> = x.iter().map(|v| v * 2.0).collect();
    for t in THREADS {
        // On a loaded machine one worker may happen to run everything: retry a few
        // times before concluding the pool never used more than one.
        let mut seen = BTreeSet::new();
        for _attempt in 0..ATTEMPTS {
            let mut out = vec![0.0; x.len()];
            let mut who = vec![usize::MAX - 1; x.len()];
            parfor::with_num_threads(t, || three_threads(&x, &mut out, &mut who));
            assert_eq!(out, want, "with_num_threads({t})");
            // Every iteration ran either inline on this (non-pool) thread or on one of
            // the three workers, never on a worker of another pool.
            seen = who.iter().copied().filter(|&w| w != usize::MAX).collect();
            assert!(
                seen.iter().all(|&w| w < 3),
                "threads = 3 ran on workers {seen:?}"
            );
            if seen.len() > 1 {
                break;
            }
        }
        assert!(seen.len() > 1, "threads = 3 ran on workers {seen:?}");
    }
}

/// How many times a test that wants to see several workers busy in one run tries.
const ATTEMPTS: usize = 20;

#[test]
fn option_chunk_with_a_remainder() {
    for n in [1, 6, 7, 8, 13, 14, 15, 100_003] {
        let x = vec_f64(n, 25);
        let want: Vec<f64> = x
            .iter()
            .enumerate()
            .map(|(i, v)| v * 2.0 + i as f64)
            .collect();
        check(&format!("chunk = 7, n = {n}"), &want, || {
            let mut out = vec![0.0; n];
            chunk_seven(&x, &mut out);
            out
        });
    }
}

// ---------------------------------------------------------------- real parallelism

#[parallel(chunk = 1)]
fn slow_rows(a: &Array2<f64>, out: &mut Array2<f64>, who: &mut [usize]) {
    for i in prange(a.nrows()) {
        spin(50);
        who[i] = worker();
        for j in 0..a.ncols() {
            out[[i, j]] = a[[i, j]] * (i + 2 * j) as f64;
        }
    }
}

#[test]
fn expensive_loops_run_on_several_workers_with_correct_windows() {
    let a = array2(96, 50, 26);
    let want = ij_seq(&a);
    for t in [2, 3, 8] {
        let mut workers = BTreeSet::new();
        for _attempt in 0..ATTEMPTS {
            let mut out = Array2::zeros(a.dim());
            let mut who = vec![0; a.nrows()];
            parfor::with_num_threads(t, || slow_rows(&a, &mut out, &mut who));
            assert_eq!(out, want, "{t} threads");
            // The calling thread (`usize::MAX`) works beside the pool's workers.
            workers = who.iter().copied().collect();
            if workers.len() > 1 {
                break;
            }
        }
        assert!(
            workers.len() > 1,
            "{t} threads: iterations ran on threads {workers:?} in each of {ATTEMPTS} runs"
        );
    }
}

// ---------------------------------------------------------------- shared reference parameters

// The body receives the function's `&T` parameters as closure parameters (`with_refs_N`):
// every shape of them must behave exactly as before.

/// Ten reference parameters: more than `with_refs_N` hands over (the rest stay captures).
#[allow(clippy::too_many_arguments)]
#[parallel]
fn ten_refs(
    a: &[f64],
    b: &[f64],
    c: &[f64],
    d: &[f64],
    e: &[f64],
    g: &[f64],
    h: &[f64],
    k: &[f64],
    m: &[f64],
    p: &[f64],
    out: &mut [f64],
) {
    for i in prange(out.len()) {
        out[i] = a[i] + 2.0 * b[i] + 3.0 * c[i] + 4.0 * d[i] + 5.0 * e[i] + 6.0 * g[i]
            - h[i]
            - 2.0 * k[i]
            - 3.0 * m[i]
            - 4.0 * p[i];
    }
}

/// `impl Trait` behind a reference, a generic one, a rebound name and a scalar one.
#[parallel]
fn odd_refs<T: Copy + Into<f64> + Sync>(
    x: &(impl AsRef<[f64]> + Sync),
    y: &[T],
    z: &[f64],
    scale: &f64,
    out: &mut [f64],
) {
    let z = &z[..z.len()];
    for i in prange(out.len()) {
        out[i] = x.as_ref()[i] * *scale + y[i].into() + z[i];
    }
}

/// A reduction and a split array beside reference parameters.
#[parallel]
fn refs_with_reduction(x: &Array2<f64>, w: &[f64], out: &mut Array1<f64>) -> f64 {
    let mut total = 0.0;
    for i in prange(x.nrows()) {
        let row: f64 = x.row(i).iter().zip(w).map(|(a, b)| a * b).sum();
        out[i] = row;
        total += row;
    }
    total
}

/// Scalar parameters are copied at the start of each chunk: the copy must see the value
/// the function gave them before the loop.
#[parallel]
fn scalar_params(mut scale: f64, offset: i32, flag: bool, out: &mut [f64]) {
    scale *= 2.0;
    for i in prange(out.len()) {
        out[i] = if flag {
            i as f64 * scale + f64::from(offset)
        } else {
            0.0
        };
    }
}

#[test]
fn scalar_parameters_are_read_as_updated_before_the_loop() {
    let want: Vec<f64> = (0..1001).map(|i| i as f64 * 3.0 - 7.0).collect();
    check("scalar parameters", &want, || {
        let mut out = vec![0.0; 1001];
        scalar_params(1.5, -7, true, &mut out);
        out
    });
}

#[test]
fn reference_parameters_of_every_shape() {
    let n = 1001;
    let cols: Vec<Vec<f64>> = (0..10).map(|s| vec_f64(n, 90 + s)).collect();
    let mut want = vec![0.0; n];
    for i in 0..n {
        let c = |k: usize| cols[k][i];
        want[i] = c(0) + 2.0 * c(1) + 3.0 * c(2) + 4.0 * c(3) + 5.0 * c(4) + 6.0 * c(5)
            - c(6)
            - 2.0 * c(7)
            - 3.0 * c(8)
            - 4.0 * c(9);
    }
    check("ten reference parameters", &want, || {
        let mut out = vec![0.0; n];
        let c = &cols;
        ten_refs(
            &c[0], &c[1], &c[2], &c[3], &c[4], &c[5], &c[6], &c[7], &c[8], &c[9], &mut out,
        );
        out
    });

    let y: Vec<f32> = (0..n).map(|i| i as f32 * 0.5).collect();
    let want: Vec<f64> = (0..n)
        .map(|i| cols[0][i] * 1.5 + f64::from(y[i]) + cols[1][i])
        .collect();
    check(
        "impl Trait, generic, rebound and scalar references",
        &want,
        || {
            let mut out = vec![0.0; n];
            odd_refs(&cols[0], &y, &cols[1], &1.5, &mut out);
            out
        },
    );

    let x = array2(77, 13, 95);
    let w = vec_f64(13, 96);
    let rows: Array1<f64> = x
        .rows()
        .into_iter()
        .map(|r| r.iter().zip(&w).map(|(a, b)| a * b).sum())
        .collect();
    let mut reference = None;
    for t in THREADS {
        let mut out = Array1::zeros(77);
        let total = parfor::with_num_threads(t, || refs_with_reduction(&x, &w, &mut out));
        assert_eq!(out, rows, "{t} threads");
        assert!((total - rows.sum()).abs() <= 1e-12 * rows.sum().abs().max(1.0));
        // Bitwise the same total for every thread count.
        assert_eq!(
            *reference.get_or_insert(total.to_bits()),
            total.to_bits(),
            "{t} threads"
        );
    }
}

// ------------------------------------------- blocks written through a clamped slice_mut

/// Blocks of `BS` elements, the last one short, each written whole through
/// `out.slice_mut(s![b..end])` with `end = (b + BS).min(n)`: the loop `det_stack_into`
/// runs in (`benches/src/workloads/dets.rs`).
const BS: usize = 16;

#[parallel]
fn clamped_blocks(x: &Array1<f64>, out: &mut Array1<f64>) {
    let n = x.len();
    for b in prange((0..n).step_by(BS)) {
        let end = (b + BS).min(n);
        let src = x.slice(s![b..end]);
        out.slice_mut(s![b..end]).assign(&(&src * 2.0 + b as f64));
    }
}

/// The same on the rows of a 2-D array, the block's end clamped inline.
#[parallel]
fn clamped_row_blocks(x: &Array2<f64>, out: &mut Array2<f64>) {
    let n = x.nrows();
    for b in prange((0..n).step_by(BS)) {
        let mut dst = out.slice_mut(s![b..(b + BS).min(n), ..]);
        dst.assign(&x.slice(s![b..(b + BS).min(n), ..]));
        dst += b as f64;
    }
}

#[test]
fn clamped_slice_mut_blocks() {
    for n in [0, 1, BS - 1, BS, BS + 1, 10 * BS + 7] {
        let x = array(n, 31);
        let mut want = Array1::zeros(n);
        for b in (0..n).step_by(BS) {
            let end = (b + BS).min(n);
            want.slice_mut(s![b..end])
                .assign(&(&x.slice(s![b..end]) * 2.0 + b as f64));
        }
        check(&format!("slice_mut(s![b..end]), n = {n}"), &want, || {
            let mut out = Array1::zeros(n);
            clamped_blocks(&x, &mut out);
            out
        });

        let x2 = array((n, 5), 32);
        let mut want2 = x2.clone();
        for b in (0..n).step_by(BS) {
            want2
                .slice_mut(s![b..(b + BS).min(n), ..])
                .map_inplace(|v| *v += b as f64);
        }
        check(
            &format!("slice_mut(s![b..min, ..]), n = {n}"),
            &want2,
            || {
                let mut out = Array2::zeros((n, 5));
                clamped_row_blocks(&x2, &mut out);
                out
            },
        );
    }
}
