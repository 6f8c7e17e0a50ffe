//! `blas_x_workers`: many independent BLAS products, each of fresh matrices, over the
//! grid of loop worker threads x BLAS threads (seed 000, lesson 6: a ThreadPoolExecutor
//! whose tasks call a multithreaded `dot`), and parfor's default configuration, which
//! makes BLAS single-threaded inside the loop.

use parfor::blas;
use parfor::prelude::*;
use rayon::prelude::*;

use super::{Case, Workload};
use crate::record::{Record, Role};
use crate::{Config, data, on_rayon_threads};

/// The registry entry.
pub const WORKLOAD: Workload = Workload {
    name: "blas_x_workers",
    cases,
    exact: false,
};

/// Task `t`: the sum of `A @ B` for fresh `n` x `n` matrices of seeds `1000 + 2t` and
/// `1001 + 2t`.
pub fn task(n: usize, t: usize) -> f64 {
    let seed = 1000 + 2 * t as u64;
    let a = data::matrix(n, n, seed);
    let b = data::matrix(n, n, seed + 1);
    matmul(&a, &b).sum()
}

/// The seed's thread pool with `#[parallel]`: one task per iteration.
#[parallel]
pub fn tasks_par(n: usize, sums: &mut [f64]) {
    for t in prange(sums.len()) {
        sums[t] = task(n, t);
    }
}

/// The plain sequential loop.
// `allow`: the seed's own loop, indexed exactly like the `#[parallel]` one.
#[allow(clippy::needless_range_loop)]
pub fn tasks_seq(n: usize, sums: &mut [f64]) {
    for t in 0..sums.len() {
        sums[t] = task(n, t);
    }
}

/// Hand-written rayon.
pub fn tasks_rayon(n: usize, sums: &mut [f64]) {
    sums.par_iter_mut()
        .enumerate()
        .for_each(|(t, s)| *s = task(n, t));
}

/// The checksum: the sum over tasks.
pub fn checksum(sums: &[f64]) -> f64 {
    sums.iter().sum()
}

/// Sets the grid's configuration: no automatic single-threading, `b` BLAS threads.
fn grid(b: usize) {
    blas::set_single_threaded_in_loops(false);
    blas::set_num_threads(b);
}

/// Sets parfor's default configuration: BLAS single-threaded inside loops, `b` BLAS
/// threads outside them.
fn default_config(b: usize) {
    blas::set_single_threaded_in_loops(true);
    blas::set_num_threads(b);
}

/// The cases `w1 b1` .. `w2 b2` and `default`; restores the BLAS configuration after.
pub fn cases(config: &Config) -> Vec<Record> {
    let nt = config.threads;
    let (tasks, n) = if config.quick { (8, 500) } else { (40, 1_000) };
    let config = if config.quick {
        config.clone()
    } else {
        config.at_most_rounds(3)
    };
    let before = (blas::get_num_threads(), blas::single_threaded_in_loops());
    let mut records = Vec::new();
    let new = |name: String| {
        Case::new(
            &WORKLOAD,
            name,
            vec![0.0; tasks],
            |o| checksum(o),
            |o| o.fill(f64::NAN),
        )
        .after_blas_threads()
    };
    for w in [1, 2] {
        for b in [1, 2] {
            let mut case = new(format!("w{w} b{b}"));
            if w == 1 {
                case = case.variant(Role::Sequential, "sequential", 1, move |o| {
                    grid(b);
                    tasks_seq(n, o);
                });
            }
            let case = case
                .variant(Role::Parallel, "#[parallel]", w, move |o| {
                    grid(b);
                    parfor::with_num_threads(w, || tasks_par(n, o));
                })
                .variant(Role::Rayon, "rayon par_iter_mut", w, move |o| {
                    grid(b);
                    on_rayon_threads(w, || tasks_rayon(n, o));
                });
            records.extend(case.run(&config));
        }
    }
    let case = new("default".into())
        .variant(
            Role::Sequential,
            format!("sequential, BLAS {nt} threads"),
            1,
            move |o| {
                default_config(nt);
                tasks_seq(n, o);
            },
        )
        .variant(Role::Parallel, "#[parallel]", nt, move |o| {
            default_config(nt);
            parfor::with_num_threads(nt, || tasks_par(n, o));
        })
        // The grid's fastest cell (w2 b1) again, interleaved with the default: cells
        // timed in cases of their own, minutes apart, differ by more than the
        // configurations do on this machine.
        .variant(
            Role::Parallel,
            "#[parallel], BLAS 1 by hand",
            nt,
            move |o| {
                grid(1);
                parfor::with_num_threads(nt, || tasks_par(n, o));
            },
        )
        .variant(
            Role::Rayon,
            "rayon par_iter_mut, BLAS 1 by hand",
            nt,
            move |o| {
                grid(1);
                on_rayon_threads(nt, || tasks_rayon(n, o));
            },
        );
    records.extend(case.run(&config));
    blas::set_num_threads(before.0);
    blas::set_single_threaded_in_loops(before.1);
    records
}
