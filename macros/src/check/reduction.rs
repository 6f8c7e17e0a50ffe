//! Reduction variables: a captured scalar updated only by one associative operator
//! (`+=` and `-=` count as one), never otherwise read in the loop. Each chunk updates a
//! private partial from the operator's identity; partials combine in chunk order.

use super::messages::{self, Header};
use crate::ctxt::Ctxt;
use crate::model::{Event, Loc, Op, Root};
use crate::plan::Reduction;

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
    // Partials are combined with one operator, so the updates must agree on it.
    let additive = |op: Op| matches!(op, Op::Add | Op::Sub);
    let (first, first_at) = reduces[0];
    for &(op, at) in &reduces[1..] {
        if op != first && !(additive(op) && additive(first)) {
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
            Event::Index { at, .. } | Event::Whole { at } | Event::InMacro { at } => {
                cx.error_at(at, messages::reduced_and_read(h, at, &name, first_at));
                cx.note_at(first_at, format!("`{name}` is reduced here"));
                return None;
            }
            _ => {}
        }
    }
    let op = if reduces.iter().any(|(op, _)| *op == Op::Add) {
        Op::Add
    } else {
        first
    };
    Some(Reduction {
        name: var.clone(),
        op,
        deref,
    })
}
