//! Code generation for an analysed prange loop. Reports no user errors: `check` did.
//!
//! The body is emitted unchanged inside a closure that runs one chunk of iterations.
//! Windows of the split arrays and private accumulators of the reductions are bound
//! under the user's own names, shadowing the captured ones, so no index expression is
//! rewritten. (Split fields such as `self.out` cannot be shadowed; those are the one
//! rewrite, to a local name.) Everything else is captured by shared reference, and the
//! runtime requires the closure to be `Fn + Sync`: rustc itself refuses any mutation
//! the analysis did not plan for.

use std::collections::BTreeMap;

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::visit_mut::{self, VisitMut};
use syn::{Expr, ExprForLoop, Ident};

use crate::access::{Op, Root};
use crate::check::LoopPlan;
use crate::loops::prange_arg;
use crate::options::Options;
use crate::params::Params;
use crate::poly::Poly;

fn rt() -> TokenStream {
    quote!(::parfor::__private)
}

/// An identifier from its text, raw identifiers (`r#type`) included.
pub(crate) fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// The local name a split root is bound to inside the chunk closure.
fn binding(root: &Root) -> Ident {
    match root {
        Root::Var(v) => ident(v),
        Root::Deref(v) => format_ident!("__parfor_deref_{}", v.trim_start_matches("r#")),
        Root::Field(b, f) => format_ident!(
            "__parfor_{}_{}",
            b.trim_start_matches("r#"),
            f.trim_start_matches("r#")
        ),
    }
}

