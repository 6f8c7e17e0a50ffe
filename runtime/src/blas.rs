//! BLAS thread control: OpenBLAS's thread count, and single-threaded BLAS inside parallel
//! loops.
//!
//! OpenBLAS (Debian's 0.3.21, pthread build) has one thread count for the whole process.
//! Its initial value comes from the environment when the library loads
//! (`OPENBLAS_NUM_THREADS`, then `OMP_NUM_THREADS`, else one thread per core), the knob
//! NumPy users turn from Python; [`set_num_threads`] and [`get_num_threads`] are the same
//! control from Rust.
//!
//! # BLAS threads and loop threads
//!
//! A pool of worker threads each calling a multithreaded BLAS routine is often no
//! faster, or slower, than either level of threads alone: with `w` workers each asking
//! for `b` BLAS threads, `w * b` threads fight over the cores, and OpenBLAS serialises
//! concurrent multithreaded calls besides. parfor answers it with one rule: **while a parallel loop
//! runs, BLAS is single-threaded**. The loop's own threads already occupy every core, so
//! each BLAS call runs on the worker that made it, with no hand-off and no
//! oversubscription; when the loop ends, BLAS gets its previous thread count back, so a
//! large `matmul` between loops still uses every core.
//!
//! The scheduler brackets each parallel loop with [`enter_parallel_region`], including
//! the first chunk a loop's first call times on the calling thread to decide whether the
//! loop is worth the pool (a loop it then runs inline keeps BLAS's full thread count on
//! later calls). The guard it returns is counted: nested loops, and loops running at the
//! same time on different threads, share one single-threaded period that ends when the
//! last guard is dropped, including a guard dropped while a panic unwinds.
//!
//! OpenBLAS cannot change its thread count safely while a call runs, so every change made
//! here (by [`set_num_threads`], or at the start and end of a loop) waits for the BLAS and
//! LAPACK calls in flight on other threads to return; calls never wait for each other.
//!
//! A program that wants both levels (say, a loop of four iterations each multiplying two
//! 4000 x 4000 matrices, on a machine with 32 cores) turns the rule off with
//! [`set_single_threaded_in_loops`]`(false)` and divides the cores itself, for instance
//! four loop threads and [`set_num_threads`]`(8)`.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};

use crate::ffi;

/// The parallel-region bookkeeping, and the lock that serialises every call into
/// OpenBLAS's thread controls.
struct Regions {
    /// Live guards that pinned BLAS to one thread.
    depth: usize,
    /// The count to restore when `depth` drops back to zero.
    restore: usize,
}

static REGIONS: Mutex<Regions> = Mutex::new(Regions {
    depth: 0,
    restore: 1,
});

static SINGLE_THREADED_IN_LOOPS: AtomicBool = AtomicBool::new(true);

/// The bookkeeping stays consistent even if a thread panicked while holding the lock
/// (nothing in the critical sections below can panic half-way), so poisoning is ignored.
fn regions() -> MutexGuard<'static, Regions> {
    REGIONS.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Sets the number of threads OpenBLAS uses for each BLAS or LAPACK call.
///
/// The setting is process-wide, like the `OMP_NUM_THREADS` / `OPENBLAS_NUM_THREADS`
/// environment variables that set its initial value. Called while a parallel loop runs
/// (and BLAS is therefore pinned to one thread, see the [module docs](self)), the new count
/// is recorded and takes effect when the last loop ends.
///
/// # Panics
///
/// If `n == 0`.
///
/// # Examples
///
/// ```
/// use parfor_runtime::blas;
///
/// let before = blas::get_num_threads();
/// blas::set_num_threads(1);
/// assert_eq!(blas::get_num_threads(), 1);
/// blas::set_num_threads(before);
/// ```
pub fn set_num_threads(n: usize) {
    assert!(
        n >= 1,
        "parfor::blas::set_num_threads: the thread count must be at least 1, got 0"
    );
    let mut regions = regions();
    if regions.depth > 0 {
        regions.restore = n;
    } else {
        ffi::set_openblas_threads(n);
    }
}

/// The number of threads OpenBLAS currently uses for each call.
///
/// Inside a parallel loop this is 1 (unless [`set_single_threaded_in_loops`] turned that
/// off); [`set_num_threads`] called there changes what is restored afterwards, not this.
///
/// # Examples
///
/// ```
/// assert!(parfor_runtime::blas::get_num_threads() >= 1);
/// ```
pub fn get_num_threads() -> usize {
    let _lock = regions();
    ffi::get_openblas_threads()
}

