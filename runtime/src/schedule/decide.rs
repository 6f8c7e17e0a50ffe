//! Where a loop runs: the decision between inline, a re-measurement, a timed first
//! leaf, a team and the pool, and the BLAS bracket around the parallel ones.
//!
//! 1. A loop whose site estimates it below `INLINE_NS` runs inline, decided with one
//!    comparison before any other arithmetic (every 64th such run is re-measured).
//! 2. One thread, or one leaf: inline.
//! 3. A first run times leaf 0 on the calling thread and runs the rest inline when it is
//!    estimated below `INLINE_NS`.
//! 4. A loop with a schedule (the option, else `PARFOR_SCHEDULE`) runs as it asks:
//!    `static` by fixed shares (`dealt`), `dynamic` and `guided` by a team (`team`).
//! 5. A loop entered on a pool's worker, or estimated above [`TEAM_MAX_NS`], goes to the
//!    pool (`pool`): rayon-style adaptive splitting, the caller waiting.
//! 6. Otherwise a team: the caller and `threads - 1` workers claim shrinking blocks of
//!    leaves from a shared queue.
//!
//! Every parallel run (3 to 6) holds `blas::enter_parallel_region` while it runs, so
//! BLAS calls in the body are single-threaded.

use std::sync::atomic::Ordering;
use std::time::Instant;

use crate::range::{Int, Span, Stride};
use crate::threads;

use super::Config;
use super::dealt::dealt;
use super::group::Group;
use super::kind::Schedule;
use super::leaves::{Leaves, leaf_size};
use super::pool::parallel;
use super::runner::{Runner, fold_inline};
use super::site::{REMEASURE_EVERY, Site};
use super::team::{Claims, team};

/// Loops estimated to take longer than this many nanoseconds are handed to the pool,
/// the caller waiting, rather than run by a team the caller is part of.
///
/// A team saves the caller the pool's inject-and-wait round trip (tens of
/// microseconds), which matters for short loops only. But the worker it wakes tends to
/// be queued on the caller's own core, which does not sleep, and may then wait up to a
/// scheduler slice before running while another core idles. At a millisecond the round
/// trip costs a few percent of the loop. (Measurements: `benches/README.md`.)
pub const TEAM_MAX_NS: f64 = 1_000_000.0;

#[inline]
pub(super) fn execute<T, S, G, Run, C>(
    site: &Site,
    config: Config,
    span: &Span<T, S>,
    windows: G,
    runner: &Run,
    combine: C,
) -> Option<Run::Partial>
where
    T: Int,
    S: Stride,
    G: Group<T, S>,
    Run: Runner<T, S, G>,
    C: Fn(Run::Partial, Run::Partial) -> Run::Partial + Sync,
{
    let len = span.len();
    if len == 0 {
        return None;
    }
    // A racy count is fine: it only spaces out re-measurements. A load and a store
    // cost nothing next to the atomic read-modify-write a 100-iteration loop would pay.
    let runs = site.runs.load(Ordering::Relaxed);
    site.runs.store(runs.wrapping_add(1), Ordering::Relaxed);
    let small = site.runs_inline(len);
    let leaves = || {
        let leaf = leaf_size(len, config.chunk);
        Leaves {
            span,
            leaf,
            count: len.div_ceil(leaf),
        }
    };
    if small && !runs.is_multiple_of(REMEASURE_EVERY) {
        // The common case of a short loop, decided before any other arithmetic: at
        // n = 100 the leaf count's division and the thread count's lookup cost as
        // much as the loop.
        return runner.run_inline(span, leaves, windows, &combine);
    }
    measured(site, config, span, leaves(), windows, runner, combine)
}

