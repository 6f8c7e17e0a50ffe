//! The attribute's driver: parse, find the prange loops, analyse each (every error into
//! one context), expand them all; on error, the original function beside the errors.
//!
//! Emitting the untouched function on error (as tokio-macros does) is exact here:
//! without the rewrite, `prange` is a sequential iterator, so the original compiles and
//! the user reads parfor's messages without a cascade of unrelated rustc errors.

use proc_macro2::{Ident, TokenStream};
use quote::quote;
use syn::{Error, ItemFn};

use crate::ctxt::Ctxt;
use crate::facts::{self, Facts};
use crate::options::Options;
use crate::plan::Plan;
use crate::site::{self, Site};
use crate::{access, check, expand, params, report};

/// Expands `#[parallel(args)] item`.
pub(crate) fn parallel(args: TokenStream, item: TokenStream) -> TokenStream {
    let mut func: ItemFn = match syn::parse2(item.clone()) {
        Ok(f) => f,
        Err(e) => {
            let err = not_a_function(&item, e).to_compile_error();
            return quote!(#item #err);
        }
    };
    let cx = Ctxt::new();
    if let Some(c) = func.sig.constness.take() {
        // Emitted without `const`, so rustc adds no errors of its own about the loops.
        cx.error_at(c, "parfor: #[parallel] cannot apply to a `const fn`: its loops run on a thread pool, which const evaluation cannot use. Fix: remove `const`, or remove #[parallel]");
    }
    let options = Options::parse(&cx, args);
    site::check_hidden(&cx, &func.block);
    let sites = site::find(&func.block);
    let facts = facts::of(&func.sig, &func.block);
    let plans: Vec<Option<Plan>> = sites
        .iter()
        .map(|s| analyse(&cx, s, &facts, &options.private))
        .collect();
    if let Err(errors) = cx.check() {
        let errors = errors.to_compile_error();
        return quote!(#func #errors);
    }
    let plans: Vec<Plan> = plans.into_iter().flatten().collect();
    if options.report {
        let reports: Vec<String> = sites
            .iter()
            .zip(&plans)
            .map(|(s, p)| report::describe(s, p))
            .collect();
        report::print(&func.sig.ident, &reports);
    }
    let params = params::of(&func.sig, &func.block);
    let expansions = sites
        .iter()
        .zip(&plans)
        .map(|(s, p)| expand::parallel_loop(s, p, &options, &params, &facts))
        .collect();
    let mut rewritten = func.clone();
    site::replace(&mut rewritten.block, expansions);
    if !options.private.is_empty() {
        // The body's writes go to each chunk's clone, so the `let mut` of a `private`
        // variable, needed by the sequential loop, is no longer used mutably.
        rewritten
            .attrs
            .push(syn::parse_quote!(#[allow(unused_mut)]));
    }
    quote!(#rewritten)
}

/// The error for an item that did not parse as a function: syn's own message when it
/// is a function with a syntax error, else what the attribute applies to.
fn not_a_function(item: &TokenStream, e: Error) -> Error {
    let is_fn = item
        .clone()
        .into_iter()
        .any(|tt| matches!(tt, proc_macro2::TokenTree::Ident(i) if i == "fn"));
    if is_fn {
        Error::new(e.span(), format!("parfor: cannot read this function: {e}"))
    } else {
        Error::new(
            e.span(),
            "parfor: #[parallel] applies to functions and methods with a body",
        )
    }
}

/// The plan of one loop, or `None` with its errors reported. `facts` are those of the
/// function around it; `privates` the variables each chunk clones (`private(..)`).
pub(crate) fn analyse(
    cx: &Ctxt,
    site: &Site<'_>,
    facts: &Facts,
    privates: &[Ident],
) -> Option<Plan> {
    let var = site.var(cx).ok()?;
    let f = site.for_loop;
    let header = check::Header::new(var.as_ref(), site.span());
    let tries = if site.in_closure {
        facts::Tries::InClosure
    } else {
        facts.tries.clone()
    };
    let walk = |privates: &[Ident]| {
        access::walk(
            var.as_ref(),
            f.label.as_ref(),
            site.range,
            &f.body,
            facts,
            privates,
        )
    };
    if !privates.is_empty() {
        let mark = cx.mark();
        if let Some(v) = var.as_ref().and_then(|v| privates.iter().find(|p| *p == v)) {
            cx.error_at(
                v,
                format!("parfor: `{v}` is the loop variable, which each iteration has its own copy of already. Fix: remove it from `private(..)`"),
            );
        }
        check::private_outputs(cx, walk(&[]), &facts.declared, &header, &tries, privates);
        if cx.failed_since(mark) {
            return None;
        }
    }
    check::plan(cx, walk(privates), &facts.declared, &header, &tries)
}

#[cfg(test)]
mod tests {
    use quote::quote;

    #[test]
    fn a_function_with_a_syntax_error_gets_the_syntax_error() {
        let out = super::parallel(quote!(), quote!(fn f(x: ) {})).to_string();
        assert!(out.contains("parfor: cannot read this function"), "{out}");
        let out = super::parallel(
            quote!(),
            quote!(
                struct S;
            ),
        )
        .to_string();
        assert!(out.contains("applies to functions and methods"), "{out}");
    }
}
