//! `signal` against SciPy (fixtures/signal.txt), a naive loop, views and edge cases.
//!
//! Integers must match exactly. Floats: the direct method to `1e-12 · S` (f64) or
//! `1e-5 · S` (f32), the FFT method to `1e-11 · S` (f64) or `1e-4 · S` (f32), where
//! `S = Σ|a| · max|b|` bounds every output's partial sums: rounding errors scale with
//! it, not with the output element itself, which may be a cancellation near zero.

mod common;

use common::{Rng, load};
use ndarray::{Array2, ArrayView2, array, s};
use num_complex::Complex;
use parfor_runtime::signal::{
    Method, Mode, choose_method, convolve2d, convolve2d_with, correlate2d, correlate2d_with,
};

type C64 = Complex<f64>;

const MODES: [Mode; 3] = [Mode::Full, Mode::Same, Mode::Valid];
const METHODS: [Method; 3] = [Method::Auto, Method::Direct, Method::Fft];

fn mode_of(name: &str) -> Mode {
    match name.split_whitespace().nth(1) {
        Some("full") => Mode::Full,
        Some("same") => Mode::Same,
        Some("valid") => Mode::Valid,
        other => panic!("{name}: mode {other:?}"),
    }
}

fn run<T: parfor_runtime::signal::SignalElement>(
    correlate: bool,
    a: &Array2<T>,
    b: &Array2<T>,
    mode: Mode,
    method: Method,
) -> Array2<T> {
    if correlate {
        correlate2d_with(a, b, mode, method)
    } else {
        convolve2d_with(a, b, mode, method)
    }
}

fn scale(a: &Array2<C64>, b: &Array2<C64>) -> f64 {
    a.iter().map(|z| z.norm()).sum::<f64>() * b.iter().fold(0.0_f64, |m, z| m.max(z.norm()))
        + 1e-300
}

fn assert_near(what: &str, got: &Array2<C64>, want: &Array2<C64>, tol: f64) {
    assert_eq!(got.dim(), want.dim(), "{what}: shape");
    for ((idx, g), w) in got.indexed_iter().zip(want) {
        let ok = if w.re.is_nan() || w.im.is_nan() {
            g.re.is_nan() || g.im.is_nan()
        } else {
            (g - w).norm() <= tol
        };
        assert!(
            ok,
            "{what}: at {idx:?} got {g}, want {w} (tolerance {tol:e})"
        );
    }
}

fn c(x: &Array2<f64>) -> Array2<C64> {
    x.mapv(|v| C64::new(v, 0.0))
}

#[test]
fn matches_scipy() {
    let mut checked = 0;
    for case in load("signal.txt")
        .iter()
        .filter(|c| !c.name.contains("gen") && !c.name.contains("seed"))
    {
        let name = &case.name;
        let correlate = name.starts_with("correlate2d");
        let mode = mode_of(name);
        let (a, b) = (case.get("a"), case.get("b"));
        let want = case.get("out");
        match a.dtype.as_str() {
            "i64" => {
                let (a, b) = (a.i64_2d(), b.i64_2d());
                let want = want.i64_2d();
                if name.contains("uint8") {
                    let (a, b) = (a.mapv(|x| x as u8), b.mapv(|x| x as u8));
                    for method in METHODS {
                        assert_eq!(
                            run(correlate, &a, &b, mode, method).mapv(i64::from),
                            want,
                            "{name}"
                        );
                    }
                    continue;
                }
                for method in METHODS {
                    assert_eq!(
                        run(correlate, &a, &b, mode, method),
                        want,
                        "{name} {method:?}"
                    );
                    // Narrower types wrap around exactly as the i64 result would.
                    let (a32, b32) = (a.mapv(|x| x as i32), b.mapv(|x| x as i32));
                    assert_eq!(
                        run(correlate, &a32, &b32, mode, method),
                        want.mapv(|x| x as i32),
                        "{name} i32"
                    );
                    let (a8, b8) = (a.mapv(|x| x as i8), b.mapv(|x| x as i8));
                    assert_eq!(
                        run(correlate, &a8, &b8, mode, method),
                        want.mapv(|x| x as i8),
                        "{name} i8"
                    );
                }
            }
            "f64" | "f32" => {
                let is_f32 = a.dtype == "f32";
                let (a, b) = (a.f64_2d(), b.f64_2d());
                let want = c(&want.f64_2d());
                let s = scale(&c(&a), &c(&b));
                for method in METHODS {
                    if name.contains("nan") && method == Method::Fft {
                        continue; // the FFT spreads NaN everywhere; Auto must not pick it
                    }
                    let tol = match (is_f32, method) {
                        (false, Method::Fft) => 1e-11,
                        (false, _) => 1e-12,
                        (true, Method::Fft) => 1e-4,
                        (true, _) => 1e-5,
                    } * s;
                    let got = if is_f32 {
                        let (a, b) = (a.mapv(|x| x as f32), b.mapv(|x| x as f32));
                        c(&run(correlate, &a, &b, mode, method).mapv(f64::from))
                    } else {
                        c(&run(correlate, &a, &b, mode, method))
                    };
                    assert_near(&format!("{name} {method:?}"), &got, &want, tol);
                }
            }
            "c128" => {
                let (a, b) = (a.c128_2d(), b.c128_2d());
                let want = want.c128_2d();
                let s = scale(&a, &b);
                for method in METHODS {
                    let tol = if method == Method::Fft { 1e-11 } else { 1e-12 } * s;
                    assert_near(
                        &format!("{name} {method:?}"),
                        &run(correlate, &a, &b, mode, method),
                        &want,
                        tol,
                    );
                }
            }
            other => panic!("{name}: dtype {other}"),
        }
        checked += 1;
    }
    assert!(checked > 150, "only {checked} cases");
}