/// The rest of [`execute`], out of line so that the short loops' path stays small (no
/// frame for the pool's machinery): a loop that is not known to be short, or whose
/// turn it is to be re-measured.
#[inline(never)]
#[allow(clippy::too_many_arguments)]
fn measured<T, S, G, Run, C>(
    site: &Site,
    config: Config,
    span: &Span<T, S>,
    leaves: Leaves<'_, T, S>,
    windows: G,
    runner: &Run,
    combine: C,
) -> Option<Run::Partial>
where
    T: Int,
    S: Stride,
    G: Group<T, S>,
    Run: Runner<T, S, G>,
    C: Fn(Run::Partial, Run::Partial) -> Run::Partial + Sync,
{
    let len = span.len();
    let small = site.runs_inline(len);
    let threads = threads::for_loop(config.threads);

    let all = 0..leaves.count;
    if threads == 1 || leaves.count == 1 {
        return fold_inline(runner, &leaves, all, windows, None, &combine);
    }

    // Rayon's workers and BLAS's threads would oversubscribe the cores: BLAS calls in
    // the body run single-threaded until the loop ends (see `blas`).
    let mut blas = None;
    let (first, from, windows) = match site.is_measured() {
        true if small => {
            // Re-measure now and then: the cost per iteration may have changed.
            let t = Instant::now();
            let result = fold_inline(runner, &leaves, all, windows, None, &combine);
            site.record(t.elapsed().as_nanos() as f64, len);
            return result;
        }
        true => (None, 0, windows),
        false => {
            // First run: time leaf 0 on this thread and decide from it. Inside the
            // BLAS region already: were its BLAS calls multithreaded, BLAS's threads
            // would go on spinning (OpenBLAS: ~0.1 s) on the cores the workers need
            // next. A first call of 1000 LAPACK determinants took twice its time so.
            blas = Some(crate::blas::enter_parallel_region());
            let (head, windows) = windows.split(&leaves, 1);
            let t = Instant::now();
            let first = fold_inline(runner, &leaves, 0..1, head, None, &combine);
            let its = leaves.iterations(0).len();
            site.record(t.elapsed().as_nanos() as f64, its);
            let rest = len - its;
            if site.runs_inline(rest) {
                return fold_inline(runner, &leaves, 1..leaves.count, windows, first, &combine);
            }
            (first, 1, windows)
        }
    };

    let t = Instant::now();
    let _blas = blas.unwrap_or_else(crate::blas::enter_parallel_region);
    let schedule = config.schedule.unwrap_or_else(Schedule::from_env);
    // The cost a run measures: wall time times the thread count, except for a team,
    // which adds up its participants' time inside the loop's leaves. Waking workers
    // and waiting for them can take as long as a short loop itself; counted as cost,
    // they would make a loop that fits `INLINE_NS` look too long to ever run inline.
    let (result, busy_ns) = match schedule {
        Schedule::Adaptive
            if rayon::current_thread_index().is_some() || site.estimate_ns(len) > TEAM_MAX_NS =>
        {
            // Already on a pool's worker (a loop inside a rayon task or another loop's
            // body), or a loop long enough that the round trip to the pool is cheap
            // next to it: split and let idle workers steal, as rayon's own iterators do.
            let result = threads::install(threads, || {
                parallel(runner, &leaves, from, windows, first, &combine)
            });
            (result, None)
        }
        Schedule::Adaptive | Schedule::Guided | Schedule::Dynamic => {
            let claims = if schedule == Schedule::Dynamic {
                Claims::Single
            } else {
                Claims::Shrinking
            };
            let run = team(
                runner, &leaves, from, windows, first, &combine, threads, claims,
            );
            (run.partial, Some(run.busy_ns as f64))
        }
        Schedule::Static => {
            let round_robin = config.chunk.is_some();
            let result = dealt(
                runner,
                &leaves,
                from,
                windows,
                first,
                &combine,
                threads,
                round_robin,
            );
            (result, None)
        }
    };
    if from == 0 {
        let wall = || t.elapsed().as_nanos() as f64 * threads as f64;
        site.record(busy_ns.unwrap_or_else(wall), len);
    }
    result
}
