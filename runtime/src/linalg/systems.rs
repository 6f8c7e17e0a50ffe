//! Linear systems: [`solve`] and [`inv`], with their `*_with` variants.

use ndarray::{Array, Array2, ArrayView2, AsArray, Ix2};

use super::backend::Backend;
use super::error::LinalgError;
use super::lapack;
use super::lu::{self, copy_row_major, factor, with_workspace};
use super::shape::{VectorOrMatrix, assert_square, fmt_shape};
use crate::scalar::Scalar;

/// Solves the linear system `a · x = b`, like `numpy.linalg.solve`.
///
/// `b` is a vector (one system, the result is a vector) or an `n × k` matrix (`k`
/// systems, one per column; the result is `n × k`).
///
/// Deterministic: see the [module docs](super#determinism).
///
/// # Errors
///
/// [`LinalgError::Singular`] when `a` is singular (an exactly zero pivot), rather than a
/// result full of infinities and NaNs.
///
/// # Panics
///
/// If `a` is not square or `b`'s length (rows) differs from `a`'s size.
///
/// # Examples
///
/// ```
/// use ndarray::array;
/// use parfor_runtime::linalg::{LinalgError, solve};
///
/// let a = array![[2.0, 1.0], [1.0, 3.0]];
/// assert_eq!(solve(&a, &array![3.0, 4.0])?, array![1.0, 1.0]);
/// assert_eq!(
///     solve(a.view(), &array![[3.0, 2.0], [4.0, 1.0]])?,
///     array![[1.0, 1.0], [1.0, 0.0]]
/// );
/// assert!(solve(&array![[1.0, 2.0], [2.0, 4.0]], &array![1.0, 2.0]).is_err());
/// # Ok::<(), LinalgError>(())
/// ```
pub fn solve<'a, 'b, A, D>(
    a: impl AsArray<'a, A, Ix2>,
    b: impl AsArray<'b, A, D>,
) -> Result<Array<A, D>, LinalgError>
where
    A: Scalar,
    D: VectorOrMatrix,
{
    solve_with(a, b, Backend::Auto)
}

/// [`solve`] through the chosen [`Backend`].
///
/// # Errors
///
/// [`LinalgError::Singular`] when `a` is singular.
///
/// # Panics
///
/// If `a` is not square or `b`'s length (rows) differs from `a`'s size.
///
/// # Examples
///
/// ```
/// use ndarray::array;
/// use parfor_runtime::linalg::{Backend, solve_with};
///
/// let a = array![[2.0, 1.0], [1.0, 3.0]];
/// let b = array![3.0, 4.0];
/// assert_eq!(solve_with(&a, &b, Backend::Lapack)?, solve_with(&a, &b, Backend::Rust)?);
/// # Ok::<(), parfor_runtime::linalg::LinalgError>(())
/// ```
pub fn solve_with<'a, 'b, A, D>(
    a: impl AsArray<'a, A, Ix2>,
    b: impl AsArray<'b, A, D>,
    backend: Backend,
) -> Result<Array<A, D>, LinalgError>
where
    A: Scalar,
    D: VectorOrMatrix,
{
    let a: ArrayView2<'a, A> = a.into();
    let b = b.into();
    let n = assert_square("solve", &a);
    let b_shape = b.shape().to_vec();
    let b = D::as_matrix(b);
    assert!(
        b.nrows() == n,
        "parfor::linalg::solve: `a` is {n} × {n} but `b` has shape {}, whose first axis should be {n}",
        fmt_shape(&b_shape)
    );
    let x = if backend.use_rust(n) {
        let mut x = Array2::zeros(b.raw_dim());
        x.assign(&b);
        let k = x.ncols();
        with_workspace(n, |buf, piv| {
            copy_row_major(buf, &a);
            let f = factor(buf, n, piv);
            if let Some(column) = f.zero_pivot {
                return Err(LinalgError::Singular {
                    function: "solve",
                    n,
                    column,
                });
            }
            let xs = x.as_slice_mut().expect("fresh array is contiguous");
            lu::solve_in_place(buf, n, piv, xs, k);
            Ok(())
        })?;
        x
    } else {
        lapack::solve(&a, &b)?
    };
    Ok(D::from_matrix(x))
}

/// The inverse of a square matrix, like `numpy.linalg.inv`.
///
/// Prefer [`solve`] for solving systems: it is faster and more accurate than multiplying
/// by the inverse.
///
/// Deterministic: see the [module docs](super#determinism).
///
/// # Errors
///
/// [`LinalgError::Singular`] when `a` is singular.
///
/// # Panics
///
/// If `a` is not square.
///
/// # Examples
///
/// ```
/// use ndarray::array;
/// use parfor_runtime::linalg::inv;
///
/// assert_eq!(inv(&array![[2.0, 0.0], [0.0, 4.0]])?, array![[0.5, 0.0], [0.0, 0.25]]);
/// # Ok::<(), parfor_runtime::linalg::LinalgError>(())
/// ```
pub fn inv<'a, A: Scalar>(a: impl AsArray<'a, A, Ix2>) -> Result<Array2<A>, LinalgError> {
    inv_with(a, Backend::Auto)
}

/// [`inv`] through the chosen [`Backend`].
///
/// # Errors
///
/// [`LinalgError::Singular`] when `a` is singular.
///
/// # Panics
///
/// If `a` is not square.
///
/// # Examples
///
/// ```
/// use ndarray::array;
/// use parfor_runtime::linalg::{Backend, inv_with};
///
/// let a = array![[2.0_f32, 0.0], [0.0, 4.0]];
/// assert_eq!(inv_with(&a, Backend::Rust)?, inv_with(&a, Backend::Lapack)?);
/// # Ok::<(), parfor_runtime::linalg::LinalgError>(())
/// ```
pub fn inv_with<'a, A: Scalar>(
    a: impl AsArray<'a, A, Ix2>,
    backend: Backend,
) -> Result<Array2<A>, LinalgError> {
    let a: ArrayView2<'a, A> = a.into();
    let n = assert_square("inv", &a);
    if !backend.use_rust(n) {
        return lapack::inv(&a);
    }
    let mut x = Array2::<A>::eye(n);
    with_workspace(n, |buf, piv| {
        copy_row_major(buf, &a);
        let f = factor(buf, n, piv);
        if let Some(column) = f.zero_pivot {
            return Err(LinalgError::Singular {
                function: "inv",
                n,
                column,
            });
        }
        let xs = x.as_slice_mut().expect("fresh array is contiguous");
        lu::solve_in_place(buf, n, piv, xs, n);
        Ok(())
    })?;
    Ok(x)
}
