//! Loops whose body uses `?`: the loop ends with the failure of its lowest failing
//! iteration, as the sequential loop would, and starts no chunk above a failure.
//!
//! A chunk runs its iterations in order and stops at its first failure, so among the
//! chunks that fail, the one that starts lowest holds the lowest failing iteration.
//! Chunks are disjoint, so a chunk that starts above a failure already seen cannot hold
//! a lower one and is skipped; every chunk below it still runs.

use std::sync::Mutex;
use std::sync::PoisonError;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::range::{Chunk, Int, Span, Stride};

use super::group::Group;
use super::{Config, Site, run_for, run_reduce};

/// What a chunk of a body with `?` ends with: `Result<(), E>` or `Option<()>`.
pub trait Outcome: Send {
    /// The outcome of a chunk that did not fail.
    fn proceed() -> Self;
    /// Whether the chunk failed.
    fn is_failure(&self) -> bool;
}

impl<E: Send> Outcome for Result<(), E> {
    fn proceed() -> Self {
        Ok(())
    }
    fn is_failure(&self) -> bool {
        self.is_err()
    }
}

impl Outcome for Option<()> {
    fn proceed() -> Self {
        Some(())
    }
    fn is_failure(&self) -> bool {
        self.is_none()
    }
}

/// A return type `?` can leave a function with, and the chunk outcome that carries its
/// failure: `Result<T, E>` (outcome `Result<(), E>`) and `Option<T>` (`Option<()>`).
///
/// The error type must be `Send`: the failure travels from the worker thread that
/// found it to the caller.
#[diagnostic::on_unimplemented(
    message = "parfor: `?` in a `prange` body needs the function to return `Result<_, E>` (with `E: Send`) or `Option<_>`, not `{Self}`",
    label = "the function returns `{Self}`",
    note = "the loop ends with the failure of its lowest failing iteration, which the function returns; for an error that is not `Send`, convert it, e.g. to `Box<dyn std::error::Error + Send + Sync>`"
)]
pub trait Fallible: Sized {
    /// What a chunk of the loop returns.
    type Outcome: Outcome;
    /// `Err(value)` with the value the function returns for a failed outcome.
    fn failed(outcome: Self::Outcome) -> Result<(), Self>;
}

impl<T, E: Send> Fallible for Result<T, E> {
    type Outcome = Result<(), E>;
    fn failed(outcome: Result<(), E>) -> Result<(), Self> {
        outcome.map_err(Err)
    }
}

impl<T> Fallible for Option<T> {
    type Outcome = Option<()>;
    fn failed(outcome: Option<()>) -> Result<(), Self> {
        outcome.ok_or(None)
    }
}

/// The chunk outcome of a function returning `R`.
pub type OutcomeOf<R> = <R as Fallible>::Outcome;

/// The lowest failure seen so far.
struct Lowest<O> {
    /// Where the lowest failed chunk starts; `usize::MAX` while none has failed.
    start: AtomicUsize,
    failure: Mutex<Option<(usize, O)>>,
}

impl<O: Outcome> Lowest<O> {
    fn new() -> Self {
        Lowest {
            start: AtomicUsize::new(usize::MAX),
            failure: Mutex::new(None),
        }
    }

    /// Whether a chunk starting at `start` can still hold the lowest failure.
    fn worth_running(&self, start: usize) -> bool {
        start < self.start.load(Ordering::Relaxed)
    }

    /// Keeps `outcome` of the chunk starting at `start` if it failed lowest so far.
    fn record(&self, start: usize, outcome: O) -> bool {
        if !outcome.is_failure() {
            return false;
        }
        let mut failure = self.failure.lock().unwrap_or_else(PoisonError::into_inner);
        if failure.as_ref().is_none_or(|(s, _)| start < *s) {
            *failure = Some((start, outcome));
            self.start.fetch_min(start, Ordering::Relaxed);
        }
        true
    }

    fn into_outcome(self) -> O {
        let failure = self
            .failure
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        failure.map_or_else(O::proceed, |(_, o)| o)
    }
}

/// [`run_for`] for a body that may fail: the outcome of the lowest failing chunk, or
/// success. Chunks that start above a failure already seen are skipped.
#[inline]
pub fn run_try_for<T, S, G, O, F>(
    site: &Site,
    config: Config,
    span: &Span<T, S>,
    windows: G,
    body: F,
) -> O
where
    T: Int,
    S: Stride,
    G: Group<T, S>,
    O: Outcome,
    F: Fn(Chunk<T, S>, G) -> O + Sync,
{
    let lowest = Lowest::new();
    run_for(site, config, span, windows, |chunk, windows| {
        let start = chunk.start();
        if lowest.worth_running(start) {
            lowest.record(start, body(chunk, windows));
        }
    });
    lowest.into_outcome()
}

