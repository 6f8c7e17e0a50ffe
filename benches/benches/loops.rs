//! Loop benchmarks of issue 2: `#[parallel]` against a plain sequential loop,
//! hand-written rayon/ndarray code and C/OpenMP, on the same data in the same run.
//!
//! 1. An elementwise 2-D loop with a compute-bound body on a 4000x4000 f64 array.
//! 2. A sum of 10^8 f64 as a prange reduction, and whether its result is bitwise the
//!    same at 1, 2, 3 and 8 threads.
//! 3. The cost of entering a loop, body `a[i] = b[i] * 2.0`, at n = 100, 10^4, 10^6;
//!    and sums of arrays in cache (32 KiB to 1 MiB), repeated, against OpenMP's.
//!
//! Array reductions of issue 16, each against hand-written rayon `fold` + `reduce` with
//! an array per job and against Numba's chunked idiom (`for c in prange(64)`, a private
//! partial per chunk, summed after the loop):
//!
//! 4. A histogram of 5·10^7 f64 into 256 bins, `hist[b] += 1`, with a reference that
//!    only reads the values (a `#[parallel]` sum of them) for the memory bound.
//! 5. One k-means step on 10^6 points of 8 dims and 16 centroids: nearest centroid,
//!    `labels[i] = best`, `counts[best] += 1`, `sums[[best, j]] += x[[i, j]]`.
//!
//! Random numbers of `parfor::rng`:
//!
//! 6. Monte-Carlo π over 10^8 points, a stream per point (`rng::for_iteration`), as a
//!    sequential loop, `#[parallel]` and hand-written rayon, each over the points and
//!    over 64 chunks of them; and the cost of making a generator and drawing two `f64`
//!    from it.
//!
//! Every variant's result is checked against the sequential one before it is timed
//! (integers exactly; the k-means sums within 1e-9 relative).
//!
//! ```text
//! cargo bench -p parfor-benches --bench loops
//! PARFOR_BENCH_QUICK=1 cargo bench -p parfor-benches --bench loops   # small, 3 rounds
//! PARFOR_BENCH_THREADS=4 PARFOR_BENCH_ROUNDS=21 cargo bench -p parfor-benches --bench loops
//! PARFOR_BENCH_FILTER=enter cargo bench -p parfor-benches --bench loops   # one part
//! ```
//!
//! The cost of `#[parallel(progress)]`:
//!
//! 7. A million cheap iterations, `out[i] = x[i].sqrt() * 2.0`, with and without the
//!    progress bar, at 1 thread and at the benchmark's thread count. Bars must be on
//!    (`PARFOR_PROGRESS=1` when stderr is not a terminal), or the part is skipped.
//!
//! The parts are named `elementwise`, `sum`, `enter-100`, `enter-10000`, `enter-1000000`,
//! `histogram`, `kmeans`, `pi`, `progress`.

use std::cell::RefCell;
use std::hint::black_box;

