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
//! Coming from Numba? [`from_numba`] sets each pattern's Numba code beside its parfor code.
//!
//! # What a loop body may do
//!
//! `#[parallel]` goes on free functions and on methods. Every outermost
//! `for i in prange(..)` loop of the function is rewritten (also inside `if`, `match`,
//! other loops and blocks); a `prange` loop inside another's body runs sequentially.
//! Ranges: `prange(n)`, `prange(a..b)`, `prange(a..=b)`, `prange((a..b).step_by(k))`
//! and `.rev()`, over any integer type.
//!
//! Each variable the body captures is classified:
//!
//! - **shared**: only read (captured by shared reference);
//! - **split**: an array (ndarray `Array`/`ArrayViewMut` of any dimension, `Vec<T>`,
//!   `&mut [T]`) written at indices pinned to the loop variable: `out[i]`,
//!   `out[[j, i]]`, `out[2*i + 1]`, `out.row_mut(i)`, `out.index_axis_mut(Axis(k), i)`,
//!   `out.slice_mut(s![.., i])`, or inside inner loops such as
//!   `for x in b..b + bs` under `prange((0..n).step_by(bs))`. Each chunk of iterations
//!   gets its own window of the array; indices stay absolute, and an index outside the
//!   window panics naming the array and the index;
//! - **reduced**: a scalar updated only as `s += e`, `s -= e`, `s *= e`, `s &= e`,
//!   `s |= e`, `s ^= e`, `s = s + e`, `s = s.max(e)`, `s = s.min(e)` (or
//!   `f64::max(s, e)`), or through a `&mut` as `*s += e`. Partials are combined in a
//!   fixed order: the result is bitwise the same for any thread count. A generic `T`
//!   needs the identity's trait: num-traits' `Zero` for `+=` (as ndarray code is
//!   bounded), `One` for `*=`, [`reduce::Bits`] and [`reduce::Extremum`] for the others.
//!   `s /= e` (with `*=` too) reduces `f32` and `f64` only ([`reduce::Quotient`]): `s`
//!   ends as `s / (e1 * e2 * ..)` up to rounding, the same bits on any thread count;
//! - **reduced array**: an array whose elements the loop only updates with one of those
//!   operators at indices iterations may share (`hist[b] += 1`, `sums[[k, j]] += e`,
//!   `a[k] = a[k].max(e)`, `a[k] = a[k] + e`), or that it updates as a whole with
//!   ndarray's arithmetic (`y += &x.row(i)`, `*y -= &e`, `self.y *= &e`). Each group of
//!   chunks accumulates into a private copy that starts at the operator's identity; the
//!   copies are combined into the array element by element in a fixed order. The groups
//!   depend only on the trip count and the arrays' sizes, so the result is bitwise the
//!   same for any thread count, and the extra memory is at most
//!   [`reduce::MAX_COPIES`] copies and [`reduce::COPY_BUDGET`] bytes (a larger array
//!   gets fewer copies). Any other use of such an array in the loop (a read, a plain
//!   write) is a compile error. A loop may split one array and reduce another:
//!
//! ```
//! use parfor::prelude::*;
//!
//! #[parallel]
//! fn assign(x: &[f64], centres: &[f64], labels: &mut [usize], counts: &mut [u64]) {
//!     for i in prange(x.len()) {
//!         let mut best = 0;
//!         for k in 1..centres.len() {
//!             if (x[i] - centres[k]).abs() < (x[i] - centres[best]).abs() {
//!                 best = k;
//!             }
//!         }
//!         labels[i] = best;   // split
//!         counts[best] += 1;  // reduced: a private copy per group of chunks
//!     }
//! }
//!
//! let (mut labels, mut counts) = (vec![0; 4], vec![0; 2]);
//! assign(&[0.1, 0.9, 0.2, 0.3], &[0.0, 1.0], &mut labels, &mut counts);
//! assert_eq!((labels, counts), (vec![0, 1, 0, 0], vec![3, 1]));
//! ```
//!
//! ```
//! use parfor::prelude::*;
//!
//! // Generic code bounded as ndarray code is: `+=` needs num-traits' `Zero`.
//! #[parallel]
//! fn total<T: Copy + Send + Sync + num_traits::Zero + std::ops::AddAssign>(x: &[T]) -> T {
//!     let mut s = T::zero();
//!     for i in prange(x.len()) {
//!         s += x[i];
//!     }
//!     s
//! }
//!
//! let x: Vec<i64> = (1..=1000).collect();
//! assert_eq!(total(&x), 500_500);
//! assert_eq!(parfor::with_num_threads(3, || total(&[0.5, 0.25])), 0.75);
//! ```
//!
//! Anything else is a compile error on the offending access, with the reason and a
//! fix: an element written by two iterations (`out[0]`, `out[i / 2]`, `out[idx[i]]`),
//! a loop-carried dependence (`a[i] = a[i - 1]`), a whole-array read of a written array
//! (`a.sum()`), `last = i`, `v.push(x)`, `&mut captured`, `break`, `return`.
//!
//! ```compile_fail
//! use parfor::prelude::*;
//!
//! #[parallel]
//! fn prefix(a: &mut [f64]) {
//!     for i in prange(1..a.len()) {
//!         a[i] = a[i - 1] + 1.0; // error: parfor: `a[i - 1]` reads an element of `a`
//!     }                          // that another iteration ... writes through `a[i]`
//! }
//! ```
//!
//! # `?` in a loop body
//!
//! In a function returning `Result<_, E>` (with `E: Send`) or `Option<_>`, a loop body
//! may use `?`. The function returns what the sequential loop would: the failure of the
//! lowest failing iteration, whatever the thread count, chunk size or schedule. Once an
//! iteration fails, chunks that start above it and have not started yet are skipped;
//! chunks below it run to their end. So after an error, every element written by
//! iterations below the failing one holds its sequential value, and elements of later
//! iterations may or may not have been written. `return` and `break` in the body stay
//! errors (they would end the loop at a point other iterations have passed).
//!
//! ```
//! use parfor::prelude::*;
//!
//! #[parallel]
//! fn parse_all(words: &[&str], out: &mut [i64]) -> Result<(), std::num::ParseIntError> {
//!     for i in prange(words.len()) {
//!         out[i] = words[i].parse::<i64>()?;
//!     }
//!     Ok(())
//! }
//!
//! let mut out = [0; 4];
//! assert!(parse_all(&["1", "2", "3", "4"], &mut out).is_ok());
//! let e = parse_all(&["1", "x", "3", ""], &mut out).unwrap_err();
//! assert_eq!(e, "x".parse::<i64>().unwrap_err()); // the lowest failure, not `""`'s
//! assert_eq!(out[0], 1);
//! ```
//!
//! # Element access in inner loops
//!
//! An inner loop `for j in lo..hi` of a prange body that indexes arrays along their
//! last axis, `a[[r.., j + c]]` (or `a[j + c]`) with `c` an integer literal and `r..`
//! not changing inside the loop, and stores through such an index, runs over row
//! slices taken once before it, so each access is a plain load or store that LLVM can
//! vectorise rather than a strided, bounds-checked index. (A loop that only reads is a
//! reduction, which cannot vectorise without reassociating; it runs as written.) This needs the array's type to be evident to the macro (a
//! parameter's type, or a `let` built by `ArrayN::..`, `vec![..]`, `Vec::..` or
//! `.to_vec()`), every use of the array in that loop to be such an index, and, for an
//! array the loop writes, one row. Where a row slice cannot be had (an index out of
//! bounds or outside the chunk's window, a transposed, sliced or reversed view), the
//! loop runs as written, with the same results and the same panics.
//!
//! # Random numbers
//!
//! A loop body that draws random numbers takes them from [`rng::for_iteration`]: a
//! generator made from a seed and the loop variable, so each iteration draws the same
//! numbers whichever thread runs it, on any thread count and without the attribute. It
//! implements rand's `Rng`; rand's `random`, `random_range` and rand_distr's
//! distributions work on it:
//!
//! ```
//! use parfor::prelude::*;
//! use parfor::rng::{self, RngExt};
//!
//! #[parallel]
//! fn estimate_pi(seed: u64, n: u64) -> f64 {
//!     let mut inside = 0u64;
//!     for i in prange(n) {
//!         let mut r = rng::for_iteration(seed, i);
//!         let (x, y) = (r.random::<f64>(), r.random::<f64>());
//!         inside += u64::from(x * x + y * y < 1.0);
//!     }
//!     4.0 * inside as f64 / n as f64
//! }
//!
//! let pi = estimate_pi(42, 100_000);
//! assert!((pi - std::f64::consts::PI).abs() < 0.03);
//! assert_eq!(parfor::with_num_threads(3, || estimate_pi(42, 100_000)), pi);
//! ```
//!
//! # Options
//!
//! - `#[parallel(threads = N)]`: run on a cached pool of `N` threads;
//! - `#[parallel(chunk = N)]`: `N` iterations per chunk (the default depends only on
//!   the trip count);
//! - `#[parallel(schedule = static)]`, `dynamic`, `guided` (OpenMP's schedules) or
//!   `adaptive` (the default): how the threads share the chunks. `static` deals each
//!   thread one contiguous block (with `chunk = N`, chunks round-robin), decided before
//!   the loop starts; `dynamic` has threads take one chunk at a time from a shared
//!   queue; `guided` takes blocks of chunks that shrink towards the end; `adaptive`
//!   runs a short loop as `guided` on the caller and woken workers, and a long or
//!   nested one by rayon's work stealing. `PARFOR_SCHEDULE=static|dynamic|guided|adaptive`
//!   sets the schedule of loops that name none (an unknown value is ignored with a
//!   warning on stderr). Chunk boundaries never depend on the schedule or the thread
//!   count, so reductions are bitwise the same under every schedule. A loop whose
//!   measured work is too small to repay waking the pool still runs inline;
//! - `#[parallel(private(buf, tmp))]`: each chunk starts from its own clone of the
//!   named variables (OpenMP's `firstprivate`): scratch a body fills and reads within
//!   an iteration, without allocating per iteration. They must be `Clone` (and `Sync`,
//!   as they are cloned on the worker threads); after the loop they hold their value
//!   from before it. Naming a variable the loop writes as its output (`out[i] = ..`,
//!   `s += ..`) is an error, as those writes would be lost;
//! - `#[parallel(progress)]`: a progress bar on stderr for a loop that runs longer than
//!   half a second, labelled with the attribute's `file:line`, updated as chunks finish
//!   and cleared when the loop ends or panics. Shown when stderr is a terminal, unless
//!   `PARFOR_PROGRESS=0`; `PARFOR_PROGRESS=1` shows it on any stderr (see [`progress`]).
//!   It never changes what the loop computes;
//! - `#[parallel(report)]`: print at compile time, like Numba's
//!   `parallel_diagnostics`, what was done with each loop: which variables are shared,
//!   split (along which axis) or reduced (with which operator). The report appears in
//!   `cargo build`'s output when the function's crate is compiled (touch the file to
//!   see it again):
//!
//! ```text
//! parfor report for `scale`: loop `for .. in prange(x.len())`: parallel
//!   split    `out` along axis 0 (one window per chunk)
//!   reduce   `total` with `total += ..` (private partials, combined in chunk order)
//!   shared   `x` (read only)
//! ```
//!
//! # Threads and BLAS
//!
//! Loops use [`get_num_threads`] threads: [`with_num_threads`] on the calling thread,
//! the enclosing rayon pool, [`set_num_threads`], `PARFOR_NUM_THREADS`, then
//! `RAYON_NUM_THREADS`, then all cores. A variable set to anything but a positive
//! integer is ignored with a warning on stderr; a count above [`max_threads`] (8 per
//! core, at least 64) is capped to it, with a warning the first time. Loops whose measured work is too small to
//! repay waking the pool run inline. While a loop runs in parallel, BLAS calls in its
//! body run single-threaded (see [`blas`]).
//!
//! # Modules
//!
//! Every public item has one path. At the root: [`parallel`], [`prange`] (with [`Int`]
//! and [`IntoPRange`]), the loops' thread count ([`get_num_threads`],
//! [`set_num_threads`], [`with_num_threads`], [`max_threads`]) and [`Scalar`]. Below it, one module per
//! job: [`reduce`] (the traits of reduction variables), [`window`] (what a written array
//! is inside a loop body), [`blas`] (BLAS threads), [`linalg`], [`fft`], [`signal`],
//! [`stream`] (non-temporal stores), [`pages`] (huge pages), [`rng`] (random numbers
//! that do not depend on the thread count), [`progress`] (the progress bar of
//! `#[parallel(progress)]`) and [`io`] (NumPy's `.npy` and `.npz` files). The [`prelude`] gathers,
//! for a glob import, what loop code needs.
//!
//! # Panics
//!
//! Panic messages start with `parfor`: `parfor::PATH: ` naming the public function that
//! panicked (`parfor::linalg::det: expected a square matrix, got shape 3 × 4`), or
//! `parfor: ` for what a loop checks while it runs (an index outside its chunk's window,
//! an index past the array's end, `threads = 0`), like the macro's compile errors.
//!
//! # `unsafe`
//!
//! This crate and the code `#[parallel]` generates contain no `unsafe`. The runtime
//! (`parfor-runtime`) denies it except in four modules: `ffi` (the calls into
//! OpenBLAS and LAPACK, behind wrappers that check every dimension and buffer first),
//! `nontemporal` (the SSE2 streaming stores behind [`stream`]), `pages`
//! (`madvise(MADV_HUGEPAGE)`) and `linalg::stack` (calling the AVX2 build of
//! [`linalg::det_stack`]'s kernel after checking the CPU has AVX2).

