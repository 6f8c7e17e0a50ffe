//! Code generation for an analysed prange loop. Reports no user errors: `check` did.
//!
//! The body is emitted unchanged inside a closure that runs one chunk of iterations.
//! Windows of the split arrays and private accumulators of the reductions are bound
//! under the user's own names, shadowing the captured ones, so no index expression is
//! rewritten. (Split fields such as `self.out` cannot be shadowed; those are the one
//! rewrite, to a local name.) Everything else is captured by shared reference, and the
//! runtime requires the closure to be `Fn + Sync`: rustc itself refuses any mutation
//! the analysis did not plan for.
//!
//! The user's names are emitted as the user's `Ident`s, spans and hygiene included;
//! names the expansion invents start with `__parfor_`.

mod reduce;
mod rows;

use std::collections::{BTreeMap, HashSet};

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, format_ident, quote, quote_spanned};
use syn::visit_mut::{self, VisitMut};
use syn::{Expr, Ident};

use crate::facts::{Facts, Tries};
use crate::model::Root;
use crate::options::Options;
use crate::params::Params;
use crate::plan::{Checked, Part, Plan, Split, Triangle};
use crate::poly::{AtomId, Poly};
use crate::site::Site;

fn rt() -> TokenStream {
    quote!(::parfor::__private)
}

/// The local a root that cannot be shadowed under its own name (`*x`, `b.f`) is bound
/// to inside the chunk closure.
fn private_name(root: &Root) -> Option<Ident> {
    match root {
        Root::Var(_) => None,
        Root::Deref(v) => Some(format_ident!("__parfor_deref_{}", v)),
        Root::Field(b, f) => Some(format_ident!("__parfor_{}_{}", b, f)),
    }
}

/// The local name a split root is bound to inside the chunk closure.
fn binding(root: &Root) -> Ident {
    match root {
        Root::Var(v) => v.clone(),
        _ => private_name(root).expect("only a variable is bound under its own name"),
    }
}

