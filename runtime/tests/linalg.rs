//! `linalg` against NumPy (fixtures/linalg.txt), identities, both routes, views and edge
//! cases.
//!
//! Tolerances: results are compared with `|got - want| <= atol + rtol·|want|`, where
//! `rtol` is 1e-9 for f64 (1e-3 for f32): LU results differ from LAPACK's in the last
//! bits by the order of operations, amplified by the condition number (up to 1.5e7 for
//! the 6 × 6 Hilbert matrix). `atol` is `64·ε·n·H` with H the Hadamard bound `Π‖rowᵢ‖`
//! on |det|: the backward error of an LU determinant, which covers the exactly singular
//! matrices that round to a tiny non-zero value.

mod common;

use common::{Rng, assert_close, load};
use ndarray::{Array1, Array2, Array3, ArrayView2, Axis, ShapeBuilder, array, s};
use parfor_runtime::linalg::{
    Backend, LinalgError, RUST_ROUTE_MAX, det, det_with, inv, inv_with, matmul, slogdet,
    slogdet_with, solve, solve_with,
};

const ROUTES: [Backend; 3] = [Backend::Auto, Backend::Rust, Backend::Lapack];

fn hadamard(a: &ArrayView2<'_, f64>) -> f64 {
    a.rows()
        .into_iter()
        .map(|r| r.iter().map(|x| x * x).sum::<f64>().sqrt())
        .product()
}

/// The same values as `a`, in a view with strides (2·cols·2, 2): every other row and
/// column of a larger array.
fn strided(a: &Array2<f64>) -> Array2<f64> {
    let (r, c) = a.dim();
    let mut big = Array2::from_elem((2 * r, 2 * c), f64::NAN);
    big.slice_mut(s![..;2, ..;2]).assign(a);
    big
}

#[test]
fn det_and_slogdet_match_numpy() {
    for case in load("linalg.txt")
        .iter()
        .filter(|c| c.name.starts_with("det "))
    {
        let name = &case.name;
        let a = case.get("a").f64_2d();
        let a = if case.has("scale") {
            a * case.get("scale").scalar()
        } else {
            a
        };
        let n = a.nrows();
        let is_f32 = case.get("a").dtype == "f32";
        let eps = if is_f32 {
            f32::EPSILON as f64
        } else {
            f64::EPSILON
        };
        let rtol = if is_f32 { 1e-3 } else { 1e-9 };
        let atol = 64.0 * eps * n as f64 * hadamard(&a.view());
        let want = case.get("det").scalar();
        let (want_sign, want_log) = (case.get("sign").scalar(), case.get("logabsdet").scalar());
        let ill = name.contains("hilbert") || name.contains("nearly_singular");
        for route in ROUTES {
            let what = format!("{name} {route:?}");
            let (d, (sign, log)) = if is_f32 {
                let a = a.mapv(|x| x as f32);
                let (s, l) = slogdet_with(&a, route);
                (det_with(&a, route) as f64, (s as f64, l as f64))
            } else {
                (det_with(&a, route), slogdet_with(&a, route))
            };
            assert_close(&format!("det {what}"), [&d], [&want], rtol, atol);
            if !ill || !is_f32 && !name.contains("nearly_singular") {
                assert_eq!(sign, want_sign, "sign {what}");
                assert_close(
                    &format!("logabsdet {what}"),
                    [&log],
                    [&want_log],
                    rtol,
                    1e-9,
                );
            }
            // The same matrix as a strided view and transposed.
            if !is_f32 {
                let big = strided(&a);
                let view = big.slice(s![..;2, ..;2]);
                assert_eq!(
                    det_with(view, route).to_bits(),
                    d.to_bits(),
                    "strided {what}"
                );
                assert_close(
                    &format!("det of transpose {what}"),
                    [&det_with(a.t(), route)],
                    [&want],
                    rtol,
                    atol,
                );
            }
        }
    }
}

