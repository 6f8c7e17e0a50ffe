//! Loop benchmarks of issue 2: `#[parallel]` against a plain sequential loop,
//! hand-written rayon/ndarray code and C/OpenMP, on the same data in the same run.
//!
//! 1. An elementwise 2-D loop with a compute-bound body on a 4000x4000 f64 array.
//! 2. A sum of 10^8 f64 as a prange reduction, and whether its result is bitwise the
//!    same at 1, 2, 3 and 8 threads.
//! 3. The cost of entering a loop, body `a[i] = b[i] * 2.0`, at n = 100, 10^4, 10^6.
//!
//! Every variant's result is checked against the sequential one before it is timed.
//!
//! ```text
//! cargo bench -p parfor-benches --bench loops
//! PARFOR_BENCH_QUICK=1 cargo bench -p parfor-benches --bench loops   # small, 3 rounds
//! PARFOR_BENCH_THREADS=4 PARFOR_BENCH_ROUNDS=21 cargo bench -p parfor-benches --bench loops
//! PARFOR_BENCH_FILTER=enter cargo bench -p parfor-benches --bench loops   # one part
//! ```
//!
//! The parts are named `elementwise`, `sum`, `enter-100`, `enter-10000`, `enter-1000000`.

use std::cell::RefCell;
use std::hint::black_box;

use ndarray::parallel::prelude::*;
use parfor::prelude::*;
use parfor_benches::data::uniform_in;
use parfor_benches::{Config, Group, c, load_average, on_rayon_threads, target};

fn main() {
    let config = Config::from_env();
    println!(
        "parfor loop benchmarks: {} threads for parallel variants{}; {} cores available",
        config.threads,
        if config.quick { ", quick mode" } else { "" },
        std::thread::available_parallelism().map_or(1, |n| n.get()),
    );
    let load = || load_average().unwrap_or_else(|| "unknown".into());
    println!("load average before: {}", load());
    if config.selected("elementwise") {
        elementwise(&config);
    }
    if config.selected("sum") {
        sum(&config);
    }
    for n in [100, 10_000, 1_000_000] {
        if config.selected(&format!("enter-{n}")) {
            twice(&config, n);
        }
    }
    println!("\nload average after: {}", load());
}

// ---------------------------------------------------------------------------------
// 1. Elementwise 2-D, compute-bound: out[[i, j]] = exp(sin(x[[i, j]])) * 2 + 1.

/// The plain sequential loop.
fn elementwise_seq(x: &Array2<f64>, out: &mut Array2<f64>) {
    for i in 0..x.nrows() {
        for j in 0..x.ncols() {
            out[[i, j]] = x[[i, j]].sin().exp() * 2.0 + 1.0;
        }
    }
}

/// The same loop as a user writes it with parfor: prange over rows.
#[parallel]
fn elementwise_par(x: &Array2<f64>, out: &mut Array2<f64>) {
    for i in prange(x.nrows()) {
        for j in 0..x.ncols() {
            out[[i, j]] = x[[i, j]].sin().exp() * 2.0 + 1.0;
        }
    }
}

/// Rows per task of the hand-written `axis_chunks_iter_mut` variant: about a
/// millisecond of work per chunk at 4000 columns, plenty of chunks for balance.
const ROWS_PER_CHUNK: usize = 8;

/// Hand-written rayon: blocks of rows in parallel, elementwise within a block.
fn elementwise_rayon_chunks(x: &Array2<f64>, out: &mut Array2<f64>) {
    out.axis_chunks_iter_mut(Axis(0), ROWS_PER_CHUNK)
        .into_par_iter()
        .zip(x.axis_chunks_iter(Axis(0), ROWS_PER_CHUNK).into_par_iter())
        .for_each(|(mut out, x)| {
            out.zip_mut_with(&x, |o, &v| *o = v.sin().exp() * 2.0 + 1.0);
        });
}

/// Hand-written ndarray: `Zip::par_for_each`.
fn elementwise_rayon_zip(x: &Array2<f64>, out: &mut Array2<f64>) {
    Zip::from(out)
        .and(x)
        .par_for_each(|o, &v| *o = v.sin().exp() * 2.0 + 1.0);
}

/// A variant of a computation writing into an output buffer.
type Writer<'a, O> = Box<dyn Fn(&mut O) + 'a>;

