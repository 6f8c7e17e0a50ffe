//! `fft2`: the 2-D FFT of a batch of random matrices (seed 001, 7.1.2, where a Pool was
//! 270x slower than the sequential loop).

use num_complex::Complex64;
use parfor::prelude::*;
use rayon::prelude::*;

use super::{Case, Workload};
use crate::record::{Record, Role};
use crate::{Config, data, on_rayon_threads};

/// The registry entry.
pub const WORKLOAD: Workload = Workload {
    name: "fft2",
    cases,
    exact: false,
};

/// The seed's loop with `#[parallel]`: one transform per matrix, kept in a list.
#[parallel]
pub fn fft2_par(mats: &[Array2<f64>], out: &mut [Array2<Complex64>]) {
    for i in prange(mats.len()) {
        out[i] = fft2(&mats[i]);
    }
}

/// The plain sequential loop.
// `allow`: the seed's own loop, indexed exactly like the `#[parallel]` one.
#[allow(clippy::needless_range_loop)]
pub fn fft2_seq(mats: &[Array2<f64>], out: &mut [Array2<Complex64>]) {
    for i in 0..mats.len() {
        out[i] = fft2(&mats[i]);
    }
}

/// Hand-written rayon: zip the outputs with the inputs.
pub fn fft2_rayon(mats: &[Array2<f64>], out: &mut [Array2<Complex64>]) {
    out.par_iter_mut()
        .zip(mats.par_iter())
        .for_each(|(o, a)| *o = fft2(a));
}

/// The checksum: the sum over matrices of `sum(|fft2(a)|)`.
pub fn checksum(out: &Vec<Array2<Complex64>>) -> f64 {
    out.iter()
        .map(|f| f.iter().map(|c| c.norm()).sum::<f64>())
        .sum()
}

/// Matrix `k` of the batch: `m` x `m` uniform of seed `200 + k`.
pub fn matrices(m: usize, count: usize) -> Vec<Array2<f64>> {
    (0..count)
        .map(|k| data::matrix(m, m, 200 + k as u64))
        .collect()
}

/// One case: `count` matrices of `m` x `m`.
pub fn case(config: &Config, m: usize, count: usize) -> Vec<Record> {
    let nt = config.threads;
    let mats = matrices(m, count);
    let mats = &mats[..];
    let config = if m > 100 && !config.quick {
        config.at_most_rounds(5)
    } else {
        config.clone()
    };
    Case::new(
        &WORKLOAD,
        format!("{m}x{m} x{count}"),
        vec![Array2::zeros((0, 0)); count],
        checksum,
        |o| o.iter_mut().for_each(|c| *c = Array2::zeros((0, 0))),
    )
    // Every run allocates 500 or 200 fresh results and frees the previous run's: with
    // a shared output, a variant's time would depend on which variant allocated what it
    // frees (see `output_per_variant`).
    .output_per_variant()
    .variant(Role::Sequential, "sequential", 1, |o| fft2_seq(mats, o))
    .variant(Role::Parallel, "#[parallel]", nt, move |o| {
        parfor::with_num_threads(nt, || fft2_par(mats, o))
    })
    .variant(Role::Rayon, "rayon par_iter_mut", nt, move |o| {
        on_rayon_threads(nt, || fft2_rayon(mats, o))
    })
    .run(&config)
}

/// Both cases.
pub fn cases(config: &Config) -> Vec<Record> {
    let mut records = case(config, 100, config.size(500, 50));
    records.extend(case(config, 512, config.size(200, 10)));
    records
}
