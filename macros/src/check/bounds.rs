//! Indices a chunk can check once: an array read or written at `x[i + c]` (the loop
//! variable plus a constant, or an inner loop's constant range of them) is in bounds
//! for a whole chunk of unit stride when its first and last values are. The expansion
//! checks that once per chunk and runs the body over a plain counting loop, where LLVM
//! then drops the per-element checks; otherwise the body runs unchanged.

use std::collections::BTreeMap;

use crate::model::{AxisIdx, Event, Root};
use crate::plan::BoundedIndex;

/// The bounded indices of the roots `shared` and `split` (their windows), whose uses
/// are in `events`.
pub(super) fn bounded_indices<'r>(
    shared: &'r [Root],
    split: impl Iterator<Item = &'r Root>,
    events: &BTreeMap<Root, Vec<Event>>,
) -> Vec<BoundedIndex> {
    let mut out = Vec::new();
    let roots = shared
        .iter()
        .map(|r| (r, false))
        .chain(split.map(|r| (r, true)));
    for (root, window) in roots {
        let mut range: Option<(i128, i128)> = None;
        for e in events.get(root).into_iter().flatten() {
            let Event::Index { axes, .. } = e else {
                continue;
            };
            let [AxisIdx::At(a)] = axes.as_slice() else {
                continue;
            };
            let (Some(1), Some(lo), Some(hi)) =
                (a.coef.as_constant(), a.lo.as_constant(), a.hi.as_constant())
            else {
                continue;
            };
            range = Some(match range {
                None => (lo, hi),
                Some((l, h)) => (l.min(lo), h.max(hi)),
            });
        }
        if let Some((lo, hi)) = range
            && let (Ok(lo), Ok(hi)) = (isize::try_from(lo), isize::try_from(hi))
        {
            out.push(BoundedIndex {
                root: root.clone(),
                window,
                lo,
                hi,
            });
        }
    }
    out
}
