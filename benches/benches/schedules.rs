//! Schedules on loops of very uneven iteration cost (issue 19): `#[parallel]` under
//! its default (adaptive) schedule and under `schedule = static`, `dynamic` and
//! `guided`, against a plain sequential loop and hand-written rayon, in the same run.
//!
//! 1. `mandelbrot`: escape counts of a 1000 x 2000 grid over [-2, 0.5] x [0, 1.25] (the
//!    upper half of the set), a row per iteration, up to 1000 steps a point: rows
//!    through the set cost up to a hundred times the rows above it, and the costly rows
//!    are the first ones, so equal blocks of rows are far from equal work.
//! 2. `triangle`: row `i` of a lower-triangular 3000 x 3000 product `out[i] = Σ_{j<=i}
//!    a[i, j] * x[j]` (work grows linearly with `i`: the last rows are the costly ones).
//!
//! Every variant's result is checked against the sequential one before it is timed.
//!
//! ```text
//! cargo bench -p parfor-benches --bench schedules
//! PARFOR_BENCH_FILTER=mandelbrot cargo bench -p parfor-benches --bench schedules
//! ```

use std::hint::black_box;

use ndarray::Array2;
use parfor::prelude::*;
use parfor_benches::data::matrix;
use parfor_benches::{Config, Group, load_average, on_rayon_threads};
use rayon::prelude::*;

fn main() {
    let config = Config::from_env();
    println!(
        "parfor schedule benchmarks: {} threads for parallel variants{}; {} cores available",
        config.threads,
        if config.quick { ", quick mode" } else { "" },
        std::thread::available_parallelism().map_or(1, |n| n.get()),
    );
    let load = || load_average().unwrap_or_else(|| "unknown".into());
    println!("load average before: {}", load());
    if config.selected("mandelbrot") {
        mandelbrot(&config);
    }
    if config.selected("triangle") {
        triangle(&config);
    }
    println!("\nload average after: {}", load());
}

/// A boxed variant: fills its output.
type Variant<'a, T> = Box<dyn Fn(&mut T) + 'a>;

/// Times `variants` (each writes into its own output), after checking each output
/// equals the first variant's (the sequential loop).
fn compare<T: Clone + PartialEq>(
    config: &Config,
    title: String,
    zero: &T,
    variants: Vec<(String, Variant<'_, T>)>,
    rayon: &str,
) {
    let mut want = zero.clone();
    (variants[0].1)(&mut want);
    for (name, f) in &variants[1..] {
        let mut got = zero.clone();
        f(&mut got);
        assert!(
            got == want,
            "{title}: {name} differs from the sequential loop"
        );
    }
    let mut group = Group::new(title);
    for (name, f) in &variants {
        let mut out = zero.clone();
        group.variant(name.clone(), move || {
            f(&mut out);
            black_box(&out);
        });
    }
    group
        .baseline(variants[0].0.clone())
        .reference("rayon", rayon);
    print!("{}", group.run(config));
}

// ---------------------------------------------------------------------------------
// 1. Mandelbrot rows.

const MAX_STEPS: u32 = 1000;

/// Escape count of the point `(cx, cy)`.
#[inline(always)]
fn escape(cx: f64, cy: f64) -> u32 {
    let (mut x, mut y, mut k) = (0.0f64, 0.0f64, 0);
    while k < MAX_STEPS && x * x + y * y <= 4.0 {
        let t = x * x - y * y + cx;
        y = 2.0 * x * y + cy;
        x = t;
        k += 1;
    }
    k
}

/// The point of pixel `(i, j)` of an `h x w` grid.
#[inline(always)]
fn point(i: usize, j: usize, h: usize, w: usize) -> (f64, f64) {
    (-2.0 + 2.5 * j as f64 / w as f64, 1.25 * i as f64 / h as f64)
}

fn mandel_seq(out: &mut Array2<u32>) {
    let (h, w) = out.dim();
    for i in 0..h {
        for j in 0..w {
            let (cx, cy) = point(i, j, h, w);
            out[[i, j]] = escape(cx, cy);
        }
    }
}

/// One `#[parallel]` function per schedule, the body as a Numba user writes it.
macro_rules! mandel_par {
    ($name:ident, $($opt:tt)*) => {
        #[parallel($($opt)*)]
        fn $name(out: &mut Array2<u32>) {
            let (h, w) = out.dim();
            for i in prange(h) {
                for j in 0..w {
                    let (cx, cy) = point(i, j, h, w);
                    out[[i, j]] = escape(cx, cy);
                }
            }
        }
    };
}
mandel_par!(mandel_adaptive,);
mandel_par!(mandel_static, schedule = static);
mandel_par!(mandel_static_1, schedule = static, chunk = 1);
mandel_par!(mandel_dynamic, schedule = dynamic);
mandel_par!(mandel_dynamic_1, schedule = dynamic, chunk = 1);
mandel_par!(mandel_guided, schedule = guided);

/// Hand-written rayon: a row per item.
fn mandel_rayon(out: &mut Array2<u32>) {
    let (h, w) = out.dim();
    out.as_slice_mut()
        .expect("standard layout")
        .par_chunks_mut(w)
        .enumerate()
        .for_each(|(i, row)| {
            for (j, o) in row.iter_mut().enumerate() {
                let (cx, cy) = point(i, j, h, w);
                *o = escape(cx, cy);
            }
        });
}

fn mandelbrot(config: &Config) {
    let nt = config.threads;
    let (h, w) = if config.quick {
        (250, 500)
    } else {
        (1000, 2000)
    };
    let par = |f: fn(&mut Array2<u32>)| -> Variant<'static, Array2<u32>> {
        Box::new(move |o| parfor::with_num_threads(nt, || f(o)))
    };
    let rayon = format!("rayon, a row per item, {nt} threads");
    let variants: Vec<(String, Variant<'_, Array2<u32>>)> = vec![
        ("sequential".into(), Box::new(mandel_seq)),
        (
            format!("#[parallel] (adaptive), {nt} threads"),
            par(mandel_adaptive),
        ),
        (
            format!("schedule = static, {nt} threads"),
            par(mandel_static),
        ),
        (
            format!("schedule = static, chunk = 1, {nt} threads"),
            par(mandel_static_1),
        ),
        (
            format!("schedule = dynamic, {nt} threads"),
            par(mandel_dynamic),
        ),
        (
            format!("schedule = dynamic, chunk = 1, {nt} threads"),
            par(mandel_dynamic_1),
        ),
        (
            format!("schedule = guided, {nt} threads"),
            par(mandel_guided),
        ),
        (
            rayon.clone(),
            Box::new(move |o| on_rayon_threads(nt, || mandel_rayon(o))),
        ),
    ];
    compare(
        config,
        format!("Mandelbrot (upper half), {h} x {w}, a row per iteration, up to {MAX_STEPS} steps"),
        &Array2::zeros((h, w)),
        variants,
        &rayon,
    );
}

