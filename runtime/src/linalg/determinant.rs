//! Determinants: [`det`] and [`slogdet`], with their `*_with` variants.

use ndarray::{ArrayView2, AsArray, Ix2};

use super::backend::Backend;
use super::lapack;
use super::lu::{self, copy_row_major, diagonal, factor, with_small_lu, with_workspace};
use super::shape::assert_square;
use crate::scalar::Scalar;

fn has_nan<A: Scalar>(a: &ArrayView2<'_, A>) -> bool {
    a.iter().any(|x| x.is_nan())
}

/// The determinant of a square matrix, like `numpy.linalg.det`.
///
/// Computed from an LU factorisation with partial pivoting (see the
/// [module docs](super) for the two routes and the edge cases); it overflows to infinity
/// where the product of the pivots does, so use [`slogdet`] for large matrices.
///
/// Deterministic: see the [module docs](super#determinism).
///
/// # Panics
///
/// If the matrix is not square.
///
/// # Examples
///
/// ```
/// use ndarray::{Array2, Array3, Axis, array};
/// use parfor_runtime::linalg::det;
///
/// let a = array![[1.0_f64, 2.0], [3.0, 4.0]];
/// assert!((det(&a) + 2.0).abs() < 1e-15);
/// assert!((det(a.t()) + 2.0).abs() < 1e-15); // a transposed view
/// assert_eq!(det(&array![[1.0_f32, 2.0], [2.0, 4.0]]), 0.0); // singular
/// assert!(det(&array![[f64::NAN, 0.0], [0.0, 0.0]]).is_nan());
/// assert_eq!(det(&Array2::<f64>::zeros((0, 0))), 1.0);
///
/// let t = Array3::<f64>::ones((5, 5, 7));
/// assert_eq!(det(t.index_axis(Axis(2), 3)), 0.0);
/// ```
pub fn det<'a, A: Scalar>(a: impl AsArray<'a, A, Ix2>) -> A {
    det_with(a, Backend::Auto)
}

/// [`det`] through the chosen [`Backend`].
///
/// # Panics
///
/// If the matrix is not square.
///
/// # Examples
///
/// ```
/// use ndarray::Array2;
/// use parfor_runtime::linalg::{Backend, det_with};
///
/// let a = Array2::from_shape_fn((40, 40), |(i, j)| if i == j { 2.0 } else { 0.0 });
/// assert_eq!(det_with(&a, Backend::Rust), 2f64.powi(40));
/// assert_eq!(det_with(&a, Backend::Lapack), 2f64.powi(40));
/// ```
pub fn det_with<'a, A: Scalar>(a: impl AsArray<'a, A, Ix2>, backend: Backend) -> A {
    let a: ArrayView2<'a, A> = a.into();
    let n = assert_square("det", &a);
    // The LAPACK route looks for NaNs in its contiguous copy, and leaves to the Rust LU
    // what its factors get wrong (see `lapack`).
    let lapack = if backend.use_rust(n) {
        None
    } else {
        lapack::det(&a)
    };
    let (d, singular) = if let Some(d) = lapack {
        return d;
    } else if let Some(r) = with_small_lu(&a, |u, f| (lu::det_of(u.iter().copied(), f), f)) {
        r
    } else {
        with_workspace(n, |buf, piv| {
            copy_row_major(buf, &a);
            let f = factor(buf, n, piv);
            (lu::det_of(diagonal(buf, n), f), f)
        })
    };
    // Only a column skipped as zero can hide a NaN from U's diagonal, and then the matrix
    // is singular: look for one only then.
    if singular.zero_pivot.is_some() && !d.is_nan() && has_nan(&a) {
        return A::nan();
    }
    d
}

/// The sign and the natural logarithm of the absolute value of the determinant, like
/// `numpy.linalg.slogdet`: `det = sign * exp(logabsdet)`, without the overflow.
///
/// A singular matrix gives `(0.0, -inf)`; a NaN in the input gives `(NaN, NaN)`.
///
/// Deterministic: see the [module docs](super#determinism).
///
/// # Panics
///
/// If the matrix is not square.
///
/// # Examples
///
/// ```
/// use ndarray::Array2;
/// use parfor_runtime::linalg::{det, slogdet};
///
/// // det(1000 · I) = 1e3000 overflows f64, but its logarithm does not.
/// let a = Array2::<f64>::eye(1000) * 1000.0;
/// assert_eq!(det(&a), f64::INFINITY);
/// let (sign, logabs) = slogdet(&a);
/// assert_eq!(sign, 1.0);
/// assert!((logabs - 1000.0 * 1000f64.ln()).abs() < 1e-9);
/// ```
pub fn slogdet<'a, A: Scalar>(a: impl AsArray<'a, A, Ix2>) -> (A, A) {
    slogdet_with(a, Backend::Auto)
}

/// [`slogdet`] through the chosen [`Backend`].
///
/// # Panics
///
/// If the matrix is not square.
///
/// # Examples
///
/// ```
/// use ndarray::array;
/// use parfor_runtime::linalg::{Backend, slogdet_with};
///
/// let a = array![[0.0, 2.0], [2.0, 0.0]];
/// assert_eq!(slogdet_with(&a, Backend::Lapack), (-1.0, 4f64.ln()));
/// assert_eq!(slogdet_with(&a, Backend::Rust), (-1.0, 4f64.ln()));
/// ```
pub fn slogdet_with<'a, A: Scalar>(a: impl AsArray<'a, A, Ix2>, backend: Backend) -> (A, A) {
    let a: ArrayView2<'a, A> = a.into();
    let n = assert_square("slogdet", &a);
    let lapack = if backend.use_rust(n) {
        None
    } else {
        lapack::slogdet(&a)
    };
    let (s, singular) = if let Some(s) = lapack {
        return s;
    } else if let Some(r) = with_small_lu(&a, |u, f| (lu::slogdet_of(u.iter().copied(), f), f)) {
        r
    } else {
        with_workspace(n, |buf, piv| {
            copy_row_major(buf, &a);
            let f = factor(buf, n, piv);
            (lu::slogdet_of(diagonal(buf, n), f), f)
        })
    };
    if singular.zero_pivot.is_some() && !s.1.is_nan() && has_nan(&a) {
        return (A::nan(), A::nan());
    }
    s
}
