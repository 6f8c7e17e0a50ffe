//! Thread counts for the hand-written rayon baselines.

use std::sync::{Arc, Mutex};

use rayon::{ThreadPool, ThreadPoolBuilder};

/// Runs `f` on a rayon pool of `threads` threads: the global pool when it has that
/// size, else a pool built on first use and cached.
///
/// This is how the hand-written rayon baselines get the same thread count as the
/// `#[parallel]` variants (which use `parfor::with_num_threads`).
///
/// # Panics
///
/// If `threads` is zero or the pool cannot be built; and if `f` panics.
pub fn on_rayon_threads<R: Send>(threads: usize, f: impl FnOnce() -> R + Send) -> R {
    if rayon::current_num_threads() == threads {
        return f();
    }
    static POOLS: Mutex<Vec<(usize, Arc<ThreadPool>)>> = Mutex::new(Vec::new());
    let pool = {
        let mut pools = POOLS.lock().unwrap_or_else(|e| e.into_inner());
        match pools.iter().find(|(n, _)| *n == threads) {
            Some((_, pool)) => Arc::clone(pool),
            None => {
                let pool = Arc::new(
                    ThreadPoolBuilder::new()
                        .num_threads(threads)
                        .build()
                        .expect("cannot build a rayon pool"),
                );
                pools.push((threads, Arc::clone(&pool)));
                pool
            }
        }
    };
    pool.install(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rayon_threads_are_scoped() {
        assert_eq!(on_rayon_threads(3, rayon::current_num_threads), 3);
        assert_eq!(on_rayon_threads(1, rayon::current_num_threads), 1);
    }
}
