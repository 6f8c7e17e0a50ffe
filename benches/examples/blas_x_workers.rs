//! `blas_x_workers`: 40 tasks, each a 1000x1000 product of fresh matrices, in a
//! `#[parallel]` loop: over the grid of workers x BLAS threads, and in parfor's default
//! configuration (BLAS single-threaded inside the loop). See
//! `parfor_benches::workloads::blas_x_workers`.
//!
//! `cargo run --release -p parfor-benches --example blas_x_workers [-- --quick]`

use std::time::Instant;

use parfor_benches::workloads::blas_x_workers::tasks_par;

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let (tasks, n) = if quick { (8, 500) } else { (40, 1_000) };
    let mut sums = vec![0.0; tasks];
    let mut run = |label: &str, workers: usize| {
        let start = Instant::now();
        parfor::with_num_threads(workers, || tasks_par(n, &mut sums));
        let seconds = start.elapsed().as_secs_f64();
        println!(
            "{label}: checksum {:?}, {seconds:.4} s",
            sums.iter().sum::<f64>()
        );
    };
    run("default", 2);
    parfor::blas::set_single_threaded_in_loops(false);
    for w in [1, 2] {
        for b in [1, 2] {
            parfor::blas::set_num_threads(b);
            run(&format!("w{w} b{b}"), w);
        }
    }
}