fn elementwise(config: &Config) {
    let nt = config.threads;
    let (rows, cols) = (config.size(4000, 1000), config.size(4000, 1000));
    let x = Array2::from_shape_vec((rows, cols), uniform_in(rows * cols, 1, -3.0, 3.0))
        .expect("rows * cols elements");
    let mut expected = Array2::zeros((rows, cols));
    elementwise_seq(&x, &mut expected);

    let x = &x;
    let par = format!("#[parallel], {nt} threads");
    let chunks = format!("rayon axis_chunks_iter_mut, {nt} threads");
    let zip = format!("ndarray Zip::par_for_each, {nt} threads");
    let omp = format!("C/OpenMP, {nt} threads");
    let variants: Vec<(String, Writer<'_, Array2<f64>>)> = vec![
        ("sequential".into(), Box::new(|out| elementwise_seq(x, out))),
        (
            "#[parallel], 1 thread".into(),
            Box::new(|out| parfor::with_num_threads(1, || elementwise_par(x, out))),
        ),
        (
            par.clone(),
            Box::new(move |out| parfor::with_num_threads(nt, || elementwise_par(x, out))),
        ),
        (
            chunks.clone(),
            Box::new(move |out| on_rayon_threads(nt, || elementwise_rayon_chunks(x, out))),
        ),
        (
            zip.clone(),
            Box::new(move |out| on_rayon_threads(nt, || elementwise_rayon_zip(x, out))),
        ),
        (
            "C sequential".into(),
            Box::new(|out| c::elementwise_seq(x, out)),
        ),
        (
            omp.clone(),
            Box::new(move |out| c::elementwise_omp(x, out, nt)),
        ),
    ];

    // Check every variant, then time them all writing into one buffer.
    let out = RefCell::new(Array2::<f64>::zeros((rows, cols)));
    for (name, f) in &variants {
        let mut out = out.borrow_mut();
        out.fill(f64::NAN);
        f(&mut out);
        assert!(
            *out == expected,
            "elementwise: {name} differs from sequential"
        );
    }
    let mut group = Group::new(format!(
        "elementwise 2-D, {rows}x{cols} f64, out = exp(sin(x)) * 2 + 1"
    ));
    for (name, f) in &variants {
        group.variant(name.clone(), || f(black_box(&mut out.borrow_mut())));
    }
    group
        .baseline("sequential")
        .reference("rayon", &chunks)
        .reference("OpenMP", &omp);
    let report = group.run(config);
    print!("{report}");
    let best_rayon = report.median(&chunks).min(report.median(&zip));
    let rayon_ratio = report.median(&par) / best_rayon;
    target("#[parallel] / best hand-written rayon", rayon_ratio, 1.05);
    target("#[parallel] / C/OpenMP", report.ratio(&par, &omp), 1.10);
    target(
        "#[parallel] / sequential (speedup >= 1.8x)",
        report.ratio(&par, "sequential"),
        1.0 / 1.8,
    );
}

// ---------------------------------------------------------------------------------
// 2. Sum of n f64 as a reduction.

/// The plain sequential loop: one accumulator, index order.
fn sum_seq(x: &[f64]) -> f64 {
    let mut s = 0.0;
    for &v in x {
        s += v;
    }
    s
}

/// The same as a prange reduction.
#[parallel]
fn sum_par(x: &[f64]) -> f64 {
    let mut s = 0.0;
    for i in prange(x.len()) {
        s += x[i];
    }
    s
}

/// A variant of a reduction.
type Reducer<'a> = Box<dyn Fn() -> f64 + 'a>;

