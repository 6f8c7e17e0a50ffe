//! `dets`: the determinant of every slice of a (10, 10, 100000) tensor, the seed's
//! `@njit(parallel=True)` loop with `#[parallel]`, and the same loop over blocks of slices
//! with `det_stack_into` (see `parfor_benches::workloads::dets`).
//!
//! `cargo run --release -p parfor-benches --example dets [-- --quick]`

use std::time::Instant;

use parfor::prelude::*;
use parfor_benches::workloads::dets::{checksum, dets_par, dets_par_stacked, tensor};

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    for (m, count) in [
        (10, if quick { 10_000 } else { 100_000 }),
        (100, if quick { 100 } else { 1_000 }),
    ] {
        let t = tensor(m, count);
        let mut dets = Array1::zeros(count);
        let mut run = |label: &str, f: fn(&Array3<f64>, &mut Array1<f64>)| {
            let start = Instant::now();
            f(&t, &mut dets);
            let seconds = start.elapsed().as_secs_f64();
            println!(
                "dets {m}x{m}x{count}{label}: checksum {:?}, {seconds:.4} s",
                checksum(&dets)
            );
        };
        run("", dets_par);
        if m <= 16 {
            // The same loop over blocks of 256 slices, each factored by `det_stack_into`
            // several slices at a time (bit for bit the determinants of `det`).
            run(" (det_stack blocks)", dets_par_stacked);
        }
    }
}
