//! Panics in `#[parallel]` loops. An access outside a chunk's window panics with a
//! message naming the array and the index: provoked through compiling loops whose
//! indices the analysis takes for loop-invariant but which change at run time (a
//! stride that is zero, an offset read from an atomic), and through the runtime's
//! window types directly. A panic in any iteration reaches the caller, and the pool
//! keeps working afterwards.
// Generated reduction code trips this lint in user crates (reported as a macro bug).
#![allow(clippy::needless_range_loop)]

mod common;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicUsize, Ordering};

use common::{THREADS, spin, vec_f64};
use parfor::__private::Splittable;
use parfor::prelude::*;
use parfor::window::SliceWindow;

/// The panic message of `f`, which must panic.
fn panic_message(f: impl FnOnce()) -> String {
    let err = catch_unwind(AssertUnwindSafe(f)).expect_err("expected a panic");
    if let Some(s) = err.downcast_ref::<String>() {
        s.clone()
    } else if let Some(s) = err.downcast_ref::<&str>() {
        (*s).to_string()
    } else {
        "<non-string panic payload>".to_string()
    }
}

/// Checks `msg` is parfor's out-of-window message for `name` (and `index`, if given).
fn assert_window_message(msg: &str, name: &str, index: Option<usize>) {
    let head = match index {
        Some(i) => format!("parfor: index {i} of `{name}`"),
        None => format!(" of `{name}`"),
    };
    assert!(
        msg.starts_with("parfor: index ")
            && msg.contains(&head)
            && msg.contains("outside this chunk's window"),
        "unexpected panic message: {msg}"
    );
}

// ---------------------------------------------------------------- through the macro

/// `out[(k + 1) * i]`: the analysis takes the captured `k` for a non-negative
/// loop-invariant value (indices and sizes are), so the stride is at least one and the
/// writes look disjoint. With `k == -1` at run time every iteration writes `out[0]`;
/// the windows, cut where the loop's own values say, catch it.
#[parallel(chunk = 1)]
fn zero_stride(out: &mut [f64], k: i64, n: usize) {
    for i in prange(n) {
        spin(30);
        out[((k + 1) * i as i64) as usize] = i as f64;
    }
}

#[test]
fn a_stride_that_is_zero_at_run_time_panics_in_parallel() {
    let mut out = vec![0.0; 64];
    // Correct when the stride is what the analysis assumed.
    for t in THREADS {
        out.iter_mut().for_each(|v| *v = 0.0);
        parfor::with_num_threads(t, || zero_stride(&mut out, 1, 32));
        for i in 0..32 {
            assert_eq!(out[2 * i], i as f64);
        }
    }
    // Inline (one thread) the whole array is one window: the sequential answer.
    parfor::with_num_threads(1, || zero_stride(&mut out, -1, 32));
    assert_eq!(out[0], 31.0);
    // In parallel, iterations of later chunks find index 0 outside their window.
    for t in [2, 3, 8] {
        let msg = panic_message(|| parfor::with_num_threads(t, || zero_stride(&mut out, -1, 32)));
        assert_window_message(&msg, "out", Some(0));
    }
}

/// `out[i + off.load(..)]`: the offset is a method call on a captured variable, which
/// the analysis treats as loop-invariant; the body changes it.
#[parallel(chunk = 1)]
fn moving_offset(out: &mut Vec<u32>, off: &AtomicUsize, n: usize) {
    for i in prange(n) {
        spin(30);
        out[i + off.load(Ordering::SeqCst)] = 1;
        off.store(1, Ordering::SeqCst);
    }
}

#[test]
fn an_offset_that_changes_during_the_loop_panics() {
    for t in [2, 3, 8] {
        let mut out = vec![0u32; 40];
        let off = AtomicUsize::new(0);
        let msg = panic_message(|| {
            parfor::with_num_threads(t, || moving_offset(&mut out, &off, 32));
        });
        // Which iteration trips first depends on scheduling; the array is `out`.
        assert_window_message(&msg, "out", None);
    }
}

