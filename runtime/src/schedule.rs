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
//! wake up, take the loop and wake it again when done: that round trip is what made
//! mid-sized loops slower than OpenMP's. A longer loop, or one entered on a pool's
//! worker (nested in a rayon task or another loop), is handed to the pool and split by
//! rayon-style adaptive splitting (`join_context`, splitting again when a piece is
//! stolen). Either way, handing out leaves also cuts the written arrays' windows at the
//! leaf boundary, so each block owns its part of every array.
//!
//! Whether a loop is worth a trip to the pool is learnt per call site: each loop has a
//! [`Site`] remembering the measured cost per iteration. The first run times its first
//! leaf inline; later runs stay inline when the estimated work is below
//! [`INLINE_NS`], and re-measure now and then.
#![forbid(unsafe_code)]

use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::Instant;

use rayon::FnContext;

use crate::range::{Chunk, Int, Span, Stride};
use crate::split::{Group, Leaves};
use crate::threads;

/// Loops whose estimated work is below this many nanoseconds run on the calling thread.
///
/// Waking rayon's workers and joining them costs a few microseconds; a loop must save
/// several times that to be worth it.
pub const INLINE_NS: f64 = 20_000.0;

/// Upper bound on the number of leaves of a loop without a `chunk` option.
///
/// Enough for load balance on any machine, few enough that the per-leaf partials of a
/// reduction cost nothing.
pub const MAX_LEAVES: usize = 1024;

/// How often a loop that runs inline re-measures its cost.
const REMEASURE_EVERY: u32 = 64;

/// Loops estimated to take longer than this many nanoseconds are handed to the pool,
/// the caller waiting, rather than run by a team the caller is part of.
///
/// A team saves the caller the pool's inject-and-wait round trip (tens of
/// microseconds), which matters for short loops only. But the worker it wakes tends to
/// be queued on the caller's own core, which does not sleep: here it then waited up to
/// a scheduler slice (1.5-3.5 ms) before running, while the other core idled. Ten
/// autocorrelations of 0.45 ms each took 1.22x rayon's time as a team, 1.00x handed to
/// the pool. At a millisecond the round trip costs a few percent of the loop.
pub const TEAM_MAX_NS: f64 = 1_000_000.0;

/// What a loop site has learnt about its own cost.
#[derive(Debug)]
pub struct Site {
    /// Nanoseconds per iteration as `f64` bits; zero until measured.
    ns_per_iter: AtomicU64,
    /// The most iterations that take at most [`INLINE_NS`] by that estimate; zero until
    /// measured. An integer, so that a short loop decides with one comparison.
    inline_max: AtomicUsize,
    runs: AtomicU32,
}

impl Site {
    /// A site that has not run yet.
    pub const fn new() -> Self {
        Site {
            ns_per_iter: AtomicU64::new(0),
            inline_max: AtomicUsize::new(0),
            runs: AtomicU32::new(0),
        }
    }

    fn is_measured(&self) -> bool {
        self.ns_per_iter.load(Ordering::Relaxed) != 0
    }

    /// Whether a loop of `len` iterations is estimated to take at most [`INLINE_NS`].
    #[inline]
    fn runs_inline(&self, len: usize) -> bool {
        len <= self.inline_max.load(Ordering::Relaxed)
    }

    /// The estimated time of `len` iterations in nanoseconds (zero until measured).
    fn estimate_ns(&self, len: usize) -> f64 {
        f64::from_bits(self.ns_per_iter.load(Ordering::Relaxed)) * len as f64
    }

    fn record(&self, ns: f64, iterations: usize) {
        if iterations > 0 {
            let per = (ns / iterations as f64).max(1e-3);
            self.ns_per_iter.store(per.to_bits(), Ordering::Relaxed);
            let max = (INLINE_NS / per) as usize; // at most 2·10^7: `per` >= 1 ps
            self.inline_max.store(max, Ordering::Relaxed);
        }
    }
}

impl Default for Site {
    fn default() -> Self {
        Site::new()
    }
}

/// The leaf size of a loop of `len` iterations.
///
/// # Panics
///
/// If `chunk` is `Some(0)`.
pub(crate) fn leaf_size(len: usize, chunk: Option<usize>) -> usize {
    match chunk {
        Some(0) => panic!("parfor: `chunk = 0`: a chunk needs at least one iteration"),
        Some(c) => c,
        None => len.div_ceil(MAX_LEAVES).max(1),
    }
}

/// Runs `body` on a loop's leaves, where leaves yield nothing to combine.
///
/// `body` gets consecutive iterations and, by value, the windows of the written arrays
/// for them.
#[inline]
pub fn run_for<T, S, G, F>(
    site: &Site,
    threads: Option<usize>,
    chunk: Option<usize>,
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
    execute(site, threads, chunk, span, windows, &runner, |(), ()| ());
}

