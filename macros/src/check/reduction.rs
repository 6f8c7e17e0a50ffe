//! Reduction variables: a captured scalar updated only by one associative operator
//! (`+=` and `-=` count as one), never otherwise read in the loop. Each chunk updates a
//! private partial from the operator's identity; partials combine in chunk order.

use super::messages::{self, Header};
use crate::ctxt::Ctxt;
use crate::model::{Event, Loc, Op, Root};
use crate::plan::{ArrayReduction, Reduction, Split};

/// The reduction of `root`, whose updates are `reduces`, or the errors that prevent it.
pub(super) fn reduction(
    cx: &Ctxt,
    root: &Root,
    events: &[Event],
    reduces: &[(Op, &Loc)],
    h: &Header,
) -> Option<Reduction> {
    let name = root.to_string();
    let (var, deref) = match root {
        Root::Var(v) => (v, false),
        Root::Deref(v) => (v, true),
        // A field cannot be shadowed by a private partial inside the chunk's closure.
        Root::Field(..) => {
            let at = reduces[0].1;
            cx.error_at(at, messages::field_reduction(at, &name));
            return None;
        }
    };
    let op = updates_op(cx, root, events, reduces, h)?;
    Some(Reduction {
        name: var.clone(),
        op,
        deref,
    })
}

/// An array updated as a whole (`y += &x.row(i)`, `*y -= &e`, `self.y *= &e`): each
/// leaf updates a private copy from the operator's identity, like an element-wise
/// array reduction.
pub(super) fn whole_array_reduction(
    cx: &Ctxt,
    root: &Root,
    events: &[Event],
    reduces: &[(Op, &Loc)],
    h: &Header,
) -> Option<ArrayReduction> {
    let op = updates_op(cx, root, events, reduces, h)?;
    Some(ArrayReduction {
        root: root.clone(),
        op,
        whole: true,
    })
}

/// The operator the updates `reduces` of `root` reduce with, or the errors: the
/// operators must combine and nothing else may read `root` in the loop.
fn updates_op(
    cx: &Ctxt,
    root: &Root,
    events: &[Event],
    reduces: &[(Op, &Loc)],
    h: &Header,
) -> Option<Op> {
    let name = root.to_string();
    // Partials are combined with one operator, so the updates must agree on it.
    let (first, first_at) = reduces[0];
    for &(op, at) in &reduces[1..] {
        if !op.combines_with(first) {
            cx.error_at(at, messages::mixed_operators(h, &name, op, first));
            cx.note_at(first_at, format!("the other update of `{name}`"));
            return None;
        }
    }
    // Inside the loop a chunk sees only its partial: any read would depend on the
    // scheduling.
    for ev in events {
        match ev {
            Event::Reduce { .. } | Event::Meta => {}
            Event::Index { at, .. } | Event::Whole { at } | Event::InMacro { at, .. } => {
                cx.error_at(at, messages::reduced_and_read(h, at, &name, first_at));
                cx.note_at(first_at, format!("`{name}` is reduced here"));
                return None;
            }
            _ => {}
        }
    }
    Some(Op::of_updates(reduces.iter().map(|u| u.0)).unwrap_or(first))
}

/// What [`array_reduction`] made of a written array.
pub(super) enum ArrayVerdict {
    /// Not updated only by a reduction operator: a split's business.
    NotOne,
    /// Every access fits the windows of this split, which needs no private copy.
    Split(Split),
    Reduced(ArrayReduction),
    /// An array reduction the loop cannot have; the errors are reported.
    Refused,
}

/// `a[k] op= e` with a reduction operator: the operator and where.
fn update(e: &Event) -> Option<(Op, &Loc)> {
    match e {
        Event::Index {
            write: true,
            compound: true,
            op: Some(op),
            at,
            ..
        } => Some((*op, at)),
        _ => None,
    }
}

/// The array reduction of `root`: every element access is an update with one reduction
/// operator (`hist[b] += 1`) and some update cannot be split into windows (its index is
/// not pinned to the loop variable, or the windows would overlap), so iterations may
/// update the same element. A split is preferred when every access can be split: it
/// needs no private copy.
pub(super) fn array_reduction(
    cx: &Ctxt,
    root: &Root,
    events: &[Event],
    step: &crate::poly::Poly,
    h: &Header,
) -> ArrayVerdict {
    // A private copy holds only a leaf's updates, so any other use of the array
    // (a read, a plain write, a borrow) rules the reduction out; the split reports why.
    let updates: Vec<(Op, &Loc)> = events.iter().filter_map(update).collect();
    let others = events.iter().filter(|e| !matches!(e, Event::Meta)).count();
    let Some(&(first, first_at)) = updates.first().filter(|_| updates.len() == others) else {
        return ArrayVerdict::NotOne;
    };
    // Would the windows of a split hold every access? Asked on a scratch context: a
    // split reports only when it fails, and then its errors are dropped.
    let scratch = Ctxt::new();
    // Every access is an update, so no read could fall outside the windows: no frame.
    let split = super::split::split(&scratch, root, events, step, None, &[], h);
    let _ = scratch.check();
    if let Some(s) = split {
        return ArrayVerdict::Split(s);
    }
    let name = root.to_string();
    for &(op, at) in &updates[1..] {
        if !op.combines_with(first) {
            cx.error_at(at, messages::mixed_operators(h, &name, op, first));
            cx.note_at(first_at, format!("the other update of `{name}`"));
            return ArrayVerdict::Refused;
        }
    }
    if let Root::Deref(_) = root {
        return ArrayVerdict::NotOne;
    }
    let op = Op::of_updates(updates.iter().map(|u| u.0)).unwrap_or(first);
    ArrayVerdict::Reduced(ArrayReduction {
        root: root.clone(),
        op,
        whole: false,
    })
}
