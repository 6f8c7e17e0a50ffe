//! `fft` against NumPy (fixtures/fft.txt), a naive DFT, the inverse identity, views, edge
//! cases and the per-thread plan cache.
//!
//! Tolerance: `|got - want| <= tol · max|want|`, with tol = 1e-13 for f64 and 1e-5 for
//! f32: an FFT's error is of the order of ε·log₂(n) times the largest output, and NumPy's
//! pocketfft and rustfft round differently.

mod common;

use common::{Rng, load};
use ndarray::{Array2, ArrayView2, s};
use num_complex::Complex;
use parfor_runtime::fft::{cached_plan_count, fft2, ifft2};
use rayon::prelude::*;

type C64 = Complex<f64>;

fn assert_near(what: &str, got: &Array2<C64>, want: &Array2<C64>, tol: f64) {
    assert_eq!(got.dim(), want.dim(), "{what}: shape");
    let scale = want
        .iter()
        .fold(0.0_f64, |m, z| m.max(z.norm()))
        .max(1e-300);
    for ((idx, g), w) in got.indexed_iter().zip(want) {
        assert!(
            (g - w).norm() <= tol * scale,
            "{what}: at {idx:?} got {g}, want {w} (tolerance {:e})",
            tol * scale
        );
    }
}

fn to_c64(z: &Array2<Complex<f32>>) -> Array2<C64> {
    z.mapv(|z| Complex::new(z.re as f64, z.im as f64))
}

#[test]
fn matches_numpy() {
    for case in load("fft.txt") {
        let name = &case.name;
        if name.contains("gen") {
            continue;
        }
        let x = case.get("x");
        let (want_f, want_i) = (case.get("fft2").c128_2d(), case.get("ifft2").c128_2d());
        match x.dtype.as_str() {
            "f64" => {
                let x = x.f64_2d();
                assert_near(name, &fft2(&x), &want_f, 1e-13);
                assert_near(name, &ifft2(&x), &want_i, 1e-13);
            }
            "c128" => {
                let x = x.c128_2d();
                assert_near(name, &fft2(&x), &want_f, 1e-13);
                assert_near(name, &ifft2(x.view()), &want_i, 1e-13);
            }
            "f32" => {
                let x = x.f32_2d();
                assert_eq!(case.get("fft2").dtype, "c64");
                assert_near(name, &to_c64(&fft2(&x)), &want_f, 1e-5);
                assert_near(name, &to_c64(&ifft2(&x)), &want_i, 1e-5);
            }
            "c64" => {
                let x = x.c128_2d().mapv(|z| Complex::new(z.re as f32, z.im as f32));
                assert_near(name, &to_c64(&fft2(&x)), &want_f, 1e-5);
                assert_near(name, &to_c64(&ifft2(&x)), &want_i, 1e-5);
            }
            other => panic!("{name}: unexpected dtype {other}"),
        }
    }
}

#[test]
fn matches_numpy_at_benchmark_sizes() {
    for case in load("fft.txt").iter().filter(|c| c.name.contains("gen")) {
        let x = case.get("x").f64_2d();
        for (key, got) in [("fft2_samples", fft2(&x)), ("ifft2_samples", ifft2(&x))] {
            let samples = case.get(key).f64_2d();
            let scale = got.iter().fold(0.0_f64, |m, z| m.max(z.norm()));
            for row in samples.rows() {
                let (i, j) = (row[0] as usize, row[1] as usize);
                let want = Complex::new(row[2], row[3]);
                assert!(
                    (got[[i, j]] - want).norm() <= 1e-13 * scale,
                    "{} {key} at ({i}, {j}): {} vs {want}",
                    case.name,
                    got[[i, j]]
                );
            }
        }
        // Parseval: Σ|X|² = m·n·Σ|x|², and NumPy's total.
        let energy: f64 = fft2(&x).iter().map(|z| z.norm_sqr()).sum();
        let want = case.get("fft2_energy").scalar();
        assert!(
            (energy - want).abs() <= 1e-12 * want,
            "{}: {energy} vs {want}",
            case.name
        );
        let direct = x.len() as f64 * x.iter().map(|v| v * v).sum::<f64>();
        assert!((energy - direct).abs() <= 1e-12 * direct);
    }
}

fn naive_dft(x: &ArrayView2<'_, C64>, sign: f64) -> Array2<C64> {
    let (m, n) = x.dim();
    Array2::from_shape_fn((m, n), |(k, l)| {
        let mut acc = C64::new(0.0, 0.0);
        for ((i, j), v) in x.indexed_iter() {
            let phase = sign
                * 2.0
                * std::f64::consts::PI
                * ((k * i) as f64 / m as f64 + (l * j) as f64 / n as f64);
            acc += v * C64::from_polar(1.0, phase);
        }
        acc
    })
}

