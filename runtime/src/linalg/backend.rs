//! Which route factors a matrix: the Rust LU or OpenBLAS's LAPACK.

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
/// copy [`det`](super::det()) and [`slogdet`](super::slogdet()) make up to 16 × 16: on distinct random 10 × 10 slices of a
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
