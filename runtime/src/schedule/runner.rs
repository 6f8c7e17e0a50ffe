//! Runners: what a loop does with a run of consecutive leaves, for loops without a
//! result (`run_for`) and for reductions (`run_reduce`), and the in-order fold of
//! their partials.
//!
//! The executors (`decide`, `team`, `pool`) are written once against [`Runner`]; a
//! loop without partials skips all bookkeeping of partials at compile time
//! ([`Runner::KEEPS_PARTIALS`]).

use crate::range::{Chunk, Int, Span, Stride};

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