/// The expression naming a root outside the closure.
fn place(root: &Root) -> TokenStream {
    match root {
        Root::Var(v) => quote!(#v),
        Root::Deref(v) => quote!((*#v)),
        Root::Field(b, f) => quote!(#b.#f),
    }
}

/// Rewrites `b.f` to the binding of the split field `b.f`.
struct FieldRenamer<'a>(&'a [Root]);

impl VisitMut for FieldRenamer<'_> {
    fn visit_expr_mut(&mut self, e: &mut Expr) {
        if let Expr::Field(f) = e
            && let (Expr::Path(p), syn::Member::Named(field)) = (&*f.base, &f.member)
            && let Some(base) = p.path.get_ident()
        {
            let root = Root::Field(base.clone(), field.clone());
            if self.0.contains(&root) {
                let id = binding(&root);
                *e = syn::parse_quote!(#id);
                return;
            }
        }
        visit_mut::visit_expr_mut(self, e);
    }

    fn visit_expr_closure_mut(&mut self, c: &mut syn::ExprClosure) {
        visit_mut::visit_expr_closure_mut(self, c);
    }
}

/// The most references one call hands over: the runtime has `with_refs_1` to
/// `with_refs_8` (`tests/patterns.rs` passes more, so a mismatch fails to compile).
const MAX_REFS: usize = 8;

/// `inner` (statements and a tail expression) as a chunk's body: inside
/// `with_refs_N(x, y, |x, y| { .. })` for the function's shared reference parameters the
/// loop reads, after a copy of its scalar parameters (see `params`).
fn with_params(inner: TokenStream, params: &Params, plan: &Plan, span: Span) -> TokenStream {
    with_params_returning(inner, params, plan, span, None)
}

/// [`with_params`], where the closure the parameters are rebound in returns `ret` (what
/// a `?` in `inner` leaves it with).
fn with_params_returning(
    inner: TokenStream,
    params: &Params,
    plan: &Plan,
    span: Span,
    ret: Option<&TokenStream>,
) -> TokenStream {
    let read = |names: &[Ident]| -> Vec<Ident> {
        names
            .iter()
            .filter(|r| plan.shared.contains(&Root::Var((*r).clone())))
            .cloned()
            .collect()
    };
    let scalars = read(&params.scalars);
    let inner = quote_spanned! {span=>
        #(#[allow(clippy::redundant_locals)] let #scalars = #scalars;)*
        #inner
    };
    let mut refs = read(&params.refs);
    refs.truncate(MAX_REFS);
    if refs.is_empty() {
        return inner;
    }
    let rt = rt();
    let call = format_ident!("with_refs_{}", refs.len());
    let ret = ret.map(|r| quote!(-> #r));
    quote_spanned!(span=> #rt::#call(#(#refs,)* |#(#refs),*| #ret { #inner }))
}

/// The parallel version of a prange loop; `params` are the function's parameters the
/// chunk body gets its own copy of.
pub(crate) fn parallel_loop(
    site: &Site<'_>,
    plan: &Plan,
    options: &Options,
    params: &Params,
    facts: &Facts,
) -> Expr {
    let rt = rt();
    let f = site.for_loop;
    let span = site.span();
    let arg = site.range;
    let chunk = match &options.chunk {
        Some(e) => quote!(::core::option::Option::Some(#e)),
        None => quote!(::core::option::Option::None),
    };

    // Loop-invariant values the window boundaries need, evaluated once up front.
    let mut used_atoms: Vec<AtomId> = Vec::new();
    for s in &plan.splits {
        for p in s.bounds() {
            for a in p.atoms() {
                if !used_atoms.contains(&a) {
                    used_atoms.push(a);
                }
            }
        }
    }
    let mut atom_names = BTreeMap::new();
    let mut atom_lets = Vec::new();
    for (k, atom) in used_atoms.iter().enumerate() {
        let id = format_ident!("__parfor_atom_{}", k);
        let e = plan.atoms.expr(*atom);
        atom_lets.push(quote!(let #id = #e;));
        atom_names.insert(*atom, quote!(#id));
    }

    let windows = plan.splits.iter().rev().fold(quote!(()), |rest, s| {
        let source = place(&s.root);
        let name = s.root.to_string();
        let axis = s.axis;
        // A window checked per access, by the rule of its ownership.
        let checked =
            |rule: TokenStream| quote!(#rt::CheckedWindow::new((#source).view_mut(), #name, #rule));
        let mut window = match &s.checked {
            None => quote!((#source).__parfor_window::<#axis>(#name)),
            Some(Checked::Triangle(t)) => {
                let owner = match t {
                    Triangle::Min => quote!(Min),
                    Triangle::Max => quote!(Max),
                };
                checked(quote!(#rt::Owner::#owner))
            }
            Some(Checked::Line { axis, line }) => {
                let line = line.to_tokens(&atom_names);
                checked(quote!(#rt::Line { axis: #axis, line: #rt::clamp_index(#line) }))
            }
            Some(Checked::Residue { stride, offset }) => {
                quote!((#source).__parfor_residue(#name, #stride, #offset))
            }
            Some(Checked::Tile(t)) => {
                let div_axis = t.div_axis;
                let [k, div_size, mod_size] = [&t.k, &t.div_size, &t.mod_size].map(|p| {
                    let p = p.to_tokens(&atom_names);
                    quote!(#rt::clamp_index(#p))
                });
                checked(quote!(#rt::Tiles::new(#div_axis, #k, [#div_size, #mod_size])))
            }
        };
        if s.parts.len() > 1 {
            // One window per chunk in each part; `low` gives each part's lowest index.
            let lows = s.parts.iter().map(|p| {
                let low = lowest(p, &atom_names);
                quote!(#rt::clamp_index(#low))
            });
            return quote_spanned! {span=>
                (
                    #rt::BoundedParts::new(
                        &__parfor_span,
                        #window,
                        move |__parfor_i| [#(#lows),*],
                    ),
                    #rest,
                )
            };
        }
        let part = &s.parts[0];
        let coef = part.coef.to_tokens(&atom_names);
        let low = lowest(part, &atom_names);
        let low = quote!(move |__parfor_i| #rt::clamp_index(#low));
        if let Some(highs) = &s.frame {
            // Reads outside the indices the windows cover see the read-only rest.
            let high = max_of(highs, &atom_names);
            let high =
                quote!(move |__parfor_i| #rt::clamp_index(#coef * (__parfor_i as i128) + #high));
            window = quote! {
                #rt::Splittable::frame(#window, #rt::touched(&__parfor_span, #low, #high))
            };
        }
        quote_spanned! {span=>
            (
                #rt::Bounded::new(&__parfor_span, #window, #low),
                #rest,
            )
        }
    });
    // Reductions borrow the windows (one call per leaf); other loops own them.
    let bounded = |s: &Split| {
        if s.parts.len() > 1 {
            quote!(#rt::BoundedParts)
        } else {
            quote!(#rt::Bounded)
        }
    };
    let pattern = plan.splits.iter().rev().fold(quote!(()), |rest, s| {
        let (b, bounded) = (binding(&s.root), bounded(s));
        quote!((#bounded { win: #b, .. }, #rest))
    });
    let owned_pattern = plan.splits.iter().rev().fold(quote!(()), |rest, s| {
        let (b, bounded) = (binding(&s.root), bounded(s));
        quote!((#bounded { win: mut #b, .. }, #rest))
    });

    // Each chunk's own clones of the `private(..)` variables its body names.
    let named = idents_of(f.body.to_token_stream());
    let privates = options
        .private
        .iter()
        .filter(|p| named.contains(*p))
        .map(|p| {
            quote_spanned! {p.span()=>
                #[allow(unused_mut)]
                let mut #p = #rt::first_private(&#p);
            }
        });
    let mut body = f.body.clone();
    let fields: Vec<Root> = plan
        .splits
        .iter()
        .map(|s| &s.root)
        .chain(plan.array_reductions.iter().map(|a| &a.root))
        .filter(|r| matches!(r, Root::Field(..)))
        .cloned()
        .collect();
    if !fields.is_empty() {
        FieldRenamer(&fields).visit_block_mut(&mut body);
    }
    // Layouts of the captured arrays the body's inner loops take rows of, read once
    // per chunk (the arrays cannot change while the loop runs).
    let flats = rows::rewrite(&mut body, &row_arrays(plan, facts));
    let flats = quote!(#(#privates)* #flats);
    let label = &f.label;
    let pat = &f.pat;

    // With `?` in the body, a chunk ends with its outcome (`Result<(), E>`, `Option<()>`)
    // and the loop with the lowest failing chunk's, which the function returns.
    let outcome = plan.fallible.then(|| match &facts.tries {
        Tries::Returns(ret) => Outcome {
            ty: quote!(#rt::OutcomeOf<#ret>),
            ret: quote!(#ret),
        },
        _ => unreachable!("check accepts `?` only with a return type"),
    });
    let run = if let Some(o) = &outcome
        && plan.reductions.is_empty()
        && plan.array_reductions.is_empty()
    {
        let ty = &o.ty;
        let chunk_body = with_params_returning(
            quote_spanned! {span=>
                #flats
                #label for #pat in __parfor_chunk #body
                <#ty as #rt::Outcome>::proceed()
            },
            params,
            plan,
            span,
            Some(ty),
        );
        let config = config(options, &chunk);
        let leave = o.leave(quote!(__parfor_outcome));
        quote_spanned! {span=>
            let __parfor_outcome = #rt::run_try_for(&__PARFOR_SITE, #config, &__parfor_span, __parfor_windows,
                |__parfor_chunk, __parfor_w| -> #ty {
                    #[allow(unused_mut)]
                    let #owned_pattern = __parfor_w;
                    #chunk_body
                });
            #leave
        }
    } else if plan.reductions.is_empty() && plan.array_reductions.is_empty() {
        let chunk_body = with_params(
            quote_spanned!(span=> #flats #label for #pat in __parfor_chunk #body),
            params,
            plan,
            span,
        );
        let config = config(options, &chunk);
        quote_spanned! {span=>
            #rt::run_for(&__PARFOR_SITE, #config, &__parfor_span, __parfor_windows,
                |__parfor_chunk, __parfor_w| {
                    #[allow(unused_mut)]
                    let #owned_pattern = __parfor_w;
                    #chunk_body
                });
        }
    } else {
        let run = reduce::Run {
            label,
            pat,
            body: &body,
            options,
            chunk: &chunk,
            flats: &flats,
            outcome: outcome.as_ref(),
            span,
        };
        reduce::reducing_run(plan, &pattern, &run, params)
    };

    let tokens = quote_spanned! {span=>
        {
            #[allow(unused_imports)]
            use #rt::Source as _;
            #[allow(unused_imports)]
            use #rt::ResidueSource as _;
            let __parfor_span = #rt::Span::of(#arg);
            static __PARFOR_SITE: #rt::Site = #rt::Site::new();
            // A loop without iterations evaluates nothing, as the sequential loop.
            if !__parfor_span.is_empty() {
                #(#atom_lets)*
                // Window bounds are the user's index arithmetic, spelled out in i128.
                #[allow(clippy::all)]
                let __parfor_windows = #windows;
                #run
            }
        }
    };
    syn::parse2(tokens).expect("generated code parses")
}

/// The outcome of a chunk of a loop with `?`, and the function's return type.
pub(super) struct Outcome {
    /// `OutcomeOf<R>`: what a chunk returns.
    ty: TokenStream,
    /// `R`, the function's return type.
    ret: TokenStream,
}

impl Outcome {
    /// Statements that return from the function with `outcome`'s failure, if any.
    fn leave(&self, outcome: TokenStream) -> TokenStream {
        let (rt, ret) = (rt(), &self.ret);
        quote! {
            if let ::core::result::Result::Err(__parfor_r) =
                <#ret as #rt::Fallible>::failed(#outcome)
            {
                return __parfor_r;
            }
        }
    }
}

/// Every identifier in `tokens`.
fn idents_of(tokens: TokenStream) -> HashSet<Ident> {
    let mut all = HashSet::new();
    for tt in tokens {
        match tt {
            proc_macro2::TokenTree::Ident(i) => {
                all.insert(i);
            }
            proc_macro2::TokenTree::Group(g) => all.extend(idents_of(g.stream())),
            _ => {}
        }
    }
    all
}

/// The runtime's `Config` of a loop: the attribute's options, with `chunk` (an
/// `Option<usize>` expression) the leaf size to ask for, and with `progress` the bar's
/// label.
fn config(options: &Options, chunk: &TokenStream) -> TokenStream {
    let rt = rt();
    let threads = match &options.threads {
        Some(e) => quote!(::core::option::Option::Some(#e)),
        None => quote!(::core::option::Option::None),
    };
    let schedule = match &options.schedule {
        Some(s) => quote!(::core::option::Option::Some(#rt::Schedule::#s)),
        None => quote!(::core::option::Option::None),
    };
    // The bar's label: where the attribute stands, `src/lib.rs:12`.
    let progress = if options.progress {
        quote!(::core::option::Option::Some(::core::concat!(
            ::core::file!(),
            ":",
            ::core::line!()
        )))
    } else {
        quote!(::core::option::Option::None)
    };
    quote!(#rt::Config { threads: #threads, chunk: #chunk, schedule: #schedule, progress: #progress })
}

/// The lowest index of `part` iteration `__parfor_i` touches, in `i128`.
fn lowest(part: &Part, atoms: &BTreeMap<AtomId, TokenStream>) -> TokenStream {
    let coef = part.coef.to_tokens(atoms);
    let Some(block) = &part.block else {
        let low = min_of(&part.lows, atoms);
        return quote!(#coef * (__parfor_i as i128) + #low);
    };
    // `(a * i + d) / c + lo` for each access; a zero divisor (which the body's own
    // bounds divide by too) gives 0.
    let (a, c) = (block.a.to_tokens(atoms), block.c.to_tokens(atoms));
    let each = block.ds.iter().zip(&part.lows).map(|(d, lo)| {
        let (d, lo) = (d.to_tokens(atoms), lo.to_tokens(atoms));
        quote!(((#a * (__parfor_i as i128) + #d).checked_div(#c).unwrap_or(0) + #lo))
    });
    extreme(each, quote!(min))
}

/// `min(l0, min(l1, ..))` in `i128`.
fn min_of(lows: &[Poly], atoms: &BTreeMap<AtomId, TokenStream>) -> TokenStream {
    extreme(lows.iter().map(|p| p.to_tokens(atoms)), quote!(min))
}

/// `max(h0, max(h1, ..))` in `i128`.
fn max_of(highs: &[Poly], atoms: &BTreeMap<AtomId, TokenStream>) -> TokenStream {
    extreme(highs.iter().map(|p| p.to_tokens(atoms)), quote!(max))
}

/// `op(t0, op(t1, ..))` with `op` one of `core::cmp`'s `min` and `max`; `0i128` for
/// no terms.
fn extreme(terms: impl Iterator<Item = TokenStream>, op: TokenStream) -> TokenStream {
    let mut it = terms;
    let first = it.next().unwrap_or_else(|| quote!(0i128));
    it.fold(first, |acc, p| quote!(::core::cmp::#op(#acc, #p)))
}

/// The arrays whose rows the loop's inner loops may take: a split array is a window
/// the chunk owns; any other captured array is only read; an array the body declares
/// is as mutable as its binding; a reduced array is its leaf's private copy.
fn row_arrays(plan: &Plan, facts: &Facts) -> rows::RowArrays {
    use rows::Holder;
    let mut arrays: rows::RowArrays = facts
        .arrays
        .iter()
        .map(|(name, &mutable)| {
            let holder = if mutable {
                Holder::Mutable
            } else {
                Holder::Local
            };
            (name.clone(), holder)
        })
        .collect();
    for a in &plan.array_reductions {
        if let Root::Var(v) = &a.root {
            // The body's name is bound to the leaf's private copy, an owned array.
            arrays.insert(v.clone(), Holder::Mutable);
        }
    }
    for r in &plan.shared {
        if let Root::Var(v) = r
            && let Some(h) = arrays.get_mut(v)
        {
            *h = Holder::Captured;
        }
    }
    for s in &plan.splits {
        if let Root::Var(v) = &s.root {
            // A window in parts or checked per access serves elements, not rows.
            if s.parts.len() > 1 || s.checked.is_some() {
                arrays.remove(v);
            } else {
                arrays.insert(v.clone(), Holder::Mutable);
            }
        }
    }
    arrays
}