#[test]
fn large_determinants_overflow_where_numpy_does_and_slogdet_does_not() {
    let case = load("linalg.txt")
        .into_iter()
        .find(|c| c.name == "det gen300")
        .expect("case");
    let a = case.get("a").f64_2d() * case.get("scale").scalar();
    assert!(case.get("det").scalar().is_infinite());
    assert_eq!(det(&a), case.get("det").scalar());
    let (sign, log) = slogdet(&a);
    assert_eq!(sign, case.get("sign").scalar());
    assert_close(
        "logabsdet gen300",
        [&log],
        [&case.get("logabsdet").scalar()],
        1e-12,
        0.0,
    );
}

#[test]
fn solve_inv_matmul_match_numpy() {
    for case in load("linalg.txt") {
        let name = &case.name;
        let is_f32 = case.values.values().any(|v| v.dtype == "f32");
        let rtol = if is_f32 { 1e-4 } else { 1e-10 };
        if name.starts_with("solve") {
            let a = case.get("a").f64_2d();
            let want = case.get("x").f64();
            let scale = common::max_abs(&want);
            for route in ROUTES {
                let what = format!("{name} {route:?}");
                let b = case.get("b");
                let got: Vec<f64> = match (b.shape.len(), is_f32) {
                    (1, false) => {
                        let b: Array1<f64> = b.f64().into_dimensionality().unwrap();
                        solve_with(&a, &b, route).unwrap().to_vec()
                    }
                    (2, false) => {
                        solve_with(&a, &b.f64_2d(), route)
                            .unwrap()
                            .into_raw_vec_and_offset()
                            .0
                    }
                    (1, true) => {
                        let b: Array1<f32> =
                            b.f64().mapv(|x| x as f32).into_dimensionality().unwrap();
                        let a = a.mapv(|x| x as f32);
                        solve_with(&a, &b, route)
                            .unwrap()
                            .iter()
                            .map(|&x| x as f64)
                            .collect()
                    }
                    _ => {
                        let (a, b) = (a.mapv(|x| x as f32), b.f32_2d());
                        solve_with(&a, &b, route)
                            .unwrap()
                            .iter()
                            .map(|&x| x as f64)
                            .collect()
                    }
                };
                assert_close(&what, &got, &want, rtol, rtol * scale);
            }
        } else if name.starts_with("inv") {
            let a = case.get("a").f64_2d();
            let want = case.get("inv").f64_2d();
            let scale = common::max_abs(&want);
            for route in ROUTES {
                let what = format!("{name} {route:?}");
                let got: Vec<f64> = if is_f32 {
                    inv_with(&a.mapv(|x| x as f32), route)
                        .unwrap()
                        .iter()
                        .map(|&x| x as f64)
                        .collect()
                } else {
                    inv_with(&a, route).unwrap().iter().copied().collect()
                };
                assert_close(&what, &got, &want, rtol, rtol * scale);
            }
        } else if name.starts_with("matmul") {
            let a = case.get("a").f64_2d();
            let b = case.get("b");
            let want = case.get("c").f64();
            let got: Vec<f64> = match (b.shape.len(), is_f32) {
                (1, false) => {
                    let b: Array1<f64> = b.f64().into_dimensionality().unwrap();
                    matmul(&a, &b).to_vec()
                }
                (2, false) => matmul(&a, &b.f64_2d()).iter().copied().collect(),
                (1, true) => {
                    let b: Array1<f32> = b.f64().mapv(|x| x as f32).into_dimensionality().unwrap();
                    matmul(&a.mapv(|x| x as f32), &b)
                        .iter()
                        .map(|&x| x as f64)
                        .collect()
                }
                _ => matmul(&a.mapv(|x| x as f32), &b.f32_2d())
                    .iter()
                    .map(|&x| x as f64)
                    .collect(),
            };
            let scale = common::max_abs(&want).max(1.0);
            assert_close(name, &got, &want, rtol, rtol * scale);
        }
    }
}

