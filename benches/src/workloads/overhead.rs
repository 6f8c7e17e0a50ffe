//! `overhead`: the cost of entering a parallel loop, body `a[i] = b[i] * 2.0`.

use parfor::prelude::*;
use rayon::prelude::*;

use super::{Case, Workload};
use crate::record::{Record, Role};
use crate::{Config, c, data, on_rayon_threads};

/// The registry entry.
pub const WORKLOAD: Workload = Workload {
    name: "overhead",
    cases,
    exact: false,
};

/// The loop with `#[parallel]`.
#[parallel]
pub fn twice_par(a: &mut [f64], b: &[f64]) {
    for i in prange(a.len()) {
        a[i] = b[i] * 2.0;
    }
}

/// The plain sequential loop.
// `allow`: the seed's own loop, indexed exactly like the `#[parallel]` one.
#[allow(clippy::needless_range_loop)]
pub fn twice_seq(a: &mut [f64], b: &[f64]) {
    for i in 0..a.len() {
        a[i] = b[i] * 2.0;
    }
}

/// Hand-written rayon.
pub fn twice_rayon(a: &mut [f64], b: &[f64]) {
    a.par_iter_mut()
        .zip(b.par_iter())
        .for_each(|(a, &b)| *a = b * 2.0);
}

/// The checksum: the sum of `a`.
pub fn checksum(a: &[f64]) -> f64 {
    a.iter().sum()
}

/// One case: `n` elements, `b` of seed 7.
pub fn case(config: &Config, n: usize) -> Vec<Record> {
    let nt = config.threads;
    let b = data::uniform(n, 7);
    let b = &b[..];
    Case::new(
        &WORKLOAD,
        format!("n={n}"),
        data::zeros(n),
        |a| checksum(a),
        |a| a.fill(f64::NAN),
    )
    .variant(Role::Sequential, "sequential", 1, |a| twice_seq(a, b))
    .variant(Role::Parallel, "#[parallel]", nt, move |a| {
        parfor::with_num_threads(nt, || twice_par(a, b))
    })
    .variant(Role::Rayon, "rayon par_iter_mut", nt, move |a| {
        on_rayon_threads(nt, || twice_rayon(a, b))
    })
    .variant(Role::CSequential, "C sequential", 1, |a| c::twice_seq(a, b))
    .variant(Role::OpenMp, "C/OpenMP", nt, move |a| {
        c::twice_omp(a, b, nt)
    })
    .run(config)
}

/// The three cases, n = 100, 10^4, 10^6.
pub fn cases(config: &Config) -> Vec<Record> {
    [100, 10_000, 1_000_000]
        .into_iter()
        .flat_map(|n| case(config, n))
        .collect()
}