/// The same in a 2-D array split along axis 1.
#[parallel(chunk = 1)]
fn moving_offset_2d(out: &mut Array2<f64>, off: &AtomicUsize) {
    for j in prange(out.ncols() - 1) {
        spin(30);
        for r in 0..out.nrows() {
            out[[r, j + off.load(Ordering::SeqCst)]] = 1.0;
        }
        off.store(1, Ordering::SeqCst);
    }
}

#[test]
fn an_out_of_window_access_in_2d_names_the_axis() {
    let mut out = Array2::zeros((3, 33));
    let off = AtomicUsize::new(0);
    let msg = panic_message(|| parfor::with_num_threads(4, || moving_offset_2d(&mut out, &off)));
    assert_window_message(&msg, "out", None);
    assert!(msg.contains("(axis 1)"), "{msg}");
}

// ---------------------------------------------------------------- the window types

#[test]
fn slice_window_checks_absolute_indices() {
    let mut data: Vec<i32> = (0..10).collect();
    let w = SliceWindow::new(&mut data, "v");
    assert_eq!(w.window(), 0..10);
    let (mut lo, mut hi) = w.split_at(4);
    assert_eq!((lo.window(), hi.window()), (0..4, 4..10));
    assert_eq!((lo.len(), hi.len()), (10, 10), "len is the whole array's");
    hi[7] = 70;
    lo[3] = 30;
    assert_eq!((&hi[5..7], hi[7]), (&[5, 6][..], 70));
    let msg = panic_message(|| {
        let _ = hi[2];
    });
    assert_window_message(&msg, "v", Some(2));
    let msg = panic_message(|| lo[4] = 0);
    assert_window_message(&msg, "v", Some(4));
    let msg = panic_message(|| {
        let _ = &hi[3..6];
    });
    assert_window_message(&msg, "v", Some(3));
    // An index past the whole array is out of bounds, as on the array itself.
    let msg = panic_message(|| {
        let _ = hi[10];
    });
    assert_eq!(msg, "parfor: index 10 out of bounds for `v` of length 10");
    let msg = panic_message(|| {
        let _ = &hi[8..=10];
    });
    assert_eq!(msg, "parfor: index 10 out of bounds for `v` of length 10");
    assert_eq!(
        (&hi[8..=9], &hi[8..], &lo[..=1]),
        (&[8, 9][..], &[8, 9][..], &[0, 1][..])
    );
    assert_eq!(data[3], 30);
    assert_eq!(data[7], 70);
}

/// `column_mut`, `index_axis_mut` and `slice_mut` of a window check the split axis
/// too (driven through loops whose column index moves, as above).
#[parallel(chunk = 1)]
fn moving_column_mut(out: &mut Array2<f64>, off: &AtomicUsize) {
    for j in prange(out.ncols() - 1) {
        spin(30);
        out.column_mut(j + off.load(Ordering::SeqCst)).fill(1.0);
        off.store(1, Ordering::SeqCst);
    }
}

#[parallel(chunk = 1)]
fn moving_index_axis_mut(out: &mut Array2<f64>, off: &AtomicUsize) {
    for j in prange(out.ncols() - 1) {
        spin(30);
        out.index_axis_mut(Axis(1), j + off.load(Ordering::SeqCst))
            .fill(1.0);
        off.store(1, Ordering::SeqCst);
    }
}

#[parallel(chunk = 1)]
fn moving_slice_mut(out: &mut Array2<f64>, off: &AtomicUsize) {
    for j in prange(out.ncols() - 1) {
        spin(30);
        out.slice_mut(s![.., j + off.load(Ordering::SeqCst)])
            .fill(1.0);
        off.store(1, Ordering::SeqCst);
    }
}

