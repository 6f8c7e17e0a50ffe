//! `sum`: the sum of 10^8 f64 as a prange reduction (see
//! `parfor_benches::workloads::sum`).
//!
//! `cargo run --release -p parfor-benches --example sum [-- --quick]`

use std::time::Instant;

use parfor_benches::data;
use parfor_benches::workloads::sum::sum_par;

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let n = if quick { 10_000_000 } else { 100_000_000 };
    let x = data::uniform(n, 6);
    let start = Instant::now();
    let s = sum_par(&x);
    let seconds = start.elapsed().as_secs_f64();
    println!("sum of {n}: checksum {s:?}, {seconds:.4} s");
}
