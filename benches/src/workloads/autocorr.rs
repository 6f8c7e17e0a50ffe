//! `autocorr`: `correlate2d(a, a)` (full) of many 100x100 integer matrices (seed 001,
//! 7.1.1: a Pool over the list of matrices), and the time-against-count curve.

use parfor::prelude::*;
use parfor::signal::Mode;
use rayon::prelude::*;

use super::{Case, Workload};
use crate::record::{Record, Role};
use crate::{Config, data, on_rayon_threads};

/// The registry entry: integer checksums, compared exactly.
pub const WORKLOAD: Workload = Workload {
    name: "autocorr",
    cases,
    exact: true,
};

/// The seed's loop with `#[parallel]`: one full autocorrelation per matrix.
#[parallel]
pub fn autocorr_par(mats: &[Array2<i64>], out: &mut [Array2<i64>]) {
    for i in prange(mats.len()) {
        out[i] = correlate2d(&mats[i], &mats[i], Mode::Full);
    }
}

/// The plain sequential loop.
// `allow`: the seed's own loop, indexed exactly like the `#[parallel]` one.
#[allow(clippy::needless_range_loop)]
pub fn autocorr_seq(mats: &[Array2<i64>], out: &mut [Array2<i64>]) {
    for i in 0..mats.len() {
        out[i] = correlate2d(&mats[i], &mats[i], Mode::Full);
    }
}

/// Hand-written rayon: zip the outputs with the inputs.
pub fn autocorr_rayon(mats: &[Array2<i64>], out: &mut [Array2<i64>]) {
    out.par_iter_mut()
        .zip(mats.par_iter())
        .for_each(|(o, a)| *o = correlate2d(a, a, Mode::Full));
}

/// The checksum: the sum of every autocorrelation (an integer, exact in f64 here).
pub fn checksum(out: &Vec<Array2<i64>>) -> f64 {
    out.iter().map(|c| c.sum()).sum::<i64>() as f64
}

/// Matrix `k` of the list: 100x100 integers in [-5, 5) of seed `100 + k`.
pub fn matrices(count: usize) -> Vec<Array2<i64>> {
    (0..count)
        .map(|k| {
            let v = data::uniform_ints(100 * 100, 100 + k as u64, -5, 5);
            Array2::from_shape_vec((100, 100), v).expect("100 * 100 values")
        })
        .collect()
}

/// The counts timed: the case x30 and the plotted curve.
pub fn counts(quick: bool) -> Vec<usize> {
    if quick {
        vec![10, 30, 50]
    } else {
        vec![10, 30, 50, 100, 200, 300, 400, 500]
    }
}

/// One case: `count` matrices.
pub fn case(config: &Config, count: usize) -> Vec<Record> {
    let nt = config.threads;
    let mats = matrices(count);
    let mats = &mats[..];
    // Long runs: fewer rounds (a run at 500 matrices takes seconds sequentially), so
    // that the whole curve stays within a few minutes.
    let config = match count {
        0..=50 => config.clone(),
        51..=100 => config.at_most_rounds(3),
        _ => config.at_most_rounds(1),
    };
    Case::new(
        &WORKLOAD,
        format!("100x100 x{count}"),
        vec![Array2::zeros((0, 0)); count],
        checksum,
        |o| o.iter_mut().for_each(|c| *c = Array2::zeros((0, 0))),
    )
    // Each variant allocates its results: it must only free its own (see
    // `output_per_variant`).
    .output_per_variant()
    .variant(Role::Sequential, "sequential", 1, |o| autocorr_seq(mats, o))
    .variant(Role::Parallel, "#[parallel]", nt, move |o| {
        parfor::with_num_threads(nt, || autocorr_par(mats, o))
    })
    .variant(Role::Rayon, "rayon par_iter_mut", nt, move |o| {
        on_rayon_threads(nt, || autocorr_rayon(mats, o))
    })
    .run(&config)
}

/// All cases.
pub fn cases(config: &Config) -> Vec<Record> {
    counts(config.quick)
        .into_iter()
        .flat_map(|count| case(config, count))
        .collect()
}
