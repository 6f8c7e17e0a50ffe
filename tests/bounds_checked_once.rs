//! Loops whose indices are the loop variable plus constants (`x[i + 1]`, `out[i]`) run
//! in two versions: one over a plain counting loop where a chunk's bounds were checked
//! once, one over the chunk itself. Both must give the sequential loop's results, and an
//! index past an array must still panic with the sequential loop's message.
#![allow(clippy::needless_range_loop)]

mod common;

use std::ops::Index;

use common::{THREADS, each_thread_count, vec_f64};
use parfor::prelude::*;

#[parallel]
fn three_point(x: &[f64], out: &mut [f64]) {
    for i in prange(1..x.len() - 1) {
        out[i] = (x[i - 1] + x[i] + x[i + 1]) / 3.0;
    }
}

#[parallel]
fn windowed(x: &Array1<f64>, out: &mut Vec<f64>) {
    for i in prange(out.len()) {
        for k in 0..3 {
            out[i] += x[i + k] * (k + 1) as f64;
        }
    }
}

/// An indexable type of the user's, without `len()`: its reads keep their checks.
struct Ramp(usize);

impl Index<usize> for Ramp {
    type Output = f64;
    fn index(&self, i: usize) -> &f64 {
        assert!(i < self.0, "ramp index {i} past {}", self.0);
        &1.5
    }
}

#[parallel]
fn from_ramp(r: &Ramp, out: &mut [f64]) {
    for i in prange(out.len()) {
        out[i] = r[i] * i as f64;
    }
}

#[test]
fn offsets_windows_and_user_types_match_the_sequential_loop() {
    for n in [3, 4, 1000, 100_003] {
        let x = vec_f64(n, 3);
        let mut want = vec![0.0; n];
        for i in 1..n - 1 {
            want[i] = (x[i - 1] + x[i] + x[i + 1]) / 3.0;
        }
        for got in each_thread_count(|_| {
            let mut out = vec![0.0; n];
            three_point(&x, &mut out);
            out
        }) {
            assert_eq!(got, want, "n={n}");
        }
        let xa = Array1::from(x.clone());
        let m = n - 2;
        let mut want = vec![1.0; m];
        for i in 0..m {
            for k in 0..3 {
                want[i] += x[i + k] * (k + 1) as f64;
            }
        }
        for got in each_thread_count(|_| {
            let mut out = vec![1.0; m];
            windowed(&xa, &mut out);
            out
        }) {
            assert_eq!(got, want, "n={n}");
        }
        let want: Vec<f64> = (0..n).map(|i| 1.5 * i as f64).collect();
        for got in each_thread_count(|_| {
            let mut out = vec![0.0; n];
            from_ramp(&Ramp(n), &mut out);
            out
        }) {
            assert_eq!(got, want);
        }
    }
}

#[parallel]
fn shifted(x: &[f64], out: &mut [f64]) {
    for i in prange(out.len()) {
        out[i] = x[i + 1];
    }
}

#[test]
fn a_read_past_the_end_panics_as_in_the_sequential_loop() {
    let x = vec![1.0; 50_000];
    let mut seq = vec![0.0; 50_000];
    let want = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        for i in 0..seq.len() {
            seq[i] = x[i + 1];
        }
    }))
    .expect_err("x[50000] is past the end");
    let want = want.downcast_ref::<String>().cloned().unwrap();
    for t in THREADS {
        let mut out = vec![0.0; 50_000];
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            parfor::with_num_threads(t, || shifted(&x, &mut out))
        }));
        let msg = r.expect_err("x[50000] is past the end");
        let msg = msg.downcast_ref::<String>().cloned().unwrap();
        assert_eq!(msg, want, "{t} threads");
    }
}
