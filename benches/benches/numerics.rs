//! Numerics benchmarks of issue 4: the runtime's per-call numerics against their other
//! routes and raw OpenBLAS. `benches/python/numerics.py` times the same calls with
//! NumPy/SciPy; give it this bench's output file to print the ratios.
//!
//! 1. `det` of 10 × 10 and 100 × 100: the Rust LU route against LAPACK's `getrf`
//!    route, and the sweep over sizes behind `linalg::RUST_ROUTE_MAX` (`crossover`).
//! 2. `fft2` of 100 × 100 and 512 × 512 real input.
//! 3. `correlate2d` of two 100 × 100 matrices, full mode: `f64` (auto method, and each
//!    method forced) and `i64` (the seed's `randint` data; exact).
//! 4. `matmul` of 4000 × 4000 against a direct `cblas_dgemm` call, at 1 and 2 BLAS
//!    threads, in GFLOP/s.
//!
//! ```text
//! cargo bench -p parfor-benches --bench numerics
//! PARFOR_BENCH_OUT=target/numerics-rust.txt cargo bench -p parfor-benches --bench numerics
//! python3 benches/python/numerics.py --rust target/numerics-rust.txt
//! PARFOR_BENCH_QUICK=1 cargo bench -p parfor-benches --bench numerics   # small, 3 rounds
//! PARFOR_BENCH_FILTER=fft2 cargo bench -p parfor-benches --bench numerics # one part:
//!     det, crossover, fft2, correlate2d or matmul
//! ```
//!
//! BLAS runs on one thread except in the `matmul` group (parallel loops pin it to one,
//! so that is the setting loop bodies see; NumPy's script pins it the same way).

use std::fmt::Write as _;
use std::hint::black_box;
use std::time::Duration;

use ndarray::{Array2, Array3, ArrayView2, Axis};
use parfor_benches::data::uniform_in;
use parfor_benches::{Config, Group, Report, load_average, target};
use parfor_runtime::blas;
use parfor_runtime::fft::fft2;
use parfor_runtime::linalg::{Backend, det, det_with, matmul};
use parfor_runtime::signal::{Method, Mode, correlate2d, correlate2d_with};

/// One part of the bench, selected by `PARFOR_BENCH_FILTER`.
type Part = fn(&Config, &mut Out);

/// Machine-readable lines `key seconds` for the Python script's ratio table.
struct Out(String);

impl Out {
    fn record(&mut self, key: &str, report: &Report, variant: &str) {
        let _ = writeln!(self.0, "{key} {:.9e}", report.median(variant));
    }
}

fn matrix(n: usize, m: usize, seed: u64) -> Array2<f64> {
    Array2::from_shape_vec((n, m), uniform_in(n * m, seed, 0.0, 1.0)).expect("n * m values")
}

fn main() {
    let config = Config::from_env();
    println!(
        "parfor numerics benchmarks{}; {} cores available",
        if config.quick { ", quick mode" } else { "" },
        std::thread::available_parallelism().map_or(1, |n| n.get()),
    );
    let load = || load_average().unwrap_or_else(|| "unknown".into());
    println!("load average before: {}", load());
    let mut out = Out(String::new());
    blas::set_num_threads(1);
    let parts: [(&str, Part); 5] = [
        ("det", determinants),
        ("crossover", crossover),
        ("fft2", ffts),
        ("correlate2d", correlations),
        ("matmul", matmuls),
    ];
    for (name, part) in parts {
        if config.selected(name) {
            part(&config, &mut out);
        }
    }
    println!("\nload average after: {}", load());
    if let Ok(path) = std::env::var("PARFOR_BENCH_OUT") {
        std::fs::write(&path, &out.0).expect("write PARFOR_BENCH_OUT");
        println!("wrote {path}");
    }
}

// ---------------------------------------------------------------------------------
// 1. Determinants.

fn determinants(config: &Config, out: &mut Out) {
    for n in [10, 100] {
        // Diagonally dominant, so the determinant is finite and far from zero.
        let a = matrix(n, n, 1) + Array2::<f64>::eye(n) * n as f64;
        // The workloads' case: slices `t[:, :, k]` of a C-order tensor of 64 distinct random
        // matrices (so pivots are as unpredictable as there), strides (64 n, 64): one
        // cache line per element. The tensor fits in L3.
        let t = Array3::from_shape_vec((n, n, 64), uniform_in(n * n * 64, 3, -1.0, 1.0))
            .expect("n * n * 64 values");
        let mut group = Group::new(format!("det {n} x {n}"));
        group.variant("det (auto)", || {
            black_box(det(black_box(&a)));
        });
        group.variant("Rust LU route", || {
            black_box(det_with(black_box(&a), Backend::Rust));
        });
        group.variant("LAPACK getrf route", || {
            black_box(det_with(black_box(&a), Backend::Lapack));
        });
        let mut k = 0;
        group.variant("det (auto), tensor slice", || {
            k = (k + 1) % 64;
            black_box(det(black_box(&t).index_axis(Axis(2), k)));
        });
        group.baseline("LAPACK getrf route");
        let report = group.run(config);
        print!("{report}");
        out.record(&format!("det{n}"), &report, "det (auto)");
        if n >= 100 {
            target(
                "det (auto) / getrf route",
                report.ratio("det (auto)", "LAPACK getrf route"),
                1.2,
            );
        }
    }
}

