//! How many threads a parallel loop uses, and the pools that provide them.
//!
//! The count comes from, in order: the loop's own `threads = N` option; a scoped
//! [`with_num_threads`] on the calling thread; the pool the caller already runs in (a
//! loop called from a rayon task shares that task's pool); [`set_num_threads`]; the
//! environment (`PARFOR_NUM_THREADS`, else `RAYON_NUM_THREADS`); all cores. Counts above
//! [`max_threads`] are capped to it.
//!
//! Building a rayon pool costs far more than running a small loop, so pools of sizes
//! other than the global pool's are built once and cached for the life of the process.
use std::cell::Cell;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use rayon::{ThreadPool, ThreadPoolBuilder};

/// Process-wide count set by [`set_num_threads`]; 0 when unset.
static CONFIGURED: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    /// Count set by [`with_num_threads`] on this thread; 0 when unset.
    static SCOPED: Cell<usize> = const { Cell::new(0) };
}

/// The count from the environment, read once.
///
/// A variable that is set but not a positive integer is ignored with a warning on
/// stderr naming it, its value and the count used instead.
fn from_env() -> usize {
    static ENV: OnceLock<usize> = OnceLock::new();
    *ENV.get_or_init(|| {
        let mut ignored = Vec::new();
        let mut found = None;
        for var in ["PARFOR_NUM_THREADS", "RAYON_NUM_THREADS"] {
            let Some(raw) = std::env::var_os(var) else {
                continue;
            };
            let text = raw.to_string_lossy();
            match text.trim().parse::<usize>() {
                Ok(n) if n > 0 => {
                    found = Some((var, n));
                    break;
                }
                // rayon reads `RAYON_NUM_THREADS=0` as "all cores", and so does parfor.
                Ok(0) if var == "RAYON_NUM_THREADS" => break,
                _ => ignored.push(format!("{var}={text:?}")),
            }
        }
        let n = found.map_or_else(cores, |(_, n)| n);
        if !ignored.is_empty() {
            eprintln!(
                "parfor: ignoring {}: not a positive integer; using {n} threads",
                ignored.join(" and ")
            );
        }
        match found {
            Some((var, n)) => capped(n, var),
            None => n,
        }
    })
}

