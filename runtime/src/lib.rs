//! The runtime of [parfor](https://docs.rs/parfor): what `#[parallel]` loops call into
//! (scheduling, window splitting, reductions, thread control) and the numeric
//! primitives loop bodies use (linear algebra on OpenBLAS/LAPACK, FFTs, 2-D correlation).
//!
//! Users depend on the `parfor` facade crate, which re-exports everything public here.

// `*-src` convention: naming the crate is what makes the system OpenBLAS link.
use openblas_src as _;

// --- numerics (issue 4): modules and re-exports below this line ---
// --- end numerics ---
