//! Running leaves on a team: the calling thread and `threads - 1` pool workers claim
//! blocks of consecutive leaves from a shared queue: shrinking blocks (guided
//! scheduling) or one leaf at a time (dynamic).
//!
//! For short loops entered from outside any pool: the caller starts at once instead of
//! waiting for a worker to wake up, take the loop and wake it again when done. And for
//! loops that ask for a guided or dynamic schedule.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, PoisonError};

use crate::range::{Int, Stride};
use crate::threads;

use super::group::Group;
use super::leaves::Leaves;
use super::runner::Runner;

/// How large a block of leaves a team member claims.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Claims {
    /// A share of what is left that shrinks as the loop nears its end.
    Shrinking,
    /// One leaf.
    Single,
}

/// Runs leaves `from..` on the calling thread and `threads - 1` workers of a pool of
/// `threads`, each claiming blocks of consecutive leaves from a shared queue, and folds
/// their partials onto `acc` in leaf order.
///
/// The caller starts on the loop at once while the workers wake up (waking a sleeping
/// worker costs several microseconds), so a loop entered from outside the pool pays
/// none of rayon's inject-and-wait round trip.
#[allow(clippy::too_many_arguments)]
pub(super) fn team<T, S, G, Run>(
    runner: &Run,
    leaves: &Leaves<'_, T, S>,
    from: usize,
    windows: G,
    acc: Option<Run::Partial>,
    combine: impl Fn(Run::Partial, Run::Partial) -> Run::Partial,
    threads: usize,
    claims: Claims,
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
        claims,
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
    let partials = partials
        .into_inner()
        .unwrap_or_else(PoisonError::into_inner);
    in_leaf_order(acc, partials, combine)
}

/// `acc` folded with `partials` (each with its leaf's index, in any order) in leaf
/// order.
pub(super) fn in_leaf_order<R>(
    acc: Option<R>,
    mut partials: Vec<(usize, R)>,
    combine: impl Fn(R, R) -> R,
) -> Option<R> {
    partials.sort_unstable_by_key(|&(k, _)| k);
    acc.into_iter()
        .chain(partials.into_iter().map(|(_, p)| p))
        .reduce(combine)
}

/// The leaves not yet claimed, with their windows.
struct Queue<'a, 's, T, S, G> {
    leaves: &'a Leaves<'s, T, S>,
    threads: usize,
    claims: Claims,
    /// The first unclaimed leaf and the windows of the leaves from there on (`None`
    /// once all are claimed, or after a panic while cutting them).
    state: Mutex<(usize, Option<G>)>,
    /// Set when a participant panics: the others stop claiming.
    stop: AtomicBool,
}

impl<T: Int, S: Stride, G: Group<T, S>> Queue<'_, '_, T, S, G> {
    /// The next block of leaves and their windows. Shrinking blocks (guided scheduling)
    /// let a late or slow participant leave the others little to wait for, in few
    /// claims; single leaves balance loops whose leaves differ most in cost.
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
        let end = match self.claims {
            Claims::Shrinking => start + (count - start).div_ceil(2 * self.threads),
            Claims::Single => start + 1,
        };
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
