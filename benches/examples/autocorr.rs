//! `autocorr`: `correlate2d(a, a)` (full) of 30 random 100x100 integer matrices with
//! `#[parallel]` (see `parfor_benches::workloads::autocorr`).
//!
//! `cargo run --release -p parfor-benches --example autocorr [-- COUNT]`

use std::time::Instant;

use parfor::prelude::*;
use parfor_benches::workloads::autocorr::{autocorr_par, checksum, matrices};

fn main() {
    let count = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(30);
    let mats = matrices(count);
    let mut out = vec![Array2::zeros((0, 0)); count];
    let start = Instant::now();
    autocorr_par(&mats, &mut out);
    let seconds = start.elapsed().as_secs_f64();
    println!(
        "autocorr 100x100 x{count}: checksum {}, {seconds:.4} s",
        checksum(&out)
    );
}
