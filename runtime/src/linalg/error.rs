//! The error of the fallible linear-algebra functions.

use std::error::Error;
use std::fmt;

/// Why [`solve`](super::solve) or [`inv`](super::inv) has no answer.
///
/// Shape mistakes (a non-square matrix, a right-hand side of the wrong length) are bugs
/// in the caller and panic instead, as ndarray's `dot` does.
///
/// # Examples
///
/// ```
/// use ndarray::array;
/// use parfor_runtime::linalg::{LinalgError, inv};
///
/// let err = inv(&array![[1.0, 2.0], [2.0, 4.0]]).unwrap_err();
/// assert!(matches!(err, LinalgError::Singular { n: 2, .. }));
/// assert_eq!(
///     err.to_string(),
///     "inv: the 2 × 2 matrix is singular (exactly zero pivot in column 1 of its LU factorisation)"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum LinalgError {
    /// The matrix is singular: its LU factorisation met a pivot that is exactly zero,
    /// which is when LAPACK's `?gesv` (and so NumPy's `LinAlgError`) reports it.
    Singular {
        /// The function that was called (`"solve"` or `"inv"`).
        function: &'static str,
        /// The matrix is `n × n`.
        n: usize,
        /// The column (0-based) of the first zero pivot.
        column: usize,
    },
}

impl fmt::Display for LinalgError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LinalgError::Singular {
                function,
                n,
                column,
            } => write!(
                f,
                "{function}: the {n} × {n} matrix is singular \
                 (exactly zero pivot in column {column} of its LU factorisation)"
            ),
        }
    }
}

impl Error for LinalgError {}