#[test]
fn subview_accessors_check_the_window_too() {
    type Kernel = fn(&mut Array2<f64>, &AtomicUsize);
    let kernels: [(&str, Kernel); 3] = [
        ("column_mut", moving_column_mut),
        ("index_axis_mut", moving_index_axis_mut),
        ("slice_mut", moving_slice_mut),
    ];
    for (what, kernel) in kernels {
        // Inline (one thread) the whole array is one window: iteration 0 writes column
        // 0, then the offset moves and iteration j writes column j + 1.
        let mut out = Array2::zeros((3, 33));
        let off = AtomicUsize::new(0);
        parfor::with_num_threads(1, || kernel(&mut out, &off));
        let touched: Vec<bool> = out.columns().into_iter().map(|c| c.sum() == 3.0).collect();
        let want: Vec<bool> = (0..33).map(|j| j != 1).collect();
        assert_eq!(touched, want, "{what}");
        for t in [2, 3, 8] {
            let mut out = Array2::zeros((3, 33));
            let off = AtomicUsize::new(0);
            let msg = panic_message(|| parfor::with_num_threads(t, || kernel(&mut out, &off)));
            assert_window_message(&msg, "out", None);
            assert!(msg.contains("(axis 1)"), "{what}: {msg}");
        }
    }
}

// ---------------------------------------------------------------- panics reach the caller

#[parallel]
fn panics_at(x: &[f64], out: &mut [f64], bad: usize) {
    for i in prange(x.len()) {
        if i == bad {
            panic!("iteration {i} failed");
        }
        out[i] = x[i] * 2.0;
    }
}

#[parallel(chunk = 1)]
fn slow_panics_at(out: &mut [usize], bad: usize) {
    for i in prange(out.len()) {
        spin(30);
        if i == bad {
            panic!("slow iteration {i} failed");
        }
        out[i] = i;
    }
}

#[parallel]
fn sum_after(x: &[f64]) -> f64 {
    let mut s = 0.0;
    for i in prange(x.len()) {
        s += x[i];
    }
    s
}

#[test]
fn a_panic_in_one_iteration_reaches_the_caller_and_the_pool_survives() {
    let n = 200_000;
    let x = vec_f64(n, 1);
    let want: Vec<f64> = x.iter().map(|v| v * 2.0).collect();
    let reference_sum = parfor::with_num_threads(1, || sum_after(&x));
    for t in THREADS {
        for bad in [0, n / 3, n - 1] {
            let mut out = vec![0.0; n];
            let msg = panic_message(|| {
                parfor::with_num_threads(t, || panics_at(&x, &mut out, bad));
            });
            assert!(
                msg.contains(&format!("iteration {bad} failed")),
                "{t} threads: {msg}"
            );
        }
        let mut slow = vec![0; 48];
        let msg = panic_message(|| {
            parfor::with_num_threads(t, || slow_panics_at(&mut slow, 40));
        });
        assert!(
            msg.contains("slow iteration 40 failed"),
            "{t} threads: {msg}"
        );
        // The same loops, and others, still run on the same pools afterwards.
        let mut out = vec![0.0; n];
        parfor::with_num_threads(t, || panics_at(&x, &mut out, usize::MAX));
        assert_eq!(out, want, "{t} threads, after a panic");
        let mut slow = vec![0; 48];
        parfor::with_num_threads(t, || slow_panics_at(&mut slow, usize::MAX));
        assert_eq!(slow, (0..48).collect::<Vec<_>>());
        let s = parfor::with_num_threads(t, || sum_after(&x));
        assert_eq!(s.to_bits(), reference_sum.to_bits());
    }
}

#[test]
fn a_panic_inside_a_reduction_reaches_the_caller() {
    #[parallel(chunk = 1)]
    fn bad_sum(x: &[f64], bad: usize) -> f64 {
        let mut s = 0.0;
        for i in prange(x.len()) {
            spin(20);
            if i == bad {
                panic!("reduction iteration {i} failed");
            }
            s += x[i];
        }
        s
    }
    let x = vec_f64(64, 2);
    for t in THREADS {
        let msg = panic_message(|| {
            parfor::with_num_threads(t, || bad_sum(&x, 63));
        });
        assert!(msg.contains("reduction iteration 63 failed"), "{msg}");
        let s = parfor::with_num_threads(t, || bad_sum(&x, usize::MAX));
        assert_eq!(
            s.to_bits(),
            parfor::with_num_threads(1, || bad_sum(&x, usize::MAX)).to_bits()
        );
    }
}