/// The machine's cores as the OS reports them (1 when it cannot say).
fn cores() -> usize {
    // Asked once: `available_parallelism` reads the cgroup's files on Linux, some
    // microseconds, and `with_num_threads` around a 100-iteration loop asks each call.
    static CORES: OnceLock<usize> = OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// The most threads a loop runs on: 8 per core, at least 64.
///
/// Oversubscribing a few times over is useful (testing, threads that block), but each
/// count is a pool of OS threads kept for the life of the process, and a loop on
/// thousands of threads spends its time starting and waking them.
pub fn max_threads() -> usize {
    (8 * cores()).max(64)
}

/// `n`, or [`max_threads`] with a one-time warning on stderr naming `source` when `n`
/// is above it.
fn capped(n: usize, source: &str) -> usize {
    static WARNED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    let max = max_threads();
    if n <= max {
        return n;
    }
    if !WARNED.swap(true, Ordering::Relaxed) {
        eprintln!(
            "parfor: {source} asks for {n} threads; using {max}, the most parfor starts \
             on this machine ({} cores; 8 per core, at least 64)",
            cores()
        );
    }
    max
}

/// Sets the number of threads later `#[parallel]` loops use, process-wide.
///
/// Loops with an explicit `threads = N` option, loops inside [`with_num_threads`], and
/// loops called from inside a rayon pool are not affected. A count above
/// [`max_threads`] is capped to it, with a warning on stderr the first time.
///
/// # Panics
///
/// If `n` is zero.
///
/// # Examples
///
/// ```
/// parfor_runtime::set_num_threads(2);
/// assert_eq!(parfor_runtime::get_num_threads(), 2);
/// ```
pub fn set_num_threads(n: usize) {
    assert!(
        n > 0,
        "parfor::set_num_threads: a loop needs at least one thread, got 0"
    );
    CONFIGURED.store(capped(n, "set_num_threads"), Ordering::Relaxed);
}

/// The number of threads a `#[parallel]` loop started here would use (without a
/// `threads = N` option).
///
/// # Examples
///
/// ```
/// let n = parfor_runtime::get_num_threads();
/// assert!(n >= 1);
/// assert_eq!(parfor_runtime::with_num_threads(3, parfor_runtime::get_num_threads), 3);
/// ```
pub fn get_num_threads() -> usize {
    let scoped = SCOPED.with(Cell::get);
    if scoped > 0 {
        return scoped;
    }
    if rayon::current_thread_index().is_some() {
        return rayon::current_num_threads();
    }
    match CONFIGURED.load(Ordering::Relaxed) {
        0 => from_env(),
        n => n,
    }
}

/// Runs `f` with `#[parallel]` loops started on this thread using `n` threads, then
/// restores the previous setting (also when `f` panics).
///
/// Unlike [`set_num_threads`] this affects only the calling thread, so tests and
/// benchmarks running side by side cannot disturb each other. A count above
/// [`max_threads`] is capped to it, with a warning on stderr the first time.
///
/// # Panics
///
/// If `n` is zero, or if `f` panics (after restoring the setting).
///
/// # Examples
///
/// ```
/// use parfor_runtime::{get_num_threads, with_num_threads};
///
/// let outside = get_num_threads();
/// let inside = with_num_threads(2, || get_num_threads());
/// assert_eq!(inside, 2);
/// assert_eq!(get_num_threads(), outside); // restored
/// ```
pub fn with_num_threads<R>(n: usize, f: impl FnOnce() -> R) -> R {
    assert!(
        n > 0,
        "parfor::with_num_threads: a loop needs at least one thread, got 0"
    );
    struct Restore(usize);
    impl Drop for Restore {
        fn drop(&mut self) {
            SCOPED.with(|c| c.set(self.0));
        }
    }
    let n = capped(n, "with_num_threads");
    let _restore = Restore(SCOPED.with(|c| c.replace(n)));
    f()
}

/// The thread count for a loop with the given `threads = N` option.
pub(crate) fn for_loop(option: Option<usize>) -> usize {
    match option {
        Some(0) => panic!("parfor: `threads = 0`: a loop needs at least one thread"),
        Some(n) => capped(n, "the loop's `threads = N` option"),
        None => get_num_threads(),
    }
}

/// Runs `f` on a pool of `n` threads: the caller's own pool or the global one when
/// they have that size, otherwise a cached pool built on first use.
pub(crate) fn install<R: Send>(n: usize, f: impl FnOnce() -> R + Send) -> R {
    if rayon::current_num_threads() == n {
        // Inside a pool of the right size, or outside any pool with a global pool of
        // that size: rayon's join runs in (or injects into) exactly that pool.
        return f();
    }
    cached_pool(n).install(f)
}

/// Runs `f` on the calling thread with a scope whose spawned jobs run on a pool of `n`
/// threads (the global pool when it has that size, else a cached one), and returns once
/// they have all finished.
///
/// For callers outside any pool: the caller works beside the pool instead of waiting for
/// a worker to wake up, pick up the whole loop and wake it again at the end.
pub(crate) fn in_place_scope<'scope, R>(n: usize, f: impl FnOnce(&rayon::Scope<'scope>) -> R) -> R {
    if rayon::current_num_threads() == n {
        rayon::in_place_scope(f)
    } else {
        cached_pool(n).in_place_scope(f)
    }
}

fn cached_pool(n: usize) -> Arc<ThreadPool> {
    static POOLS: Mutex<Vec<(usize, Arc<ThreadPool>)>> = Mutex::new(Vec::new());
    // A panic while the lock is held cannot leave the list inconsistent: it is only
    // ever pushed to after a pool is fully built.
    let mut pools = POOLS
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some((_, pool)) = pools.iter().find(|(size, _)| *size == n) {
        return Arc::clone(pool);
    }
    let pool = Arc::new(
        ThreadPoolBuilder::new()
            .num_threads(n)
            .thread_name(move |i| format!("parfor-{n}-{i}"))
            .build()
            .unwrap_or_else(|e| panic!("parfor: cannot start a pool of {n} threads: {e}")),
    );
    pools.push((n, Arc::clone(&pool)));
    pool
}
