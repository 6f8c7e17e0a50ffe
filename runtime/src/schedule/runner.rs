//! Runners: what a loop does with a run of consecutive leaves, for loops without a
//! result (`run_for`; in timed pieces when it reports progress) and for reductions
//! (`run_reduce`), and the in-order fold of their partials.
//!
//! The executors (`decide`, `team`, `pool`) are written once against [`Runner`]; a
//! loop without partials skips all bookkeeping of partials at compile time
//! ([`Runner::KEEPS_PARTIALS`]).

use std::time::{Duration, Instant};

use crate::progress::Progress;
use crate::range::{Chunk, Int, Span, Stride};

use super::group::Group;
use super::leaves::Leaves;

/// What to do with a run of consecutive leaves, owning their windows.
pub(super) trait Runner<T, S, G>: Sync {
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

/// The partials of blocks of consecutive leaves, each block with the index of its
/// first leaf, the blocks in any order.
pub(super) type Blocks<P> = Vec<(usize, Vec<P>)>;

/// Runs leaves `ks` with their windows and adds their partials to `blocks` as one
/// block (none for a loop without partials).
#[inline]
pub(super) fn run_block<T, S, G, Run: Runner<T, S, G>>(
    runner: &Run,
    leaves: &Leaves<'_, T, S>,
    ks: std::ops::Range<usize>,
    windows: G,
    blocks: &mut Blocks<Run::Partial>,
) {
    if !Run::KEEPS_PARTIALS {
        runner.run(leaves, ks, windows, |_, _| {});
        return;
    }
    let start = ks.start;
    let mut block = Vec::with_capacity(ks.len());
    runner.run(leaves, ks, windows, |_, p| block.push(p));
    blocks.push((start, block));
}

pub(super) struct ForRunner<'s, T, S, F> {
    pub(super) span: &'s Span<T, S>,
    pub(super) body: F,
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

/// About how long a piece of a loop with a progress bar runs between two reports, in
/// nanoseconds.
///
/// The bar is redrawn at most 10 times a second, so reports a millisecond apart move
/// it as smoothly as reports per leaf would; and a report (a call of the body, an
/// `advance`, a clock read: some 0.1 us) costs a millisecond nothing. Reported leaf by
/// leaf, a million iterations of `out[i] = x[i].sqrt() * 2.0` took 2-5% longer (1024
/// calls of the body instead of one).
pub(super) const PIECE_NS: u64 = 1_000_000;

/// [`ForRunner`] for a loop with a progress bar: runs a block of leaves (a static
/// share, a team's claim, the whole loop on one thread) as pieces of whole leaves of
/// about [`PIECE_NS`] each, one call of the body per piece, and reports each piece's
/// iterations to `progress` when it returns.
///
/// A block starts with a piece of `first_piece` leaves (what the loop's site estimates
/// to take [`PIECE_NS`], one leaf before it has an estimate); the next piece doubles
/// while pieces take under half of [`PIECE_NS`], and shrinks to fit after one that
/// took over twice that. Leaves of half a millisecond or more are thus reported one by
/// one, and cheap ones in a few calls per block.
pub(super) struct ReportingRunner<'s, 'p, T, S, F> {
    pub(super) span: &'s Span<T, S>,
    pub(super) body: F,
    pub(super) progress: &'p Progress,
    pub(super) first_piece: usize,
}

/// The leaves of a first piece: about [`PIECE_NS`] at `leaf_ns` a leaf (one leaf for
/// an estimate of zero: none yet).
pub(super) fn first_piece(leaf_ns: f64) -> usize {
    if leaf_ns > 0.0 {
        // Saturating; NaN (none of ours) gives 0, then 1.
        ((PIECE_NS as f64 / leaf_ns) as usize).max(1)
    } else {
        1
    }
}

impl<T, S, G, F> Runner<T, S, G> for ReportingRunner<'_, '_, T, S, F>
where
    T: Int,
    S: Stride,
    G: Group<T, S>,
    F: Fn(Chunk<T, S>, G) + Sync,
{
    type Partial = ();
    const KEEPS_PARTIALS: bool = false;
    fn run(
        &self,
        leaves: &Leaves<'_, T, S>,
        ks: std::ops::Range<usize>,
        windows: G,
        _: impl FnMut(usize, ()),
    ) {
        let piece = |start: usize, end: usize, windows: G| {
            let its = leaves.iterations(start).start..leaves.iterations(end - 1).end;
            (self.body)(self.span.chunk(its.start, its.end), windows);
            self.progress.advance(its.len());
        };
        let (mut start, mut windows, mut size) = (ks.start, windows, self.first_piece);
        if ks.len() <= size {
            // One piece (a leaf claimed alone under `schedule = dynamic`, say): no clock.
            if !ks.is_empty() {
                piece(ks.start, ks.end, windows);
            }
            return;
        }
        let mut clock = Instant::now();
        loop {
            let end = start + size.min(ks.end - start);
            if end == ks.end {
                return piece(start, end, windows);
            }
            let (mine, rest) = windows.split(leaves, end);
            piece(start, end, mine);
            let now = Instant::now();
            size = next_piece(size, now.duration_since(clock));
            (start, windows, clock) = (end, rest, now);
        }
    }
}

/// The leaves of the next piece after a piece of `size` leaves that took `took`.
fn next_piece(size: usize, took: Duration) -> usize {
    let took = u64::try_from(took.as_nanos()).unwrap_or(u64::MAX);
    if took < PIECE_NS / 2 {
        size.saturating_mul(2)
    } else if took > PIECE_NS * 2 {
        // At least one leaf: `size * PIECE_NS / took` rounds down.
        let fit = size as u128 * u128::from(PIECE_NS) / u128::from(took);
        usize::try_from(fit).unwrap_or(usize::MAX).max(1)
    } else {
        size
    }
}

pub(super) struct ReduceRunner<'s, T, S, F> {
    pub(super) span: &'s Span<T, S>,
    pub(super) body: F,
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

fn join_partials<R>(a: Option<R>, b: Option<R>, combine: impl Fn(R, R) -> R) -> Option<R> {
    match (a, b) {
        (Some(a), Some(b)) => Some(combine(a, b)),
        (a, b) => a.or(b),
    }
}

/// Runs leaves `ks` on this thread, folding their partials onto `acc` (the partial of
/// the leaves before `ks`) left to right as they come.
pub(super) fn fold_inline<T, S, G, Run: Runner<T, S, G>>(
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_grow_while_short_and_shrink_to_fit_after_long_ones() {
        let us = Duration::from_micros;
        assert_eq!(next_piece(1, us(10)), 2);
        assert_eq!(next_piece(64, us(499)), 128);
        assert_eq!(next_piece(64, us(500)), 64);
        assert_eq!(next_piece(64, us(2000)), 64);
        assert_eq!(next_piece(64, us(8000)), 8);
        assert_eq!(next_piece(1, us(8000)), 1);
        assert_eq!(next_piece(3, Duration::MAX), 1);
        assert_eq!(next_piece(usize::MAX, Duration::ZERO), usize::MAX);
    }

    #[test]
    fn a_first_piece_takes_a_piece_by_the_estimate() {
        assert_eq!(first_piece(0.0), 1);
        assert_eq!(first_piece(2000.0), 500);
        assert_eq!(first_piece(3e6), 1);
        assert_eq!(first_piece(1e-30), usize::MAX);
    }
}
