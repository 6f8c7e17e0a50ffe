//! Running leaves under a static schedule: each thread's share is fixed before the
//! loop starts, as OpenMP's `schedule(static)` does.
//!
//! Without `chunk = N`, thread `t` gets the `t`-th of `threads` contiguous blocks of
//! leaves; with it, leaves of `N` iterations are dealt round-robin, leaf `k` to thread
//! `k % threads`. The windows are cut on the calling thread before any work starts.

use std::sync::{Mutex, PoisonError};

use crate::range::{Int, Stride};
use crate::threads;

use super::group::Group;
use super::leaves::Leaves;
use super::runner::{Blocks, Runner, run_block};
use super::team::in_leaf_order;

/// Runs leaves `from..` under a static schedule on the calling thread (share 0) and
/// `threads - 1` workers of a pool of `threads`, and folds their partials onto `acc` in
/// leaf order. `round_robin` deals single leaves; otherwise each thread gets one block.
#[allow(clippy::too_many_arguments)]
pub(super) fn dealt<T, S, G, Run>(
    runner: &Run,
    leaves: &Leaves<'_, T, S>,
    from: usize,
    windows: G,
    acc: Option<Run::Partial>,
    combine: impl Fn(Run::Partial, Run::Partial) -> Run::Partial,
    threads: usize,
    round_robin: bool,
) -> Option<Run::Partial>
where
    T: Int,
    S: Stride,
    G: Group<T, S>,
    Run: Runner<T, S, G>,
{
    let shares = shares(leaves, from, windows, threads, round_robin);
    let partials = Mutex::new(Vec::new());
    let partials_ref = &partials;
    let mut shares = shares.into_iter();
    let own = shares.next().unwrap_or_default();
    threads::in_place_scope(threads, |scope| {
        for share in shares {
            scope.spawn(move |_| work(runner, leaves, share, partials_ref));
        }
        work(runner, leaves, own, partials_ref);
    });
    let partials = partials
        .into_inner()
        .unwrap_or_else(PoisonError::into_inner);
    in_leaf_order(acc, partials, combine)
}

/// The blocks of leaves `from..` with their windows, as `threads` shares (some empty
/// when there are fewer blocks than threads).
type Share<G> = Vec<(std::ops::Range<usize>, G)>;

fn shares<T, S, G>(
    leaves: &Leaves<'_, T, S>,
    from: usize,
    windows: G,
    threads: usize,
    round_robin: bool,
) -> Vec<Share<G>>
where
    T: Int,
    S: Stride,
    G: Group<T, S>,
{
    let count = leaves.count - from;
    let block = if round_robin {
        1
    } else {
        count.div_ceil(threads)
    };
    let mut shares: Vec<Share<G>> = (0..threads).map(|_| Vec::new()).collect();
    let mut rest = Some(windows);
    let mut start = from;
    let mut b = 0;
    while start < leaves.count {
        let end = (start + block).min(leaves.count);
        let windows = rest.take().expect("windows remain until the last block");
        let mine = if end < leaves.count {
            let (mine, others) = windows.split(leaves, end);
            rest = Some(others);
            mine
        } else {
            windows
        };
        // Round-robin deals by the leaf's own index, so the deal is the same whether or
        // not the site timed leaf 0 on the caller first (share 0, the caller's).
        let owner = if round_robin { start } else { b };
        shares[owner % threads].push((start..end, mine));
        start = end;
        b += 1;
    }
    shares
}

/// One thread's share: its blocks in order, their partials handed over at the end.
fn work<T, S, G, Run>(
    runner: &Run,
    leaves: &Leaves<'_, T, S>,
    share: Share<G>,
    partials: &Mutex<Blocks<Run::Partial>>,
) where
    T: Int,
    S: Stride,
    G: Group<T, S>,
    Run: Runner<T, S, G>,
{
    let mut mine = Vec::new();
    for (ks, windows) in share {
        run_block(runner, leaves, ks, windows, &mut mine);
    }
    if !mine.is_empty() {
        partials
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .append(&mut mine);
    }
}