#[test]
fn routes_agree_on_every_size_around_the_crossover() {
    let mut rng = Rng::new(1);
    for n in 1..=RUST_ROUTE_MAX + 20 {
        let a = rng.matrix(n, n) + Array2::<f64>::eye(n) * 2.0;
        let (r, l) = (det_with(&a, Backend::Rust), det_with(&a, Backend::Lapack));
        assert!(
            (r - l).abs() <= 1e-11 * l.abs(),
            "n = {n}: rust {r}, lapack {l}"
        );
        let b = rng.matrix(n, 2);
        let (xr, xl) = (
            solve_with(&a, &b, Backend::Rust).unwrap(),
            solve_with(&a, &b, Backend::Lapack).unwrap(),
        );
        assert_close(&format!("solve n = {n}"), &xr, &xl, 1e-11, 1e-11);
        let (ir, il) = (
            inv_with(&a, Backend::Rust).unwrap(),
            inv_with(&a, Backend::Lapack).unwrap(),
        );
        assert_close(&format!("inv n = {n}"), &ir, &il, 1e-11, 1e-11);
    }
}

/// `det` and `slogdet` of small matrices take a size-specialised LU (up to 16 × 16, an
/// internal limit); check every size around it against LAPACK, in every layout, with the
/// singular and NaN cases.
#[test]
fn small_sizes_match_lapack_in_every_layout() {
    let mut rng = Rng::new(11);
    for n in 1..=20 {
        let a = rng.matrix(n, n) + Array2::<f64>::eye(n);
        let want = det_with(&a, Backend::Lapack);
        let (want_sign, want_log) = slogdet_with(&a, Backend::Lapack);
        let mut big = Array2::from_elem((3 * n, 2 * n), f64::NAN);
        big.slice_mut(s![..;3, ..;2]).assign(&a);
        let reversed = a.slice(s![..;-1, ..;-1]).to_owned();
        let mut tensor = Array3::from_elem((n, n, 4), f64::NAN);
        tensor.index_axis_mut(Axis(2), 2).assign(&a);
        let atol = 64.0 * f64::EPSILON * n as f64 * hadamard(&a.view());
        let d = det(&a);
        assert_close(&format!("det n = {n}"), [&d], [&want], 1e-11, atol);
        assert_eq!(slogdet(&a).0, want_sign, "sign n = {n}");
        assert_close(
            &format!("log n = {n}"),
            [&slogdet(&a).1],
            [&want_log],
            1e-11,
            1e-12,
        );
        // The same matrix read through other strides factors identically, bit for bit.
        for (what, v) in [
            ("strided", big.slice(s![..;3, ..;2])),
            ("negative strides", reversed.slice(s![..;-1, ..;-1])),
            ("tensor slice", tensor.index_axis(Axis(2), 2)),
        ] {
            assert_eq!(det(v).to_bits(), d.to_bits(), "{what} n = {n}");
            assert_eq!(slogdet(v), slogdet(&a), "{what} n = {n}");
        }
        // The transpose pivots differently: equal up to rounding.
        assert_close(
            &format!("det of transpose n = {n}"),
            [&det(a.t())],
            [&want],
            1e-11,
            atol,
        );
        let a32 = a.mapv(|x| x as f32);
        let want32 = det_with(&a32, Backend::Lapack);
        assert!(
            (det(&a32) - want32).abs() <= 1e-3 * want32.abs(),
            "f32 n = {n}: {} {want32}",
            det(&a32)
        );
        // Singular: a zero column anywhere, through every route and view.
        for j in [0, n / 2, n - 1] {
            let mut z = a.clone();
            z.column_mut(j).fill(0.0);
            let zt = z.t().to_owned();
            for route in ROUTES {
                assert_eq!(
                    det_with(&z, route),
                    0.0,
                    "zero column {j}, n = {n}, {route:?}"
                );
                assert_eq!(det_with(zt.t(), route), 0.0, "n = {n}, {route:?}");
                assert_eq!(slogdet_with(&z, route), (0.0, f64::NEG_INFINITY));
            }
        }
        // NaN anywhere, also hidden in a column that a zero pivot skips.
        for (i, j) in [(0, 0), (n - 1, n / 2), (n / 2, n - 1)] {
            let mut bad = a.clone();
            bad[[i, j]] = f64::NAN;
            let mut hidden = a.clone();
            hidden.column_mut(0).fill(0.0);
            hidden[[i, j.max(1).min(n - 1)]] = f64::NAN;
            for m in [&bad, &hidden] {
                for route in ROUTES {
                    assert!(det_with(m, route).is_nan(), "NaN at ({i}, {j}), n = {n}");
                    assert!(det_with(m.t(), route).is_nan(), "n = {n}, {route:?}");
                    let (s, l) = slogdet_with(m, route);
                    assert!(s.is_nan() && l.is_nan(), "n = {n}, {route:?}");
                    assert!(det_with(&m.mapv(|x| x as f32), route).is_nan());
                }
            }
        }
    }
}

