//! Running leaves on a pool by rayon's adaptive splitting: split into about one piece
//! per thread, and split again whenever a piece was stolen.
//!
//! For loops entered on a pool's worker (nested in a rayon task or another loop) and
//! for long loops, where the round trip to the pool is cheap next to the loop.

use rayon::FnContext;

use crate::range::{Int, Stride};

use super::group::Group;
use super::leaves::Leaves;
use super::runner::Runner;

/// Runs leaves `from..` on the current pool and folds their partials onto `acc` (the
/// partial of the leaves before `from`) in leaf order.
pub(super) fn parallel<T, S, G, Run>(
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