/// The sweep behind `linalg::RUST_ROUTE_MAX`: Rust LU time / LAPACK time by size.
fn crossover(config: &Config, _: &mut Out) {
    println!("\ncrossover: Rust LU / LAPACK getrf, det of n x n (one BLAS thread)");
    let sizes: &[usize] = if config.quick {
        &[8, 32, 64]
    } else {
        &[5, 10, 16, 24, 32, 40, 48, 56, 64, 100]
    };
    let quick = Config {
        rounds: config.rounds.min(5),
        ..config.clone()
    };
    for &n in sizes {
        let a = matrix(n, n, 2) + Array2::<f64>::eye(n) * n as f64;
        let mut group = Group::new(format!("det {n} x {n}"));
        group.variant("rust", || {
            black_box(det_with(black_box(&a), Backend::Rust));
        });
        group.variant("lapack", || {
            black_box(det_with(black_box(&a), Backend::Lapack));
        });
        let report = group.run(&quick);
        println!(
            "  n = {n:>3}: rust {:>10}  lapack {:>10}  ratio {:.2}",
            parfor_benches::format_seconds(report.median("rust")),
            parfor_benches::format_seconds(report.median("lapack")),
            report.ratio("rust", "lapack"),
        );
    }
}

// ---------------------------------------------------------------------------------
// 2. FFTs.

fn ffts(config: &Config, out: &mut Out) {
    for n in [100, 512] {
        let x = matrix(n, n, 3);
        let mut group = Group::new(format!("fft2 {n} x {n} f64"));
        group.variant("fft2", || {
            black_box(fft2(black_box(&x)));
        });
        let report = group.run(config);
        print!("{report}");
        out.record(&format!("fft2_{n}"), &report, "fft2");
    }
}

// ---------------------------------------------------------------------------------
// 3. Correlation.

fn correlations(config: &Config, out: &mut Out) {
    let a = matrix(100, 100, 4);
    let b = matrix(100, 100, 5);
    let mut group = Group::new("correlate2d 100 x 100, full, f64");
    group.variant("auto", || {
        black_box(correlate2d(black_box(&a), black_box(&b), Mode::Full));
    });
    group.variant("fft", || {
        black_box(correlate2d_with(
            black_box(&a),
            black_box(&b),
            Mode::Full,
            Method::Fft,
        ));
    });
    group.variant("direct", || {
        black_box(correlate2d_with(
            black_box(&a),
            black_box(&b),
            Mode::Full,
            Method::Direct,
        ));
    });
    let report = group.run(config);
    print!("{report}");
    out.record("corr_f64", &report, "auto");

    // The seed's data: `np.random.randint(0, 100, (100, 100))`, autocorrelated.
    let ai = matrix(100, 100, 6).mapv(|x| (x * 100.0) as i64);
    let mut group = Group::new("correlate2d 100 x 100, full, i64 (exact)");
    group.variant("auto", || {
        black_box(correlate2d(black_box(&ai), black_box(&ai), Mode::Full));
    });
    let report = group.run(config);
    print!("{report}");
    out.record("corr_i64", &report, "auto");
}

// ---------------------------------------------------------------------------------
// 4. Matrix product.

/// `c = a · b` by a direct `cblas_dgemm` call on standard-layout arrays.
fn dgemm_direct(a: &ArrayView2<'_, f64>, b: &ArrayView2<'_, f64>, c: &mut Array2<f64>) {
    let (m, k) = a.dim();
    let n = b.ncols();
    assert!(a.is_standard_layout() && b.is_standard_layout() && c.is_standard_layout());
    assert!(b.nrows() == k && c.dim() == (m, n));
    let [m, n, k] = [m, n, k].map(|d| i32::try_from(d).expect("fits a C int"));
    // SAFETY: all three arrays are contiguous row-major with the dimensions passed (checked
    // above), so lda = k, ldb = n, ldc = n address exactly their elements; `c` is borrowed
    // mutably and does not alias `a` or `b`.
    unsafe {
        cblas_sys::cblas_dgemm(
            cblas_sys::CblasRowMajor,
            cblas_sys::CblasNoTrans,
            cblas_sys::CblasNoTrans,
            m,
            n,
            k,
            1.0,
            a.as_ptr(),
            k,
            b.as_ptr(),
            n,
            0.0,
            c.as_mut_ptr(),
            n,
        );
    }
}

fn matmuls(config: &Config, out: &mut Out) {
    let n = config.size(4000, 1000);
    let a = matrix(n, n, 7);
    let b = matrix(n, n, 8);
    let rounds = Config {
        rounds: config.rounds.min(5),
        min_sample: Duration::ZERO,
        ..config.clone()
    };
    let gflops = |seconds: f64| 2.0 * (n as f64).powi(3) / seconds / 1e9;
    for threads in [1, 2] {
        blas::set_num_threads(threads);
        let mut group = Group::new(format!("matmul {n} x {n}, {threads} BLAS thread(s)"));
        group.variant("matmul", || {
            black_box(matmul(black_box(&a), black_box(&b)));
        });
        group.variant("direct cblas_dgemm", || {
            // Allocating the output is part of both variants.
            let mut c = Array2::<f64>::zeros((n, n));
            dgemm_direct(&a.view(), &b.view(), &mut c);
            black_box(c);
        });
        group.baseline("direct cblas_dgemm");
        let report = group.run(&rounds);
        print!("{report}");
        println!(
            "  GFLOP/s: matmul {:.1}, direct {:.1}",
            gflops(report.median("matmul")),
            gflops(report.median("direct cblas_dgemm"))
        );
        target(
            "matmul / direct dgemm",
            report.ratio("matmul", "direct cblas_dgemm"),
            1.05,
        );
        out.record(&format!("matmul_{threads}t"), &report, "matmul");
        out.record(&format!("dgemm_{threads}t"), &report, "direct cblas_dgemm");
    }
    blas::set_num_threads(1);
}