#[test]
fn determinant_of_a_product_is_the_product_of_determinants() {
    let mut rng = Rng::new(2);
    for n in [1, 2, 3, 5, 10, 16, 33, 64] {
        let (a, b) = (rng.matrix(n, n), rng.matrix(n, n));
        for route in ROUTES {
            let lhs = det_with(&matmul(&a, &b), route);
            let rhs = det_with(&a, route) * det_with(&b, route);
            let tol = 1e-10 * (hadamard(&a.view()) * hadamard(&b.view()));
            assert!(
                (lhs - rhs).abs() <= tol,
                "n = {n} {route:?}: {lhs} vs {rhs}"
            );
            // det(c·A) = cⁿ det(A), exactly for c a power of two.
            assert_eq!(
                det_with(&(&a * 2.0), route),
                det_with(&a, route) * 2f64.powi(n as i32)
            );
            let (sign, log) = slogdet_with(&a, route);
            let d = det_with(&a, route);
            assert!(
                (sign * log.exp() - d).abs() <= 1e-12 * d.abs(),
                "slogdet vs det, n = {n}"
            );
        }
        if n > 16 {
            continue; // f32 determinants of larger random products overflow
        }
        let (a32, b32) = (a.mapv(|x| x as f32), b.mapv(|x| x as f32));
        let (lhs, rhs) = (det(&matmul(&a32, &b32)), det(&a32) * det(&b32));
        let tol = 1e-4 * (hadamard(&a.view()) * hadamard(&b.view())) as f32;
        assert!((lhs - rhs).abs() <= tol, "f32 n = {n}: {lhs} vs {rhs}");
    }
}

#[test]
fn solve_residuals_are_small() {
    let mut rng = Rng::new(3);
    for n in [1, 2, 7, 31, 32, 33, 100] {
        let a = rng.matrix(n, n);
        let b = rng.matrix(n, 3);
        let norm_a = common::max_abs(&a) * n as f64;
        for route in ROUTES {
            let x = solve_with(&a, &b, route).unwrap();
            let r = &matmul(&a, &x) - &b;
            let bound = 1e3 * f64::EPSILON * n as f64 * norm_a * common::max_abs(&x);
            assert!(
                common::max_abs(&r) <= bound,
                "n = {n} {route:?}: residual {}",
                common::max_abs(&r)
            );
            let xv = solve_with(&a, &b.column(1), route).unwrap();
            assert_close("vector rhs", &xv, &x.column(1).to_owned(), 1e-12, 1e-12);
            let ai = inv_with(&a, route).unwrap();
            let eye = matmul(&a, &ai);
            let err = common::max_abs(&(&eye - &Array2::<f64>::eye(n)));
            assert!(
                err <= 1e3 * f64::EPSILON * n as f64 * norm_a * common::max_abs(&ai),
                "inv n = {n}: {err}"
            );
        }
        let a32 = a.mapv(|x| x as f32) + Array2::<f32>::eye(n) * n as f32;
        let x32 = solve(&a32, &b.column(0).mapv(|x| x as f32)).unwrap();
        let r = matmul(&a32, &x32) - b.column(0).mapv(|x| x as f32);
        assert!(r.iter().all(|e| e.abs() < 1e-4), "f32 n = {n}");
    }
}

