//! `kernels`: five array kernels written with natural indexing and `#[parallel]`: a
//! 5-point Jacobi stencil (20 sweeps), a 3x3 box blur, pairwise distances, row-wise
//! log-sum-exp and softmax (see `parfor_benches::workloads::kernels`).
//!
//! `cargo run --release -p parfor-benches --example kernels [-- --quick]`

use std::time::Instant;

use parfor::prelude::*;
use parfor_benches::data;
use parfor_benches::workloads::kernels::{
    Grids, blur_par, checksum, jacobi, logsumexp_par, pairwise_par, softmax_par, stencil_par,
};

/// Prints the checksum line of one case.
fn report(case: &str, sum: f64, start: Instant) {
    let seconds = start.elapsed().as_secs_f64();
    println!("{case}: checksum {sum:?}, {seconds:.4} s");
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let size = |full: usize, small: usize| if quick { small } else { full };

    let n = size(2_000, 1_000);
    let x = data::matrix(n, n, 8);
    let mut grids = Grids::new(&x);
    let start = Instant::now();
    jacobi(&x, &mut grids, 20, stencil_par);
    report(&format!("stencil {n}x{n} x20"), checksum(&grids.a), start);

    let x = data::matrix(n, n, 9);
    let start = Instant::now();
    let out = blur_par(&x);
    report(&format!("blur3x3 {n}x{n}"), checksum(&out), start);

    let (n, dim) = (size(3_000, 1_000), 16);
    let x = data::matrix(n, dim, 10);
    let mut out = Array2::zeros((n, n));
    let start = Instant::now();
    pairwise_par(&x, &mut out);
    report(&format!("pairwise {n}x{dim}"), checksum(&out), start);

    let (n, cols) = (size(4_000, 1_000), 2_000);
    let x = data::matrix(n, cols, 11);
    let mut out = Array1::zeros(n);
    let start = Instant::now();
    logsumexp_par(&x, &mut out);
    report(&format!("logsumexp {n}x{cols}"), checksum(&out), start);

    let x = data::matrix(n, cols, 12);
    let mut out = Array2::zeros((n, cols));
    let start = Instant::now();
    softmax_par(&x, &mut out);
    report(&format!("softmax {n}x{cols}"), checksum(&out), start);
}
