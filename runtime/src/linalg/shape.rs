//! Shapes: the vector-or-matrix right-hand sides, and the checks behind the shape panics.

use ndarray::{Array, Array2, ArrayView, ArrayView2, Axis, Dimension, Ix1, Ix2};

mod sealed {
    use ndarray::{Array, Array2, ArrayView, ArrayView2};

    #[allow(
        unreachable_pub,
        reason = "sealed-trait pattern: public so it can bound `VectorOrMatrix`, unnameable outside"
    )]
    pub trait AsColumns: ndarray::Dimension {
        /// The right-hand side as a matrix with one column per system.
        fn as_matrix<A>(v: ArrayView<'_, A, Self>) -> ArrayView2<'_, A>;
        /// A result computed as such a matrix, back in the caller's dimension.
        fn from_matrix<A>(m: Array2<A>) -> Array<A, Self>;
    }
}

/// The dimensions a right-hand side may have: [`Ix1`](type@Ix1) (one vector) or [`Ix2`](type@Ix2) (a
/// matrix, one column per vector).
///
/// Used by [`solve`](super::solve) and [`matmul`](super::matmul), whose result has the
/// same dimension as `b`. Sealed: implemented for exactly these two.
///
/// # Examples
///
/// ```
/// use ndarray::{Array1, Array2, array};
/// use parfor_runtime::linalg::solve;
///
/// let a = array![[2.0, 0.0], [0.0, 4.0]];
/// let x: Array1<f64> = solve(&a, &array![2.0, 2.0])?; // Ix1 in, Ix1 out
/// let y: Array2<f64> = solve(&a, &array![[2.0], [2.0]])?; // Ix2 in, Ix2 out
/// assert_eq!(x, y.column(0));
/// # Ok::<(), parfor_runtime::linalg::LinalgError>(())
/// ```
pub trait VectorOrMatrix: Dimension + sealed::AsColumns {}

impl VectorOrMatrix for Ix1 {}
impl VectorOrMatrix for Ix2 {}

impl sealed::AsColumns for Ix1 {
    fn as_matrix<A>(v: ArrayView<'_, A, Ix1>) -> ArrayView2<'_, A> {
        v.insert_axis(Axis(1))
    }
    fn from_matrix<A>(m: Array2<A>) -> Array<A, Ix1> {
        m.index_axis_move(Axis(1), 0)
    }
}

impl sealed::AsColumns for Ix2 {
    fn as_matrix<A>(v: ArrayView2<'_, A>) -> ArrayView2<'_, A> {
        v
    }
    fn from_matrix<A>(m: Array2<A>) -> Array2<A> {
        m
    }
}

/// Panics unless `a` is square, naming the function (of `linalg`) and the shape.
pub(crate) fn assert_square<A>(function: &str, a: &ArrayView2<'_, A>) -> usize {
    let (r, c) = a.dim();
    assert!(
        r == c,
        "parfor::linalg::{function}: expected a square matrix, got shape {r} × {c}"
    );
    r
}

/// Formats a shape as `3 × 4`.
pub(crate) fn fmt_shape(shape: &[usize]) -> String {
    shape
        .iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join(" × ")
}
