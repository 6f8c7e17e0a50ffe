//! Running a loop's chunks: inline or on a rayon pool, with reproducible reductions.
//!
//! A loop's iterations are cut into *leaves* of fixed size. The leaf size depends only
//! on the trip count (or the `chunk = N` option), never on the thread count, and every
//! reduction combines one partial per leaf, left to right: so a reduction's result is
//! bitwise the same on 1 thread, 8 threads, or inline.
//!
//! A short loop (estimated at most [`TEAM_MAX_NS`]) entered from outside any rayon
//! pool runs on a *team*: the calling thread and `threads - 1` pool workers claim blocks
//! of consecutive leaves from a shared queue, large at first and shrinking towards the
//! end (guided scheduling). The caller starts at once instead of waiting for a worker to
//! wake up, take the loop and wake it again when done, a round trip that costs a
//! mid-sized loop a large share of its time. A longer loop, or one entered on a pool's
//! worker (nested in a rayon task or another loop), is handed to the pool and split by
//! rayon-style adaptive splitting (`join_context`, splitting again when a piece is
//! stolen). Either way, handing out leaves also cuts the written arrays' windows at the
//! leaf boundary, so each block owns its part of every array.
//!
//! Whether a loop is worth a trip to the pool is learnt per call site: each loop has a
//! [`Site`] remembering the measured cost per iteration. The first run times its first
//! leaf inline; later runs stay inline when the estimated work is below
//! [`INLINE_NS`], and re-measure now and then.
//!
//! The jobs are split by module: `site` (the per-site cost estimate), `leaves` (leaf
//! size), `group` (cutting the written arrays' windows at leaf boundaries), `runner`
//! (what a run of leaves does: a loop body or a reduction), `decide` (where a loop
//! runs, and the BLAS bracket), `team` and `pool` (the two parallel executors).
mod decide;
mod group;
mod leaves;
mod pool;
mod runner;
mod site;
mod team;

use crate::range::{Chunk, Int, Span, Stride};

pub use self::decide::TEAM_MAX_NS;
use self::decide::execute;
pub use self::group::{Bounded, BoundedParts, Group, clamp_index, touched};
pub use self::leaves::{Leaves, MAX_LEAVES};
use self::runner::{ForRunner, ReduceRunner};
pub use self::site::{INLINE_NS, Site};

/// How one loop is to run: the `#[parallel(..)]` options that reach the runtime.
#[derive(Clone, Copy, Debug, Default)]
pub struct Config {
    /// `threads = N`: the loop's own thread count (see `threads::for_loop`).
    pub threads: Option<usize>,
    /// `chunk = N`: iterations per leaf; by default a leaf size from the trip count.
    pub chunk: Option<usize>,
}

/// Runs `body` on a loop's leaves, where leaves yield nothing to combine.
///
/// `body` gets consecutive iterations and, by value, the windows of the written arrays
/// for them.
#[inline]
pub fn run_for<T, S, G, F>(
    site: &Site,
    config: Config,
    span: &Span<T, S>,
    windows: G,
    body: F,
) where
    T: Int,
    S: Stride,
    G: Group<T, S>,
    F: Fn(Chunk<T, S>, G) + Sync,
{
    let runner = ForRunner { span, body };
    execute(site, config, span, windows, &runner, |(), ()| ());
}

/// Runs `body` on each leaf of a loop and folds the partials it returns, in leaf order,
/// with `combine`. `None` when the loop has no iteration.
///
/// The result is bitwise identical for any thread count: leaves depend only on the trip
/// count and `chunk`, and partials combine left to right.
#[inline]
pub fn run_reduce<T, S, G, R, F, C>(
    site: &Site,
    config: Config,
    span: &Span<T, S>,
    windows: G,
    body: F,
    combine: C,
) -> Option<R>
where
    T: Int,
    S: Stride,
    G: Group<T, S>,
    R: Send,
    F: Fn(Chunk<T, S>, &mut G) -> R + Sync,
    C: Fn(R, R) -> R + Sync,
{
    let runner = ReduceRunner { span, body };
    execute(site, config, span, windows, &runner, combine)
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    /// Which leaves of a 2-thread loop of 64 one-iteration leaves ran on the calling
    /// thread, with `site` estimating `ns_per_iter` an iteration.
    fn leaves_run_by_the_caller(ns_per_iter: f64) -> usize {
        let site = Site::new();
        site.record(ns_per_iter * 64.0, 64);
        let on_caller = AtomicUsize::new(0);
        let span = Span::of(0..64usize);
        crate::threads::with_num_threads(2, || {
            let config = Config {
                chunk: Some(1),
                ..Config::default()
            };
            run_for(&site, config, &span, (), |chunk, ()| {
                // Long enough that the workers surely join in.
                std::thread::sleep(std::time::Duration::from_micros(200));
                if rayon::current_thread_index().is_none() {
                    on_caller.fetch_add(chunk.count(), Ordering::Relaxed);
                }
            });
        });
        on_caller.into_inner()
    }

    #[test]
    fn long_loops_go_to_the_pool_and_short_ones_to_a_team() {
        // 64 x 20 us = 1.28 ms estimated: handed to the pool, the caller waits.
        assert_eq!(leaves_run_by_the_caller(20_000.0), 0);
        // 64 x 1 us = 64 us: the caller works beside the pool's worker.
        assert!(leaves_run_by_the_caller(1_000.0) > 0);
    }
}