// ---------------------------------------------------------------------------------
// 2. Lower-triangular matrix-vector product.

// `Vec`: every variant has the same type, and `#[parallel]` ones take the `Vec` a user has.
#[allow(clippy::ptr_arg)]
fn tri_seq(a: &Array2<f64>, x: &[f64], out: &mut Vec<f64>) {
    for i in 0..a.nrows() {
        let mut s = 0.0;
        for j in 0..=i {
            s += a[[i, j]] * x[j];
        }
        out[i] = s;
    }
}

macro_rules! tri_par {
    ($name:ident, $($opt:tt)*) => {
        #[parallel($($opt)*)]
        fn $name(a: &Array2<f64>, x: &[f64], out: &mut Vec<f64>) {
            for i in prange(a.nrows()) {
                let mut s = 0.0;
                for j in 0..=i {
                    s += a[[i, j]] * x[j];
                }
                out[i] = s;
            }
        }
    };
}
tri_par!(tri_adaptive,);
tri_par!(tri_static, schedule = static);
tri_par!(tri_dynamic, schedule = dynamic);
tri_par!(tri_guided, schedule = guided);

fn tri_rayon(a: &Array2<f64>, x: &[f64], out: &mut [f64]) {
    out.par_iter_mut().enumerate().for_each(|(i, o)| {
        let row = a.row(i);
        let mut s = 0.0;
        for j in 0..=i {
            s += row[j] * x[j];
        }
        *o = s;
    });
}

fn triangle(config: &Config) {
    let nt = config.threads;
    let n = if config.quick { 800 } else { 3000 };
    let a = matrix(n, n, 11);
    let x: Vec<f64> = (0..n).map(|k| (k as f64 * 0.37).sin()).collect();
    let (a, x) = (&a, &x);
    type Tri = fn(&Array2<f64>, &[f64], &mut Vec<f64>);
    let par = |f: Tri| -> Variant<'_, Vec<f64>> {
        Box::new(move |o| parfor::with_num_threads(nt, || f(a, x, o)))
    };
    let rayon = format!("rayon, a row per item, {nt} threads");
    let variants: Vec<(String, Variant<'_, Vec<f64>>)> = vec![
        ("sequential".into(), Box::new(move |o| tri_seq(a, x, o))),
        (
            format!("#[parallel] (adaptive), {nt} threads"),
            par(tri_adaptive),
        ),
        (format!("schedule = static, {nt} threads"), par(tri_static)),
        (
            format!("schedule = dynamic, {nt} threads"),
            par(tri_dynamic),
        ),
        (format!("schedule = guided, {nt} threads"), par(tri_guided)),
        (
            rayon.clone(),
            Box::new(move |o| on_rayon_threads(nt, || tri_rayon(a, x, o))),
        ),
    ];
    compare(
        config,
        format!("lower-triangular matrix-vector product, {n} x {n}, a row per iteration"),
        &vec![0.0; n],
        variants,
        &rayon,
    );
}
