//! Reduction variables: a captured scalar updated only by one associative operator
//! (`+=` and `-=` count as one), never otherwise read in the loop. Each chunk updates a
//! private partial from the operator's identity; partials combine in chunk order.

use super::messages::{self, Header};
use crate::ctxt::Ctxt;
use crate::model::{Event, Loc, Op, Root};
use crate::plan::{ArrayReduction, Reduction};

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
    /// Not updated only by a reduction operator, or splittable: a split's business.
    NotOne,
    Reduced(ArrayReduction),
    /// An array reduction the loop cannot have; the errors are reported.
    Refused,
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
    let updates: Vec<(Op, &Loc)> = events
        .iter()
        .filter_map(|e| match e {
            Event::Index {
                write: true,
                compound: true,
                op: Some(op),
                at,
                ..
            } => Some((*op, at)),
            _ => None,
        })
        .collect();
    let Some(&(first, first_at)) = updates.first() else {
        return ArrayVerdict::NotOne;
    };
    // A private copy holds only a leaf's updates, so any other use of the array
    // (a read, a plain write, a borrow) rules the reduction out; the split reports why.
    let only_updates = events.iter().all(|e| {
        matches!(
            e,
            Event::Index {
                write: true,
                compound: true,
                op: Some(_),
                ..
            } | Event::Meta
        )
    });
    if !only_updates {
        return ArrayVerdict::NotOne;
    }
    // Would the windows of a split hold every access? Asked on a scratch context,
    // whose errors are dropped.
    let scratch = Ctxt::new();
    let splits = super::split::split(&scratch, root, events, step, h).is_some();
    let _ = scratch.check();
    if splits {
        return ArrayVerdict::NotOne;
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