/// Runs `body` on each leaf of a loop and folds the partials it returns, in leaf order,
/// with `combine`. `None` when the loop has no iteration.
///
/// The result is bitwise identical for any thread count: leaves depend only on the trip
/// count and `chunk`, and partials combine left to right.
#[inline]
pub fn run_reduce<T, S, G, R, F, C>(
    site: &Site,
    threads: Option<usize>,
    chunk: Option<usize>,
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
    execute(site, threads, chunk, span, windows, &runner, combine)
}

/// What to do with a run of consecutive leaves, owning their windows.
trait Runner<T, S, G>: Sync {
    type Partial: Send;
    /// Runs leaves `ks` with their windows, handing each leaf's partial (if it keeps
    /// partials) to `sink` with the leaf's index, in leaf order.
    fn run(
        &self,
        leaves: &Leaves<'_, T, S>,
        ks: std::ops::Range<usize>,
        windows: G,
        sink: impl FnMut(usize, Self::Partial),
    );
    /// Whether partials exist at all (reductions) or `sink` is never called.
    const KEEPS_PARTIALS: bool;
    /// Runs the whole loop on this thread: leaves `0..count` of `leaves()`, folded in
    /// order. A loop without partials skips the leaves and runs its body once.
    fn run_inline<'s>(
        &self,
        _span: &'s Span<T, S>,
        leaves: impl FnOnce() -> Leaves<'s, T, S>,
        windows: G,
        combine: impl Fn(Self::Partial, Self::Partial) -> Self::Partial,
    ) -> Option<Self::Partial>
    where
        Self: Sized,
    {
        let leaves = leaves();
        fold_inline(self, &leaves, 0..leaves.count, windows, None, combine)
    }
}

struct ForRunner<'s, T, S, F> {
    span: &'s Span<T, S>,
    body: F,
}

impl<T: Int, S: Stride, G, F: Fn(Chunk<T, S>, G) + Sync> Runner<T, S, G>
    for ForRunner<'_, T, S, F>
{
    type Partial = ();
    const KEEPS_PARTIALS: bool = false;
    fn run_inline<'s>(
        &self,
        span: &'s Span<T, S>,
        _: impl FnOnce() -> Leaves<'s, T, S>,
        windows: G,
        _: impl Fn((), ()),
    ) -> Option<()> {
        (self.body)(span.chunk(0, span.len()), windows);
        Some(())
    }
    fn run(
        &self,
        leaves: &Leaves<'_, T, S>,
        ks: std::ops::Range<usize>,
        windows: G,
        _: impl FnMut(usize, ()),
    ) {
        if ks.is_empty() {
            return;
        }
        let start = leaves.iterations(ks.start).start;
        let end = leaves.iterations(ks.end - 1).end;
        // The body owns its windows: LLVM then keeps their fields in registers across
        // the body's stores, which it cannot prove for windows behind a reference.
        (self.body)(self.span.chunk(start, end), windows);
    }
}

struct ReduceRunner<'s, T, S, F> {
    span: &'s Span<T, S>,
    body: F,
}

impl<T: Int, S: Stride, G, R: Send, F: Fn(Chunk<T, S>, &mut G) -> R + Sync> Runner<T, S, G>
    for ReduceRunner<'_, T, S, F>
{
    type Partial = R;
    const KEEPS_PARTIALS: bool = true;
    fn run(
        &self,
        leaves: &Leaves<'_, T, S>,
        ks: std::ops::Range<usize>,
        windows: G,
        mut sink: impl FnMut(usize, R),
    ) {
        let mut windows = windows;
        for k in ks {
            let its = leaves.iterations(k);
            sink(
                k,
                (self.body)(self.span.chunk(its.start, its.end), &mut windows),
            );
        }
    }
}

#[inline]
fn execute<T, S, G, Run, C>(
    site: &Site,
    threads: Option<usize>,
    chunk: Option<usize>,
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
        let leaf = leaf_size(len, chunk);
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
    measured(site, threads, span, leaves(), windows, runner, combine)
}

/// The rest of [`execute`], out of line so that the short loops' path stays small (no
/// frame for the pool's machinery): a loop that is not known to be short, or whose
/// turn it is to be re-measured.
#[inline(never)]
#[allow(clippy::too_many_arguments)]
fn measured<T, S, G, Run, C>(
    site: &Site,
    threads: Option<usize>,
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
    let threads = threads::for_loop(threads);

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
    let result = if rayon::current_thread_index().is_some() || site.estimate_ns(len) > TEAM_MAX_NS {
        // Already on a pool's worker (a loop inside a rayon task or another loop's
        // body), or a loop long enough that the round trip to the pool is cheap next
        // to it: split and let idle workers steal, as rayon's own iterators do.
        threads::install(threads, || {
            parallel(runner, &leaves, from, windows, first, &combine)
        })
    } else {
        team(runner, &leaves, from, windows, first, &combine, threads)
    };
    if from == 0 {
        site.record(t.elapsed().as_nanos() as f64 * threads as f64, len);
    }
    result
}

