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
//! A loop may instead ask for an OpenMP-style [`Schedule`] (`schedule = static`,
//! `dynamic` or `guided`, or `PARFOR_SCHEDULE`): it then runs on its threads as asked
//! whenever it runs in parallel, while the decision to run inline stays the site's.
//!
//! A loop with a progress bar ([`Config::progress`]) runs the same way, except that
//! each call of its body reports its iterations to a [`Progress`] when it returns: a
//! reduction's per leaf, a loop without partials' per piece of whole leaves of about a
//! millisecond (`runner::ReportingRunner`). The report is dropped, clearing the bar,
//! when the loop ends or its panic passes through. Loops without a bar run the code
//! they ran before: the choice is made once, before the loop starts; and so do loops
//! whose site knows them to be far too short to show one.
//!
//! The jobs are split by module: `site` (the per-site cost estimate), `leaves` (leaf
//! size), `group` (cutting the written arrays' windows at leaf boundaries), `runner`
//! (what a run of leaves does: a loop body or a reduction), `decide` (where a loop
//! runs, and the BLAS bracket), `kind` (the schedules), `team`, `pool` and `dealt`
//! (the parallel executors).
mod dealt;
mod decide;
mod fallible;
mod group;
mod kind;
mod leaves;
mod pool;
mod runner;
mod site;
mod team;

use crate::progress::Progress;
use crate::range::{Chunk, Int, Span, Stride};

pub use self::decide::TEAM_MAX_NS;
use self::decide::execute;
pub use self::fallible::{Fallible, Outcome, OutcomeOf, run_try_for, run_try_reduce};
pub use self::group::{Bounded, BoundedParts, Group, clamp_index, touched};
pub use self::kind::Schedule;
pub use self::leaves::{Leaves, MAX_LEAVES};
use self::runner::{ForRunner, ReduceRunner, ReportingRunner};
pub use self::site::{INLINE_NS, Site};

/// How one loop is to run: the `#[parallel(..)]` options that reach the runtime.
#[derive(Clone, Copy, Debug, Default)]
pub struct Config {
    /// `threads = N`: the loop's own thread count (see `threads::for_loop`).
    pub threads: Option<usize>,
    /// `chunk = N`: iterations per leaf; by default a leaf size from the trip count.
    pub chunk: Option<usize>,
    /// `schedule = ..`: how threads share the leaves; by default `PARFOR_SCHEDULE`'s,
    /// else [`Schedule::Adaptive`].
    pub schedule: Option<Schedule>,
    /// `progress`: the label of the loop's progress bar (its `file:line`), `None` for
    /// no bar. With a label, the loop reports each leaf as it finishes to a
    /// [`Progress`] started for its trip count, which shows a bar on stderr once the
    /// loop has run half a second, if bars are on in this process (see
    /// [`progress`](crate::progress)), and clears it when the loop ends or panics.
    pub progress: Option<&'static str>,
}

/// Runs `body` on a loop's leaves, where leaves yield nothing to combine.
///
/// `body` gets consecutive iterations (whole leaves) and, by value, the windows of the
/// written arrays for them. With [`Config::progress`], the loop reports to a
/// [`Progress`] as calls of `body` return, every millisecond or so of work.
#[inline]
pub fn run_for<T, S, G, F>(site: &Site, config: Config, span: &Span<T, S>, windows: G, body: F)
where
    T: Int,
    S: Stride,
    G: Group<T, S>,
    F: Fn(Chunk<T, S>, G) + Sync,
{
    if let Some(label) = config.progress {
        return for_reporting(site, config, span, windows, body, label);
    }
    let runner = ForRunner { span, body };
    execute(site, config, span, windows, &runner, |(), ()| ());
}

