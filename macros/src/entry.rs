//! The attribute's driver: parse, find the prange loops, analyse each (every error into
//! one context), expand them all; on error, the original function beside the errors.
//!
//! Emitting the untouched function on error (as tokio-macros does) is exact here:
//! without the rewrite, `prange` is a sequential iterator, so the original compiles and
//! the user reads parfor's messages without a cascade of unrelated rustc errors.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Error, ItemFn};

use crate::ctxt::Ctxt;
use crate::options::Options;
use crate::plan::Plan;
use crate::site::{self, Site};
use crate::{access, check, expand, params, report};

/// Expands `#[parallel(args)] item`.
pub(crate) fn parallel(args: TokenStream, item: TokenStream) -> TokenStream {
    let func: ItemFn = match syn::parse2(item.clone()) {
        Ok(f) => f,
        Err(e) => {
            let err = Error::new(
                e.span(),
                "parfor: #[parallel] applies to functions and methods with a body",
            )
            .to_compile_error();
            return quote!(#item #err);
        }
    };
    let cx = Ctxt::new();
    let options = Options::parse(&cx, args);
    let sites = site::find(&func.block);
    let plans: Vec<Option<Plan>> = sites.iter().map(|s| analyse(&cx, s)).collect();
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
        .map(|(s, p)| expand::parallel_loop(s, p, &options, &params))
        .collect();
    let mut rewritten = func.clone();
    site::replace(&mut rewritten.block, expansions);
    quote!(#rewritten)
}

/// The plan of one loop, or `None` with its errors reported.
pub(crate) fn analyse(cx: &Ctxt, site: &Site<'_>) -> Option<Plan> {
    let var = site.var(cx).ok()?;
    let f = site.for_loop;
    let uses = access::walk(var.as_ref(), f.label.as_ref(), site.range, &f.body);
    let header = check::Header::new(var.as_ref(), site.span());
    check::plan(cx, uses, &header)
}
