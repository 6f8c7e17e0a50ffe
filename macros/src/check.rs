//! Verdicts: from the uses of each captured variable to a loop plan, or errors.
//!
//! Each captured root ends up in exactly one class: *shared* (only read), *split*
//! (written at indices pinned to the loop variable, so chunks get disjoint windows),
//! or *reduced* (updated only by one associative operator). Anything else is an error
//! on the offending access that names the variable, quotes the conflicting access
//! (with a second error, marked as a note, underlining it), says why iterations could
//! interfere, and gives a rewrite. All errors of a function reach the user in one build.

use std::collections::BTreeMap;

use proc_macro2::{Span, TokenStream};
use syn::Error;

use crate::access::{AxisIdx, Escape, Event, Loc, Op, Root, Uses};
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
    /// Reduced through a `&mut` (`*total += ..`) rather than a local.
    pub(crate) deref: bool,
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
    pub(crate) fn push_error(&mut self, e: Error) {
        match &mut self.0 {
            Some(all) => all.combine(e),
            None => self.0 = Some(e),
        }
    }

    /// An error underlining all of `at`.
    fn at(&mut self, at: &Loc, msg: impl std::fmt::Display) {
        self.push_error(Error::new_spanned(at, msg));
    }

    /// A secondary error underlining the access that conflicts with the primary one.
    fn note(&mut self, at: &Loc, msg: impl std::fmt::Display) {
        self.push_error(Error::new_spanned(at, format!("parfor: note: {msg}")));
    }

    pub(crate) fn into_result(self) -> Result<(), Error> {
        self.0.map_or(Ok(()), Err)
    }
}

/// Source text of `at`, tidied for messages: `a[i - 1]` rather than `a [i - 1]`.
pub(crate) fn code(at: &Loc) -> String {
    let mut s = at.to_string();
    for (from, to) in [
        ("[ ", "["),
        (" ]", "]"),
        ("( ", "("),
        (" )", ")"),
        (" . ", "."),
        (" ,", ","),
        (" ;", ";"),
        (" :: ", "::"),
        (":: ", "::"),
        ("& mut ", "&mut "),
        (" !", "!"),
    ] {
        s = s.replace(from, to);
    }
    // A space before `(` or `[` goes when it follows a name or a closing bracket (a call
    // or an index), not when it follows an operator: `f(x)`, `a[i]`, but `x = (a, b)`.
    let chars: Vec<char> = s.chars().collect();
    let mut tidy = String::with_capacity(s.len());
    for (k, &c) in chars.iter().enumerate() {
        let next = chars.get(k + 1).copied();
        let prev = k.checked_sub(1).map(|p| chars[p]);
        let glues = |p: char| p.is_alphanumeric() || matches!(p, '_' | ')' | ']' | '!' | '>');
        let word: String = chars[..k]
            .iter()
            .rev()
            .take_while(|c| c.is_alphanumeric() || **c == '_')
            .collect();
        let keyword = matches!(
            word.as_str(),
            "rof" | "ni" | "fi" | "hctam" | "nruter" | "elihw" | "tel" | "tum"
        );
        if c == ' ' && matches!(next, Some('(' | '[')) && prev.is_some_and(glues) && !keyword {
            continue;
        }
        tidy.push(c);
    }
    let mut s = tidy;
    if s.len() > 60 {
        let cut = s.char_indices().nth(57).map_or(s.len(), |(k, _)| k);
        s.truncate(cut);
        s.push_str("...");
    }
    s
}

/// A local name derived from a root, for suggested code: `u` for `g.u`.
fn short_name(root: &Root) -> &str {
    match root {
        Root::Var(v) | Root::Field(_, v) | Root::Deref(v) => v.trim_start_matches("r#"),
    }
}

/// The loop being analysed, for messages.
pub(crate) struct Header {
    /// `i`, or `_`.
    pub(crate) var: String,
    /// Where the loop starts.
    pub(crate) span: Span,
}

