//! A tour of parfor: three loops from the seed documents, each written once as
//! ordinary loop code, run sequentially and with `#[parallel]`, checked against each
//! other and timed.
//!
//! ```text
//! cargo run --release --example tour            # full sizes
//! cargo run --release --example tour -- --quick # small sizes, a few seconds
//! ```
//!
//! The sequential variants are the *same source* without the attribute: `prange` is
//! then an ordinary range. That is how parfor code is debugged and compared.

use std::hint::black_box;
use std::time::{Duration, Instant};

use parfor::prelude::*;

/// Seed `002`: copy `x` into `tmp` window by window (`block` x `block` windows).
/// With `#[parallel]`, each chunk of window rows owns its band of `tmp`.
#[parallel]
fn fill_per_window(x: &Array2<f64>, tmp: &mut Array2<f64>, block: usize) {
    let size = x.nrows();
    for wx in prange((0..size).step_by(block)) {
        for wy in (0..x.ncols()).step_by(block) {
            for ix in wx..wx + block {
                for iy in wy..wy + block {
                    tmp[[ix, iy]] = x[[ix, iy]];
                }
            }
        }
    }
}

fn fill_per_window_seq(x: &Array2<f64>, tmp: &mut Array2<f64>, block: usize) {
    let size = x.nrows();
    for wx in prange((0..size).step_by(block)) {
        for wy in (0..x.ncols()).step_by(block) {
            for ix in wx..wx + block {
                for iy in wy..wy + block {
                    tmp[[ix, iy]] = x[[ix, iy]];
                }
            }
        }
    }
}

/// Seed `001` 5.4.1: a parallel sum, as a reduction. Bitwise reproducible for any
/// thread count.
#[parallel]
fn sum(x: &[f64]) -> f64 {
    let mut s = 0.0;
    for i in prange(x.len()) {
        s += x[i];
    }
    s
}

fn sum_seq(x: &[f64]) -> f64 {
    let mut s = 0.0;
    for i in prange(x.len()) {
        s += x[i];
    }
    s
}

/// A row-wise computation: the softmax of every row, each row written by one
/// iteration through `row_mut`.
#[parallel]
fn softmax_rows(a: &Array2<f64>, out: &mut Array2<f64>) {
    for i in prange(a.nrows()) {
        let row = a.row(i);
        let m = row.fold(f64::NEG_INFINITY, |m, &v| m.max(v));
        let mut z = 0.0;
        for &v in row {
            z += (v - m).exp();
        }
        let mut o = out.row_mut(i);
        for (o, &v) in o.iter_mut().zip(row) {
            *o = (v - m).exp() / z;
        }
    }
}

fn softmax_rows_seq(a: &Array2<f64>, out: &mut Array2<f64>) {
    for i in prange(a.nrows()) {
        let row = a.row(i);
        let m = row.fold(f64::NEG_INFINITY, |m, &v| m.max(v));
        let mut z = 0.0;
        for &v in row {
            z += (v - m).exp();
        }
        let mut o = out.row_mut(i);
        for (o, &v) in o.iter_mut().zip(row) {
            *o = (v - m).exp() / z;
        }
    }
}

/// Deterministic pseudo-random numbers in [0, 1) (xorshift64*), so runs are comparable.
fn random(n: usize, seed: u64) -> Vec<f64> {
    let mut s = seed | 1;
    (0..n)
        .map(|_| {
            s ^= s >> 12;
            s ^= s << 25;
            s ^= s >> 27;
            (s.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
        })
        .collect()
}

/// Median wall time of `rounds` runs of `f`.
fn median(rounds: usize, mut f: impl FnMut()) -> Duration {
    let mut t: Vec<Duration> = (0..rounds)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    t.sort();
    t[t.len() / 2]
}

fn row(name: &str, seq: Duration, par: Duration, check: &str) {
    println!(
        "{name:<34} {:>10.2} ms {:>10.2} ms {:>8.2}x  {check}",
        seq.as_secs_f64() * 1e3,
        par.as_secs_f64() * 1e3,
        seq.as_secs_f64() / par.as_secs_f64()
    );
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let (n_fill, n_sum, n_rows, rounds) = if quick {
        (1000, 5_000_000, 1000, 3)
    } else {
        (4000, 100_000_000, 4000, 7)
    };
    println!(
        "parfor tour: {} threads{}",
        parfor::get_num_threads(),
        if quick { " (quick sizes)" } else { "" }
    );
    println!(
        "{:<34} {:>13} {:>13} {:>9}  check",
        "workload", "sequential", "#[parallel]", "speed-up"
    );

    // Window-by-window fill, seed 002: 4x4 windows.
    let x = Array2::from_shape_vec((n_fill, n_fill), random(n_fill * n_fill, 1)).expect("shape");
    let mut tmp_seq = Array2::zeros((n_fill, n_fill));
    let mut tmp_par = Array2::zeros((n_fill, n_fill));
    let seq = median(rounds, || fill_per_window_seq(&x, &mut tmp_seq, 4));
    let par = median(rounds, || fill_per_window(&x, &mut tmp_par, 4));
    assert!(tmp_seq == x && tmp_par == x, "window fill differs from x");
    row(
        &format!("fill {n_fill}x{n_fill}, 4x4 windows"),
        seq,
        par,
        "tmp == x",
    );

    // Parallel sum, seed 001 5.4.1.
    let v = random(n_sum, 2);
    let mut s_seq = 0.0;
    let mut s_par = 0.0;
    let seq = median(rounds, || s_seq = sum_seq(black_box(&v)));
    let par = median(rounds, || s_par = sum(black_box(&v)));
    let same_bits = [1, 2, 3, 8]
        .iter()
        .all(|&t| parfor::with_num_threads(t, || sum(&v)).to_bits() == s_par.to_bits());
    assert!(
        (s_seq - s_par).abs() <= 1e-9 * s_seq.abs(),
        "sums differ: {s_seq} vs {s_par}"
    );
    assert!(
        same_bits,
        "sum is not bitwise reproducible across thread counts"
    );
    row(
        &format!("sum of {n_sum} f64"),
        seq,
        par,
        &format!(
            "rel. diff {:.1e}, same bits on 1/2/3/8 threads",
            (s_seq - s_par).abs() / s_seq.abs()
        ),
    );

    // Row-wise softmax.
    let a = Array2::from_shape_vec((n_rows, 1000), random(n_rows * 1000, 3)).expect("shape");
    let mut o_seq = Array2::zeros(a.raw_dim());
    let mut o_par = Array2::zeros(a.raw_dim());
    let seq = median(rounds, || softmax_rows_seq(&a, &mut o_seq));
    let par = median(rounds, || softmax_rows(&a, &mut o_par));
    assert!(o_seq == o_par, "softmax rows differ");
    row(
        &format!("softmax of {n_rows} rows x 1000"),
        seq,
        par,
        "identical",
    );
}
