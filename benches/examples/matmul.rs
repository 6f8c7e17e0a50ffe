//! `matmul`: a 4000x4000 f64 product at 1 and 2 BLAS threads.
//!
//! `cargo run --release -p parfor-benches --example matmul [-- --quick]`

use std::time::Instant;

use parfor::prelude::*;
use parfor_benches::data;

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let n = if quick { 1_000 } else { 4_000 };
    let (a, b) = (data::matrix(n, n, 4), data::matrix(n, n, 5));
    for threads in [1, 2] {
        parfor::blas::set_num_threads(threads);
        let start = Instant::now();
        let c = matmul(&a, &b);
        let seconds = start.elapsed().as_secs_f64();
        println!(
            "matmul {n}x{n} blas{threads}: checksum {:?}, {seconds:.4} s",
            c.sum()
        );
    }
}