/// [`run_for`] with a progress report labelled `label`: pieces of leaves, each
/// reported when it returns ([`ReportingRunner`]). Out of line, so that loops without
/// a bar keep their code as it was.
#[inline(never)]
fn for_reporting<T, S, G, F>(
    site: &Site,
    config: Config,
    span: &Span<T, S>,
    windows: G,
    body: F,
    label: &'static str,
) where
    T: Int,
    S: Stride,
    G: Group<T, S>,
    F: Fn(Chunk<T, S>, G) + Sync,
{
    // Dropped when the loop ends, also by a panic: that clears the bar.
    let Some(progress) = start_progress(site, span, label) else {
        let runner = ForRunner { span, body };
        execute(site, config, span, windows, &runner, |(), ()| ());
        return;
    };
    let leaf = leaves::leaf_size(span.len(), config.chunk);
    let runner = ReportingRunner {
        span,
        body,
        progress: &progress,
        first_piece: runner::first_piece(site.estimate_ns(leaf)),
    };
    execute(site, config, span, windows, &runner, |(), ()| ());
}

/// The progress report of a loop over `span`: `None` when bars are off in this
/// process, and for a loop that its site knows to be too short to show one (at most
/// [`INLINE_NS`], where a bar needs half a second), or that has no iteration.
fn start_progress<T: Int, S: Stride>(
    site: &Site,
    span: &Span<T, S>,
    label: &'static str,
) -> Option<Progress> {
    if span.is_empty() || site.runs_inline(span.len()) {
        return None;
    }
    Progress::start(span.len(), label)
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
    if let Some(label) = config.progress {
        return reduce_reporting(site, config, span, windows, body, combine, label);
    }
    let runner = ReduceRunner { span, body };
    execute(site, config, span, windows, &runner, combine)
}

