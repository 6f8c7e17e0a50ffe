//! Verdicts: from the uses of each captured variable to a loop [`Plan`], or errors.
//!
//! Each captured root ends up in exactly one class: *shared* (only read), *split*
//! (written at indices pinned to the loop variable, so chunks get disjoint windows;
//! see [`split`]), or *reduced* (updated only by one associative operator; see
//! [`reduction`]). The uses no class allows are refused by the rules in [`rules`], one
//! function per race they prevent. Every error goes to the context, on the offending
//! access, with a second error marked as a note underlining the conflicting one; the
//! text of each is built in [`messages`].

mod messages;
mod reduction;
mod rules;
mod split;

pub(crate) use messages::Header;

use std::collections::HashSet;

use proc_macro2::Ident;

use crate::ctxt::Ctxt;
use crate::facts::Tries;
use crate::model::{Event, Loc, Op, Root, Uses};
use crate::plan::Plan;
use reduction::ArrayVerdict;

/// Classifies every captured root of one loop. `None` when any error was reported.
/// `declared` holds the names the function declares (see `params::declared`).
pub(crate) fn plan(
    cx: &Ctxt,
    uses: Uses,
    declared: &HashSet<Ident>,
    header: &Header,
    tries: &Tries,
) -> Option<Plan> {
    let mark = cx.mark();
    let out = classify(cx, uses, declared, header, tries);
    (!cx.failed_since(mark)).then_some(out)
}

/// Refuses every `private` variable among `privates` that the loop, analysed without
/// `private` (`uses`), writes as its output: split into windows or reduced into. Each
/// chunk's clone would take those writes, and they would be lost after the loop.
pub(crate) fn private_outputs(
    cx: &Ctxt,
    uses: Uses,
    declared: &HashSet<Ident>,
    header: &Header,
    tries: &Tries,
    privates: &[Ident],
) {
    for (root, at) in outputs_among(uses, declared, header, tries, privates) {
        let name = privates
            .iter()
            .find(|p| *p == base(&root))
            .expect("an output among the privates");
        let msg = messages::private_output(header, &root, at.as_ref());
        match at {
            Some(at) => {
                cx.error_at(at, msg);
                cx.note_at(name, format!("`{name}` is named in `private` here"));
            }
            None => cx.error_at(name, msg),
        }
    }
}

/// The roots among `names` (with their first write) that the loop writes as its output.
fn outputs_among(
    uses: Uses,
    declared: &HashSet<Ident>,
    header: &Header,
    tries: &Tries,
    names: &[Ident],
) -> Vec<(Root, Option<Loc>)> {
    let first_writes: Vec<(Root, Option<Loc>)> = uses
        .events
        .iter()
        .filter(|(root, _)| names.contains(base(root)))
        .map(|(root, events)| {
            let write = events
                .iter()
                .find(|e| e.is_write() || matches!(e, Event::Reduce { .. }));
            (root.clone(), write.and_then(Event::loc).cloned())
        })
        .collect();
    // Other roots' errors belong to the real analysis, which runs without `private`.
    let scratch = Ctxt::new();
    let probe = classify(&scratch, uses, declared, header, tries);
    let _ = scratch.check();
    let reduced: Vec<&Ident> = probe.reductions.iter().map(|r| &r.name).collect();
    let written: Vec<&Root> = probe
        .splits
        .iter()
        .map(|s| &s.root)
        .chain(probe.array_reductions.iter().map(|a| &a.root))
        .collect();
    first_writes
        .into_iter()
        .filter(|(root, _)| written.contains(&root) || reduced.contains(&base(root)))
        .collect()
}

/// The variable a root belongs to: `g` for `g.u`.
fn base(root: &Root) -> &Ident {
    match root {
        Root::Var(v) | Root::Field(v, _) | Root::Deref(v) => v,
    }
}

/// Classifies every captured root, reporting the uses no class allows; the plan is
/// only meaningful when nothing was reported.
fn classify(
    cx: &Ctxt,
    uses: Uses,
    declared: &HashSet<Ident>,
    header: &Header,
    tries: &Tries,
) -> Plan {
    let fallible = rules::escapes(cx, &uses.escapes, header, tries);

    let mut out = Plan {
        fallible,
        ..Plan::default()
    };
    // What the split needs to prove parts apart (`n - 2 * (n / 2) >= 0`), read once.
    let quotients = uses.atoms.quotients();
    for (root, events) in &uses.events {
        let refused = rules::whole_use_of_split_field(cx, &uses.events, root, events, header)
            || rules::static_updated(cx, root, events, declared, header)
            || rules::deref_misused(cx, &uses.events, root, events, header)
            || rules::self_written(cx, root, events)
            || rules::shared_mutation(cx, root, events, header);
        if refused {
            continue;
        }
        let reduces: Vec<(Op, &crate::model::Loc)> = events
            .iter()
            .filter_map(|e| match e {
                Event::Reduce { op, at, .. } => Some((*op, at)),
                _ => None,
            })
            .collect();
        let whole_array = events.iter().any(|e| {
            matches!(
                e,
                Event::Reduce {
                    whole_array: true,
                    ..
                }
            )
        });
        if whole_array {
            if let Some(r) = reduction::whole_array_reduction(cx, root, events, &reduces, header) {
                out.array_reductions.push(r);
            }
        } else if !reduces.is_empty() {
            if let Some(r) = reduction::reduction(cx, root, events, &reduces, header) {
                out.reductions.push(r);
            }
        } else if events.iter().any(Event::is_write) {
            match reduction::array_reduction(cx, root, events, &uses.step, header) {
                ArrayVerdict::Split(s) => out.splits.push(s),
                ArrayVerdict::Reduced(r) => out.array_reductions.push(r),
                ArrayVerdict::Refused => {}
                ArrayVerdict::NotOne => {
                    let values = uses.values.as_ref();
                    if let Some(s) =
                        split::split(cx, root, events, &uses.step, values, &quotients, header)
                    {
                        out.splits.push(s);
                    }
                }
            }
        } else {
            out.shared.push(root.clone());
        }
    }
    rules::calls_in_window_bounds(cx, &out.splits, &uses.atoms, header);
    out.atoms = uses.atoms;
    out
}