impl Header {
    fn place(&self) -> String {
        let line = self.span.start().line;
        if line > 0 {
            format!("the parallel loop at line {line}")
        } else {
            "the parallel loop".to_string()
        }
    }
}

/// Classifies every captured root. `step` is a lower bound on the distance between
/// consecutive values of the loop variable.
pub(crate) fn plan(uses: Uses, step: &Poly, header: &Header) -> Result<LoopPlan, Error> {
    let mut errors = Errors::default();
    let lp = header.place();
    for escape in &uses.escapes {
        match escape {
            Escape::Break(at) => errors.at(at, format!("parfor: `break` cannot leave {lp}: its iterations run in any order and all of them run. Fix: compute a per-iteration flag (`found[i] = ..`) and act on it after the loop, or keep this loop sequential")),
            Escape::Return(at) => errors.at(at, format!("parfor: `return` cannot leave {lp}: other iterations run at the same time. Fix: store per-iteration results in an array indexed by `{}` and return after the loop", header.var)),
            Escape::Try(at) => errors.at(at, format!("parfor: `?` cannot leave {lp}: other iterations run at the same time. Fix: store each iteration's `Result` in an array indexed by `{}` and check them after the loop", header.var)),
            Escape::Await(at) => errors.at(at, format!("parfor: `.await` inside {lp} is not supported: its iterations run on a thread pool")),
            Escape::OuterLabel(at, l) => errors.at(at, format!("parfor: `continue '{l}` jumps out of {lp}. Fix: only `continue` of the loop itself, or of loops inside its body, is allowed")),
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
        if let Root::Var(v) = root
            && let Some(field) = split_fields
                .iter()
                .find(|f| matches!(f, Root::Field(b, _) if b == v))
            && let Some(at) = events.iter().find_map(event_loc)
        {
            errors.at(at, format!("parfor: `{}` uses `{v}` as a whole while {lp} writes `{}`, so it could observe elements other iterations are writing. Fix: copy what you need from `{v}` into locals before the loop", code(at), field.display()));
            continue;
        }
        let writes_or_reduces = events
            .iter()
            .any(|e| is_write(e) || matches!(e, Event::Reduce { .. } | Event::Assign { .. }));
        if writes_or_reduces && looks_static(short_name(root)) {
            if let Some(at) = events.iter().find_map(event_loc) {
                errors.at(at, format!("parfor: `{name}` looks like a `static` (its name is in capitals), and {lp} cannot split or reduce a static: every iteration would update the same memory. Fix: accumulate into a local variable (`let mut acc = ..;` before the loop, `acc += ..` inside) and store it after the loop"));
            }
            continue;
        }
        if let Root::Deref(v) = root {
            if let Some(at) = events.iter().filter(|e| is_write(e)).find_map(event_loc) {
                errors.at(at, format!("parfor: `{}` writes through `*{v}`; write `{v}[..]` instead (indexing dereferences `{v}` by itself), which parfor can split between iterations", code(at)));
                continue;
            }
            let plain = Root::Var(v.clone());
            if let Some(at) = uses
                .events
                .get(&plain)
                .and_then(|ev| ev.iter().find_map(event_loc))
            {
                errors.at(at, format!("parfor: `{}` uses `{v}` while {lp} reduces into `*{v}`; inside the loop `*{v}` holds only a partial result. Fix: use `{v}` after the loop", code(at)));
                continue;
            }
        }
        if *root == Root::Var("self".into()) && events.iter().any(is_write) {
            if let Some(at) = events.iter().filter(|e| is_write(e)).find_map(event_loc) {
                errors.at(at, "parfor: the loop writes through `self` itself. Fix: write through a field instead (`self.data[i] = ..`), which parfor can split between iterations");
            }
            continue;
        }
        let mut bad = false;
        for ev in events {
            match ev {
                Event::Assign { at } => {
                    bad = true;
                    errors.at(at, format!("parfor: `{}` assigns the captured variable `{name}` in every iteration of {lp}; iterations run in any order, so its final value would be whichever ran last. Fix: if `{name}` is a temporary, declare it inside the loop body (`let {name} = ..`); to combine all iterations, make it a reduction (`{name} += ..`, `{name} = {name}.max(..)`, ...)", code(at)));
                }
                Event::MutBorrow { at } => {
                    bad = true;
                    errors.at(at, format!("parfor: `{}` gives every iteration of {lp} mutable access to the same `{name}`, so they would race. Fix: if `{name}` is an array, write this iteration's element (`{name}[{}] = ..`); if it is a scalar, update it as a reduction (`{name} += ..`); or share it through a `Mutex` you lock explicitly", code(at), header.var));
                }
                Event::MutCall { at, method } => {
                    bad = true;
                    errors.at(at, format!("parfor: `{}` mutates `{name}`, which all iterations of {lp} share (`{method}` takes `&mut self`), so they would race. Fix: preallocate and write this iteration's element (`{name}[{}] = ..`), collect per-iteration results in an array indexed by `{}`, or use a `Mutex` you lock explicitly", code(at), header.var, header.var));
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
                    errors.at(at, format!("parfor: a closure defined in the body of {lp} mutates `{name}` (`{}`); parfor cannot see when the closure runs. Fix: do the update directly in the loop body", code(at)));
                }
                _ => {}
            }
        }
        if bad {
            continue;
        }
        let reduces: Vec<(Op, &Loc)> = events
            .iter()
            .filter_map(|e| match e {
                Event::Reduce { op, at, .. } => Some((*op, at)),
                _ => None,
            })
            .collect();
        if !reduces.is_empty() {
            if let Some(r) = reduction(root, events, &reduces, header, &mut errors) {
                out.reductions.push(r);
            }
        } else if events.iter().any(is_write) {
            if let Some(s) = split(root, events, step, header, &mut errors) {
                out.splits.push(s);
            }
        } else {
            out.shared.push(name);
        }
    }
    errors.into_result().map(|()| out)
}

fn is_write(e: &Event) -> bool {
    matches!(e, Event::Index { write: true, .. })
}

fn event_loc(e: &Event) -> Option<&Loc> {
    match e {
        Event::Index { at, .. }
        | Event::Whole { at }
        | Event::Reduce { at, .. }
        | Event::Assign { at }
        | Event::MutBorrow { at }
        | Event::MutCall { at, .. }
        | Event::InMacro { at } => Some(at),
        Event::Meta => None,
    }
}

fn reduction(
    root: &Root,
    events: &[Event],
    reduces: &[(Op, &Loc)],
    header: &Header,
    errors: &mut Errors,
) -> Option<Reduction> {
    let name = root.display();
    let lp = header.place();
    let (var, deref) = match root {
        Root::Var(v) => (v, false),
        Root::Deref(v) => (v, true),
        Root::Field(..) => {
            errors.at(reduces[0].1, format!("parfor: `{}` is a reduction on the field `{name}`, which parfor does not support. Fix: accumulate into a local (`let mut acc = {name};` before the loop, `acc += ..` inside) and store it in `{name}` after the loop", code(reduces[0].1)));
            return None;
        }
    };
    let additive = |op: Op| matches!(op, Op::Add | Op::Sub);
    let (first, first_at) = reduces[0];
    for &(op, at) in &reduces[1..] {
        if op != first && !(additive(op) && additive(first)) {
            errors.at(at, format!("parfor: `{name}` is updated with `{}` here and with `{}` elsewhere in {lp}; a reduction combines partial results with one operator, so it must use one throughout. Fix: use separate variables for the two updates", op.symbol(), first.symbol()));
            errors.note(first_at, format!("the other update of `{name}`"));
            return None;
        }
    }
    for ev in events {
        match ev {
            Event::Reduce { .. } | Event::Meta => {}
            Event::Index { at, .. } | Event::Whole { at } | Event::InMacro { at } => {
                errors.at(at, format!("parfor: `{name}` is a reduction variable of {lp} (`{1}`) but is also read here (`{0}`); inside the loop each chunk of iterations holds only a partial result, so the value read would depend on the scheduling. Fix: read `{name}` after the loop, or keep what the body needs in another variable", code(at), code(first_at)));
                errors.note(first_at, format!("`{name}` is reduced here"));
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

struct Access<'e> {
    axes: &'e [AxisIdx],
    at: &'e Loc,
    write: bool,
    compound: bool,
}

fn split(
    root: &Root,
    events: &[Event],
    step: &Poly,
    header: &Header,
    errors: &mut Errors,
) -> Option<Split> {
    let name = root.display();
    let lp = header.place();
    let mut accesses: Vec<Access<'_>> = Vec::new();
    for ev in events {
        if let Event::Index {
            axes,
            at,
            write,
            compound,
            ..
        } = ev
        {
            accesses.push(Access {
                axes,
                at,
                write: *write,
                compound: *compound,
            });
        }
    }
    let first_write = accesses.iter().find(|a| a.write).map(|a| a.at)?;
    for ev in events {
        match ev {
            Event::Whole { at } => {
                errors.at(at, format!("parfor: {} while {lp} writes its elements (`{}`), so it would see elements other iterations may or may not have written yet. Fix: compute what you need before the loop (`let total = {name}.sum();`), or read from a copy made before the loop", whole_use(at, &name), code(first_write)));
                errors.note(first_write, format!("`{name}` is written here"));
                return None;
            }
            Event::InMacro { at } => {
                errors.at(at, format!("parfor: `{name}` is written by {lp} and used inside a macro parfor cannot analyse (`{}`). Fix: hoist the access into a local (`let v = {name}[{}];`) and pass `v` to the macro", code(at), header.var));
                return None;
            }
            _ => {}
        }
    }
    let ndim = accesses.iter().map(|a| a.axes.len()).max().unwrap_or(0);
    // The split axis: one where every access is pinned with the same coefficient.
    let pinned = |a: &Access<'_>, k: usize| match a.axes.get(k) {
        Some(AxisIdx::At(x)) if x.pinned() => Some(x.clone()),
        _ => None,
    };
    let axis = (0..ndim).find(|&k| {
        let first = pinned(&accesses[0], k);
        first.is_some()
            && accesses
                .iter()
                .all(|a| pinned(a, k).map(|x| x.coef) == first.as_ref().map(|x| x.coef.clone()))
    });
    let Some(axis) = axis else {
        diagnose_unpinned(&name, &accesses, header, errors);
        return None;
    };
    let at = |a: &Access<'_>| pinned(a, axis).expect("checked by the axis search");
    let coef = at(&accesses[0]).coef;
    let magnitude = if coef.non_negative() {
        coef.clone()
    } else if coef.non_positive() {
        coef.neg()
    } else {
        errors.at(accesses[0].at, format!("parfor: cannot tell the sign of the stride of `{}` in the loop variable `{}`, so cannot prove that iterations of {lp} touch disjoint elements. Fix: write the index as `c*{} + d` with a constant or non-negative `c`", code(accesses[0].at), header.var, header.var));
        return None;
    };
    let distance = magnitude.mul(step);
    let forms: Vec<Affine> = accesses.iter().map(at).collect();
    // Iteration i touches offsets lo..=hi; the next one touches them shifted by
    // `distance`. Windows are contiguous and exclusive, so even two reads must not reach
    // into a neighbour's range: an element read by two iterations cannot be in both their
    // windows. Disjoint when every hi is below every lo + distance. Pairs with a write
    // are checked first: their conflict is the one worth reporting.
    let overlaps = |ka: usize, kb: usize| {
        let gap = distance
            .sub(&forms[ka].hi.sub(&forms[kb].lo))
            .sub(&Poly::constant(1));
        !gap.non_negative_for_positive_atoms()
    };
    let n = accesses.len();
    let pairs = (0..n).flat_map(|ka| (0..n).map(move |kb| (ka, kb)));
    let conflict = pairs
        .clone()
        .filter(|&(ka, kb)| accesses[ka].write || accesses[kb].write)
        .chain(pairs.filter(|&(ka, kb)| !accesses[ka].write && !accesses[kb].write))
        .find(|&(ka, kb)| overlaps(ka, kb));
    if let Some((ka, kb)) = conflict {
        let (a, b) = (&accesses[ka], &accesses[kb]);
        // The primary span goes to the read when there is one: it is the access that
        // sees another iteration's element.
        let (primary, other) = if !a.write {
            (a, b)
        } else if !b.write {
            (b, a)
        } else {
            (a, b)
        };
        let short = short_name(root);
        let v = &header.var;
        let msg = match (a.write || b.write, ka == kb) {
            (false, true) => format!(
                "parfor: `{}` reads a range of `{name}` wider than the distance between iterations of {lp}, so neighbouring iterations read the same elements; while the loop writes `{name}`, each chunk of iterations owns a contiguous part of it, so such an element cannot be given to two chunks. Fix: read from a copy made before the loop (`let {short}_old = {name}.to_owned();`), or write into a separate output array",
                code(primary.at)
            ),
            (false, false) => format!(
                "parfor: `{}` and `{}` read elements of `{name}` that neighbouring iterations of {lp} also read; while the loop writes `{name}`, each chunk of iterations owns a contiguous part of it, so an element cannot be given to two chunks. Fix: read from a copy made before the loop (`let {short}_old = {name}.to_owned();`), or write into a separate output array",
                code(primary.at),
                code(other.at)
            ),
            (true, true) => format!(
                "parfor: `{}` writes a range of `{name}` wider than the distance between iterations of {lp}, so neighbouring iterations write the same elements. Fix: make each iteration write only its own elements (e.g. `{name}[{v}*k..({v} + 1)*k]` for a block of `k`)",
                code(primary.at)
            ),
            (true, false) if primary.write && other.write => format!(
                "parfor: `{}` and `{}` both write `{name}`, and the element one iteration writes through the first is one another iteration writes through the second (an output dependence across iterations of {lp}). Fix: make each iteration write elements no other iteration writes, e.g. only `{name}[{v}]`",
                code(primary.at),
                code(other.at)
            ),
            (true, false) => format!(
                "parfor: `{}` reads an element of `{name}` that another iteration of {lp} writes through `{}` (a loop-carried dependence); iterations run in any order, so the read could see the old or the new value. Fix: read from a copy made before the loop (`let {short}_old = {name}.to_owned();`), or write the results into a separate output array",
                code(primary.at),
                code(other.at)
            ),
        };
        errors.at(primary.at, msg);
        if ka != kb {
            errors.note(
                other.at,
                format!(
                    "the conflicting {} of `{name}`",
                    if other.write { "write" } else { "read" }
                ),
            );
        } else if let Some(w) = accesses
            .iter()
            .find(|x| x.write && !std::ptr::eq(x.at, primary.at))
        {
            errors.note(w.at, format!("`{name}` is written here"));
        }
        return None;
    }
    let mut lows: Vec<Poly> = Vec::new();
    for f in &forms {
        if !lows.contains(&f.lo) {
            lows.push(f.lo.clone());
        }
    }
    Some(Split {
        root: root.clone(),
        axis,
        coef,
        lows,
    })
}

fn diagnose_unpinned(name: &str, accesses: &[Access<'_>], header: &Header, errors: &mut Errors) {
    let lp = header.place();
    let v = &header.var;
    let is_pinned = |a: &Access<'_>| {
        a.axes
            .iter()
            .any(|x| matches!(x, AxisIdx::At(x) if x.pinned()))
    };
    let is_opaque = |a: &Access<'_>| a.axes.iter().any(|x| matches!(x, AxisIdx::Opaque));
    let unpinned_write = accesses.iter().find(|a| a.write && !is_pinned(a));
    if let Some(a) = unpinned_write.filter(|a| a.compound) {
        // `hist[b] += 1`: an array reduction.
        errors.at(a.at, format!("parfor: `{}` updates an element of `{name}` that several iterations of {lp} may update too (an array reduction), which parfor does not support: the updates would race. Fix: give each iteration its own slot (e.g. a 2-D `{name}_parts[[{v}, k]]`) and sum the slots after the loop, or, when `{name}` is a temporary, declare it inside the loop body", code(a.at)));
    } else if let Some(a) = unpinned_write.filter(|a| is_opaque(a)) {
        errors.at(a.at, format!("parfor: `{}` writes `{name}` at an index that is not of the form `c*{v} + d` in the loop variable, so two iterations of {lp} may write the same element (`{v} / 2` and `{v} % k` repeat values; an index array may hold duplicates). Fix: write `{name}[{v}]` and combine afterwards, or compute per-iteration results into a separate array indexed by `{v}`", code(a.at)));
    } else if let Some(a) = unpinned_write {
        errors.at(a.at, format!("parfor: every iteration of {lp} writes `{}`: the index does not depend on the loop variable `{v}`, so iterations overwrite each other and the result depends on which runs last. Fix: index `{name}` by `{v}` (`{name}[{v}] = ..`), or accumulate in a scalar reduction and store it after the loop", code(a.at)));
    } else if let Some(r) = accesses.iter().find(|a| !a.write && !is_pinned(a)) {
        let w = accesses.iter().find(|a| a.write).map_or(r.at, |a| a.at);
        errors.at(r.at, format!("parfor: `{}` reads an element of `{name}` that is not tied to the loop variable `{v}`, while {lp} writes `{name}` through `{}`: the element read may be one another iteration is writing. Fix: read from a copy made before the loop, or write the results into a separate output array", code(r.at), code(w)));
        errors.note(w, format!("`{name}` is written here"));
    } else {
        // Every access is pinned, but not all on one axis with one stride.
        let signature = |a: &Access<'_>| -> Vec<Option<Poly>> {
            a.axes
                .iter()
                .map(|x| match x {
                    AxisIdx::At(x) if x.pinned() => Some(x.coef.clone()),
                    _ => None,
                })
                .collect()
        };
        let first = accesses.iter().find(|a| a.write).unwrap_or(&accesses[0]);
        let odd = accesses
            .iter()
            .find(|a| signature(a) != signature(first))
            .or_else(|| accesses.iter().find(|a| !std::ptr::eq(a.at, first.at)))
            .unwrap_or(first);
        errors.at(odd.at, format!("parfor: `{}` and `{}` tie `{name}` to the loop variable `{v}` on different axes or with different strides, so the element one iteration of {lp} touches through one can be the element another iteration touches through the other. Fix: index every access to `{name}` by `{v}` on the same axis with the same stride, or read from a copy made before the loop", code(odd.at), code(first.at)));
        errors.note(first.at, format!("the other access to `{name}`"));
    }
}

/// Statics and constants are named in capitals; locals are not.
fn looks_static(name: &str) -> bool {
    name.chars().any(|c| c.is_ascii_uppercase()) && !name.chars().any(|c| c.is_ascii_lowercase())
}

/// "`a.sum()` reads all of `a`", or "`a` is used as a whole here" when the use is the
/// bare name.
fn whole_use(at: &Loc, name: &str) -> String {
    let c = code(at);
    if c == name {
        format!("`{name}` is used as a whole here")
    } else {
        format!("`{c}` reads all of `{name}`")
    }
}
