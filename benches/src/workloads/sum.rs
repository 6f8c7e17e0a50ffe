//! `sum`: the sum of many f64 as a prange reduction (seed 001, 5.4.1: a Pool summing
//! the parts of a list).

use parfor::prelude::*;
use rayon::prelude::*;

use super::{Case, Workload};
use crate::record::{Record, Role};
use crate::{Config, c, data, on_rayon_threads};

/// The registry entry.
pub const WORKLOAD: Workload = Workload {
    name: "sum",
    cases,
    exact: false,
};

/// The seed's sum with `#[parallel]`: a reduction, bitwise the same at any thread count.
#[parallel]
pub fn sum_par(x: &[f64]) -> f64 {
    let mut s = 0.0;
    for i in prange(x.len()) {
        s += x[i];
    }
    s
}

/// The plain sequential loop.
pub fn sum_seq(x: &[f64]) -> f64 {
    let mut s = 0.0;
    for &v in x {
        s += v;
    }
    s
}

/// Hand-written rayon.
pub fn sum_rayon(x: &[f64]) -> f64 {
    x.par_iter().sum()
}

/// The case: `n` numbers of seed 6.
pub fn cases(config: &Config) -> Vec<Record> {
    let nt = config.threads;
    let n = config.size(100_000_000, 10_000_000);
    let x = data::uniform(n, 6);
    let x = &x[..];
    let case = if n == 100_000_000 {
        "1e8".to_owned()
    } else {
        format!("1e{}", n.ilog10())
    };
    Case::new(&WORKLOAD, case, 0.0, |s: &f64| *s, |s| *s = f64::NAN)
        .variant(Role::Sequential, "sequential", 1, |s| *s = sum_seq(x))
        .variant(Role::Parallel, "#[parallel]", nt, move |s| {
            *s = parfor::with_num_threads(nt, || sum_par(x))
        })
        .variant(Role::Rayon, "rayon par_iter().sum()", nt, move |s| {
            *s = on_rayon_threads(nt, || sum_rayon(x))
        })
        .variant(Role::CSequential, "C sequential", 1, |s| *s = c::sum_seq(x))
        .variant(Role::OpenMp, "C/OpenMP", nt, move |s| {
            *s = c::sum_omp(x, nt)
        })
        .run(config)
}
