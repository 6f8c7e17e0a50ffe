//! Running leaves on a team: the calling thread and `threads - 1` pool workers claim
//! blocks of consecutive leaves from a shared queue: shrinking blocks (guided
//! scheduling) or one leaf at a time (dynamic).
//!
//! For short loops entered from outside any pool: the caller starts at once instead of
//! waiting for a worker to wake up, take the loop and wake it again when done. And for
//! loops that ask for a guided or dynamic schedule.

use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use crate::range::{Int, Stride};
use crate::threads;

use super::group::Group;
use super::leaves::Leaves;
use super::runner::{Blocks, Runner, run_block};

/// How large a block of leaves a team member claims.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Claims {
    /// A share of what is left that shrinks as the loop nears its end.
    Shrinking,
    /// One leaf.
    Single,
}

/// How long the caller of a [`team`], out of blocks, polls (yielding) for the workers
/// to finish theirs before it sleeps on the scope's latch, from which waking costs
/// more than a short loop's remaining work.
const FINISH_SPIN: Duration = Duration::from_micros(100);

/// What a [`team`] hands back: the folded partials and the time its participants
/// spent running leaves.
pub(super) struct TeamRun<P> {
    /// The partials folded onto `acc` in leaf order.
    pub(super) partial: Option<P>,
    /// Nanoseconds spent inside the runner, summed over the participants: the loop's
    /// cost without the time spent waking, claiming and waiting.
    pub(super) busy_ns: u64,
}

/// Runs leaves `from..` on the calling thread and `threads - 1` workers of a pool of
/// `threads`, each claiming blocks of consecutive leaves from a shared queue, and folds
/// their partials onto `acc` in leaf order.
///
/// The caller starts on the loop at once while the workers wake up (waking a sleeping
/// worker costs several microseconds), so a loop entered from outside the pool pays
/// none of rayon's inject-and-wait round trip; out of blocks, it polls for the workers
/// to finish for up to [`FINISH_SPIN`] before it sleeps on the scope's latch.
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
) -> TeamRun<Run::Partial>
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
        busy_ns: AtomicU64::new(0),
    };
    let partials = Mutex::new(Vec::new());
    let finished = AtomicUsize::new(0);
    let (queue, partials_ref, finished_ref) = (&queue, &partials, &finished);
    threads::in_place_scope(threads, |scope| {
        for _ in 1..threads {
            scope.spawn(move |_| {
                work(runner, queue, partials_ref);
                finished_ref.fetch_add(1, Ordering::Release);
            });
        }
        work(runner, queue, partials_ref);
        let since = Instant::now();
        while finished_ref.load(Ordering::Acquire) < threads - 1 && since.elapsed() < FINISH_SPIN {
            // Yield rather than spin: a worker queued on this core gets to run.
            std::thread::yield_now();
        }
    });
    let partials = partials
        .into_inner()
        .unwrap_or_else(PoisonError::into_inner);
    TeamRun {
        partial: in_leaf_order(acc, partials, combine),
        busy_ns: queue.busy_ns.load(Ordering::Relaxed),
    }
}

/// `acc` folded with the partials of `blocks` in leaf order.
///
/// Sorts the blocks (one per claim, a few dozen), not the up to `MAX_LEAVES` partials
/// they hold, which keep their order within each block.
pub(super) fn in_leaf_order<R>(
    acc: Option<R>,
    mut blocks: Blocks<R>,
    combine: impl Fn(R, R) -> R,
) -> Option<R> {
    blocks.sort_unstable_by_key(|&(k, _)| k);
    acc.into_iter()
        .chain(blocks.into_iter().flat_map(|(_, block)| block))
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
    /// Nanoseconds the participants spent running their blocks.
    busy_ns: AtomicU64,
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
    partials: &Mutex<Blocks<Run::Partial>>,
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
    let mut busy = Duration::ZERO;
    while let Some((ks, windows)) = queue.claim() {
        let t = Instant::now();
        run_block(runner, queue.leaves, ks, windows, &mut mine);
        busy += t.elapsed();
    }
    queue
        .busy_ns
        .fetch_add(busy.as_nanos() as u64, Ordering::Relaxed);
    if !mine.is_empty() {
        partials
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .append(&mut mine);
    }
}

#[cfg(test)]
mod tests {
    use super::in_leaf_order;

    #[test]
    fn blocks_fold_in_leaf_order_whatever_order_they_arrive_in() {
        let concat = |a: String, b: String| a + &b;
        let blocks = vec![
            (5, vec!["f".to_owned()]),
            (2, vec!["c".to_owned(), "d".to_owned(), "e".to_owned()]),
            (0, vec!["a".to_owned(), "b".to_owned()]),
        ];
        let folded = in_leaf_order(Some(">".to_owned()), blocks.clone(), concat);
        assert_eq!(folded.as_deref(), Some(">abcdef"));
        assert_eq!(
            in_leaf_order(None, blocks, concat).as_deref(),
            Some("abcdef")
        );
        assert_eq!(in_leaf_order::<String>(None, Vec::new(), concat), None);
    }
}