/// The expression naming a root outside the closure.
fn place(root: &Root) -> TokenStream {
    match root {
        Root::Var(v) => {
            let v = ident(v);
            quote!(#v)
        }
        Root::Deref(v) => {
            let v = ident(v);
            quote!((*#v))
        }
        Root::Field(b, f) => {
            let (b, f) = (ident(b), ident(f));
            quote!(#b.#f)
        }
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
            let root = Root::Field(base.to_string(), field.to_string());
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

fn identity(op: Op) -> TokenStream {
    let rt = rt();
    match op {
        Op::Add | Op::Sub => quote!(#rt::reduce::zero_like),
        Op::Mul => quote!(#rt::reduce::one_like),
        Op::And => quote!(#rt::reduce::all_ones_like),
        Op::Or | Op::Xor => quote!(#rt::reduce::no_bits_like),
        Op::Max => quote!(#rt::reduce::lowest_like),
        Op::Min => quote!(#rt::reduce::highest_like),
    }
}

fn combiner(op: Op) -> TokenStream {
    let rt = rt();
    match op {
        Op::Add | Op::Sub => quote!(#rt::reduce::add),
        Op::Mul => quote!(#rt::reduce::mul),
        Op::And => quote!(#rt::reduce::bitand),
        Op::Or => quote!(#rt::reduce::bitor),
        Op::Xor => quote!(#rt::reduce::bitxor),
        Op::Max => quote!(#rt::reduce::max),
        Op::Min => quote!(#rt::reduce::min),
    }
}

/// The most references one call hands over: the runtime has `with_refs_1` to
/// `with_refs_8` (`tests/patterns.rs` passes more, so a mismatch fails to compile).
const MAX_REFS: usize = 8;

/// `inner` (statements and a tail expression) as a chunk's body: inside
/// `with_refs_N(x, y, |x, y| { .. })` for the function's shared reference parameters the
/// loop reads, after a copy of its scalar parameters (see `params`).
fn with_params(inner: TokenStream, params: &Params, plan: &LoopPlan, span: Span) -> TokenStream {
    let read = |names: &[String]| -> Vec<Ident> {
        names
            .iter()
            .filter(|r| plan.shared.contains(r))
            .map(|r| ident(r))
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
    quote_spanned!(span=> #rt::#call(#(#refs,)* |#(#refs),*| { #inner }))
}

/// The parallel version of a prange loop; `params` are the function's parameters the
/// chunk body gets its own copy of.
pub(crate) fn parallel_loop(
    f: &ExprForLoop,
    plan: &LoopPlan,
    options: &Options,
    params: &Params,
) -> Expr {
    let rt = rt();
    let span = f.for_token.span;
    let arg = prange_arg(&f.expr).expect("caller checked this is a prange loop");
    let threads = match &options.threads {
        Some(e) => quote!(::core::option::Option::Some(#e)),
        None => quote!(::core::option::Option::None),
    };
    let chunk = match &options.chunk {
        Some(e) => quote!(::core::option::Option::Some(#e)),
        None => quote!(::core::option::Option::None),
    };

    // Loop-invariant values the window boundaries need, evaluated once up front.
    let mut used_atoms: Vec<&String> = Vec::new();
    for s in &plan.splits {
        for p in std::iter::once(&s.coef).chain(&s.lows) {
            for a in p.atoms() {
                if !used_atoms.contains(&a) {
                    used_atoms.push(a);
                }
            }
        }
    }
    let mut atom_names = BTreeMap::new();
    let mut atom_lets = Vec::new();
    for (k, name) in used_atoms.iter().enumerate() {
        let id = format_ident!("__parfor_atom_{}", k);
        let e = &plan.atoms[*name];
        atom_lets.push(quote!(let #id = #e;));
        atom_names.insert((*name).clone(), quote!(#id));
    }

    let windows = plan.splits.iter().rev().fold(quote!(()), |rest, s| {
        let source = place(&s.root);
        let name = s.root.display();
        let axis = s.axis;
        let coef = s.coef.to_tokens(&atom_names);
        let low = min_of(&s.lows, &atom_names);
        quote_spanned! {span=>
            (
                #rt::Bounded::new(
                    &__parfor_span,
                    (#source).__parfor_window::<#axis>(#name),
                    move |__parfor_i| #rt::clamp_index(#coef * (__parfor_i as i128) + #low),
                ),
                #rest,
            )
        }
    });
    // Reductions borrow the windows (one call per leaf); other loops own them.
    let pattern = plan.splits.iter().rev().fold(quote!(()), |rest, s| {
        let b = binding(&s.root);
        quote!((#rt::Bounded { win: #b, .. }, #rest))
    });
    let owned_pattern = plan.splits.iter().rev().fold(quote!(()), |rest, s| {
        let b = binding(&s.root);
        quote!((#rt::Bounded { win: mut #b, .. }, #rest))
    });

    let mut body = f.body.clone();
    let fields: Vec<Root> = plan
        .splits
        .iter()
        .filter(|s| matches!(s.root, Root::Field(..)))
        .map(|s| s.root.clone())
        .collect();
    if !fields.is_empty() {
        FieldRenamer(&fields).visit_block_mut(&mut body);
    }
    let label = &f.label;
    let pat = &f.pat;

    let run = if plan.reductions.is_empty() {
        let chunk_body = with_params(
            quote_spanned!(span=> #label for #pat in __parfor_chunk #body),
            params,
            plan,
            span,
        );
        quote_spanned! {span=>
            #rt::run_for(&__PARFOR_SITE, #threads, #chunk, &__parfor_span, __parfor_windows,
                |__parfor_chunk, __parfor_w| {
                    #[allow(unused_mut)]
                    let #owned_pattern = __parfor_w;
                    #chunk_body
                });
        }
    } else {
        let run = Run {
            label,
            pat,
            body: &body,
            threads: &threads,
            chunk: &chunk,
            span,
        };
        reducing_run(plan, &pattern, &run, params)
    };

    let tokens = quote_spanned! {span=>
        {
            #[allow(unused_imports)]
            use #rt::Source as _;
            let __parfor_span = #rt::Span::of(#arg);
            static __PARFOR_SITE: #rt::Site = #rt::Site::new();
            #(#atom_lets)*
            // Window bounds are the user's index arithmetic, spelled out in i128.
            #[allow(clippy::all)]
            let __parfor_windows = #windows;
            #run
        }
    };
    syn::parse2(tokens).expect("generated code parses")
}

/// The parts of a loop a run is built from.
struct Run<'a> {
    label: &'a Option<syn::Label>,
    pat: &'a syn::Pat,
    body: &'a syn::Block,
    threads: &'a TokenStream,
    chunk: &'a TokenStream,
    span: Span,
}

/// The run of a loop with reductions: `LANES` private accumulators per chunk, combined
/// in a fixed order, then the chunks' partials in chunk order.
fn reducing_run(
    plan: &LoopPlan,
    pattern: &TokenStream,
    run: &Run<'_>,
    params: &Params,
) -> TokenStream {
    let rt = rt();
    let Run {
        label,
        pat,
        body,
        threads,
        chunk,
        span,
    } = *run;
    // Per reduction: the accumulator's binding, how the body names it, and the place
    // outside the closure the result goes to. `*total += ..` through `total: &mut T`
    // keeps `total` as a `&mut` to the private accumulator.
    let accs: Vec<Ident> = plan
        .reductions
        .iter()
        .map(|r| {
            if r.deref {
                format_ident!("__parfor_deref_{}", r.name.trim_start_matches("r#"))
            } else {
                ident(&r.name)
            }
        })
        .collect();
    let rebind: Vec<TokenStream> = plan
        .reductions
        .iter()
        .zip(&accs)
        .filter(|(r, _)| r.deref)
        .map(|(r, acc)| {
            let name = ident(&r.name);
            quote!(let #name = &mut #acc;)
        })
        .collect();
    let targets: Vec<TokenStream> = plan
        .reductions
        .iter()
        .map(|r| {
            let name = ident(&r.name);
            if r.deref {
                quote!(*#name)
            } else {
                quote!(#name)
            }
        })
        .collect();
    let ids: Vec<TokenStream> = plan
        .reductions
        .iter()
        .zip(&targets)
        .map(|(r, t)| {
            let id = identity(r.op);
            quote!(#id(&#t))
        })
        .collect();
    let combine: Vec<TokenStream> = plan.reductions.iter().map(|r| combiner(r.op)).collect();
    let idx: Vec<syn::Index> = (0..accs.len()).map(syn::Index::from).collect();
    // Only reductions through a `&mut` need their own scope (the rebinding borrows the
    // accumulator until the body ends); a needless block would trip `unused_braces`.
    let scoped = |inner: TokenStream| {
        if rebind.is_empty() {
            inner
        } else {
            quote!({ #(#rebind)* #inner })
        }
    };
    let lane_body = scoped(quote!(#label for #pat in ::core::iter::once(__parfor_i) #body));
    let rest_body = scoped(quote!(#label for #pat in __parfor_rest #body));
    let muts = quote!((#(mut #accs,)*));
    let tuple = quote!((#(#accs,)*));
    let chunk_body = with_params(
        quote_spanned! {span=>
                let mut __parfor_acc = [__parfor_ids; #rt::reduce::LANES];
                let (__parfor_groups, __parfor_rest) = __parfor_chunk.lanes::<{ #rt::reduce::LANES }>();
                for __parfor_g in __parfor_groups {
                    #rt::reduce::each_lane(&mut __parfor_acc, __parfor_g, |__parfor_slot, __parfor_i| {
                        #[allow(unused_mut)]
                        let #muts = *__parfor_slot;
                        #lane_body
                        *__parfor_slot = #tuple;
                    });
                }
                #[allow(unused_mut)]
                let #muts = __parfor_ids;
                #rest_body
                let mut __parfor_r = __parfor_acc[0];
                for __parfor_a in &__parfor_acc[1..] {
                    __parfor_r = (#(#combine(__parfor_r.#idx, __parfor_a.#idx),)*);
                }
                (#(#combine(__parfor_r.#idx, #accs),)*)
        },
        params,
        plan,
        span,
    );
    quote_spanned! {span=>
        let __parfor_ids = (#(#ids,)*);
        let __parfor_total = #rt::run_reduce(&__PARFOR_SITE, #threads, #chunk, &__parfor_span, __parfor_windows,
            |__parfor_chunk, __parfor_w| {
                let #pattern = __parfor_w;
                #chunk_body
            },
            |__parfor_a, __parfor_b| (#(#combine(__parfor_a.#idx, __parfor_b.#idx),)*),
        );
        if let ::core::option::Option::Some(__parfor_p) = __parfor_total {
            #(#targets = #combine(#targets, __parfor_p.#idx);)*
        }
    }
}

/// `min(l0, min(l1, ..))` in `i128`.
fn min_of(lows: &[Poly], atoms: &BTreeMap<String, TokenStream>) -> TokenStream {
    let mut it = lows.iter().map(|p| p.to_tokens(atoms));
    let first = it.next().unwrap_or_else(|| quote!(0i128));
    it.fold(first, |acc, p| quote!(::core::cmp::min(#acc, #p)))
}
