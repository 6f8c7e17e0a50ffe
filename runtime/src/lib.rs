//! The runtime of [parfor](https://docs.rs/parfor): what `#[parallel]` loops call into
//! (scheduling, window splitting, reductions, thread control) and the numeric
//! primitives loop bodies use (linear algebra on OpenBLAS/LAPACK, FFTs, 2-D correlation).
//!
//! Users depend on the `parfor` facade crate, which re-exports everything public here.

// `*-src` convention: naming the crate is what makes the system OpenBLAS link.
use openblas_src as _;

mod range;
pub mod reduce;
mod refs;
mod schedule;
mod threads;
mod window;

/// Windows and their grouping (moved: the windows to `window`, the groups to
/// `schedule`); kept at this path until the public API is settled.
pub mod split {
    pub use crate::schedule::{Bounded, Group, Leaves, clamp_index};
    pub use crate::window::{ArrayWindow, SliceWindow, Source, Splittable, WindowIndex};
}

pub use range::{Int, IntoPRange, TWO_STREAMS_MIN, prange};
pub use schedule::{INLINE_NS, MAX_LEAVES, TEAM_MAX_NS};
pub use threads::{get_num_threads, set_num_threads, with_num_threads};

/// What `#[parallel]` expands to. Not a public API: it may change in any release.
#[doc(hidden)]
pub mod __private {
    pub use crate::range::{Chunk, Lanes, Span, Stepped, Stride, Unit};
    /// The reductions' identities and combiners, and the accumulator lanes.
    pub mod reduce {
        pub use crate::reduce::ops::*;
    }
    pub use crate::refs::*;
    pub use crate::schedule::{Site, run_for, run_reduce};
    pub use crate::split::{ArrayWindow, Bounded, Group, SliceWindow, Source, clamp_index};
}

// --- numerics (issue 4): modules and re-exports below this line ---
pub mod blas;
mod ffi;
pub mod fft;
pub mod linalg;
mod nontemporal;
pub mod pages;
mod scalar;
pub mod signal;
pub mod stream;

pub use scalar::Scalar;
pub use stream::{stream_assign, stream_fill};
// --- end numerics ---
