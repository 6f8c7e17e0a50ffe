//! The run of a loop with reductions: `LANES` private accumulators per chunk for a
//! short straight-line body (one otherwise), each starting from its operator's
//! identity, combined in a fixed order, then the chunks' partials in chunk order, so
//! the result does not depend on the thread count.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::visit::{self, Visit};
use syn::{Expr, Ident};

use super::{Outcome, binding, config, place, private_name, rt, with_params};
use crate::model::{Op, Root};
use crate::options::Options;
use crate::params::Params;
use crate::plan::Plan;

/// The parts of a loop a run is built from.
pub(super) struct Run<'a> {
    pub(super) label: &'a Option<syn::Label>,
    pub(super) pat: &'a syn::Pat,
    pub(super) body: &'a syn::Block,
    pub(super) options: &'a Options,
    /// The leaf size asked for: `chunk = N`, else `None`.
    pub(super) chunk: &'a TokenStream,
    /// Statements that start each chunk (the `Flat`s of row slices).
    pub(super) flats: &'a TokenStream,
    /// With `?` in the body: what a chunk ends with.
    pub(super) outcome: Option<&'a Outcome>,
    pub(super) span: Span,
}

/// The run of a loop with reductions.
pub(super) fn reducing_run(
    plan: &Plan,
    pattern: &TokenStream,
    run: &Run<'_>,
    params: &Params,
) -> TokenStream {
    let rt = rt();
    let Run {
        label,
        pat,
        body,
        options,
        chunk,
        flats,
        outcome,
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
                private_name(&Root::Deref(r.name.clone())).expect("a deref has a private name")
            } else {
                r.name.clone()
            }
        })
        .collect();
    let rebind: Vec<TokenStream> = plan
        .reductions
        .iter()
        .zip(&accs)
        .filter(|(r, _)| r.deref)
        .map(|(r, acc)| {
            let name = &r.name;
            quote!(let #name = &mut #acc;)
        })
        .collect();
    let targets: Vec<TokenStream> = plan
        .reductions
        .iter()
        .map(|r| {
            let name = &r.name;
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
        .map(|(r, t)| identity(r.op, t, r.name.span()))
        .collect();
    let combine: Vec<TokenStream> = plan.reductions.iter().map(|r| combiner(r.op)).collect();
    let fold: Vec<TokenStream> = plan.reductions.iter().map(|r| folder(r.op)).collect();
    let idx: Vec<syn::Index> = (0..accs.len()).map(syn::Index::from).collect();
    // Arrays reduced into: a private copy per leaf, bound under the body's name for the
    // array, after the scalars in the partials' tuple.
    let arrays = &plan.array_reductions;
    let copies: Vec<Ident> = arrays.iter().map(|a| binding(&a.root)).collect();
    let places: Vec<TokenStream> = arrays.iter().map(|a| place(&a.root)).collect();
    let array_ids: Vec<TokenStream> = arrays
        .iter()
        .zip(&places)
        .map(|(a, p)| array_identity(a.op, a.whole, p))
        .collect();
    let array_combine: Vec<TokenStream> = arrays.iter().map(|a| combiner(a.op)).collect();
    let array_fold: Vec<TokenStream> = arrays.iter().map(|a| folder(a.op)).collect();
    let aidx: Vec<syn::Index> = (accs.len()..accs.len() + arrays.len())
        .map(syn::Index::from)
        .collect();
    let kdx: Vec<syn::Index> = (0..arrays.len()).map(syn::Index::from).collect();
    // `*y += &e` with `y: &mut Array`: the body's `y` is a `&mut` to the copy.
    let (deref_names, deref_copies): (Vec<&Ident>, Vec<&Ident>) = arrays
        .iter()
        .zip(&copies)
        .filter_map(|(a, c)| match &a.root {
            Root::Deref(v) => Some((v, c)),
            _ => None,
        })
        .unzip();
    let chunk = if arrays.is_empty() {
        chunk.clone()
    } else {
        // Few long leaves: each makes a private copy of every reduced array.
        quote!({
            let (mut __parfor_elems, mut __parfor_bytes) = (0usize, 0usize);
            #(
                let (__parfor_e, __parfor_b) = (#places).__parfor_size();
                __parfor_elems += __parfor_e;
                __parfor_bytes += __parfor_b;
            )*
            #rt::reduce::array_chunk(__parfor_span.len(), #chunk, __parfor_bytes, __parfor_elems)
        })
    };
    let config = config(options, &chunk);
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
    // With `?`, the body runs once over the chunk in a closure that `?` can leave, into
    // one accumulator per reduction; the chunk hands over its partial and outcome.
    // Without scalar reductions the body runs once over the chunk, into the copies.
    let scalars = if let Some(o) = outcome {
        let ty = &o.ty;
        let body = scoped(quote!(#label for #pat in __parfor_chunk #body));
        let start = (!accs.is_empty()).then(|| {
            quote! {
                #[allow(unused_mut)]
                let #muts = __parfor_ids;
            }
        });
        quote_spanned! {span=>
                #start
                let __parfor_outcome = (|| -> #ty {
                    #body
                    <#ty as #rt::Outcome>::proceed()
                })();
                ((#(#accs,)* #(#copies,)*), __parfor_outcome)
        }
    } else if accs.is_empty() {
        quote_spanned! {span=>
                #label for #pat in __parfor_chunk #body
                (#(#copies,)*)
        }
    } else if !lanes_pay(run.body) {
        // One accumulator per reduction, the body in the chunk's loop.
        let body = scoped(quote!(#label for #pat in __parfor_chunk #body));
        quote_spanned! {span=>
                #[allow(unused_mut)]
                let #muts = __parfor_ids;
                #body
                (#(#accs,)* #(#copies,)*)
        }
    } else {
        quote_spanned! {span=>
                let mut __parfor_acc = [__parfor_ids; #rt::reduce::LANES];
                let (__parfor_groups, __parfor_rest) = __parfor_chunk.lanes::<{ #rt::reduce::LANES }>();
                for __parfor_g in __parfor_groups {
                    #rt::reduce::each_lane(&mut __parfor_acc, __parfor_g, #[inline(always)] |__parfor_slot, __parfor_i| {
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
                (#(#combine(__parfor_r.#idx, #accs),)* #(#copies,)*)
        }
    };
    let chunk_body = with_params(
        quote_spanned! {span=>
                #flats
                #(let mut #copies = (#places).__parfor_private(&__parfor_array_ids.#kdx);)*
                #(let #deref_names = &mut #deref_copies;)*
                #scalars
        },
        params,
        plan,
        span,
    );
    let array_setup = if arrays.is_empty() {
        quote!()
    } else {
        quote!(
            #[allow(unused_imports)]
            use #rt::reduce::{AnySum as _, IntSum as _, PrivateCopy as _, ReduceInto as _};
            let __parfor_array_ids = (#(#array_ids,)*);
        )
    };
    let ids_setup = if accs.is_empty() {
        quote!()
    } else {
        quote!(let __parfor_ids = (#(#ids,)*);)
    };
    let (run_reduce, total) = match outcome {
        Some(o) => {
            let leave = o.leave(quote!(__parfor_o));
            (
                quote!(#rt::run_try_reduce),
                quote! {
                    match __parfor_total {
                        ::core::result::Result::Ok(__parfor_t) => __parfor_t,
                        ::core::result::Result::Err(__parfor_o) => {
                            #leave
                            ::core::option::Option::None
                        }
                    }
                },
            )
        }
        None => (quote!(#rt::run_reduce), quote!(__parfor_total)),
    };
    quote_spanned! {span=>
        #array_setup
        #ids_setup
        let __parfor_total = #run_reduce(&__PARFOR_SITE, #config, &__parfor_span, __parfor_windows,
            |__parfor_chunk, __parfor_w| {
                let #pattern = __parfor_w;
                #chunk_body
            },
            |__parfor_a, __parfor_b| (
                #(#combine(__parfor_a.#idx, __parfor_b.#idx),)*
                #(#rt::reduce::combine_copies(__parfor_a.#aidx, __parfor_b.#aidx, #array_combine),)*
            ),
        );
        let __parfor_total = #total;
        if let ::core::option::Option::Some(__parfor_p) = __parfor_total {
            #(#targets = #fold(#targets, __parfor_p.#idx);)*
            #((#places).__parfor_fold(__parfor_p.#aidx, #array_fold);)*
        }
    }
}

/// Whether a body is worth running as `LANES` interleaved accumulators: a short
/// straight-line body (`s += x[i] * y[i]`, `m = m.max(x[i].abs())`), whose iterations
/// are one dependent chain through the accumulator, so that lanes let them overlap.
/// A body with a loop, a closure, a macro or a call other than the cheap arithmetic
/// methods has longer iterations that overlap anyway; spelled out once per lane it
/// only spills registers (a Philox draw per iteration ran 1.6x slower in lanes).
fn lanes_pay(body: &syn::Block) -> bool {
    struct Weigh(bool);
    impl<'ast> Visit<'ast> for Weigh {
        fn visit_expr(&mut self, e: &'ast Expr) {
            let heavy = match e {
                Expr::ForLoop(_)
                | Expr::While(_)
                | Expr::Loop(_)
                | Expr::Closure(_)
                | Expr::Macro(_)
                | Expr::Async(_) => true,
                Expr::Call(c) => match &*c.func {
                    Expr::Path(p) => !p.path.segments.last().is_some_and(|s| cheap(&s.ident)),
                    _ => true,
                },
                Expr::MethodCall(m) => !cheap(&m.method),
                _ => false,
            };
            self.0 |= heavy;
            if !self.0 {
                visit::visit_expr(self, e);
            }
        }
        fn visit_macro(&mut self, _: &'ast syn::Macro) {
            self.0 = true;
        }
    }
    let mut w = Weigh(false);
    w.visit_block(body);
    !w.0
}

/// Methods that compile to a few instructions on numbers.
fn cheap(method: &Ident) -> bool {
    const CHEAP: &[&str] = &[
        "abs",
        "max",
        "min",
        "clamp",
        "sqrt",
        "powi",
        "mul_add",
        "signum",
        "copysign",
        "floor",
        "ceil",
        "round",
        "trunc",
        "fract",
        "recip",
        "is_nan",
        "is_finite",
        "is_sign_negative",
        "is_sign_positive",
        "from",
        "into",
        "to_bits",
        "wrapping_add",
        "wrapping_sub",
        "wrapping_mul",
        "count_ones",
        "leading_zeros",
        "trailing_zeros",
        "total_cmp",
        "conj",
        "norm_sqr",
    ];
    CHEAP.iter().any(|c| method == c)
}

/// The identity a private accumulator of `target` starts from. A sum picks its
/// accumulator by method resolution: `Modular` for the primitive integers (no overflow
/// panic the sequential loop would not have), the type's own zero otherwise.
fn identity(op: Op, target: &TokenStream, span: Span) -> TokenStream {
    let rt = rt();
    let like = match op {
        Op::Add | Op::Sub => {
            return quote!({
                use #rt::reduce::{AnySum as _, IntSum as _};
                (&#rt::reduce::like(&#target)).sum_identity()
            });
        }
        Op::Mul => quote!(#rt::reduce::one_like),
        Op::Div => quote!(#rt::reduce::quotient_identity_like),
        Op::And => quote!(#rt::reduce::all_ones_like),
        Op::Or | Op::Xor => quote!(#rt::reduce::no_bits_like),
        Op::Max => quote!(#rt::reduce::max_identity_like),
        Op::Min => quote!(#rt::reduce::min_identity_like),
    };
    // Spanned at the variable, where a missing bound (`/=` on an integer) is reported.
    quote_spanned!(span=> #like(&#target))
}

/// The identity of an array's private copy, from the type of its elements. Element
/// updates of integers sum in `Modular` accumulators, as scalars do; an array updated
/// as a whole (`y += &e`) holds its own element type, which ndarray's operators need.
fn array_identity(op: Op, whole: bool, place: &TokenStream) -> TokenStream {
    let rt = rt();
    let like = quote!((#place).__parfor_like());
    match op {
        Op::Add | Op::Sub if whole => quote!(#rt::reduce::zero_of(#like)),
        Op::Add | Op::Sub => quote!((&#like).sum_identity()),
        Op::Mul => quote!(#rt::reduce::one_of(#like)),
        Op::Div => quote!(#rt::reduce::quotient_identity_of(#like)),
        Op::And => quote!(#rt::reduce::all_ones_of(#like)),
        Op::Or | Op::Xor => quote!(#rt::reduce::no_bits_of(#like)),
        Op::Max => quote!(#rt::reduce::max_identity_of(#like)),
        Op::Min => quote!(#rt::reduce::min_identity_of(#like)),
    }
}

/// How the combined partial enters the variable after the loop.
fn folder(op: Op) -> TokenStream {
    match op {
        Op::Add | Op::Sub => {
            let rt = rt();
            quote!(#rt::reduce::fold_sum)
        }
        _ => combiner(op),
    }
}

fn combiner(op: Op) -> TokenStream {
    let rt = rt();
    match op {
        Op::Add | Op::Sub => quote!(#rt::reduce::add),
        // A `/=` partial holds the reciprocal of its divisors' product.
        Op::Mul | Op::Div => quote!(#rt::reduce::mul),
        Op::And => quote!(#rt::reduce::bitand),
        Op::Or => quote!(#rt::reduce::bitor),
        Op::Xor => quote!(#rt::reduce::bitxor),
        Op::Max => quote!(#rt::reduce::max),
        Op::Min => quote!(#rt::reduce::min),
    }
}

#[cfg(test)]
mod tests {
    use syn::parse_quote;

    #[test]
    fn lanes_for_short_straight_bodies_only() {
        let short: syn::Block = parse_quote!({
            s += x[i] * y[i];
            m = m.max(x[i].abs());
        });
        assert!(super::lanes_pay(&short));
        let branch: syn::Block = parse_quote!({
            if x[i] > 0.0 {
                s += f64::from(x[i] as f32);
            }
        });
        assert!(super::lanes_pay(&branch));
        let rng: syn::Block = parse_quote!({
            let mut r = rng::for_iteration(seed, i);
            hits += u64::from(r.random::<f64>() < 0.5);
        });
        assert!(!super::lanes_pay(&rng));
        let inner: syn::Block = parse_quote!({
            for j in 0..m {
                s += a[[i, j]];
            }
        });
        assert!(!super::lanes_pay(&inner));
        let mac: syn::Block = parse_quote!({
            s += dbg!(x[i]);
        });
        assert!(!super::lanes_pay(&mac));
    }
}