#[test]
fn matches_scipy_at_benchmark_size() {
    for case in load("signal.txt")
        .iter()
        .filter(|c| c.name.contains("gen100"))
    {
        let name = &case.name;
        let (a, b) = (case.get("a").f64_2d(), case.get("b").f64_2d());
        let s = scale(&c(&a), &c(&b));
        let mode = mode_of(name);
        for method in METHODS {
            let got = run(name.starts_with("correlate2d"), &a, &b, mode, method);
            for row in case.get("out_samples").f64_2d().rows() {
                let (i, j, want) = (row[0] as usize, row[1] as usize, row[2]);
                assert!(
                    (got[[i, j]] - want).abs() <= 1e-12 * s,
                    "{name} {method:?} ({i}, {j}): {} vs {want}",
                    got[[i, j]]
                );
            }
            let sum: f64 = got.sum();
            assert!(
                (sum - case.get("out_sum").scalar()).abs() <= 1e-10 * s,
                "{name} {method:?} sum"
            );
        }
    }
}

#[test]
fn the_seed_autocorrelation_is_exact() {
    let case = load("signal.txt")
        .into_iter()
        .find(|c| c.name.contains("seed-int100"))
        .expect("case");
    let a = case.get("a").i64_2d();
    assert!(a.iter().all(|&x| (0..100).contains(&x)));
    let out = correlate2d(&a, &a, Mode::Full);
    for row in case.get("out_samples").i64_2d().rows() {
        assert_eq!(out[[row[0] as usize, row[1] as usize]], row[2]);
    }
    assert_eq!(out.sum(), case.get("out_sum").scalar() as i64);
    let cols = out.ncols() as i64;
    let weighted: i64 = out
        .indexed_iter()
        .map(|((i, j), &v)| v * (i as i64 * cols + j as i64 + 1))
        .sum();
    assert_eq!(weighted, case.get("out_weighted_sum").scalar() as i64);
    // The same data as u16 and i32: still exact.
    assert_eq!(
        correlate2d(&a.mapv(|x| x as i32), &a.mapv(|x| x as i32), Mode::Full),
        out.mapv(|x| x as i32)
    );
}

