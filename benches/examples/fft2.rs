//! `fft2`: the 2-D FFT of 500 random 100x100 matrices and of 200 512x512 ones with
//! `#[parallel]` (see `parfor_benches::workloads::fft2`).
//!
//! `cargo run --release -p parfor-benches --example fft2 [-- --quick]`

use std::time::Instant;

use parfor::prelude::*;
use parfor_benches::workloads::fft2::{checksum, fft2_par, matrices};

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    for (m, count) in [
        (100, if quick { 50 } else { 500 }),
        (512, if quick { 10 } else { 200 }),
    ] {
        let mats = matrices(m, count);
        let mut out = vec![Array2::zeros((0, 0)); count];
        let start = Instant::now();
        fft2_par(&mats, &mut out);
        let seconds = start.elapsed().as_secs_f64();
        println!(
            "fft2 {m}x{m} x{count}: checksum {:?}, {seconds:.4} s",
            checksum(&out)
        );
    }
}
