//! The run of a loop with reductions: `LANES` private accumulators per chunk, each
//! starting from its operator's identity, combined in a fixed order, then the chunks'
//! partials in chunk order, so the result does not depend on the thread count.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::Ident;

use super::{binding, config, place, private_name, rt, with_params};
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
    // Without scalar reductions the body runs once over the chunk, into the copies.
    let scalars = if accs.is_empty() {
        quote_spanned! {span=>
                #label for #pat in __parfor_chunk #body
                (#(#copies,)*)
        }
    } else {
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
    quote_spanned! {span=>
        #array_setup
        #ids_setup
        let __parfor_total = #rt::run_reduce(&__PARFOR_SITE, #config, &__parfor_span, __parfor_windows,
            |__parfor_chunk, __parfor_w| {
                let #pattern = __parfor_w;
                #chunk_body
            },
            |__parfor_a, __parfor_b| (
                #(#combine(__parfor_a.#idx, __parfor_b.#idx),)*
                #(#rt::reduce::combine_copies(__parfor_a.#aidx, __parfor_b.#aidx, #array_combine),)*
            ),
        );
        if let ::core::option::Option::Some(__parfor_p) = __parfor_total {
            #(#targets = #fold(#targets, __parfor_p.#idx);)*
            #((#places).__parfor_fold(__parfor_p.#aidx, #array_fold);)*
        }
    }
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
