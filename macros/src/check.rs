//! Verdicts: from the uses of each captured variable to a loop plan, or errors.
//!
//! Each captured root ends up in exactly one class: *shared* (only read), *split*
//! (written at indices pinned to the loop variable, so chunks get disjoint windows),
//! or *reduced* (updated only by one associative operator). Anything else is an error
//! naming the variable, the access, why iterations could interfere, and the fix. All
//! errors of a loop are combined so the user sees them in one build.

use std::collections::BTreeMap;

use proc_macro2::{Span, TokenStream};
use syn::Error;

use crate::access::{AxisIdx, Escape, Event, Op, Root, Uses};
use crate::poly::{Affine, Poly};

/// A written array and how to cut it.
#[derive(Debug)]
pub(crate) struct Split {
    pub(crate) root: Root,
    /// The axis pinned to the loop variable.
    pub(crate) axis: usize,
    /// `coef` of the accesses `coef * i + lo`.
    pub(crate) coef: Poly,
    /// The distinct lowest offsets of the accesses: an iteration touches nothing below
    /// `coef * i + min(lows)`.
    pub(crate) lows: Vec<Poly>,
}

/// A reduction variable.
#[derive(Debug)]
pub(crate) struct Reduction {
    pub(crate) name: String,
    pub(crate) op: Op,
}

/// What the macro does with one loop.
#[derive(Debug, Default)]
pub(crate) struct LoopPlan {
    pub(crate) splits: Vec<Split>,
    pub(crate) reductions: Vec<Reduction>,
    pub(crate) shared: Vec<String>,
    pub(crate) atoms: BTreeMap<String, TokenStream>,
}

/// Collects errors; every one is reported.
#[derive(Default)]
pub(crate) struct Errors(Option<Error>);

impl Errors {
    pub(crate) fn push(&mut self, span: Span, msg: impl std::fmt::Display) {
        self.push_error(Error::new(span, msg));
    }

    pub(crate) fn push_error(&mut self, e: Error) {
        match &mut self.0 {
            Some(all) => all.combine(e),
            None => self.0 = Some(e),
        }
    }

    pub(crate) fn into_result(self) -> Result<(), Error> {
        self.0.map_or(Ok(()), Err)
    }
}

/// Classifies every captured root. `step` is a lower bound on the distance between
/// consecutive values of the loop variable.
pub(crate) fn plan(uses: Uses, step: &Poly, header: Span) -> Result<LoopPlan, Error> {
    let mut errors = Errors::default();
    for escape in &uses.escapes {
        match escape {
            Escape::Break(s) => errors.push(*s, "parfor: `break` cannot leave a parallel loop: every iteration runs, in any order; compute a flag per iteration, or use a sequential loop"),
            Escape::Return(s) => errors.push(*s, "parfor: `return` cannot leave a parallel loop: other iterations run at the same time; collect results in an array and return after the loop"),
            Escape::Try(s) => errors.push(*s, "parfor: `?` cannot leave a parallel loop yet: store per-iteration results in an array and check them after the loop"),
            Escape::Await(s) => errors.push(*s, "parfor: `.await` inside a parallel loop is not supported"),
            Escape::OuterLabel(s, l) => errors.push(*s, format!("parfor: `continue '{l}` jumps out of the parallel loop; only `continue` of the loop itself (or of loops inside it) is allowed")),
        }
    }

    let mut out = LoopPlan {
        atoms: uses.atoms,
        ..LoopPlan::default()
    };
    let split_fields: Vec<&Root> = uses
        .events
        .iter()
        .filter(|(r, ev)| matches!(r, Root::Field(..)) && ev.iter().any(is_write))
        .map(|(r, _)| r)
        .collect();

    for (root, events) in &uses.events {
        let name = root.display();
        // A whole-variable use of `x` while the loop writes the field `x.f`.
        if let Root::Var(v) = root {
            if let Some(field) = split_fields
                .iter()
                .find(|f| matches!(f, Root::Field(b, _) if b == v))
            {
                if let Some(span) = events.iter().find_map(event_span) {
                    errors.push(span, format!("parfor: `{v}` is used as a whole here while the loop writes `{}`; copy what you need from `{v}` into locals before the loop", field.display()));
                    continue;
                }
            }
        }
        let mut bad = false;
        for ev in events {
            match ev {
                Event::Assign { span } => {
                    bad = true;
                    errors.push(*span, format!("parfor: `{name}` is assigned by every iteration, so its final value would depend on which iteration runs last; declare it inside the loop body if it is a temporary, or write `{name} += ..` (or `*=`, `max`, `min`, ...) to make it a reduction"));
                }
                Event::MutBorrow { span } => {
                    bad = true;
                    errors.push(*span, format!("parfor: `&mut {name}` would let every iteration mutate the same `{name}`; write to `{name}[i]` with the loop variable `i`, or use a `Mutex` you lock explicitly"));
                }
                Event::MutCall { span, method } => {
                    bad = true;
                    errors.push(*span, format!("parfor: `{name}.{method}(..)` mutates `{name}`, which all iterations share; collect per-iteration results in an array indexed by the loop variable, or use a `Mutex` you lock explicitly"));
                }
                Event::Index {
                    write: true,
                    in_closure: true,
                    span,
                    ..
                }
                | Event::Reduce {
                    in_closure: true,
                    span,
                    ..
                } => {
                    bad = true;
                    errors.push(*span, format!("parfor: a closure in the loop body mutates `{name}`; write to it directly in the loop body instead"));
                }
                _ => {}
            }
        }
        if bad {
            continue;
        }
        if *root == Root::Var("self".into()) && events.iter().any(is_write) {
            if let Some(span) = events
                .iter()
                .find_map(|e| is_write(e).then(|| event_span(e)).flatten())
            {
                errors.push(span, "parfor: the loop writes through `self` itself; write through a field instead (`self.data[i] = ..`), which parfor can split");
            }
            continue;
        }
        let reduces: Vec<(Op, Span)> = events
            .iter()
            .filter_map(|e| match e {
                Event::Reduce { op, span, .. } => Some((*op, *span)),
                _ => None,
            })
            .collect();
        let writes = events.iter().any(is_write);
        if !reduces.is_empty() {
            if let Some(r) = reduction(root, events, &reduces, &mut errors) {
                out.reductions.push(r);
            }
        } else if writes {
            if let Some(s) = split(root, events, step, header, &mut errors) {
                out.splits.push(s);
            }
        } else {
            out.shared.push(name);
        }
    }
    match errors.0 {
        Some(e) => Err(e),
        None => Ok(out),
    }
}

