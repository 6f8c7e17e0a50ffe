//! Linear algebra for loop bodies: [`det`], [`slogdet`], [`solve`], [`inv`], [`matmul`].
//!
//! The functions mirror `numpy.linalg` and take their matrices the way ndarray's own
//! functions do (any [`AsArray`]): `det(&a)`, `det(a.view())` and
//! `det(t.index_axis(Axis(2), k))` all work, whatever the strides; a transposed or sliced
//! view is read where it lies, never required to be contiguous. They are generic over
//! [`Scalar`] (`f32` and `f64`).
//!
//! # Two routes
//!
//! The seed workloads call `det` on thousands of 5 × 5 or 10 × 10 slices, where NumPy
//! spends microseconds per call on dispatch and LAPACK's blocked code has nothing to
//! block. So matrices up to [`RUST_ROUTE_MAX`] are factored by a Rust LU with partial
//! pivoting in a stack buffer (no allocation at all); larger ones go to OpenBLAS's LAPACK
//! (`?getrf` for determinants, `?gesv` for `solve` and `inv`). [`Backend`] and the
//! `*_with` variants force either route, for benchmarks and comparisons. For `det` and
//! `slogdet` of matrices up to 16 × 16 the Rust route copies the matrix into a stack
//! array of exactly its size, which reads a strided slice faster (the same results, bit
//! for bit).
//!
//! # Stacks of matrices
//!
//! [`det_stack`] (and [`det_stack_into`], which writes into a given array or slice) gives
//! the determinant of every matrix of a three-dimensional stack, the slices along a given
//! axis, bit for bit what [`det`] gives for each. Matrices up to 16 × 16 are factored 8 or
//! 16 at a time, one per SIMD lane of the same instructions (structure of arrays), instead
//! of one after the other: on the seed's `(10, 10, 100000)` tensor, 104 ns a matrix
//! against 298 ns for `det` on each slice (`f64` on an AVX2 CPU; 78 against 290 ns for
//! `f32`; 133 ns for `f64` with SSE2 alone). A lane whose pivot is zero, subnormal or NaN
//! is recomputed with [`det`], so the edge cases below apply unchanged. It is sequential,
//! like everything here: parallelise over blocks of a few hundred matrices of the stack.
//!
//! # Edge cases
//!
//! - A non-square matrix, or a right-hand side whose length does not match, panics with a
//!   message naming the function and the shapes (as ndarray's `dot` does).
//! - A singular matrix (an exactly zero pivot, as LAPACK defines it) has `det == 0.0` and
//!   `slogdet == (0.0, -inf)`, and makes `solve`/`inv` return [`LinalgError::Singular`].
//!   Matrices that are singular only in exact arithmetic, such as `[[1, 2, 3], [4, 5, 6],
//!   [7, 8, 9]]`, usually round to a tiny non-zero determinant, as in NumPy.
//! - A NaN anywhere in the input gives a NaN determinant (and a NaN sign and log from
//!   `slogdet`), even when the matrix is also singular.
//! - The 0 × 0 matrix has determinant 1, like NumPy's.
//!
//! # Examples
//!
//! ```
//! use ndarray::{Array2, Array3, Axis, array};
//! use parfor_runtime::linalg::{det, inv, matmul, solve};
//!
//! let a = array![[2.0, 1.0], [1.0, 3.0]];
//! assert_eq!(det(&a), 5.0);
//! assert_eq!(solve(&a, &array![3.0, 4.0])?, array![1.0, 1.0]);
//! let eye = matmul(&a, &inv(&a)?);
//! assert!((&eye - &Array2::<f64>::eye(2)).iter().all(|e| e.abs() < 1e-15));
//!
//! // One determinant per slice of a tensor, as the seed's multiprocessing example does.
//! let t = Array3::from_shape_fn((3, 3, 4), |(i, j, k)| if i == j { k as f64 } else { 0.5 });
//! let dets: Vec<f64> = (0..4).map(|k| det(t.index_axis(Axis(2), k))).collect();
//! assert_eq!(dets[1], det(&array![[1.0, 0.5, 0.5], [0.5, 1.0, 0.5], [0.5, 0.5, 1.0]]));
//! # Ok::<(), parfor_runtime::linalg::LinalgError>(())
//! ```

mod big_stack;
mod error;
mod lapack;
mod lu;
mod matmul;
mod shape;
mod stack;
#[cfg(test)]
mod test_rng;

