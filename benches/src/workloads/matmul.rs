//! `matmul`: one large f64 product at 1 and 2 BLAS threads (seed 000, lessons 2-3).

use parfor::prelude::*;

use super::{Case, Workload};
use crate::record::{Record, Role, checksums_agree};
use crate::{Config, data};

/// The registry entry.
pub const WORKLOAD: Workload = Workload {
    name: "matmul",
    cases,
    exact: false,
};

/// The checksum: the sum of the product.
pub fn checksum(c: &Array2<f64>) -> f64 {
    c.sum()
}

/// The cases: `parfor::matmul` of two `n` x `n` matrices (seeds 4 and 5) at BLAS
/// threads 1 and 2; the BLAS thread count is restored after.
///
/// # Panics
///
/// If the two thread counts give different checksums.
pub fn cases(config: &Config) -> Vec<Record> {
    let n = config.size(4_000, 1_000);
    let (a, b) = (data::matrix(n, n, 4), data::matrix(n, n, 5));
    let (a, b) = (&a, &b);
    let config = if config.quick {
        config.clone()
    } else {
        config.at_most_rounds(3)
    };
    let before = parfor::blas::get_num_threads();
    let mut records = Vec::new();
    for threads in [1, 2] {
        records.extend(
            Case::new(
                &WORKLOAD,
                format!("{n}x{n} blas{threads}"),
                Array2::zeros((0, 0)),
                checksum,
                |o| *o = Array2::zeros((0, 0)),
            )
            .variant(Role::Library, "parfor::matmul", threads, move |o| {
                parfor::blas::set_num_threads(threads);
                *o = matmul(a, b);
            })
            .run(&config),
        );
    }
    parfor::blas::set_num_threads(before);
    assert!(
        checksums_agree(records[0].checksum, records[1].checksum, WORKLOAD.exact),
        "CHECKSUM MISMATCH in matmul: {} at 1 BLAS thread, {} at 2",
        records[0].checksum,
        records[1].checksum
    );
    records
}
