//! Loop forms a user writes that `#[parallel]` accepts and runs in parallel: arrays and
//! scalars named in capitals, `break 'label value` out of a labelled block in the
//! body, a parenthesised loop variable, `prange(..).into_iter()`, and a nested
//! function with `#[parallel]` of its own. Each equals the sequential loop.
#![allow(non_snake_case, unused_parens, clippy::needless_range_loop)]

mod common;

use common::{Rng, THREADS};
use parfor::prelude::*;

#[parallel]
fn capitals(A: &Array2<f64>, B: &mut Array2<f64>) -> f64 {
    let mut E = 0.0;
    for i in prange(A.nrows()) {
        for j in 0..A.ncols() {
            B[[i, j]] = 2.0 * A[[i, j]];
            E += A[[i, j]] * A[[i, j]];
        }
    }
    E
}

#[parallel]
fn first_negative_per_row(a: &Array2<f64>, out: &mut [usize]) {
    for i in prange(a.nrows()) {
        let k = 'find: {
            for j in 0..a.ncols() {
                if a[[i, j]] < 0.0 {
                    break 'find j;
                }
            }
            a.ncols()
        };
        out[i] = k;
    }
}

#[parallel]
fn paren_and_into_iter(x: &[f64], out: &mut [f64], twice: &mut [f64]) {
    for (i) in prange(x.len()) {
        out[i] = x[i] + 1.0;
    }
    for i in prange(x.len()).into_iter() {
        twice[i] = 2.0 * x[i];
    }
}

#[parallel]
fn with_nested(x: &[f64], out: &mut [f64]) {
    #[parallel]
    fn helper(x: &[f64], out: &mut [f64]) {
        for i in prange(x.len()) {
            out[i] = x[i] * x[i];
        }
    }
    helper(x, out);
}

fn random_matrix(seed: u64, r: usize, c: usize) -> Array2<f64> {
    let mut rng = Rng::new(seed);
    Array2::from_shape_fn((r, c), |_| rng.f64())
}

#[test]
fn capitals_are_locals_like_any_other() {
    let A = random_matrix(1, 301, 17);
    let expected: f64 = {
        let mut E = 0.0;
        for i in 0..A.nrows() {
            for j in 0..A.ncols() {
                E += A[[i, j]] * A[[i, j]];
            }
        }
        E
    };
    for t in THREADS {
        parfor::with_num_threads(t, || {
            let mut B = Array2::zeros(A.raw_dim());
            let E = capitals(&A, &mut B);
            assert_eq!(B, &A * 2.0, "threads {t}");
            assert!((E - expected).abs() <= 1e-12 * expected, "threads {t}: {E}");
        });
    }
}

#[test]
fn break_with_value_out_of_a_labelled_block() {
    let a = random_matrix(2, 257, 9);
    let expected: Vec<usize> = a
        .rows()
        .into_iter()
        .map(|r| r.iter().position(|v| *v < 0.0).unwrap_or(r.len()))
        .collect();
    for t in THREADS {
        parfor::with_num_threads(t, || {
            let mut out = vec![usize::MAX; a.nrows()];
            first_negative_per_row(&a, &mut out);
            assert_eq!(out, expected, "threads {t}");
        });
    }
}

#[test]
fn parenthesised_variable_and_into_iter() {
    let x: Vec<f64> = (0..5000).map(|k| f64::from(k) / 3.0).collect();
    for t in THREADS {
        parfor::with_num_threads(t, || {
            let (mut out, mut twice) = (vec![0.0; x.len()], vec![0.0; x.len()]);
            paren_and_into_iter(&x, &mut out, &mut twice);
            assert!(
                out.iter().zip(&x).all(|(o, x)| *o == x + 1.0),
                "threads {t}"
            );
            assert!(
                twice.iter().zip(&x).all(|(o, x)| *o == 2.0 * x),
                "threads {t}"
            );
        });
    }
}

#[test]
fn nested_function_with_its_own_attribute() {
    let x: Vec<f64> = (0..4097).map(f64::from).collect();
    for t in THREADS {
        parfor::with_num_threads(t, || {
            let mut out = vec![0.0; x.len()];
            with_nested(&x, &mut out);
            assert!(out.iter().zip(&x).all(|(o, x)| *o == x * x), "threads {t}");
        });
    }
}