/// SciPy's semantics spelled out from its definitions, one element at a time.
fn naive(
    correlate: bool,
    a: &ArrayView2<'_, i64>,
    b: &ArrayView2<'_, i64>,
    mode: Mode,
) -> Array2<i64> {
    let ((m1, n1), (m2, n2)) = (a.dim(), b.dim());
    if mode == Mode::Valid && !(m1 >= m2 && n1 >= n2) {
        // SciPy swaps the inputs; correlation then turns the result by 180°.
        let out = naive(correlate, b, a, mode);
        return if correlate {
            out.slice(s![..;-1, ..;-1]).to_owned()
        } else {
            out
        };
    }
    let at = |i: isize, j: isize| -> i64 {
        if i < 0 || j < 0 || i >= m1 as isize || j >= n1 as isize {
            0
        } else {
            a[[i as usize, j as usize]]
        }
    };
    // Full results, indexed from 0.
    let full = |p: isize, q: isize| -> i64 {
        let mut acc = 0_i64;
        for k in 0..m2 as isize {
            for l in 0..n2 as isize {
                acc = acc.wrapping_add(if correlate {
                    at(p + k - (m2 as isize - 1), q + l - (n2 as isize - 1))
                        .wrapping_mul(b[[k as usize, l as usize]])
                } else {
                    at(p - k, q - l).wrapping_mul(b[[k as usize, l as usize]])
                });
            }
        }
        acc
    };
    let (shape, offset) = match mode {
        Mode::Full => (
            ((m1 + m2).saturating_sub(1), (n1 + n2).saturating_sub(1)),
            (0, 0),
        ),
        Mode::Same if correlate => ((m1, n1), (m2 / 2, n2 / 2)),
        Mode::Same => (
            (m1, n1),
            (m2.saturating_sub(1) / 2, n2.saturating_sub(1) / 2),
        ),
        Mode::Valid => (
            (m1 + 1 - m2, n1 + 1 - n2),
            (m2.saturating_sub(1), n2.saturating_sub(1)),
        ),
    };
    Array2::from_shape_fn(shape, |(i, j)| {
        full((i + offset.0) as isize, (j + offset.1) as isize)
    })
}