/// Chooses whether parallel loops make BLAS single-threaded while they run (the default,
/// `true`).
///
/// Turn it off when a loop has few iterations that each make large BLAS calls, and divide
/// the cores between loop threads and BLAS threads yourself (see the
/// [module docs](self)). The setting applies to loops that start afterwards; a loop
/// already running keeps the choice it started with.
///
/// # Examples
///
/// ```
/// use parfor_runtime::blas;
///
/// blas::set_single_threaded_in_loops(false);
/// let before = blas::get_num_threads();
/// {
///     let _region = blas::enter_parallel_region();
///     assert_eq!(blas::get_num_threads(), before); // untouched
/// }
/// blas::set_single_threaded_in_loops(true);
/// assert!(blas::single_threaded_in_loops());
/// ```
pub fn set_single_threaded_in_loops(on: bool) {
    SINGLE_THREADED_IN_LOOPS.store(on, Ordering::SeqCst);
}

/// Whether parallel loops make BLAS single-threaded while they run; see
/// [`set_single_threaded_in_loops`].
///
/// # Examples
///
/// ```
/// assert!(parfor_runtime::blas::single_threaded_in_loops()); // the default
/// ```
pub fn single_threaded_in_loops() -> bool {
    SINGLE_THREADED_IN_LOOPS.load(Ordering::SeqCst)
}

/// Marks the start of a parallel region: BLAS runs single-threaded until the returned
/// guard, and every other live guard in the process, is dropped.
///
/// The scheduler calls this around each parallel loop; user code rarely needs it (one use:
/// a hand-written rayon loop whose body calls BLAS). Guards nest and may live on several
/// threads at once: the first one saves the current thread count and sets it to 1, the
/// last one dropped restores it (or the count [`set_num_threads`] asked for meanwhile).
/// Dropping during a panic's unwinding restores it too. With
/// [`single_threaded_in_loops`] off, the guard does nothing.
///
/// # Examples
///
/// ```
/// use parfor_runtime::blas;
///
/// blas::set_num_threads(2);
/// {
///     let _outer = blas::enter_parallel_region();
///     assert_eq!(blas::get_num_threads(), 1);
///     {
///         let _inner = blas::enter_parallel_region();
///         assert_eq!(blas::get_num_threads(), 1);
///     }
///     assert_eq!(blas::get_num_threads(), 1); // `_outer` still alive
/// }
/// assert_eq!(blas::get_num_threads(), 2);
/// ```
pub fn enter_parallel_region() -> ParallelRegionGuard {
    if !single_threaded_in_loops() {
        return ParallelRegionGuard { counted: false };
    }
    let mut regions = regions();
    if regions.depth == 0 {
        regions.restore = ffi::get_openblas_threads();
        if regions.restore != 1 {
            ffi::set_openblas_threads(1);
        }
    }
    regions.depth += 1;
    ParallelRegionGuard { counted: true }
}

/// Keeps BLAS single-threaded while alive; returned by [`enter_parallel_region`].
///
/// Dropping the last live guard restores BLAS's thread count, also when the drop happens
/// during a panic's unwinding.
///
/// # Examples
///
/// ```
/// use parfor_runtime::blas;
///
/// blas::set_num_threads(2);
/// let result = std::panic::catch_unwind(|| {
///     let _region = blas::enter_parallel_region();
///     assert_eq!(blas::get_num_threads(), 1);
///     panic!("a loop body fails");
/// });
/// assert!(result.is_err());
/// assert_eq!(blas::get_num_threads(), 2); // restored by the guard's drop
/// ```
#[must_use = "BLAS is single-threaded only while the guard is alive"]
#[derive(Debug)]
pub struct ParallelRegionGuard {
    /// Whether this guard took part in the count (false when the rule was off).
    counted: bool,
}

impl Drop for ParallelRegionGuard {
    fn drop(&mut self) {
        if !self.counted {
            return;
        }
        let mut regions = regions();
        regions.depth -= 1;
        if regions.depth == 0 && regions.restore != 1 {
            ffi::set_openblas_threads(regions.restore);
        }
    }
}