fn sum(config: &Config) {
    let nt = config.threads;
    let n = config.size(100_000_000, 10_000_000);
    let x = uniform_in(n, 2, 0.0, 1.0);
    let expected = sum_seq(&x);

    let x = &x[..];
    let par = format!("#[parallel], {nt} threads");
    let rayon = format!("rayon par_iter().sum(), {nt} threads");
    let omp = format!("C/OpenMP simd reduction, {nt} threads");
    let variants: Vec<(String, Reducer<'_>)> = vec![
        ("sequential".into(), Box::new(|| sum_seq(x))),
        (
            "#[parallel], 1 thread".into(),
            Box::new(|| parfor::with_num_threads(1, || sum_par(x))),
        ),
        (
            par.clone(),
            Box::new(move || parfor::with_num_threads(nt, || sum_par(x))),
        ),
        (
            rayon.clone(),
            Box::new(move || on_rayon_threads(nt, || x.par_iter().sum::<f64>())),
        ),
        ("C sequential".into(), Box::new(|| c::sum_seq(x))),
        (
            "C/OpenMP simd reduction, 1 thread".into(),
            Box::new(|| c::sum_omp(x, 1)),
        ),
        (omp.clone(), Box::new(move || c::sum_omp(x, nt))),
    ];

    // Reassociated sums may differ from the sequential one in the last bits only.
    for (name, f) in &variants {
        let s = f();
        assert!(
            (s - expected).abs() <= 1e-9 * expected.abs(),
            "sum: {name} gives {s}, sequential {expected}"
        );
    }
    let sums: Vec<f64> = [1, 2, 3, 8]
        .into_iter()
        .map(|t| parfor::with_num_threads(t, || sum_par(x)))
        .collect();
    let reproducible = sums.iter().all(|s| s.to_bits() == sums[0].to_bits());

    let mut group = Group::new(format!("sum of {n} f64 in [0, 1)"));
    for (name, f) in &variants {
        group.variant(name.clone(), || {
            black_box(f());
        });
    }
    group
        .baseline("sequential")
        .reference("rayon", &rayon)
        .reference("OpenMP", &omp);
    let report = group.run(config);
    print!("{report}");
    println!(
        "  #[parallel] sum bitwise identical at 1, 2, 3, 8 threads: {} ({:?})",
        if reproducible { "yes" } else { "NO" },
        sums
    );
    target("#[parallel] / C/OpenMP", report.ratio(&par, &omp), 1.10);
}

// ---------------------------------------------------------------------------------
// 3. The cost of entering a loop: a[i] = b[i] * 2.0.

/// The plain sequential loop.
fn twice_seq(a: &mut [f64], b: &[f64]) {
    for (a, &b) in a.iter_mut().zip(b) {
        *a = b * 2.0;
    }
}

/// The same with prange.
#[parallel]
fn twice_par(a: &mut [f64], b: &[f64]) {
    for i in prange(a.len()) {
        a[i] = b[i] * 2.0;
    }
}

/// Hand-written rayon.
fn twice_rayon(a: &mut [f64], b: &[f64]) {
    a.par_iter_mut()
        .zip(b.par_iter())
        .for_each(|(a, &b)| *a = b * 2.0);
}

fn twice(config: &Config, n: usize) {
    let nt = config.threads;
    let b = uniform_in(n, 3, -1.0, 1.0);
    let expected: Vec<f64> = b.iter().map(|v| v * 2.0).collect();

    let b = &b[..];
    let par = format!("#[parallel], {nt} threads");
    let omp = format!("C/OpenMP, {nt} threads");
    let variants: Vec<(String, Writer<'_, Vec<f64>>)> = vec![
        ("sequential".into(), Box::new(|a| twice_seq(a, b))),
        (
            par.clone(),
            Box::new(move |a| parfor::with_num_threads(nt, || twice_par(a, b))),
        ),
        (
            format!("rayon par_iter_mut().zip(), {nt} threads"),
            Box::new(move |a| on_rayon_threads(nt, || twice_rayon(a, b))),
        ),
        ("C sequential".into(), Box::new(|a| c::twice_seq(a, b))),
        (omp.clone(), Box::new(move |a| c::twice_omp(a, b, nt))),
    ];

    let out = RefCell::new(vec![0.0; n]);
    for (name, f) in &variants {
        let mut a = out.borrow_mut();
        a.fill(f64::NAN);
        f(&mut a);
        assert!(
            *a == expected,
            "twice n={n}: {name} differs from sequential"
        );
    }
    let mut group = Group::new(format!("entering a loop: a[i] = b[i] * 2.0, n = {n}"));
    for (name, f) in &variants {
        group.variant(name.clone(), || f(black_box(&mut out.borrow_mut())));
    }
    group.baseline("sequential").reference("OpenMP", &omp);
    let report = group.run(config);
    print!("{report}");
    match n {
        100 => target(
            "#[parallel] / sequential",
            report.ratio(&par, "sequential"),
            2.0,
        ),
        10_000 => {
            let best = report.median("sequential").min(report.median(&omp));
            target(
                "#[parallel] / min(sequential, C/OpenMP)",
                report.median(&par) / best,
                1.0,
            );
        }
        _ => target("#[parallel] / C/OpenMP", report.ratio(&par, &omp), 1.05),
    }
}
