//! Linear algebra for loop bodies: [`det`], [`slogdet`], [`solve`], [`inv`], [`matmul`].
//!
//! The functions mirror `numpy.linalg` and take their matrices the way ndarray's own
//! functions do (any [`AsArray`](ndarray::AsArray)): `det(&a)`, `det(a.view())` and
//! `det(t.index_axis(Axis(2), k))` all work, whatever the strides; a transposed or sliced
//! view is read where it lies, never required to be contiguous. They are generic over
//! [`Scalar`](crate::Scalar) (`f32` and `f64`).
//!
//! # Two routes
//!
//! Loop bodies typically call `det` on thousands of 5 × 5 or 10 × 10 slices, where
//! LAPACK's blocked code has nothing to block and its fixed cost dominates. So matrices
//! up to [`RUST_ROUTE_MAX`] are factored by a Rust LU with partial
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
//! of one after the other, with an AVX2 build of the kernel picked at run time where the
//! CPU has AVX2. A lane whose pivot is zero, subnormal or NaN
//! is recomputed with [`det`], so the edge cases below apply unchanged. It is sequential,
//! like everything here: parallelise over blocks of a few hundred matrices of the stack.
//!
//! # Edge cases
//!
//! - A non-square matrix, or a right-hand side whose length does not match, panics with a
//!   message naming the function and the shapes (as ndarray's `dot` does).
//! - A singular matrix (an exactly zero pivot, as LAPACK defines it) has `det == 0.0` and
//!   `slogdet == (0.0, -inf)` (a positive zero, as NumPy's), and makes `solve`/`inv` return [`LinalgError::Singular`].
//!   Matrices that are singular only in exact arithmetic, such as `[[1, 2, 3], [4, 5, 6],
//!   [7, 8, 9]]`, usually round to a tiny non-zero determinant, as in NumPy.
//! - A NaN anywhere in the input gives a NaN determinant (and a NaN sign and log from
//!   `slogdet`), even when the matrix is also singular.
//! - Subnormal pivots are exact divisors on both routes: where `?getrf` would scale by
//!   their infinite reciprocal (OpenBLAS then writes NaN), the matrix goes to the Rust LU,
//!   so `slogdet(1e-310 · I₄₉)` is `(1, 49 ln 1e-310)` as in NumPy.
//! - The 0 × 0 matrix has determinant 1, like NumPy's.
//!
//! # Determinism
//!
//! The Rust route (matrices up to [`RUST_ROUTE_MAX`], or [`Backend::Rust`]) is
//! sequential with a fixed order of operations: the same input gives the same bits on
//! every call, on any thread, and [`det_stack`] gives [`det`]'s bits. The LAPACK route
//! and [`matmul`] give OpenBLAS's results, whose summation order may depend on
//! OpenBLAS's thread count (one inside parallel loops) and version, as NumPy's do.
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
//! // One determinant per slice of a tensor.
//! let t = Array3::from_shape_fn((3, 3, 4), |(i, j, k)| if i == j { k as f64 } else { 0.5 });
//! let dets: Vec<f64> = (0..4).map(|k| det(t.index_axis(Axis(2), k))).collect();
//! assert_eq!(dets[1], det(&array![[1.0, 0.5, 0.5], [0.5, 1.0, 0.5], [0.5, 0.5, 1.0]]));
//! # Ok::<(), parfor_runtime::linalg::LinalgError>(())
//! ```

mod backend;
mod big_stack;
mod determinant;
mod error;
mod lapack;
mod lu;
mod matmul;
mod shape;
#[allow(
    unsafe_code,
    reason = "the call of the AVX2 kernel: see the crate docs"
)]
mod stack;
mod systems;
#[cfg(test)]
mod test_rng;

pub use self::backend::{Backend, RUST_ROUTE_MAX};
pub use self::determinant::{det, det_with, slogdet, slogdet_with};
pub use self::error::LinalgError;
pub use self::matmul::matmul;
pub use self::shape::VectorOrMatrix;
pub use self::stack::{det_stack, det_stack_into};
pub use self::systems::{inv, inv_with, solve, solve_with};