use ndarray::{Array, Array2, ArrayView2, AsArray, Ix2};

pub use self::error::LinalgError;
pub use self::matmul::matmul;
pub use self::shape::VectorOrMatrix;
pub use self::stack::{det_stack, det_stack_into};

use self::lu::{copy_row_major, diagonal, factor, with_small_lu, with_workspace};
use self::shape::{assert_square, fmt_shape};
use crate::Scalar;

/// The largest `n` for which [`Backend::Auto`] factors an `n × n` matrix with the Rust LU
/// rather than LAPACK.
///
/// Measured on the 2-core development machine (AMD EPYC, OpenBLAS 0.3.21 with one
/// thread, as inside parallel loops), `det` of an `n × n` `f64` matrix, best of 7:
///
/// | n            | 5    | 10   | 16   | 32   | 40   | 48   | 56   | 64   | 100  |
/// |--------------|------|------|------|------|------|------|------|------|------|
/// | Rust LU, µs  | 0.05 | 0.16 | 0.49 | 2.63 | 4.57 | 7.26 | 11.0 | 16.0 | 58.7 |
/// | `getrf`, µs  | 0.24 | 0.48 | 1.10 | 4.24 | 5.09 | 7.40 | 10.7 | 14.5 | 33.4 |
///
/// The routes cross near 50; `getrf`'s fixed cost (a copy, two allocations, the call)
/// dominates below, its blocked, vectorised factorisation above. The Rust route works on
/// the stack up to this size. (The table predates branch-free pivoting, and the exact-size
/// copy [`det`] and [`slogdet`] make up to 16 × 16: on distinct random 10 × 10 slices of a
/// tensor, where pivots are unpredictable, these made `det` about 1.6 times faster, with
/// bit-identical results; the same matrix factored over and over, whose branches the CPU
/// learns, became about 8% slower. The crossover is unchanged: `getrf` stays ahead above
/// 48.)
///
/// # Examples
///
/// ```
/// use ndarray::Array2;
/// use parfor_runtime::linalg::{Backend, RUST_ROUTE_MAX, det, det_with};
///
/// let a = Array2::<f64>::eye(RUST_ROUTE_MAX) * 2.0;
/// assert_eq!(det(&a), det_with(&a, Backend::Rust)); // the route Auto takes at this size
/// ```
pub const RUST_ROUTE_MAX: usize = 48;

/// Which implementation factors the matrix.
///
/// # Examples
///
/// ```
/// use ndarray::array;
/// use parfor_runtime::linalg::{Backend, det_with};
///
/// let a = array![[2.0, 1.0], [1.0, 3.0]];
/// assert_eq!(det_with(&a, Backend::Rust), 5.0);
/// assert_eq!(det_with(&a, Backend::Lapack), 5.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Backend {
    /// The Rust LU up to [`RUST_ROUTE_MAX`], LAPACK above (what [`det`] etc. use).
    #[default]
    Auto,
    /// Always the Rust LU with partial pivoting (stack buffers up to 48 × 48, a `Vec`
    /// above).
    Rust,
    /// Always OpenBLAS's LAPACK (`?getrf`, `?gesv`).
    Lapack,
}

impl Backend {
    fn use_rust(self, n: usize) -> bool {
        match self {
            Backend::Auto => n <= RUST_ROUTE_MAX,
            Backend::Rust => true,
            Backend::Lapack => false,
        }
    }
}

fn has_nan<A: Scalar>(a: &ArrayView2<'_, A>) -> bool {
    a.iter().any(|x| x.is_nan())
}

/// The determinant of a square matrix, like `numpy.linalg.det`.
///
/// Computed from an LU factorisation with partial pivoting (see the
/// [module docs](self) for the two routes and the edge cases); it overflows to infinity
/// where the product of the pivots does, so use [`slogdet`] for large matrices.
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
    let (d, singular) = if !backend.use_rust(n) {
        // The LAPACK route looks for NaNs in its contiguous copy (see `lapack`).
        return lapack::det(&a);
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
    let (s, singular) = if !backend.use_rust(n) {
        return lapack::slogdet(&a);
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

/// Solves the linear system `a · x = b`, like `numpy.linalg.solve`.
///
/// `b` is a vector (one system, the result is a vector) or an `n × k` matrix (`k`
/// systems, one per column; the result is `n × k`).
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
        "solve: `a` is {n} × {n} but `b` has shape {}, whose first axis should be {n}",
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
