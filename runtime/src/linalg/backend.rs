//! Which route factors a matrix: the Rust LU or OpenBLAS's LAPACK.

/// The largest `n` for which [`Backend::Auto`] factors an `n × n` matrix with the Rust LU
/// rather than LAPACK.
///
/// Below this size `getrf`'s fixed cost (a copy, two allocations, the call) dominates;
/// above it, its blocked, vectorised factorisation wins. The Rust route works on the
/// stack up to this size, so [`det`](super::det()) of a small matrix allocates nothing.
/// Both routes give the same answers up to rounding; which one runs never changes the
/// edge cases (singular matrices, NaN, the 0 × 0 matrix).
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
    /// The Rust LU up to [`RUST_ROUTE_MAX`], LAPACK above (what [`det`](super::det()) etc. use).
    #[default]
    Auto,
    /// Always the Rust LU with partial pivoting (stack buffers up to 48 × 48, a `Vec`
    /// above).
    Rust,
    /// Always OpenBLAS's LAPACK (`?getrf`, `?gesv`).
    Lapack,
}

impl Backend {
    pub(super) fn use_rust(self, n: usize) -> bool {
        match self {
            Backend::Auto => n <= RUST_ROUTE_MAX,
            Backend::Rust => true,
            Backend::Lapack => false,
        }
    }
}
