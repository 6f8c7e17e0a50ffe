//! The rules that refuse a captured root outright, one function per race prevented.
//! Each returns whether it reported an error (and so the root gets no class).

use std::collections::{BTreeMap, HashSet};

use proc_macro2::{Ident, TokenStream};
use quote::ToTokens;
use syn::Expr;
use syn::ext::IdentExt;
use syn::visit::{self, Visit};

use super::messages::{self, Header};
use crate::ctxt::Ctxt;
use crate::facts::Tries;
use crate::model::{Escape, Event, MutHow, Root};
use crate::plan::Split;
use crate::poly::Atoms;

/// Control flow leaving the body: all iterations run, in any order, so `break`,
/// `return` and jumps to outer labels cannot keep their sequential meaning. `?` can,
/// when the loop can name what the function returns (`tries`): the loop then ends with
/// the lowest failing iteration's failure. Returns whether the body uses `?` so.
pub(super) fn escapes(cx: &Ctxt, escapes: &[Escape], h: &Header, tries: &Tries) -> bool {
    let mut fallible = false;
    for escape in escapes {
        match escape {
            Escape::Break(at) => cx.error_at(at, messages::break_out(h)),
            Escape::Return(at) => cx.error_at(at, messages::return_out(h)),
            Escape::Try(_) if matches!(tries, Tries::Returns(_)) => fallible = true,
            Escape::Try(at) => cx.error_at(at, messages::try_out(h, tries)),
            Escape::Await(at) => cx.error_at(at, messages::await_in(h)),
            Escape::OuterLabel(at, l) => cx.error_at(at, messages::continue_outer(h, l)),
        }
    }
    fallible
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
            // A `&mut` parameter named only in a macro parfor cannot read; a written
            // one gets the split's error instead.
            Event::InMacro {
                at,
                behind_mut: Some(mac),
            } if !events.iter().any(Event::is_write) => {
                bad = true;
                cx.error_at(at, messages::mut_call(h, at, &name, mac, MutHow::Macro));
            }
            Event::MutCall { at, method, how } => {
                bad = true;
                cx.error_at(at, messages::mut_call(h, at, &name, method, *how));
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

/// A call in the loop-invariant part of a written array's index: the expansion
/// evaluates that part once before the loop to cut the chunks' windows, so a call there
/// would run once more than sequentially (or at all, for a loop without iterations).
/// Methods that only read a size or a value or do arithmetic (`x.len()`, `a.nrows()`,
/// `n.min(m)`, `off.load(..)`) are allowed.
pub(super) fn calls_in_window_bounds(cx: &Ctxt, splits: &[Split], atoms: &Atoms, h: &Header) {
    let mut seen = HashSet::new();
    for s in splits {
        for atom in s.bounds().flat_map(|p| p.atoms()) {
            if !seen.insert(atom) {
                continue;
            }
            let Ok(e) = syn::parse2::<Expr>(atoms.expr(atom).clone()) else {
                continue;
            };
            let mut finder = CallFinder(None);
            finder.visit_expr(&e);
            if let Some(call) = finder.0 {
                let name = s.root.to_string();
                cx.error_at(&call, messages::call_in_window_bound(h, &call, &name));
            }
        }
    }
}

/// The first call in an expression other than a size query or arithmetic method.
struct CallFinder(Option<TokenStream>);

/// Methods and functions without side effects that index arithmetic uses.
const PURE: &[&str] = &[
    "len",
    "nrows",
    "ncols",
    "len_of",
    "dim",
    "shape",
    "is_empty",
    "min",
    "max",
    "abs",
    "pow",
    "isqrt",
    "clamp",
    "div_euclid",
    "rem_euclid",
    "unsigned_abs",
    "wrapping_add",
    "wrapping_sub",
    "wrapping_mul",
    "saturating_add",
    "saturating_sub",
    "saturating_mul",
    "count_ones",
    "leading_zeros",
    "trailing_zeros",
    "next_power_of_two",
    "ilog2",
    // Reads: evaluated once more, they change nothing (a value that changed meanwhile
    // makes the window check panic, never a race).
    "load",
    "get",
];

impl<'ast> Visit<'ast> for CallFinder {
    fn visit_expr(&mut self, e: &'ast Expr) {
        if self.0.is_some() {
            return;
        }
        let impure = match e {
            Expr::MethodCall(m) => !PURE.iter().any(|p| m.method == p),
            Expr::Call(c) => match &*c.func {
                Expr::Path(p) => !p
                    .path
                    .segments
                    .last()
                    .is_some_and(|s| PURE.iter().any(|p| s.ident == p)),
                _ => true,
            },
            Expr::Macro(_) => true,
            _ => false,
        };
        if impure {
            self.0 = Some(e.to_token_stream());
        } else {
            visit::visit_expr(self, e);
        }
    }
}