#[test]
fn views_of_every_layout_give_the_same_results() {
    let mut rng = Rng::new(4);
    let t = Array3::from_shape_simple_fn((6, 6, 5), || rng.uniform());
    for k in 0..5 {
        let slice = t.index_axis(Axis(2), k); // strides (30, 5): neither contiguous
        let owned = slice.to_owned();
        assert_eq!(det(slice), det(&owned));
        #[allow(
            clippy::needless_borrows_for_generic_args,
            reason = "`&view` must compile too"
        )]
        let by_ref = det(&slice);
        assert_eq!(by_ref, det(&owned));
        assert_eq!(slogdet(slice), slogdet(&owned));
        assert_eq!(inv(slice).unwrap(), inv(&owned).unwrap());
        let b = t.index_axis(Axis(2), (k + 1) % 5).column(0).to_owned();
        assert_eq!(solve(slice, &b).unwrap(), solve(&owned, &b).unwrap());
        assert_eq!(matmul(slice, &owned), matmul(&owned, &owned));
    }
    let a = rng.matrix(7, 5);
    let b = rng.matrix(5, 6);
    let want = naive_matmul(&a, &b);
    let fortran = {
        let mut f = Array2::zeros((5, 6).f());
        f.assign(&b);
        f
    };
    let bt = b.t().to_owned();
    let reversed = a.slice(s![..;-1, ..]).to_owned();
    let big = strided(&a);
    let cases: Vec<(&str, Array2<f64>)> = vec![
        ("standard", matmul(&a, &b)),
        ("fortran b", matmul(&a, &fortran)),
        ("transposed view", matmul(&a, bt.t())),
        ("strided a", matmul(big.slice(s![..;2, ..;2]), &b)),
        (
            "negative strides",
            matmul(reversed.slice(s![..;-1, ..]), &b),
        ),
        (
            "column block",
            matmul(&a, &b.slice(s![.., 1..4])).to_owned(),
        ),
    ];
    for (what, got) in &cases {
        let want = if *what == "column block" {
            want.slice(s![.., 1..4]).to_owned()
        } else {
            want.clone()
        };
        assert_close(what, got, &want, 1e-14, 1e-14);
    }
    // f32 transposed and strided.
    let a32 = a.mapv(|x| x as f32);
    assert_eq!(matmul(a32.t(), &a32), matmul(&a32.t().to_owned(), &a32));
}

fn naive_matmul(a: &Array2<f64>, b: &Array2<f64>) -> Array2<f64> {
    Array2::from_shape_fn((a.nrows(), b.ncols()), |(i, j)| {
        (0..a.ncols()).map(|k| a[[i, k]] * b[[k, j]]).sum()
    })
}

#[test]
fn matmul_matches_a_naive_loop_on_random_shapes() {
    let mut rng = Rng::new(5);
    for _ in 0..200 {
        let (m, k, n) = (rng.usize(0, 9), rng.usize(0, 9), rng.usize(0, 9));
        let (a, b) = (rng.matrix(m, k), rng.matrix(k, n));
        assert_close(
            &format!("{m}x{k}x{n}"),
            &matmul(&a, &b),
            &naive_matmul(&a, &b),
            1e-14,
            1e-14,
        );
    }
}

#[test]
fn empty_and_one_by_one() {
    let e = Array2::<f64>::zeros((0, 0));
    for route in ROUTES {
        assert_eq!(det_with(&e, route), 1.0);
        assert_eq!(slogdet_with(&e, route), (1.0, 0.0));
        assert_eq!(inv_with(&e, route).unwrap().dim(), (0, 0));
        assert_eq!(
            solve_with(&e, &Array1::<f64>::zeros(0), route)
                .unwrap()
                .len(),
            0
        );
        assert_eq!(
            solve_with(&e, &Array2::<f64>::zeros((0, 3)), route)
                .unwrap()
                .dim(),
            (0, 3)
        );
        let one = array![[-4.0_f64]];
        assert_eq!(det_with(&one, route), -4.0);
        assert_eq!(slogdet_with(&one, route), (-1.0, 4f64.ln()));
        assert_eq!(inv_with(&one, route).unwrap(), array![[-0.25]]);
        assert_eq!(solve_with(&one, &array![2.0], route).unwrap(), array![-0.5]);
    }
    assert_eq!(
        matmul(&Array2::<f64>::zeros((3, 0)), &Array2::<f64>::zeros((0, 4))),
        Array2::<f64>::zeros((3, 4))
    );
    assert_eq!(
        matmul(&Array2::<f32>::zeros((0, 2)), &Array1::<f32>::ones(2)).len(),
        0
    );
}