#![forbid(unsafe_code)]

pub mod from_numba;
pub mod io;

pub use parfor_macros::parallel;
pub use parfor_runtime::{
    Int, IntoPRange, Scalar, blas, fft, get_num_threads, linalg, max_threads, pages, prange,
    progress, reduce, rng, set_num_threads, signal, stream, window, with_num_threads,
};

/// What a `#[parallel]` function usually needs, for a glob import: the attribute and
/// `prange`, ndarray's array types, `Axis`, `Zip` and the `s!`, `array!` and `azip!` macros, and
/// the numeric functions loop bodies call.
///
/// Names that commonly collide stay in their modules: `signal::Mode` and
/// `signal::Method`, `linalg::Backend`, the `*_with` variants.
///
/// # Examples
///
/// ```
/// use parfor::prelude::*;
///
/// #[parallel]
/// fn dets(t: ArrayView3<f64>, out: &mut Array1<f64>) {
///     for i in prange(t.len_of(Axis(0))) {
///         out[i] = det(t.index_axis(Axis(0), i));
///     }
/// }
///
/// let t = Array3::from_shape_fn((4, 2, 2), |(k, i, j)| if i == j { k as f64 } else { 0.0 });
/// let mut out = Array1::zeros(4);
/// dets(t.view(), &mut out);
/// assert_eq!(out, array![0.0, 1.0, 4.0, 9.0]);
/// ```
pub mod prelude {
    pub use crate::fft::{fft2, ifft2};
    pub use crate::linalg::{det, det_stack, det_stack_into, inv, matmul, slogdet, solve};
    pub use crate::signal::{convolve2d, correlate2d};
    pub use crate::stream::{stream_assign, stream_fill};
    pub use crate::{parallel, prange};
    pub use ndarray::{
        Array, Array1, Array2, Array3, ArrayBase, ArrayD, ArrayView, ArrayView1, ArrayView2,
        ArrayView3, ArrayViewMut, ArrayViewMut1, ArrayViewMut2, ArrayViewMut3, Axis, Dimension,
        Ix1, Ix2, Ix3, IxDyn, Zip, array, azip, s,
    };
}

/// What `#[parallel]` expands to. Not a public API: it may change in any release.
#[doc(hidden)]
pub use parfor_runtime::__private;