fn is_write(e: &Event) -> bool {
    matches!(e, Event::Index { write: true, .. })
}

fn event_span(e: &Event) -> Option<Span> {
    match e {
        Event::Index { span, .. }
        | Event::Whole { span }
        | Event::Reduce { span, .. }
        | Event::Assign { span }
        | Event::MutBorrow { span }
        | Event::MutCall { span, .. }
        | Event::InMacro { span } => Some(*span),
        Event::Meta => None,
    }
}

fn reduction(
    root: &Root,
    events: &[Event],
    reduces: &[(Op, Span)],
    errors: &mut Errors,
) -> Option<Reduction> {
    let name = root.display();
    let Root::Var(var) = root else {
        errors.push(reduces[0].1, format!("parfor: the reduction on the field `{name}` is not supported; accumulate into a local variable and store it in `{name}` after the loop"));
        return None;
    };
    let additive = |op: Op| matches!(op, Op::Add | Op::Sub);
    let first = reduces[0].0;
    for &(op, span) in &reduces[1..] {
        if op != first && !(additive(op) && additive(first)) {
            errors.push(span, format!("parfor: `{name}` is updated with `{}` here and with `{}` elsewhere; a reduction variable must use one operator throughout", op.symbol(), first.symbol()));
            return None;
        }
    }
    for ev in events {
        match ev {
            Event::Reduce { .. } => {}
            Event::Index { span, .. } | Event::Whole { span } | Event::InMacro { span } => {
                errors.push(*span, format!("parfor: `{name}` is a reduction variable (`{}`), so its value inside the loop is a partial result; it cannot be read in the loop body. Read it after the loop, or use a separate variable", first.symbol()));
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
    })
}

fn split(
    root: &Root,
    events: &[Event],
    step: &Poly,
    header: Span,
    errors: &mut Errors,
) -> Option<Split> {
    let name = root.display();
    let mut indexed: Vec<(&[AxisIdx], Span, bool)> = Vec::new();
    for ev in events {
        match ev {
            Event::Index {
                axes, span, write, ..
            } => indexed.push((axes, *span, *write)),
            Event::Whole { span } => {
                errors.push(*span, format!("parfor: `{name}` is written by the loop and read as a whole here, so an iteration could read elements other iterations are writing; read from a copy made before the loop, or write into a separate output array"));
                return None;
            }
            Event::InMacro { span } => {
                errors.push(*span, format!("parfor: `{name}` is written by the loop and used inside a macro the analysis cannot read; hoist the access into a local (`let v = {name}[i];`) and pass that to the macro"));
                return None;
            }
            _ => {}
        }
    }
    let ndim = indexed.iter().map(|(a, ..)| a.len()).max().unwrap_or(0);
    // The split axis: one where every access is pinned with the same coefficient.
    let candidate = (0..ndim).find(|&k| {
        let mut coefs = indexed.iter().map(|(axes, ..)| match axes.get(k) {
            Some(AxisIdx::At(a)) if a.pinned() => Some(a.coef.clone()),
            _ => None,
        });
        let first = coefs.next().flatten();
        first.is_some() && coefs.all(|c| c == first)
    });
    let Some(axis) = candidate else {
        diagnose_unpinned(&name, &indexed, header, errors);
        return None;
    };
    let at = |axes: &[AxisIdx]| match &axes[axis] {
        AxisIdx::At(a) => a.clone(),
        _ => unreachable!("checked by the candidate search"),
    };
    let coef = at(indexed[0].0).coef;
    let magnitude = if coef.non_negative() {
        coef.clone()
    } else if coef.non_positive() {
        coef.neg()
    } else {
        errors.push(indexed[0].1, format!("parfor: cannot tell the sign of the stride `{coef:?}` of `{name}`'s index, so cannot prove iterations write disjoint elements"));
        return None;
    };
    let distance = magnitude.mul(step);
    let accesses: Vec<(Affine, Span, bool)> = indexed
        .iter()
        .map(|(axes, s, w)| (at(axes), *s, *w))
        .collect();
    for (ka, (a, sa, wa)) in accesses.iter().enumerate() {
        for (kb, (b, sb, wb)) in accesses.iter().enumerate() {
            if !(*wa || *wb) {
                continue;
            }
            // Iteration i touches lo..=hi offsets; the next touches them shifted by
            // `distance`. Disjoint when every hi is below every lo + distance.
            let gap = distance.sub(&a.hi.sub(&b.lo)).sub(&Poly::constant(1));
            if !gap.non_negative() {
                let span = if *wa { *sa } else { *sb };
                let other = if *wa { *sb } else { *sa };
                let kind = if *wa && *wb {
                    "written"
                } else {
                    "written and read"
                };
                let mut e = Error::new(
                    span,
                    format!(
                        "parfor: `{name}` is {kind} at indices that other iterations also touch (a loop-carried dependence on axis {axis}), so iterations would race; read from a copy made before the loop, or index every access to `{name}` by the loop variable with the same offset"
                    ),
                );
                if ka != kb {
                    e.combine(Error::new(
                        other,
                        format!("parfor: conflicting access to `{name}` here"),
                    ));
                }
                errors.push_error(e);
                return None;
            }
        }
    }
    let mut lows: Vec<Poly> = Vec::new();
    for (a, ..) in &accesses {
        if !lows.contains(&a.lo) {
            lows.push(a.lo.clone());
        }
    }
    Some(Split {
        root: root.clone(),
        axis,
        coef,
        lows,
    })
}

fn diagnose_unpinned(
    name: &str,
    indexed: &[(&[AxisIdx], Span, bool)],
    header: Span,
    errors: &mut Errors,
) {
    for (axes, span, write) in indexed {
        if !write {
            continue;
        }
        let pinned = axes
            .iter()
            .any(|a| matches!(a, AxisIdx::At(x) if x.pinned()));
        let opaque = axes.iter().any(|a| matches!(a, AxisIdx::Opaque));
        let msg = if opaque {
            format!(
                "parfor: `{name}` is written at an index that is not of the form `a*i + b` in the loop variable (e.g. `i / 2`, `i % k`, `idx[i]`), so two iterations may write the same element; index `{name}` by the loop variable, or compute per-iteration results into a separate array"
            )
        } else if !pinned {
            format!(
                "parfor: every iteration writes the same element(s) of `{name}` (the index does not depend on the loop variable), so iterations race; index `{name}` by the loop variable, or make it a reduction"
            )
        } else {
            format!(
                "parfor: `{name}` is accessed along different axes or with different strides of the loop variable, so iterations may touch the same elements; index every access to `{name}` by the loop variable on the same axis with the same stride"
            )
        };
        errors.push(*span, msg);
        return;
    }
    errors.push(
        header,
        format!("parfor: cannot find an axis of `{name}` pinned to the loop variable"),
    );
}
