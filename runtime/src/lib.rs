//! The runtime of [parfor](https://docs.rs/parfor): what `#[parallel]` loops call into
//! (scheduling, window splitting, reductions, thread control) and the numeric
//! primitives loop bodies use (linear algebra on OpenBLAS/LAPACK, FFTs, 2-D correlation).
//!
//! Users depend on the `parfor` facade crate, which re-exports everything public here
//! under the same paths, and adds the `#[parallel]` attribute and a prelude.
//!
//! # Modules
//!
//! Public:
//!
//! - [`prange`], [`Int`], [`IntoPRange`] (at the root): the loops' iteration spaces;
//! - [`get_num_threads`], [`set_num_threads`], [`with_num_threads`], [`max_threads`]
//!   (at the root): how many threads a loop uses;
//! - [`reduce`]: the traits a reduction variable's type needs;
//! - [`window`]: what a written array is inside a loop body;
//! - [`progress`]: the progress bar of `#[parallel(progress)]` loops;
//! - [`blas`]: OpenBLAS's thread count, and single-threaded BLAS inside loops;
//! - [`linalg`]: `det`, `slogdet`, `solve`, `inv`, `matmul`, `det_stack`;
//! - [`fft`]: `fft2`, `ifft2`;
//! - [`signal`]: `correlate2d`, `convolve2d`;
//! - [`stream`]: fills and copies with non-temporal stores;
//! - [`pages`]: arrays on transparent huge pages;
//! - [`rng`]: reproducible random numbers, one stream per (seed, iteration);
//! - [`Scalar`] (at the root): the float types of the numerics.
//!
//! Private: `range` (iteration spaces as first value, trip count, step), `schedule`
//! (leaves, the decision where a loop runs, the executors), `threads` (thread counts
//! and cached pools), `refs` (shared references handed to loop bodies as parameters),
//! `scalar`, `ffi` and `nontemporal` (below). The hidden `__private` module is what the
//! generated code calls; it is not a public API and may change in any release.
//!
//! # `unsafe`
//!
//! The generated code contains no `unsafe`, and neither does the loop machinery, but for
//! the checked and residue windows below. The crate denies `unsafe_code`; these modules
//! alone allow it, each `unsafe` block stating the invariant that makes it sound:
//!
//! - `ffi`: the calls into OpenBLAS and LAPACK (`cblas_?gemm`, `?getrf`, `?gesv`, the
//!   thread controls), behind safe wrappers that check dimensions, buffer lengths and
//!   leading dimensions before crossing into C or Fortran;
//! - `nontemporal`: the streaming stores behind [`stream`] (viewing floats as 16-byte
//!   vectors, the SSE2 intrinsics `_mm_stream_pd` / `_mm_stream_ps`);
//! - `pages`: `madvise(MADV_HUGEPAGE)` on the 2 MiB-aligned part of an allocation of
//!   ours, which changes how pages are backed, never their contents;
//! - `window::checked`: the window of a 2-D array written by triangles
//!   (`window::triangle`), along one line (`window::line`) or by tiles
//!   (`window::tiles`), which keeps the array's
//!   pointer and checks, on every access, that the index is inside the array and that
//!   the rule allows it to the chunk (ranges are split, never shared, between windows);
//! - `window::residue`: the window of a 1-D array written at one residue class
//!   (`u[2 * k]`) and read at the others, which checks that every write is in the class
//!   and the chunk's range, and every read of the class in the chunk's range;
//! - `linalg::stack`: calling the AVX2 build of the stacked-determinant kernel, after
//!   checking at run time that the CPU has AVX2.
//!
//! # Panics
//!
//! Panic messages start with `parfor`: `parfor::PATH: ` naming the public function that
//! panicked (`parfor::linalg::det: expected a square matrix, got shape 3 × 4`), or
//! `parfor: ` for what a `#[parallel]` loop checks while it runs (an index outside its
//! chunk's window, `threads = 0`).
#![deny(unsafe_code)]

// `*-src` convention: naming the crate is what makes the system OpenBLAS link.
use openblas_src as _;

mod private;
pub mod progress;
mod range;
pub mod reduce;
mod refs;
mod schedule;
mod threads;
pub mod window;

pub mod blas;
#[allow(
    unsafe_code,
    reason = "the calls into OpenBLAS and LAPACK: see the crate docs"
)]
mod ffi;
pub mod fft;
pub mod linalg;
#[allow(unsafe_code, reason = "the streaming stores: see the crate docs")]
mod nontemporal;
#[allow(unsafe_code, reason = "madvise: see the crate docs")]
pub mod pages;
pub mod rng;
mod scalar;
pub mod signal;
pub mod stream;

pub use range::{Int, IntoPRange, prange};
pub use scalar::Scalar;
pub use threads::{get_num_threads, max_threads, set_num_threads, with_num_threads};

/// What `#[parallel]` expands to, and the runtime's tuning constants. Not a public API:
/// it may change in any release.
#[doc(hidden)]
pub mod __private {
    pub use crate::range::{Chunk, Lanes, Span, Stepped, Stride, TWO_STREAMS_MIN, Unit};
    /// The reductions' identities and combiners, and the accumulator lanes.
    pub mod reduce {
        pub use crate::reduce::array::*;
        pub use crate::reduce::ops::*;
        pub use crate::reduce::sum::{AnySum, IntSum, Like, fold_sum, like};
    }
    pub use crate::private::first_private;
    pub use crate::refs::*;
    pub use crate::schedule::{
        Bounded, BoundedParts, Config, Fallible, Group, INLINE_NS, Leaves, MAX_LEAVES, Outcome,
        OutcomeOf, Schedule, Site, TEAM_MAX_NS, clamp_index, run_for, run_reduce, run_try_for,
        run_try_reduce, touched,
    };
    pub use crate::window::source::{Source, Splittable};
    pub use crate::window::{
        CheckedWindow, Line, Owner, ResidueSource, ResidueWindow, RowSlice, RowSliceMut, Tiles,
    };
}