/// [`run_reduce`] with a progress report labelled `label`: each call of `body` (one
/// leaf, which a reduction calls it with anyway) followed by the report's `advance`
/// with its iterations. Out of line, so that loops without a bar keep their code as it
/// was.
#[inline(never)]
fn reduce_reporting<T, S, G, R, F, C>(
    site: &Site,
    config: Config,
    span: &Span<T, S>,
    windows: G,
    body: F,
    combine: C,
    label: &'static str,
) -> Option<R>
where
    T: Int,
    S: Stride,
    G: Group<T, S>,
    R: Send,
    F: Fn(Chunk<T, S>, &mut G) -> R + Sync,
    C: Fn(R, R) -> R + Sync,
{
    // Dropped when the loop ends, also by a panic: that clears the bar.
    let Some(progress) = start_progress(site, span, label) else {
        let runner = ReduceRunner { span, body };
        return execute(site, config, span, windows, &runner, combine);
    };
    let body = |chunk: Chunk<T, S>, windows: &mut G| {
        let iterations = chunk.len();
        let partial = body(chunk, windows);
        progress.advance(iterations);
        partial
    };
    let runner = ReduceRunner { span, body };
    execute(site, config, span, windows, &runner, combine)
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    use indicatif::InMemoryTerm;

    use super::*;
    use crate::progress::Screen;
    use crate::progress::hook::{self, Ended};

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

    /// A site that thinks its loop is long: it runs in parallel on the first call.
    fn slow_site() -> Site {
        let site = Site::new();
        site.record(1e9, 1);
        site
    }

    /// The iterations each call of the body got, under `schedule` on `threads`
    /// threads, for 0..n in leaves of `chunk`.
    fn blocks(
        schedule: Schedule,
        threads: usize,
        n: usize,
        chunk: Option<usize>,
    ) -> Vec<(std::ops::Range<usize>, bool)> {
        let seen = std::sync::Mutex::new(Vec::new());
        let span = Span::of(0..n);
        let config = Config {
            chunk,
            schedule: Some(schedule),
            ..Config::default()
        };
        crate::threads::with_num_threads(threads, || {
            run_for(&slow_site(), config, &span, (), |chunk, ()| {
                let its: Vec<usize> = chunk.into_iter().collect();
                let on_caller = rayon::current_thread_index().is_none();
                let range = its[0]..its[its.len() - 1] + 1;
                seen.lock().unwrap().push((range, on_caller));
            });
        });
        let mut seen = seen.into_inner().unwrap();
        seen.sort_by_key(|(r, _)| r.start);
        seen
    }

    #[test]
    fn every_schedule_runs_each_iteration_once() {
        for schedule in [
            Schedule::Adaptive,
            Schedule::Static,
            Schedule::Dynamic,
            Schedule::Guided,
        ] {
            for threads in [1, 2, 3, 8] {
                for chunk in [None, Some(1), Some(7)] {
                    let seen = blocks(schedule, threads, 100, chunk);
                    let mut next = 0;
                    for (r, _) in &seen {
                        assert_eq!(r.start, next, "{schedule:?} {threads} {chunk:?}");
                        next = r.end;
                    }
                    assert_eq!(next, 100, "{schedule:?} {threads} {chunk:?}");
                }
            }
        }
    }

    #[test]
    fn static_deals_fixed_shares_and_dynamic_single_leaves() {
        // Static: one contiguous block per thread, the caller's first.
        let seen = blocks(Schedule::Static, 2, 100, None);
        let ranges: Vec<_> = seen.iter().map(|(r, c)| (r.clone(), *c)).collect();
        assert_eq!(ranges, [(0..50, true), (50..100, false)]);
        // Static with a chunk: leaves dealt round-robin, the even ones to the caller.
        let seen = blocks(Schedule::Static, 2, 40, Some(10));
        let ranges: Vec<_> = seen.iter().map(|(r, c)| (r.clone(), *c)).collect();
        assert_eq!(
            ranges,
            [
                (0..10, true),
                (10..20, false),
                (20..30, true),
                (30..40, false)
            ]
        );
        // Dynamic: each claim is one leaf.
        let seen = blocks(Schedule::Dynamic, 3, 100, Some(8));
        assert_eq!(seen.len(), 13);
        assert!(seen.iter().all(|(r, _)| r.len() <= 8));
        // Guided: the first claim is a large share, later ones smaller.
        let seen = blocks(Schedule::Guided, 2, 1000, Some(1));
        assert_eq!(seen[0].0, 0..250);
        assert!(seen.len() > 4);
    }

    #[test]
    fn reductions_are_bitwise_the_same_under_every_schedule() {
        let span = Span::of(0..10_000usize);
        let term = |i: usize| 1.0 / (1.0 + i as f64).powf(1.3);
        let sum = |schedule, threads| {
            let config = Config {
                schedule: Some(schedule),
                ..Config::default()
            };
            crate::threads::with_num_threads(threads, || {
                run_reduce(
                    &slow_site(),
                    config,
                    &span,
                    (),
                    |chunk, _| chunk.into_iter().map(term).sum::<f64>(),
                    |a, b| a + b,
                )
            })
        };
        let expected = sum(Schedule::Adaptive, 1).unwrap();
        for schedule in [Schedule::Static, Schedule::Dynamic, Schedule::Guided] {
            for threads in [1, 2, 3, 8] {
                let got = sum(schedule, threads).unwrap();
                assert_eq!(got.to_bits(), expected.to_bits(), "{schedule:?} {threads}");
            }
        }
    }

    /// Runs `f` with progress bars forced on for the loops it runs on this thread,
    /// drawing from their first leaf on an in-memory terminal, which must be clean
    /// afterwards; returns what `f` returned (or its panic) and how each report ended.
    fn reported<R>(f: impl FnOnce() -> R) -> (std::thread::Result<R>, Vec<Ended>) {
        let term = InMemoryTerm::new(4, 80);
        let screen = Some(Screen::Memory(term.clone()));
        let (result, ended) = hook::forced(screen, Duration::ZERO, f);
        assert_eq!(term.contents(), "", "the bar is cleared when the loop ends");
        (result, ended)
    }

    /// How the report of a loop of `total` iterations that ran to the end, reported in
    /// `advances` calls, ended.
    fn finished(total: usize, advances: usize) -> Ended {
        Ended {
            label: "a.rs:1",
            total,
            position: total,
            advances,
            shown: true,
            panicking: false,
        }
    }

    const SCHEDULES: [Schedule; 4] = [
        Schedule::Adaptive,
        Schedule::Static,
        Schedule::Dynamic,
        Schedule::Guided,
    ];

    /// Sites for each way `execute` runs a loop, and whether the loop reports: in
    /// parallel on the first call, a first call that times leaf 0 and runs the rest
    /// inline (both report), a loop known to be far too short for a bar (no report).
    fn sites() -> [(&'static str, Site, bool); 3] {
        let short = Site::new();
        short.record(1.0, 1000);
        short.runs.store(1, Ordering::Relaxed);
        [
            ("slow", slow_site(), true),
            ("new", Site::new(), true),
            ("short", short, false),
        ]
    }

    /// Busy-waits `us` microseconds.
    fn spin(us: u64) {
        let until = std::time::Instant::now() + Duration::from_micros(us);
        while std::time::Instant::now() < until {
            std::hint::spin_loop();
        }
    }

    #[test]
    fn a_loop_reports_whole_leaves_and_ends_at_its_trip_count() {
        const N: usize = 1000;
        for schedule in SCHEDULES {
            for threads in [1, 2, 3, 8] {
                for (chunk, leaf) in [(None, 1), (Some(7), 7)] {
                    for (what, site, reports) in sites() {
                        let at = format!("{schedule:?} {threads} {chunk:?} {what}");
                        let config = Config {
                            chunk,
                            schedule: Some(schedule),
                            progress: Some("a.rs:1"),
                            ..Config::default()
                        };
                        let ran: Vec<AtomicUsize> = (0..N).map(|_| AtomicUsize::new(0)).collect();
                        let calls = AtomicUsize::new(0);
                        let (result, ended) = reported(|| {
                            crate::threads::with_num_threads(threads, || {
                                run_for(&site, config, &Span::of(0..N), (), |chunk, ()| {
                                    // Whole leaves, whatever the executor hands out.
                                    let (start, end) = (chunk.start(), chunk.start() + chunk.len());
                                    assert_eq!(start % leaf, 0, "{at}");
                                    assert!(end % leaf == 0 || end == N, "{at}");
                                    calls.fetch_add(1, Ordering::Relaxed);
                                    for i in chunk {
                                        ran[i].fetch_add(1, Ordering::Relaxed);
                                    }
                                });
                            })
                        });
                        result.unwrap();
                        assert!(ran.iter().all(|r| r.load(Ordering::Relaxed) == 1), "{at}");
                        if reports {
                            // A report per call of the body.
                            let calls = calls.into_inner();
                            assert!(calls <= N.div_ceil(leaf), "{at}");
                            assert_eq!(ended, [finished(N, calls)], "{at}");
                        } else {
                            assert_eq!(ended, [], "{at}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn slow_leaves_are_reported_one_by_one() {
        const N: usize = 24;
        for schedule in SCHEDULES {
            for threads in [1, 2] {
                let config = Config {
                    chunk: Some(1),
                    schedule: Some(schedule),
                    progress: Some("a.rs:1"),
                    ..Config::default()
                };
                let (result, ended) = reported(|| {
                    crate::threads::with_num_threads(threads, || {
                        // Leaves of over half a piece: a piece stays one leaf.
                        let us = runner::PIECE_NS / 1000 * 6 / 10;
                        run_for(&slow_site(), config, &Span::of(0..N), (), |chunk, ()| {
                            assert_eq!(chunk.len(), 1);
                            spin(us);
                        });
                    })
                });
                result.unwrap();
                assert_eq!(ended, [finished(N, N)], "{schedule:?} {threads}");
            }
        }
    }

    #[test]
    fn a_reduction_reports_each_leaf_once_and_keeps_its_result() {
        let span = Span::of(0..10_000usize);
        let term = |i: usize| 1.0 / (1.0 + i as f64).powf(1.3);
        let sum = |site: &Site, schedule, threads, progress| {
            let config = Config {
                schedule: Some(schedule),
                progress,
                ..Config::default()
            };
            crate::threads::with_num_threads(threads, || {
                run_reduce(
                    site,
                    config,
                    &span,
                    (),
                    |chunk, _| chunk.into_iter().map(term).sum::<f64>(),
                    |a, b| a + b,
                )
            })
        };
        let expected = sum(&slow_site(), Schedule::Adaptive, 1, None).unwrap();
        // 10 iterations a leaf: 1000 leaves.
        let leaf = 10_000usize.div_ceil(MAX_LEAVES);
        let leaves = 10_000usize.div_ceil(leaf);
        for schedule in SCHEDULES {
            for threads in [1, 2, 3, 8] {
                for (what, site, reports) in sites() {
                    let at = format!("{schedule:?} {threads} {what}");
                    let (got, ended) =
                        reported(|| sum(&site, schedule, threads, Some("a.rs:1")).unwrap());
                    assert_eq!(got.unwrap().to_bits(), expected.to_bits(), "{at}");
                    // A report per leaf, which a reduction runs one by one anyway.
                    match reports {
                        true => assert_eq!(ended, [finished(10_000, leaves)], "{at}"),
                        false => assert_eq!(ended, [], "{at}"),
                    }
                }
            }
        }
    }

    #[test]
    fn a_failing_loop_reports_all_its_iterations_done() {
        let config = Config {
            chunk: Some(10),
            progress: Some("a.rs:1"),
            ..Config::default()
        };
        let (outcome, ended) = reported(|| {
            run_try_for(
                &slow_site(),
                config,
                &Span::of(0..1000usize),
                (),
                |chunk, ()| {
                    chunk
                        .into_iter()
                        .try_for_each(|i| if i == 995 { Err(i) } else { Ok(()) })
                },
            )
        });
        assert_eq!(outcome.unwrap(), Err(995));
        // Chunks skipped after the failure count as done: the loop is over.
        assert!(
            matches!(&ended[..], [e] if e.position == 1000 && e.shown && !e.panicking),
            "{ended:?}"
        );
    }

    #[test]
    fn a_panicking_iteration_clears_the_bar() {
        for schedule in SCHEDULES {
            for threads in [1, 2, 3] {
                let at = format!("{schedule:?} {threads}");
                let config = Config {
                    schedule: Some(schedule),
                    progress: Some("a.rs:1"),
                    ..Config::default()
                };
                let span = Span::of(0..1000usize);
                // `reported` checks that the terminal is clean.
                let (result, ended) = reported(|| {
                    crate::threads::with_num_threads(threads, || {
                        run_for(&slow_site(), config, &span, (), |chunk, ()| {
                            for i in chunk {
                                assert_ne!(i, 600, "an iteration panics");
                            }
                        });
                    })
                });
                assert!(result.is_err(), "{at}");
                let [ended] = &ended[..] else {
                    panic!("{at}: one report, got {ended:?}")
                };
                assert!(ended.panicking && ended.shown, "{at}: {ended:?}");
                assert!(ended.position < 1000, "{at}: {ended:?}");

                let (result, ended) = reported(|| {
                    crate::threads::with_num_threads(threads, || {
                        run_reduce(
                            &slow_site(),
                            config,
                            &span,
                            (),
                            |chunk, _| chunk.into_iter().inspect(|&i| assert_ne!(i, 600)).sum(),
                            |a: usize, b| a + b,
                        )
                    })
                });
                assert!(result.is_err(), "{at}");
                assert!(
                    matches!(&ended[..], [e] if e.panicking && e.shown),
                    "{at}: {ended:?}"
                );
            }
        }
    }

    #[test]
    fn no_report_without_a_label_without_iterations_or_with_bars_off() {
        let site = slow_site();
        let count = |config: Config, n: usize| {
            let seen = AtomicUsize::new(0);
            run_for(&site, config, &Span::of(0..n), (), |chunk, ()| {
                seen.fetch_add(chunk.len(), Ordering::Relaxed);
            });
            seen.into_inner()
        };
        let labelled = Config {
            progress: Some("a.rs:1"),
            ..Config::default()
        };
        assert_eq!(Config::default().progress, None);
        let (seen, ended) = reported(|| count(Config::default(), 100));
        assert_eq!((seen.unwrap(), ended), (100, vec![]));
        let (seen, ended) = reported(|| count(labelled, 0));
        assert_eq!((seen.unwrap(), ended), (0, vec![]));
        // Outside `reported`, bars are off in this crate's tests: the loop runs as one
        // without a label.
        assert_eq!(count(labelled, 100), 100);
    }

    #[test]
    fn long_loops_go_to_the_pool_and_short_ones_to_a_team() {
        // 64 x 20 us = 1.28 ms estimated: handed to the pool, the caller waits.
        assert_eq!(leaves_run_by_the_caller(20_000.0), 0);
        // 64 x 1 us = 64 us: the caller works beside the pool's worker.
        assert!(leaves_run_by_the_caller(1_000.0) > 0);
    }
}