use ndarray::parallel::prelude::*;
use parfor::prelude::*;
use parfor::rng::{self, RngExt};
use parfor_benches::data::uniform_in;
use parfor_benches::{Config, Group, c, load_average, on_rayon_threads, target};
use rayon::slice::{ParallelSlice, ParallelSliceMut};

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
    for kib in [32, 256, 1024] {
        if config.selected(&format!("cached-sum-{kib}k")) {
            cached_sum(&config, kib);
        }
    }
    if config.selected("histogram") {
        histogram(&config);
    }
    if config.selected("kmeans") {
        kmeans(&config);
    }
    if config.selected("pi") {
        pi(&config);
    }
    if config.selected("progress") {
        progress(&config);
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

/// Sums of an array that stays in cache, `reps` per sample, so that a sample lasts
/// milliseconds: what a loop called again and again on small data pays to enter.
fn cached_sum(config: &Config, kib: usize) {
    let nt = config.threads;
    let n = kib * 1024 / 8;
    let reps = (1 << 24) / n;
    let x = uniform_in(n, 3, 0.0, 1.0);
    let x = &x[..];
    let repeat = |f: &dyn Fn() -> f64| {
        let mut s = 0.0;
        for _ in 0..reps {
            s += f();
        }
        black_box(s)
    };
    let par = format!("#[parallel], {nt} threads");
    let omp = format!("C/OpenMP simd reduction, {nt} threads");
    let rayon = format!("rayon par_iter().sum(), {nt} threads");
    let variants: Vec<(String, Reducer<'_>)> = vec![
        ("sequential".into(), Box::new(|| sum_seq(black_box(x)))),
        (
            "#[parallel], 1 thread".into(),
            Box::new(|| parfor::with_num_threads(1, || sum_par(black_box(x)))),
        ),
        (
            par.clone(),
            Box::new(move || parfor::with_num_threads(nt, || sum_par(black_box(x)))),
        ),
        (
            rayon.clone(),
            Box::new(move || on_rayon_threads(nt, || black_box(x).par_iter().sum::<f64>())),
        ),
        (
            "C/OpenMP simd reduction, 1 thread".into(),
            Box::new(|| c::sum_omp(black_box(x), 1)),
        ),
        (omp.clone(), Box::new(move || c::sum_omp(black_box(x), nt))),
    ];
    let expected = sum_seq(x);
    for (name, f) in &variants {
        let s = f();
        assert!(
            (s - expected).abs() <= 1e-9 * expected.abs(),
            "cached sum: {name} gives {s}, sequential {expected}"
        );
    }
    let mut group = Group::new(format!(
        "sum of {n} f64 ({kib} KiB, in cache), {reps} sums per sample"
    ));
    for (name, f) in &variants {
        group.variant(name.clone(), || {
            repeat(f.as_ref());
        });
    }
    group
        .baseline("sequential")
        .reference("rayon", &rayon)
        .reference("OpenMP", &omp);
    let report = group.run(config);
    print!("{report}");
    target("#[parallel] / C/OpenMP", report.ratio(&par, &omp), 1.20);
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

// ---------------------------------------------------------------------------------
// 4. A histogram: an array reduction, one increment of a bin per value.

/// Bins of the histogram.
const BINS: usize = 256;

/// The plain sequential loop.
#[allow(clippy::needless_range_loop)] // the loop as a Numba user writes it
fn histogram_seq(x: &[f64], lo: f64, scale: f64, hist: &mut [u64]) {
    for i in 0..x.len() {
        let b = ((x[i] - lo) * scale) as usize;
        if b < hist.len() {
            hist[b] += 1;
        }
    }
}

/// The same loop with prange: `hist` is an array reduction.
// The expansion of a loop whose only reductions are arrays binds `let () = ..`.
#[allow(clippy::let_unit_value)]
#[parallel]
fn histogram_par(x: &[f64], lo: f64, scale: f64, hist: &mut [u64]) {
    for i in prange(x.len()) {
        let b = ((x[i] - lo) * scale) as usize;
        if b < hist.len() {
            hist[b] += 1;
        }
    }
}

/// Numba's chunked idiom, ported as a user would: a private partial histogram per
/// chunk of 64, summed after the loop.
#[allow(clippy::needless_range_loop)] // the loop as a Numba user writes it
#[parallel]
fn histogram_chunked(x: &[f64], lo: f64, scale: f64, hist: &mut [u64]) {
    let n = x.len();
    let bins = hist.len();
    let mut parts = vec![vec![0_u64; bins]; 64];
    for c in prange(64) {
        for i in c * n / 64..(c + 1) * n / 64 {
            let b = ((x[i] - lo) * scale) as usize;
            if b < bins {
                parts[c][b] += 1;
            }
        }
    }
    for part in &parts {
        for (h, p) in hist.iter_mut().zip(part) {
            *h += p;
        }
    }
}

/// Adds the counts of `b` to `a`.
fn add_counts(mut a: Vec<u64>, b: Vec<u64>) -> Vec<u64> {
    for (a, b) in a.iter_mut().zip(b) {
        *a += b;
    }
    a
}

/// Values per chunk of the hand-written rayon histogram. On 2 threads, `par_iter()`
/// folded per element took 47 ms, with `with_min_len` 4096, 65536 or 2^20 46-47 ms,
/// `par_chunks` of 4096 46.0 ms, 65536 47 ms, 2^20 49 ms, and one chunk per thread
/// 45.5 ms (one run of 11 rounds, all within its noise): chunks of 4096, which do not
/// depend on the thread count.
const HIST_CHUNK: usize = 4096;

/// Hand-written rayon: a plain loop per chunk of values into a histogram per rayon
/// job (`fold`), the jobs' histograms added up (`reduce`).
fn histogram_rayon(x: &[f64], lo: f64, scale: f64, hist: &mut [u64]) {
    let bins = hist.len();
    let counts = x
        .par_chunks(HIST_CHUNK)
        .fold(
            || vec![0_u64; bins],
            |mut h, xs| {
                for &v in xs {
                    let b = ((v - lo) * scale) as usize;
                    if b < bins {
                        h[b] += 1;
                    }
                }
                h
            },
        )
        .reduce(|| vec![0_u64; bins], add_counts);
    for (h, c) in hist.iter_mut().zip(counts) {
        *h += c;
    }
}

/// A variant of a histogram.
type Counter<'a> = Box<dyn Fn(&mut [u64]) + 'a>;

fn histogram(config: &Config) {
    let nt = config.threads;
    let n = config.size(50_000_000, 5_000_000);
    let x = uniform_in(n, 4, 0.0, 1.0);
    let (lo, scale) = (0.0, BINS as f64);
    let mut expected = vec![0_u64; BINS];
    histogram_seq(&x, lo, scale, &mut expected);
    assert_eq!(
        expected.iter().sum::<u64>(),
        n as u64,
        "every value has a bin"
    );

    let x = &x[..];
    let par = format!("#[parallel], {nt} threads");
    let rayon = format!("rayon fold+reduce, {nt} threads");
    let chunked = format!("chunked prange(64), {nt} threads");
    let variants: Vec<(String, Counter<'_>)> = vec![
        (
            "sequential".into(),
            Box::new(move |h| histogram_seq(x, lo, scale, h)),
        ),
        (
            "#[parallel], 1 thread".into(),
            Box::new(move |h| parfor::with_num_threads(1, || histogram_par(x, lo, scale, h))),
        ),
        (
            par.clone(),
            Box::new(move |h| parfor::with_num_threads(nt, || histogram_par(x, lo, scale, h))),
        ),
        (
            rayon.clone(),
            Box::new(move |h| on_rayon_threads(nt, || histogram_rayon(x, lo, scale, h))),
        ),
        (
            chunked.clone(),
            Box::new(move |h| parfor::with_num_threads(nt, || histogram_chunked(x, lo, scale, h))),
        ),
    ];
    // Integer counts: every variant gives exactly the sequential histogram.
    let hist = RefCell::new(vec![0_u64; BINS]);
    for (name, f) in &variants {
        let mut h = hist.borrow_mut();
        h.fill(0);
        f(&mut h);
        assert!(*h == expected, "histogram: {name} differs from sequential");
    }
    // The reference: reading the values once, at each thread count.
    let total = sum_seq(x);
    let stream = format!("reference: #[parallel] sum of x, {nt} threads");
    let stream_1 = "reference: #[parallel] sum of x, 1 thread".to_owned();
    for (name, t) in [(&stream, nt), (&stream_1, 1)] {
        let s = parfor::with_num_threads(t, || sum_par(x));
        assert!(
            (s - total).abs() <= 1e-9 * total,
            "histogram: {name} gives {s}, sequential {total}"
        );
    }

    let mut group = Group::new(format!(
        "histogram of {n} f64 in [0, 1) into {BINS} bins, hist[b] += 1"
    ));
    for (name, f) in &variants {
        group.variant(name.clone(), || {
            let mut h = hist.borrow_mut();
            h.fill(0);
            f(black_box(&mut h));
        });
    }
    for (name, t) in [(&stream, nt), (&stream_1, 1)] {
        group.variant(name.clone(), move || {
            black_box(parfor::with_num_threads(t, || sum_par(black_box(x))));
        });
    }
    group
        .baseline("sequential")
        .reference("rayon", &rayon)
        .reference("chunked", &chunked)
        .reference("stream", &stream);
    let report = group.run(config);
    print!("{report}");
}

// ---------------------------------------------------------------------------------
// 5. One k-means step: labels split, counts and sums reduced as arrays.

/// Centroids of the k-means step.
const CENTROIDS: usize = 16;

/// The results of one k-means step.
#[derive(Clone, Debug, PartialEq)]
struct Step {
    labels: Vec<usize>,
    counts: Vec<u64>,
    sums: Array2<f64>,
}

impl Step {
    fn zeros(n: usize, k: usize, d: usize) -> Self {
        Step {
            labels: vec![usize::MAX; n],
            counts: vec![0; k],
            sums: Array2::zeros((k, d)),
        }
    }

    /// Zero counts and sums, as before a step.
    fn reset(&mut self) {
        self.counts.fill(0);
        self.sums.fill(0.0);
    }
}

/// The plain sequential loop.
fn kmeans_seq(
    x: &Array2<f64>,
    centroids: &Array2<f64>,
    labels: &mut [usize],
    counts: &mut [u64],
    sums: &mut Array2<f64>,
) {
    for i in 0..x.nrows() {
        let mut best = 0;
        let mut best_d = f64::INFINITY;
        for k in 0..centroids.nrows() {
            let mut d = 0.0;
            for j in 0..x.ncols() {
                let t = x[[i, j]] - centroids[[k, j]];
                d += t * t;
            }
            if d < best_d {
                best_d = d;
                best = k;
            }
        }
        labels[i] = best;
        counts[best] += 1;
        for j in 0..x.ncols() {
            sums[[best, j]] += x[[i, j]];
        }
    }
}

/// The same loop with prange: `labels` is split, `counts` and `sums` are array
/// reductions.
// The expansion of a loop whose only reductions are arrays binds `let () = ..`.
#[allow(clippy::let_unit_value)]
#[parallel]
fn kmeans_par(
    x: &Array2<f64>,
    centroids: &Array2<f64>,
    labels: &mut [usize],
    counts: &mut [u64],
    sums: &mut Array2<f64>,
) {
    for i in prange(x.nrows()) {
        let mut best = 0;
        let mut best_d = f64::INFINITY;
        for k in 0..centroids.nrows() {
            let mut d = 0.0;
            for j in 0..x.ncols() {
                let t = x[[i, j]] - centroids[[k, j]];
                d += t * t;
            }
            if d < best_d {
                best_d = d;
                best = k;
            }
        }
        labels[i] = best;
        counts[best] += 1;
        for j in 0..x.ncols() {
            sums[[best, j]] += x[[i, j]];
        }
    }
}

/// Numba's chunked idiom, ported as a user would: private counts and sums per chunk
/// of 64, summed after the loop. `labels[i] = best` inside the chunk loop is rejected
/// (`i` is not the prange variable), so the labels go through a private partial per
/// chunk as well, as the error message says, copied into `labels` after the loop.
#[parallel]
fn kmeans_chunked(
    x: &Array2<f64>,
    centroids: &Array2<f64>,
    labels: &mut [usize],
    counts: &mut [u64],
    sums: &mut Array2<f64>,
) {
    let n = x.nrows();
    let (nk, nd) = sums.dim();
    let mut part_labels: Vec<Vec<usize>> = (0..64)
        .map(|c| vec![0; (c + 1) * n / 64 - c * n / 64])
        .collect();
    let mut part_counts = vec![vec![0_u64; nk]; 64];
    let mut part_sums = vec![Array2::<f64>::zeros((nk, nd)); 64];
    for c in prange(64) {
        for i in c * n / 64..(c + 1) * n / 64 {
            let mut best = 0;
            let mut best_d = f64::INFINITY;
            for k in 0..centroids.nrows() {
                let mut d = 0.0;
                for j in 0..x.ncols() {
                    let t = x[[i, j]] - centroids[[k, j]];
                    d += t * t;
                }
                if d < best_d {
                    best_d = d;
                    best = k;
                }
            }
            part_labels[c][i - c * n / 64] = best;
            part_counts[c][best] += 1;
            for j in 0..x.ncols() {
                part_sums[c][[best, j]] += x[[i, j]];
            }
        }
    }
    for c in 0..64 {
        labels[c * n / 64..(c + 1) * n / 64].copy_from_slice(&part_labels[c]);
        for k in 0..nk {
            counts[k] += part_counts[c][k];
            for j in 0..nd {
                sums[[k, j]] += part_sums[c][[k, j]];
            }
        }
    }
}

/// The nearest centroid to `row` by squared distance, first on ties: the loops' rule.
fn nearest(row: &[f64], centroids: &[f64]) -> usize {
    let mut best = 0;
    let mut best_d = f64::INFINITY;
    for (k, c) in centroids.chunks_exact(row.len()).enumerate() {
        let mut d = 0.0;
        for (&a, &b) in row.iter().zip(c) {
            let t = a - b;
            d += t * t;
        }
        if d < best_d {
            best_d = d;
            best = k;
        }
    }
    best
}

/// Per-job counts and sums of the hand-written rayon step.
type Partial = (Vec<u64>, Array2<f64>);

/// Rows per block of the hand-written rayon k-means step: blocks of 256, 4096, 16384
/// rows and one block per thread took 38-40 ms on 2 threads (5 rounds, within noise).
const KMEANS_ROWS: usize = 4096;

/// Hand-written rayon: blocks of rows zipped with blocks of labels, `fold` into counts
/// and sums per rayon job, `reduce`. The distances read rows and centroids as slices.
fn kmeans_rayon(x: &Array2<f64>, centroids: &Array2<f64>, out: &mut Step) {
    let rows = KMEANS_ROWS;
    let (k, d) = centroids.dim();
    let cs = centroids.as_slice().expect("centroids in standard layout");
    let zero = || (vec![0_u64; k], Array2::<f64>::zeros((k, d)));
    let (counts, sums) = x
        .axis_chunks_iter(Axis(0), rows)
        .into_par_iter()
        .zip(out.labels.par_chunks_mut(rows))
        .fold(zero, |(mut counts, mut sums): Partial, (xs, labels)| {
            for (row, label) in xs.rows().into_iter().zip(labels) {
                let row = row.as_slice().expect("rows in standard layout");
                let best = nearest(row, cs);
                *label = best;
                counts[best] += 1;
                for (s, &v) in sums.row_mut(best).iter_mut().zip(row) {
                    *s += v;
                }
            }
            (counts, sums)
        })
        .reduce(zero, |(a, mut s), (b, t)| {
            s += &t;
            (add_counts(a, b), s)
        });
    for (c, n) in out.counts.iter_mut().zip(counts) {
        *c += n;
    }
    out.sums += &sums;
}

/// A variant of a k-means step.
type Stepper<'a> = Box<dyn Fn(&mut Step) + 'a>;

fn kmeans(config: &Config) {
    let nt = config.threads;
    let (n, d, k) = (config.size(1_000_000, 100_000), 8, CENTROIDS);
    let x = Array2::from_shape_vec((n, d), uniform_in(n * d, 5, 0.0, 1.0)).expect("n * d");
    let centroids = Array2::from_shape_vec((k, d), uniform_in(k * d, 6, 0.0, 1.0)).expect("k * d");
    let mut expected = Step::zeros(n, k, d);
    let Step {
        labels,
        counts,
        sums,
    } = &mut expected;
    kmeans_seq(&x, &centroids, labels, counts, sums);

    let (x, c) = (&x, &centroids);
    let par = format!("#[parallel], {nt} threads");
    let rayon = format!("rayon fold+reduce, {nt} threads");
    let chunked = format!("chunked prange(64), {nt} threads");
    let variants: Vec<(String, Stepper<'_>)> = vec![
        (
            "sequential".into(),
            Box::new(|s| kmeans_seq(x, c, &mut s.labels, &mut s.counts, &mut s.sums)),
        ),
        (
            "#[parallel], 1 thread".into(),
            Box::new(move |s| {
                parfor::with_num_threads(1, || {
                    kmeans_par(x, c, &mut s.labels, &mut s.counts, &mut s.sums)
                })
            }),
        ),
        (
            par.clone(),
            Box::new(move |s| {
                parfor::with_num_threads(nt, || {
                    kmeans_par(x, c, &mut s.labels, &mut s.counts, &mut s.sums)
                })
            }),
        ),
        (
            rayon.clone(),
            Box::new(move |s| on_rayon_threads(nt, || kmeans_rayon(x, c, s))),
        ),
        (
            chunked.clone(),
            Box::new(move |s| {
                parfor::with_num_threads(nt, || {
                    kmeans_chunked(x, c, &mut s.labels, &mut s.counts, &mut s.sums)
                })
            }),
        ),
    ];
    // Labels and counts exactly, sums within 1e-9 relative (summed in another order).
    let out = RefCell::new(Step::zeros(n, k, d));
    for (name, f) in &variants {
        let mut out = out.borrow_mut();
        out.labels.fill(usize::MAX);
        out.reset();
        f(&mut out);
        assert!(
            out.labels == expected.labels && out.counts == expected.counts,
            "kmeans: {name} labels or counts differ from sequential"
        );
        for (a, b) in out.sums.iter().zip(&expected.sums) {
            assert!(
                (a - b).abs() <= 1e-9 * b.abs(),
                "kmeans: {name} sums {a}, sequential {b}"
            );
        }
    }
    let mut group = Group::new(format!(
        "k-means step, {n}x{d} f64 points, {k} centroids: labels, counts, sums"
    ));
    for (name, f) in &variants {
        group.variant(name.clone(), || {
            let mut out = out.borrow_mut();
            out.reset();
            f(black_box(&mut out));
        });
    }
    group
        .baseline("sequential")
        .reference("rayon", &rayon)
        .reference("chunked", &chunked);
    let report = group.run(config);
    print!("{report}");
}

// ---------------------------------------------------------------------------------
// 6. Monte-Carlo π with a random stream per iteration (`parfor::rng`).

/// Whether the point of iteration `i` falls in the quarter disc: two uniform draws from
/// the iteration's own stream. Every variant calls this, so they count the same points.
#[inline(always)]
fn in_disc(seed: u64, i: u64) -> u64 {
    let mut r = rng::for_iteration(seed, i);
    let (x, y) = (r.random::<f64>(), r.random::<f64>());
    u64::from(x * x + y * y < 1.0)
}

/// The plain sequential loop.
fn pi_seq(seed: u64, n: u64) -> u64 {
    let mut hits = 0;
    for i in 0..n {
        hits += in_disc(seed, i);
    }
    hits
}

/// The same with prange, the body written out as a user writes it.
#[parallel]
fn pi_par(seed: u64, n: u64) -> u64 {
    let mut hits = 0u64;
    for i in prange(n) {
        let mut r = rng::for_iteration(seed, i);
        let (x, y) = (r.random::<f64>(), r.random::<f64>());
        hits += u64::from(x * x + y * y < 1.0);
    }
    hits
}

/// Hand-written rayon over the range.
fn pi_rayon(seed: u64, n: u64) -> u64 {
    (0..n).into_par_iter().map(|i| in_disc(seed, i)).sum()
}

/// Chunks of the range in an inner sequential loop.
const PI_CHUNKS: u64 = 64;

/// Numba's chunked idiom: `prange` over 64 chunks, a plain loop over each chunk's points.
#[parallel]
fn pi_chunked(seed: u64, n: u64) -> u64 {
    let mut hits = 0u64;
    for c in prange(PI_CHUNKS) {
        let mut h = 0u64;
        for i in c * n / PI_CHUNKS..(c + 1) * n / PI_CHUNKS {
            let mut r = rng::for_iteration(seed, i);
            let (x, y) = (r.random::<f64>(), r.random::<f64>());
            h += u64::from(x * x + y * y < 1.0);
        }
        hits += h;
    }
    hits
}

/// Hand-written rayon over the same chunks.
fn pi_rayon_chunks(seed: u64, n: u64) -> u64 {
    (0..PI_CHUNKS)
        .into_par_iter()
        .map(|c| {
            (c * n / PI_CHUNKS..(c + 1) * n / PI_CHUNKS)
                .map(|i| in_disc(seed, i))
                .sum::<u64>()
        })
        .sum()
}

/// A variant of the Monte-Carlo count.
type Sampler<'a> = Box<dyn Fn() -> u64 + 'a>;

fn pi(config: &Config) {
    let nt = config.threads;
    let n = config.size(100_000_000, 10_000_000) as u64;
    let seed = black_box(2024);
    let expected = pi_seq(seed, n);
    let estimate = 4.0 * expected as f64 / n as f64;

    let par = format!("#[parallel], {nt} threads");
    let rayon = format!("rayon into_par_iter().map().sum(), {nt} threads");
    let chunked = format!("#[parallel] chunked prange(64), {nt} threads");
    let rayon_chunks = format!("rayon over 64 chunks, {nt} threads");
    let variants: Vec<(String, Sampler<'_>)> = vec![
        ("sequential".into(), Box::new(|| pi_seq(seed, n))),
        (
            "#[parallel], 1 thread".into(),
            Box::new(|| parfor::with_num_threads(1, || pi_par(seed, n))),
        ),
        (
            par.clone(),
            Box::new(move || parfor::with_num_threads(nt, || pi_par(seed, n))),
        ),
        (
            rayon.clone(),
            Box::new(move || on_rayon_threads(nt, || pi_rayon(seed, n))),
        ),
        (
            chunked.clone(),
            Box::new(move || parfor::with_num_threads(nt, || pi_chunked(seed, n))),
        ),
        (
            rayon_chunks.clone(),
            Box::new(move || on_rayon_threads(nt, || pi_rayon_chunks(seed, n))),
        ),
    ];
    // Streams per iteration: every variant counts exactly the same points.
    for (name, f) in &variants {
        assert_eq!(f(), expected, "pi: {name} differs from sequential");
    }
    let mut group = Group::new(format!(
        "Monte-Carlo pi, {n} points, rng::for_iteration per point (estimate {estimate:.6})"
    ));
    for (name, f) in &variants {
        group.variant(name.clone(), || {
            black_box(f());
        });
    }
    group.baseline("sequential").reference("rayon", &rayon);
    let report = group.run(&config.at_most_rounds(7));
    print!("{report}");
    target(
        "#[parallel] / sequential (speedup >= 1.8x)",
        report.ratio(&par, "sequential"),
        1.0 / 1.8,
    );
    target("#[parallel] / rayon", report.ratio(&par, &rayon), 1.05);
    target(
        "#[parallel] chunked / sequential (speedup >= 1.8x)",
        report.ratio(&chunked, "sequential"),
        1.0 / 1.8,
    );
    target(
        "#[parallel] chunked / rayon chunks",
        report.ratio(&chunked, &rayon_chunks),
        1.05,
    );

    // The generator's own cost, one thread: a new stream per pair of draws against
    // pairs drawn from one long stream (a block of Philox either way).
    let m = config.size(10_000_000, 1_000_000) as u64;
    let mut group = Group::new(format!("{m} x (make an Rng, draw two f64), 1 thread"));
    group.variant("for_iteration + 2 draws", || {
        let mut s = 0.0;
        for i in 0..m {
            let mut r = rng::for_iteration(seed, i);
            s += r.random::<f64>() + r.random::<f64>();
        }
        black_box(s);
    });
    group.variant("2 draws from one stream", || {
        let mut r = rng::for_iteration(seed, 0);
        let mut s = 0.0;
        for _ in 0..m {
            s += r.random::<f64>() + r.random::<f64>();
        }
        black_box(s);
    });
    let report = group.run(config);
    print!("{report}");
    for row in &report.rows {
        println!(
            "  {}: {:.2} ns per pair",
            row.name,
            row.median / m as f64 * 1e9
        );
    }
}

// ---------------------------------------------------------------------------------
// 7. The cost of `#[parallel(progress)]`: a million cheap iterations.

/// The loop without a bar.
#[parallel]
fn root_twice(x: &[f64], out: &mut [f64]) {
    for i in prange(x.len()) {
        out[i] = x[i].sqrt() * 2.0;
    }
}

/// The same loop with a bar: it reports each leaf as it finishes (the bar itself
/// appears only after half a second, so this loop of about a millisecond pays for the
/// reporting, never for drawing).
#[parallel(progress)]
fn root_twice_progress(x: &[f64], out: &mut [f64]) {
    for i in prange(x.len()) {
        out[i] = x[i].sqrt() * 2.0;
    }
}

/// `#[parallel(progress)]` against `#[parallel]` on 10^6 iterations, at 1 thread and at
/// the benchmark's thread count; at least 31 rounds, as the difference sought is 1%.
fn progress(config: &Config) {
    use parfor::progress::Progress;

    // Bars on in this process, or the bar's loop would run as the plain one.
    if Progress::start(1, "probe").is_none() {
        println!(
            "\nprogress: skipped: progress bars are off in this process (stderr is not a \
             terminal); run with PARFOR_PROGRESS=1"
        );
        return;
    }
    let n = 1_000_000;
    let x = uniform_in(n, 7, 0.0, 4.0);
    let expected: Vec<f64> = x.iter().map(|v| v.sqrt() * 2.0).collect();
    let x = &x[..];
    let mut variants: Vec<(String, Writer<'_, Vec<f64>>)> = Vec::new();
    let mut pairs = Vec::new();
    for nt in [1, config.threads] {
        let s = if nt == 1 { "" } else { "s" };
        let (plain, with_bar) = (
            format!("#[parallel], {nt} thread{s}"),
            format!("#[parallel(progress)], {nt} thread{s}"),
        );
        if pairs.contains(&(plain.clone(), with_bar.clone())) {
            continue;
        }
        variants.push((
            plain.clone(),
            Box::new(move |out| parfor::with_num_threads(nt, || root_twice(x, out))),
        ));
        variants.push((
            with_bar.clone(),
            Box::new(move |out| parfor::with_num_threads(nt, || root_twice_progress(x, out))),
        ));
        pairs.push((plain, with_bar));
    }
    let out = RefCell::new(vec![0.0; n]);
    for (name, f) in &variants {
        let mut o = out.borrow_mut();
        o.fill(f64::NAN);
        f(&mut o);
        assert!(*o == expected, "progress: {name} differs from sequential");
    }
    let mut group = Group::new(format!(
        "progress bar: out[i] = x[i].sqrt() * 2.0, n = {n}, with and without `progress`"
    ));
    for (name, f) in &variants {
        group.variant(name.clone(), || f(black_box(&mut out.borrow_mut())));
    }
    let mut config = config.clone();
    config.rounds = config.rounds.max(31);
    let report = group.run(&config);
    print!("{report}");
    for (plain, with_bar) in &pairs {
        target(
            &format!("{with_bar} / {plain}"),
            report.ratio(with_bar, plain),
            1.01,
        );
    }
}