#[test]
fn matches_a_naive_loop_on_random_inputs() {
    let mut rng = Rng::new(20);
    for round in 0..400 {
        let (m1, n1, m2, n2) = (
            rng.usize(0, 9),
            rng.usize(0, 9),
            rng.usize(0, 9),
            rng.usize(0, 9),
        );
        let a = Array2::from_shape_simple_fn((m1, n1), || rng.int(-20, 20));
        let b = Array2::from_shape_simple_fn((m2, n2), || rng.int(-20, 20));
        for mode in MODES {
            let fits = m1 >= m2 && n1 >= n2 || m2 >= m1 && n2 >= n1;
            if mode == Mode::Valid && !fits {
                continue;
            }
            for correlate in [true, false] {
                let want = naive(correlate, &a.view(), &b.view(), mode);
                let what =
                    format!("round {round}: {m1}x{n1} {m2}x{n2} {mode:?} correlate={correlate}");
                assert_eq!(run(correlate, &a, &b, mode, Method::Auto), want, "{what}");
                // Floats, both methods, on the same (exactly representable) data.
                let (af, bf) = (a.mapv(|x| x as f64), b.mapv(|x| x as f64));
                for method in [Method::Direct, Method::Fft] {
                    let got = run(correlate, &af, &bf, mode, method);
                    let tol = if method == Method::Direct { 0.0 } else { 1e-9 };
                    for (g, w) in got.iter().zip(&want) {
                        assert!(
                            (g - *w as f64).abs() <= tol,
                            "{what} {method:?}: {got} vs {want}"
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn large_integers_take_the_integer_path_and_wrap() {
    // Values near 2^40: sums pass 2^52, so the exact f64 shortcut must not be used.
    let mut rng = Rng::new(21);
    let a = Array2::from_shape_simple_fn((9, 7), || rng.int(-(1 << 40), 1 << 40));
    let b = Array2::from_shape_simple_fn((4, 5), || rng.int(-(1 << 40), 1 << 40));
    for mode in MODES {
        for correlate in [true, false] {
            assert_eq!(
                run(correlate, &a, &b, mode, Method::Auto),
                naive(correlate, &a.view(), &b.view(), mode)
            );
        }
    }
    let u = a.mapv(|x| x as u64);
    let w = correlate2d(&u, &b.mapv(|x| x as u64), Mode::Full);
    assert_eq!(
        w,
        naive(true, &a.view(), &b.view(), Mode::Full).mapv(|x| x as u64)
    );
}

#[test]
fn views_of_every_layout() {
    let mut rng = Rng::new(22);
    let a = rng.matrix(11, 13);
    let b = rng.matrix(4, 3);
    for mode in MODES {
        for method in [Method::Direct, Method::Fft] {
            let want = correlate2d_with(&a, &b, mode, method);
            let at = a.t().to_owned();
            assert_eq!(
                correlate2d_with(at.t(), &b, mode, method),
                want,
                "{mode:?} {method:?}"
            );
            let mut big = Array2::from_elem((22, 39), f64::NAN);
            big.slice_mut(s![..;2, ..;3]).assign(&a);
            assert_eq!(
                correlate2d_with(big.slice(s![..;2, ..;3]), b.view(), mode, method),
                want
            );
            let flipped = b.slice(s![..;-1, ..]).to_owned();
            assert_eq!(
                correlate2d_with(&a, flipped.slice(s![..;-1, ..]), mode, method),
                want
            );
        }
    }
}

#[test]
fn complex_correlation_conjugates_the_kernel() {
    let a = array![[C64::new(1.0, 1.0), C64::new(0.0, 2.0)]];
    let b = array![[C64::new(0.0, 1.0)]];
    for method in METHODS {
        let got = correlate2d_with(&a, &b, Mode::Full, method);
        let want = array![[C64::new(1.0, -1.0), C64::new(2.0, 0.0)]]; // a · conj(i) = -i·a
        assert_near(&format!("{method:?}"), &got, &want, 1e-15);
        let got = convolve2d_with(&a, &b, Mode::Full, method);
        let want = array![[C64::new(-1.0, 1.0), C64::new(-2.0, 0.0)]]; // a · i
        assert_near(&format!("{method:?}"), &got, &want, 1e-15);
    }
}

#[test]
fn auto_chooses_by_cost_and_avoids_the_fft_where_it_would_differ() {
    let big = Array2::<f64>::ones((100, 100));
    let small = Array2::<f64>::ones((3, 3));
    assert_eq!(choose_method(&big, &big, Mode::Full), Method::Fft);
    assert_eq!(choose_method(&big, &small, Mode::Full), Method::Direct);
    assert_eq!(choose_method(&big, &big, Mode::Valid), Method::Direct); // one output element
    // Small integers go through the FFT, rounded (provably exact); large ones do not.
    let ints = big.mapv(|x| x as i64);
    assert_eq!(choose_method(&ints, &ints, Mode::Full), Method::Fft);
    let naive = correlate2d_with(&ints, &ints, Mode::Full, Method::Direct);
    assert_eq!(correlate2d(&ints, &ints, Mode::Full), naive);
    let huge = ints.mapv(|x| x << 40);
    assert_eq!(choose_method(&huge, &huge, Mode::Full), Method::Direct);
    assert_eq!(
        correlate2d_with(&huge, &huge, Mode::Full, Method::Fft),
        correlate2d_with(&huge, &huge, Mode::Full, Method::Direct)
    );
    let mut with_nan = big.clone();
    with_nan[[50, 50]] = f64::NAN;
    assert_eq!(choose_method(&with_nan, &big, Mode::Full), Method::Direct);
    // The direct method keeps a NaN in `a` local, as SciPy does.
    let out = correlate2d(&with_nan, &small, Mode::Same);
    assert!(out[[50, 50]].is_nan() && out[[48, 50]] == 9.0);
}

#[test]
fn empty_inputs() {
    let e = Array2::<f64>::zeros((0, 0));
    let b = Array2::<f64>::ones((2, 2));
    assert_eq!(correlate2d(&e, &e, Mode::Full).dim(), (0, 0)); // SciPy raises here
    assert_eq!(
        correlate2d(&e, &e, Mode::Valid),
        Array2::<f64>::zeros((1, 1))
    );
    assert_eq!(convolve2d(&e, &b, Mode::Same).dim(), (0, 0));
    assert_eq!(
        correlate2d_with(&Array2::<f64>::zeros((0, 3)), &b, Mode::Full, Method::Fft),
        Array2::<f64>::zeros((1, 4))
    );
    assert_eq!(
        convolve2d(&b, &Array2::<f64>::zeros((0, 3)), Mode::Same),
        Array2::<f64>::zeros((2, 2))
    );
    assert_eq!(
        correlate2d(
            &Array2::<i32>::zeros((3, 0)),
            &Array2::<i32>::ones((1, 1)),
            Mode::Full
        )
        .dim(),
        (3, 0)
    );
}

#[test]
#[should_panic(
    expected = "correlate2d: for Mode::Valid one input must be at least as large as the other on both axes, got 3 × 2 and 2 × 3"
)]
fn valid_mode_needs_one_input_to_contain_the_other() {
    correlate2d(
        &Array2::<f64>::ones((3, 2)),
        &Array2::<f64>::ones((2, 3)),
        Mode::Valid,
    );
}

#[test]
#[should_panic(expected = "convolve2d: for Mode::Valid")]
fn valid_mode_panics_for_convolve_too() {
    convolve2d(
        &Array2::<u8>::ones((1, 5)),
        &Array2::<u8>::ones((2, 1)),
        Mode::Valid,
    );
}