#[test]
fn matches_a_naive_dft_on_random_shapes() {
    let mut rng = Rng::new(10);
    for _ in 0..40 {
        let (m, n) = (rng.usize(1, 14), rng.usize(1, 14));
        let x = Array2::from_shape_simple_fn((m, n), || C64::new(rng.uniform(), rng.uniform()));
        let what = format!("{m} × {n}");
        assert_near(&what, &fft2(&x), &naive_dft(&x.view(), -1.0), 1e-12);
        let inv = naive_dft(&x.view(), 1.0).mapv(|z| z / (m * n) as f64);
        assert_near(&what, &ifft2(&x), &inv, 1e-12);
        // Real input takes its own path (row pairs, half the columns).
        let re = x.mapv(|z| z.re);
        let as_complex = re.mapv(|v| C64::new(v, 0.0));
        assert_near(
            &what,
            &fft2(&re),
            &naive_dft(&as_complex.view(), -1.0),
            1e-12,
        );
        let inv = naive_dft(&as_complex.view(), 1.0).mapv(|z| z / (m * n) as f64);
        assert_near(&what, &ifft2(&re), &inv, 1e-12);
        let re32 = re.mapv(|v| v as f32);
        let got = fft2(&re32).mapv(|z| C64::new(z.re as f64, z.im as f64));
        assert_near(&what, &got, &fft2(&re), 1e-5);
    }
}

#[test]
fn real_input_across_its_row_and_column_blocks() {
    // The real path packs rows 16 at a time and transforms columns 8 at a time: shapes
    // on, below and past those edges, odd and even, against the naive DFT.
    let mut rng = Rng::new(12);
    for (m, n) in [
        (15, 14),
        (16, 16),
        (17, 15),
        (33, 31),
        (1, 40),
        (2, 33),
        (40, 2),
        (18, 34),
    ] {
        let re = rng.matrix(m, n);
        let as_complex = re.mapv(|v| C64::new(v, 0.0));
        let what = format!("{m} × {n}");
        assert_near(
            &what,
            &fft2(&re),
            &naive_dft(&as_complex.view(), -1.0),
            1e-12,
        );
    }
}

#[test]
fn inverse_undoes_forward() {
    let mut rng = Rng::new(11);
    for (m, n) in [(1, 1), (1, 64), (64, 1), (100, 100), (97, 31), (256, 60)] {
        let x = rng.matrix(m, n);
        let back = ifft2(&fft2(&x));
        for (z, &v) in back.iter().zip(&x) {
            assert!((z.re - v).abs() < 1e-13 && z.im.abs() < 1e-13, "{m} × {n}");
        }
        let x32 = x.mapv(|v| v as f32);
        let back = ifft2(&fft2(&x32));
        for (z, &v) in back.iter().zip(&x32) {
            assert!(
                (z.re - v).abs() < 1e-5 && z.im.abs() < 1e-5,
                "f32 {m} × {n}"
            );
        }
    }
}

#[test]
fn views_of_every_layout() {
    let mut rng = Rng::new(12);
    let x = rng.matrix(12, 10);
    let want = fft2(&x);
    // Transposing the input transposes the spectrum.
    assert_near("transpose", &fft2(x.t()), &want.t().to_owned(), 1e-14);
    let big = {
        let mut b = Array2::from_elem((24, 30), f64::NAN);
        b.slice_mut(s![..;2, ..;3]).assign(&x);
        b
    };
    assert_eq!(fft2(big.slice(s![..;2, ..;3])), want);
    let flipped = x.slice(s![..;-1, ..]).to_owned();
    assert_eq!(fft2(flipped.slice(s![..;-1, ..])), want);
    // The complex path (all rows, all columns) agrees with the real-input one.
    let complex = x.mapv(|v| C64::new(v, 0.0));
    assert_near("complex path", &fft2(&complex), &want, 1e-14);
    assert_near("complex path, inverse", &ifft2(&complex), &ifft2(&x), 1e-14);
}

#[test]
fn empty_and_one_by_one() {
    assert_eq!(fft2(&Array2::<f64>::zeros((0, 5))).dim(), (0, 5));
    assert_eq!(ifft2(&Array2::<C64>::zeros((3, 0))).dim(), (3, 0));
    let one = Array2::from_elem((1, 1), -2.5_f64);
    assert_eq!(fft2(&one)[[0, 0]], C64::new(-2.5, 0.0));
    assert_eq!(ifft2(&one)[[0, 0]], C64::new(-2.5, 0.0));
    let x = Array2::from_elem((3, 4), f64::NAN);
    assert!(fft2(&x).iter().all(|z| z.re.is_nan()));
}

#[test]
fn plans_are_cached_once_per_thread_and_size() {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(3)
        .build()
        .unwrap();
    let x = Array2::<f64>::ones((20, 30));
    pool.install(|| {
        (0..200).into_par_iter().for_each(|_| {
            std::hint::black_box(fft2(&x));
        });
    });
    // Every worker that ran an iteration planned lengths 30 and 20, forward, once.
    let counts = pool.broadcast(|_| cached_plan_count());
    assert!(counts.iter().all(|&c| c == 0 || c == 2), "{counts:?}");
    assert!(counts.contains(&2));
    pool.install(|| {
        (0..50).into_par_iter().for_each(|_| {
            std::hint::black_box(ifft2(&x));
        });
    });
    let counts = pool.broadcast(|_| cached_plan_count());
    assert!(counts.iter().all(|&c| c <= 4), "{counts:?}");
    // A new thread starts empty; f32 plans are separate from f64 ones.
    std::thread::spawn(|| {
        assert_eq!(cached_plan_count(), 0);
        fft2(&Array2::<f32>::zeros((8, 8)));
        assert_eq!(cached_plan_count(), 1);
        fft2(&Array2::<f64>::zeros((8, 8)));
        assert_eq!(cached_plan_count(), 2);
    })
    .join()
    .unwrap();
}
