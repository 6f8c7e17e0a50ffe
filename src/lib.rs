//! parfor: Numba's `@njit(parallel=True)` and `prange` for Rust, with races refused at
//! compile time.
//!
//! Annotate a function with [`#[parallel]`](macro@parallel), write ordinary loop code,
//! and mark the loops to run in parallel with [`prange`]:
//!
//! ```
//! use parfor::prelude::*;
//!
//! #[parallel]
//! fn scale(x: &[f64], out: &mut [f64]) -> f64 {
//!     let mut total = 0.0;
//!     for i in prange(x.len()) {
//!         out[i] = 2.0 * x[i]; // disjoint writes: `out` is split between chunks
//!         total += x[i];       // a reduction: private partial sums, combined in order
//!     }
//!     total
//! }
//!
//! let x: Vec<f64> = (0..10_000).map(f64::from).collect();
//! let mut out = vec![0.0; x.len()];
//! assert_eq!(scale(&x, &mut out), 49_995_000.0);
//! assert_eq!(out[9_999], 19_998.0);
//! ```
//!
//! Without the attribute, `prange` is an ordinary sequential iterator, so the same code
//! compiles and runs sequentially: that is how to debug and compare.

pub use parfor_macros::parallel;
pub use parfor_runtime::fft::{fft2, ifft2};
pub use parfor_runtime::linalg::{LinalgError, det, inv, matmul, slogdet, solve};
pub use parfor_runtime::signal::{Method, Mode, convolve2d, correlate2d};
pub use parfor_runtime::{
    INLINE_NS, Int, IntoPRange, MAX_LEAVES, Scalar, blas, fft, get_num_threads, linalg, prange,
    reduce, set_num_threads, signal, split, with_num_threads,
};

/// Everything a `#[parallel]` function usually needs: the attribute, `prange`, ndarray's
/// array types, `Axis` and `s!`, and the runtime's numeric functions.
pub mod prelude {
    pub use crate::{
        Method, Mode, convolve2d, correlate2d, det, fft2, ifft2, inv, matmul, parallel, prange,
        slogdet, solve,
    };
    pub use ndarray::{
        Array, Array1, Array2, Array3, ArrayBase, ArrayD, ArrayView, ArrayView1, ArrayView2,
        ArrayView3, ArrayViewMut, ArrayViewMut1, ArrayViewMut2, ArrayViewMut3, Axis, Dimension,
        Ix1, Ix2, Ix3, IxDyn, Zip, s,
    };
}

/// What `#[parallel]` expands to. Not a public API: it may change in any release.
#[doc(hidden)]
pub use parfor_runtime::__private;
