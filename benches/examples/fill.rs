//! `fill`: fill a 10000x10000 array with 1.0 by rows, and copy X into tmp window by
//! window (4x4) with `#[parallel]` (see `parfor_benches::workloads::fill`).
//!
//! `cargo run --release -p parfor-benches --example fill [-- --quick]`

use std::time::Instant;

use parfor::prelude::*;
use parfor_benches::data;
use parfor_benches::workloads::fill::{checksum, fill_par, window_copy_par};

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let n = if quick { 2_000 } else { 10_000 };
    let mut a = Array2::<f64>::zeros((n, n));
    let start = Instant::now();
    fill_par(&mut a, 1.0);
    let seconds = start.elapsed().as_secs_f64();
    println!("fill {n}x{n}: checksum {:?}, {seconds:.4} s", checksum(&a));

    let n = if quick { 1_000 } else { 4_000 };
    let x = data::matrix(n, n, 3);
    let mut tmp = Array2::<f64>::zeros((n, n));
    let start = Instant::now();
    window_copy_par(&x, &mut tmp, 4);
    let seconds = start.elapsed().as_secs_f64();
    assert_eq!(tmp, x);
    println!(
        "window copy {n}x{n}/4: checksum {:?}, {seconds:.4} s",
        checksum(&tmp)
    );
}