fn join_partials<R>(a: Option<R>, b: Option<R>, combine: impl Fn(R, R) -> R) -> Option<R> {
    match (a, b) {
        (Some(a), Some(b)) => Some(combine(a, b)),
        (a, b) => a.or(b),
    }
}

/// Runs leaves `ks` on this thread, folding their partials onto `acc` (the partial of
/// the leaves before `ks`) left to right as they come.
fn fold_inline<T, S, G, Run: Runner<T, S, G>>(
    runner: &Run,
    leaves: &Leaves<'_, T, S>,
    ks: std::ops::Range<usize>,
    windows: G,
    acc: Option<Run::Partial>,
    combine: impl Fn(Run::Partial, Run::Partial) -> Run::Partial,
) -> Option<Run::Partial> {
    let mut acc = acc;
    runner.run(leaves, ks, windows, |_, p| {
        acc = join_partials(acc.take(), Some(p), &combine);
    });
    acc
}

/// Runs leaves `from..` on the current pool and folds their partials onto `acc` (the
/// partial of the leaves before `from`) in leaf order.
fn parallel<T, S, G, Run>(
    runner: &Run,
    leaves: &Leaves<'_, T, S>,
    from: usize,
    windows: G,
    acc: Option<Run::Partial>,
    combine: impl Fn(Run::Partial, Run::Partial) -> Run::Partial,
) -> Option<Run::Partial>
where
    T: Int,
    S: Stride,
    G: Group<T, S>,
    Run: Runner<T, S, G>,
{
    let n = leaves.count - from;
    let mut partials: Vec<Option<Run::Partial>> = Vec::new();
    if Run::KEEPS_PARTIALS {
        partials.resize_with(n, || None);
    }
    let splitter = Splitter::new(rayon::current_num_threads());
    piece(
        runner,
        leaves,
        from..leaves.count,
        windows,
        &mut partials,
        splitter,
        false,
    );
    acc.into_iter()
        .chain(partials.into_iter().flatten())
        .reduce(combine)
}

/// Runs leaves `from..` on the calling thread and `threads - 1` workers of a pool of
/// `threads`, each claiming blocks of consecutive leaves from a shared queue, and folds
/// their partials onto `acc` in leaf order.
///
/// The caller starts on the loop at once while the workers wake up (waking a sleeping
/// worker costs several microseconds), so a loop entered from outside the pool pays
/// none of rayon's inject-and-wait round trip.
fn team<T, S, G, Run>(
    runner: &Run,
    leaves: &Leaves<'_, T, S>,
    from: usize,
    windows: G,
    acc: Option<Run::Partial>,
    combine: impl Fn(Run::Partial, Run::Partial) -> Run::Partial,
    threads: usize,
) -> Option<Run::Partial>
where
    T: Int,
    S: Stride,
    G: Group<T, S>,
    Run: Runner<T, S, G>,
{
    let queue = Queue {
        leaves,
        threads,
        state: Mutex::new((from, Some(windows))),
        stop: AtomicBool::new(false),
    };
    let partials = Mutex::new(Vec::new());
    let (queue, partials_ref) = (&queue, &partials);
    threads::in_place_scope(threads, |scope| {
        for _ in 1..threads {
            scope.spawn(move |_| work(runner, queue, partials_ref));
        }
        work(runner, queue, partials_ref);
    });
    let mut partials = partials
        .into_inner()
        .unwrap_or_else(PoisonError::into_inner);
    partials.sort_unstable_by_key(|&(k, _)| k);
    acc.into_iter()
        .chain(partials.into_iter().map(|(_, p)| p))
        .reduce(combine)
}

/// The leaves not yet claimed, with their windows.
struct Queue<'a, 's, T, S, G> {
    leaves: &'a Leaves<'s, T, S>,
    threads: usize,
    /// The first unclaimed leaf and the windows of the leaves from there on (`None`
    /// once all are claimed, or after a panic while cutting them).
    state: Mutex<(usize, Option<G>)>,
    /// Set when a participant panics: the others stop claiming.
    stop: AtomicBool,
}

impl<T: Int, S: Stride, G: Group<T, S>> Queue<'_, '_, T, S, G> {
    /// The next block of leaves and their windows: a share of what is left that shrinks
    /// as the loop nears its end (guided scheduling), so a late or slow participant
    /// leaves the others little to wait for, in few claims.
    fn claim(&self) -> Option<(std::ops::Range<usize>, G)> {
        if self.stop.load(Ordering::Relaxed) {
            return None;
        }
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        let (next, rest) = &mut *state;
        let (start, count) = (*next, self.leaves.count);
        if start >= count {
            return None;
        }
        let end = start + (count - start).div_ceil(2 * self.threads);
        let windows = rest.take()?;
        let mine = if end < count {
            let (mine, others) = windows.split(self.leaves, end);
            *rest = Some(others);
            mine
        } else {
            windows
        };
        *next = end;
        Some((start..end, mine))
    }
}