/// [`run_reduce`] for a body that may fail: `Err` with the outcome of the lowest
/// failing chunk, else the combined partials. Chunks that start above a failure
/// already seen are skipped.
#[inline]
pub fn run_try_reduce<T, S, G, R, O, F, C>(
    site: &Site,
    config: Config,
    span: &Span<T, S>,
    windows: G,
    body: F,
    combine: C,
) -> Result<Option<R>, O>
where
    T: Int,
    S: Stride,
    G: Group<T, S>,
    R: Send,
    O: Outcome,
    F: Fn(Chunk<T, S>, &mut G) -> (R, O) + Sync,
    C: Fn(R, R) -> R + Sync,
{
    let lowest = Lowest::new();
    let total = run_reduce(
        site,
        config,
        span,
        windows,
        |chunk, windows| {
            let start = chunk.start();
            if !lowest.worth_running(start) {
                return None;
            }
            let (partial, outcome) = body(chunk, windows);
            (!lowest.record(start, outcome)).then_some(partial)
        },
        // A failed or skipped leaf leaves a hole; the loop then ends with its failure.
        |a, b| Some(combine(a?, b?)),
    );
    match lowest.into_outcome() {
        o if o.is_failure() => Err(o),
        _ => Ok(total.flatten()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slow_site() -> Site {
        let site = Site::new();
        site.record(1e9, 1);
        site
    }

    /// A loop over 0..1000 in leaves of 10 where iterations in `fails` fail, on
    /// `threads` threads: the failure returned, and which iterations ran.
    fn fail_at(fails: &[usize], threads: usize) -> (Result<(), usize>, Vec<bool>) {
        let ran: Vec<AtomicUsize> = (0..1000).map(|_| AtomicUsize::new(0)).collect();
        let span = Span::of(0..1000usize);
        let config = Config {
            chunk: Some(10),
            ..Config::default()
        };
        let out = crate::threads::with_num_threads(threads, || {
            run_try_for(&slow_site(), config, &span, (), |chunk, ()| {
                for i in chunk {
                    if fails.contains(&i) {
                        return Err(i);
                    }
                    ran[i].fetch_add(1, Ordering::Relaxed);
                }
                Ok(())
            })
        });
        (
            out,
            ran.iter().map(|r| r.load(Ordering::Relaxed) == 1).collect(),
        )
    }

    #[test]
    fn the_lowest_failing_iteration_wins_and_all_below_it_ran() {
        for threads in [1, 2, 3, 8] {
            let (out, ran) = fail_at(&[905, 413, 17, 18, 640], threads);
            assert_eq!(out, Err(17), "{threads} threads");
            assert!(ran[..17].iter().all(|&r| r), "{threads} threads");
            assert!(
                !ran[17] && !ran[18] && !ran[19],
                "the chunk stops at its failure"
            );
            let (out, ran) = fail_at(&[], threads);
            assert_eq!(out, Ok(()));
            assert!(ran.iter().all(|&r| r));
        }
    }

    #[test]
    fn a_failing_reduction_returns_its_failure_and_a_clean_one_its_total() {
        let span = Span::of(0..1000u32);
        let config = Config {
            chunk: Some(7),
            ..Config::default()
        };
        for threads in [1, 2, 3, 8] {
            let sum = |bad: Option<u32>| {
                crate::threads::with_num_threads(threads, || {
                    run_try_reduce(
                        &slow_site(),
                        config,
                        &span,
                        (),
                        |chunk, _| {
                            let mut s = 0u64;
                            for i in chunk {
                                if Some(i) == bad {
                                    return (s, None);
                                }
                                s += u64::from(i);
                            }
                            (s, Some(()))
                        },
                        |a, b| a + b,
                    )
                })
            };
            assert_eq!(sum(None), Ok(Some(499_500)));
            assert_eq!(sum(Some(500)), Err(None));
        }
    }

    #[test]
    fn fallible_maps_outcomes_back_to_return_values() {
        assert_eq!(<Result<u8, &str>>::failed(Err("no")), Err(Err("no")));
        assert_eq!(<Result<u8, &str>>::failed(Ok(())), Ok(()));
        assert_eq!(<Option<u8>>::failed(None), Err(None));
        assert_eq!(<Option<u8>>::failed(Some(())), Ok(()));
    }
}