#[test]
fn singular_matrices() {
    let zero_row = array![[1.0, 2.0, 3.0], [0.0, 0.0, 0.0], [4.0, 5.0, 6.0]];
    let equal_rows = array![[1.0, 2.0], [1.0, 2.0]];
    let zero_col = Array2::from_shape_fn((40, 40), |(i, j)| {
        if j == 7 {
            0.0
        } else {
            (i * j % 7) as f64 + 1.0
        }
    });
    for a in [&zero_row, &equal_rows, &zero_col] {
        let n = a.nrows();
        for route in ROUTES {
            assert_eq!(det_with(a, route), 0.0, "{n} × {n} {route:?}");
            assert_eq!(slogdet_with(a, route), (0.0, f64::NEG_INFINITY));
            let err = solve_with(a, &Array1::<f64>::ones(n), route).unwrap_err();
            assert!(matches!(err, LinalgError::Singular { function: "solve", n: m, .. } if m == n));
            let err = inv_with(a, route).unwrap_err();
            assert!(
                err.to_string()
                    .starts_with(&format!("inv: the {n} × {n} matrix is singular")),
                "{err}"
            );
            let err: Box<dyn std::error::Error> = Box::new(err);
            assert!(err.to_string().contains("singular"));
        }
    }
    assert_eq!(det(&equal_rows.mapv(|x| x as f32)), 0.0);
}

#[test]
fn nan_in_nan_out() {
    let nan = f64::NAN;
    let cases = [
        array![[nan, 1.0], [2.0, 3.0]],
        array![[1.0, 2.0], [3.0, nan]],
        // A zero first column makes LU skip a step; the NaN must not be lost with it.
        array![[0.0, nan], [0.0, 1.0]],
        array![[0.0, 1.0], [0.0, nan]],
    ];
    for a in &cases {
        for route in ROUTES {
            assert!(det_with(a, route).is_nan(), "{a} {route:?}");
            let (s, l) = slogdet_with(a, route);
            assert!(s.is_nan() && l.is_nan(), "{a} {route:?}");
        }
    }
    let mut big = Rng::new(6).matrix(50, 50);
    big[[49, 3]] = nan;
    for route in ROUTES {
        assert!(det_with(&big, route).is_nan());
        assert!(det_with(&big.mapv(|x| x as f32), route).is_nan());
        let x = solve_with(&big, &Array1::<f64>::ones(50), route).unwrap();
        assert!(x.iter().any(|v| v.is_nan()), "{route:?}");
    }
    assert!(matmul(&array![[nan, 0.0]], &array![[0.0], [1.0]])[[0, 0]].is_nan());
}

#[test]
#[should_panic(expected = "det: expected a square matrix, got shape 2 × 3")]
fn det_of_a_non_square_matrix_panics() {
    det(&Array2::<f64>::zeros((2, 3)));
}

#[test]
#[should_panic(expected = "slogdet: expected a square matrix, got shape 3 × 1")]
fn slogdet_of_a_non_square_matrix_panics() {
    slogdet(&Array2::<f32>::zeros((3, 1)));
}

#[test]
#[should_panic(expected = "inv: expected a square matrix, got shape 0 × 1")]
fn inv_of_a_non_square_matrix_panics() {
    let _ = inv(&Array2::<f64>::zeros((0, 1)));
}

#[test]
#[should_panic(
    expected = "solve: `a` is 3 × 3 but `b` has shape 4 × 2, whose first axis should be 3"
)]
fn solve_with_a_mismatched_rhs_panics() {
    let _ = solve(&Array2::<f64>::eye(3), &Array2::<f64>::zeros((4, 2)));
}

#[test]
#[should_panic(
    expected = "matmul: inputs 2 × 3 and 4 are not compatible for matrix multiplication"
)]
fn matmul_with_mismatched_shapes_panics() {
    matmul(&Array2::<f64>::zeros((2, 3)), &Array1::<f64>::zeros(4));
}