/// One participant of [`team`]: runs claimed blocks until none is left, then hands its
/// partials over.
fn work<T, S, G, Run>(
    runner: &Run,
    queue: &Queue<'_, '_, T, S, G>,
    partials: &Mutex<Vec<(usize, Run::Partial)>>,
) where
    T: Int,
    S: Stride,
    G: Group<T, S>,
    Run: Runner<T, S, G>,
{
    struct StopOnPanic<'a>(&'a AtomicBool);
    impl Drop for StopOnPanic<'_> {
        fn drop(&mut self) {
            if std::thread::panicking() {
                self.0.store(true, Ordering::Relaxed);
            }
        }
    }
    let _stop = StopOnPanic(&queue.stop);
    let mut mine = Vec::new();
    while let Some((ks, windows)) = queue.claim() {
        runner.run(queue.leaves, ks, windows, |k, p| mine.push((k, p)));
    }
    if !mine.is_empty() {
        partials
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .append(&mut mine);
    }
}

/// Rayon's adaptive splitting: split into about one piece per thread, and split again
/// whenever a piece was stolen (a sign that some thread is idle).
#[derive(Clone, Copy)]
struct Splitter {
    splits: usize,
    threads: usize,
}

impl Splitter {
    fn new(threads: usize) -> Self {
        Splitter {
            splits: threads,
            threads,
        }
    }

    fn try_split(&mut self, len: usize, migrated: bool) -> bool {
        if len < 2 {
            return false;
        }
        if migrated {
            self.splits = (self.splits / 2).max(self.threads);
            true
        } else if self.splits > 0 {
            self.splits /= 2;
            true
        } else {
            false
        }
    }
}

fn piece<T, S, G, Run>(
    runner: &Run,
    leaves: &Leaves<'_, T, S>,
    ks: std::ops::Range<usize>,
    windows: G,
    out: &mut [Option<Run::Partial>],
    mut splitter: Splitter,
    migrated: bool,
) where
    T: Int,
    S: Stride,
    G: Group<T, S>,
    Run: Runner<T, S, G>,
{
    if splitter.try_split(ks.len(), migrated) {
        let mid = ks.start + ks.len() / 2;
        let (wl, wr) = windows.split(leaves, mid);
        let cut = if out.is_empty() { 0 } else { mid - ks.start };
        let (ol, or) = out.split_at_mut(cut);
        rayon::join_context(
            |ctx: FnContext| {
                piece(
                    runner,
                    leaves,
                    ks.start..mid,
                    wl,
                    ol,
                    splitter,
                    ctx.migrated(),
                )
            },
            |ctx: FnContext| {
                piece(
                    runner,
                    leaves,
                    mid..ks.end,
                    wr,
                    or,
                    splitter,
                    ctx.migrated(),
                )
            },
        );
    } else {
        let first = ks.start;
        runner.run(leaves, ks, windows, |k, p| out[k - first] = Some(p));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_site_inlines_what_its_estimate_puts_under_the_threshold() {
        let site = Site::new();
        assert!(!site.is_measured());
        assert!(!site.runs_inline(1), "an unmeasured loop is timed first");
        // 10 ns an iteration: 2000 iterations fit in INLINE_NS (20 us).
        site.record(10_000.0, 1000);
        assert!(site.is_measured());
        assert!(site.runs_inline(2000));
        assert!(!site.runs_inline(2001));
        // A slower estimate replaces it.
        site.record(1_000_000.0, 1000);
        assert!(site.runs_inline(20) && !site.runs_inline(21));
        // Nothing learnt from an empty run; a body measured as free counts a
        // picosecond an iteration.
        site.record(5.0, 0);
        assert!(!site.runs_inline(21));
        site.record(0.0, 1000);
        assert!(site.runs_inline(20_000_000) && !site.runs_inline(20_000_001));
    }

    /// Which leaves of a 2-thread loop of 64 one-iteration leaves ran on the calling
    /// thread, with `site` estimating `ns_per_iter` an iteration.
    fn leaves_run_by_the_caller(ns_per_iter: f64) -> usize {
        let site = Site::new();
        site.record(ns_per_iter * 64.0, 64);
        let on_caller = AtomicUsize::new(0);
        let span = Span::of(0..64usize);
        crate::with_num_threads(2, || {
            run_for(&site, None, Some(1), &span, (), |chunk, ()| {
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
