//! The attribute's driver: parse, analyse, expand; on error, the original function
//! beside the errors.
//!
//! Emitting the untouched function on error (as tokio-macros does) is exact here:
//! without the rewrite, `prange` is a sequential iterator, so the original compiles and
//! the user reads parfor's messages without a cascade of unrelated rustc errors.

use proc_macro2::TokenStream;
use quote::quote;
use syn::parse::Parser;
use syn::{Error, ItemFn};

use crate::loops;
use crate::options::Options;
use crate::params;
use crate::report;

/// Expands `#[parallel(args)] item`.
pub(crate) fn parallel(args: TokenStream, item: TokenStream) -> TokenStream {
    let mut options = Options::default();
    let parsed_options = syn::meta::parser(|meta| options.parse_one(meta)).parse2(args);
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
    let mut errors: Option<Error> = parsed_options.err().map(prefixed);
    let mut rewritten = func.clone();
    let params = params::of(&func.sig, &func.block);
    match loops::rewrite(&mut rewritten.block, &options, &params) {
        Ok(reports) if errors.is_none() => {
            if options.report {
                report::print(&func.sig.ident, &reports);
            }
            return quote!(#rewritten);
        }
        Ok(_) => {}
        Err(e) => match &mut errors {
            Some(all) => all.combine(e),
            None => errors = Some(e),
        },
    }
    let errors = errors.map(|e| e.to_compile_error());
    quote!(#func #errors)
}

/// syn's own parse errors, marked as parfor's: "parfor: expected `=`".
fn prefixed(e: Error) -> Error {
    e.into_iter()
        .map(|e| {
            let msg = e.to_string();
            if msg.starts_with("parfor:") {
                e
            } else {
                Error::new(e.span(), format!("parfor: {msg}"))
            }
        })
        .reduce(|mut all, e| {
            all.combine(e);
            all
        })
        .expect("an error holds at least one message")
}
