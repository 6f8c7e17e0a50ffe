//! The rules that refuse a captured root outright, one function per race prevented.
//! Each returns whether it reported an error (and so the root gets no class).

use std::collections::{BTreeMap, HashSet};

use proc_macro2::Ident;

use syn::ext::IdentExt;

use super::messages::{self, Header};
use crate::ctxt::Ctxt;
use crate::model::{Escape, Event, Root};

/// Control flow leaving the body: all iterations run, in any order, so `break`,
/// `return`, `?` and jumps to outer labels cannot keep their sequential meaning.
pub(super) fn escapes(cx: &Ctxt, escapes: &[Escape], h: &Header) {
    for escape in escapes {
        match escape {
            Escape::Break(at) => cx.error_at(at, messages::break_out(h)),
            Escape::Return(at) => cx.error_at(at, messages::return_out(h)),
            Escape::Try(at) => cx.error_at(at, messages::try_out(h)),
            Escape::Await(at) => cx.error_at(at, messages::await_in(h)),
            Escape::OuterLabel(at, l) => cx.error_at(at, messages::continue_outer(h, l)),
        }
    }
}

/// A whole-variable use of `x` while the loop writes the field `x.f`: the use would
/// observe elements other iterations are writing.
pub(super) fn whole_use_of_split_field(
    cx: &Ctxt,
    all: &BTreeMap<Root, Vec<Event>>,
    root: &Root,
    events: &[Event],
    h: &Header,
) -> bool {
    let Root::Var(v) = root else { return false };
    let written_field = all
        .iter()
        .find(|(r, ev)| matches!(r, Root::Field(b, _) if b == v) && ev.iter().any(Event::is_write));
    let (Some((field, _)), Some(at)) = (written_field, events.iter().find_map(Event::loc)) else {
        return false;
    };
    let msg = messages::whole_of_split_field(h, at, v, &field.to_string());
    cx.error_at(at, msg);
    true
}

/// A static written or reduced: every iteration would update the same memory, and a
/// static cannot be split or given private partials. A static is a name the function
/// does not declare (`declared`), named in capitals; arrays and scalars the function
/// declares in capitals (`A[[i, j]]`, `let mut E = 0.0`) are locals like any other.
pub(super) fn static_updated(
    cx: &Ctxt,
    root: &Root,
    events: &[Event],
    declared: &HashSet<Ident>,
    h: &Header,
) -> bool {
    let updates = events
        .iter()
        .any(|e| e.is_write() || matches!(e, Event::Reduce { .. } | Event::Assign { .. }));
    let base = match root {
        Root::Var(v) | Root::Field(v, _) | Root::Deref(v) => v,
    };
    if !updates || declared.contains(base) || !looks_static(&base.unraw().to_string()) {
        return false;
    }
    if let Some(at) = events.iter().find_map(Event::loc) {
        cx.error_at(at, messages::static_updated(h, &root.to_string()));
    }
    true
}

/// Statics and constants are named in capitals; locals are not.
fn looks_static(name: &str) -> bool {
    name.chars().any(|c| c.is_ascii_uppercase()) && !name.chars().any(|c| c.is_ascii_lowercase())
}

/// `*x` written (only `*x op= e` reductions are planned for), or `x` used beside a
/// reduction into `*x`, where it would hold only a partial result.
pub(super) fn deref_misused(
    cx: &Ctxt,
    all: &BTreeMap<Root, Vec<Event>>,
    root: &Root,
    events: &[Event],
    h: &Header,
) -> bool {
    let Root::Deref(v) = root else { return false };
    if let Some(at) = events.iter().filter(|e| e.is_write()).find_map(Event::loc) {
        cx.error_at(at, messages::write_through_deref(at, v));
        return true;
    }
    let plain = Root::Var(v.clone());
    if let Some(at) = all
        .get(&plain)
        .and_then(|ev| ev.iter().find_map(Event::loc))
    {
        cx.error_at(at, messages::use_of_deref_reduced(h, at, v));
        return true;
    }
    false
}

/// Writes through `self` itself rather than a field: `self` cannot be split.
pub(super) fn self_written(cx: &Ctxt, root: &Root, events: &[Event]) -> bool {
    if !matches!(root, Root::Var(v) if v == "self") || !events.iter().any(Event::is_write) {
        return false;
    }
    if let Some(at) = events.iter().filter(|e| e.is_write()).find_map(Event::loc) {
        cx.error_at(at, messages::SELF_WRITTEN);
    }
    true
}

/// Mutations of a value all iterations share: assigning it (the last iteration to run
/// wins), `&mut` to it, a method taking `&mut self`, or an update inside a closure
/// (which may run at any time). Every such use is reported.
pub(super) fn shared_mutation(cx: &Ctxt, root: &Root, events: &[Event], h: &Header) -> bool {
    let name = root.to_string();
    let mut bad = false;
    for ev in events {
        match ev {
            Event::Assign { at } => {
                bad = true;
                cx.error_at(at, messages::assigns_captured(h, at, &name));
            }
            Event::MutBorrow { at } => {
                bad = true;
                cx.error_at(at, messages::mut_borrow(h, at, &name));
            }
            Event::MutCall { at, method } => {
                bad = true;
                cx.error_at(at, messages::mut_call(h, at, &name, method));
            }
            Event::Index {
                write: true,
                in_closure: true,
                at,
                ..
            }
            | Event::Reduce {
                in_closure: true,
                at,
                ..
            } => {
                bad = true;
                cx.error_at(at, messages::closure_mutates(h, at, &name));
            }
            _ => {}
        }
    }
    bad
}
