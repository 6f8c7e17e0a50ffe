//! The `#[parallel]` attribute of [parfor](https://docs.rs/parfor).
//!
//! This crate is an implementation detail of `parfor`, which re-exports the attribute;
//! depend on `parfor`. The passes are plain `syn` code over a typed model, unit-tested
//! without compiling programs. The driver (`entry`) reads as: `options` (attribute
//! arguments) -> `site::find` (the prange loops) -> for each, `access` (every use of
//! every captured variable, into the `model`) and `check` (verdicts into a `plan`, or
//! errors into one `ctxt`) -> `expand` (code generation) and `report`.

use proc_macro::TokenStream;

mod access;
mod check;
mod ctxt;
mod entry;
mod expand;
mod facts;
mod model;
mod options;
mod params;
mod plan;
mod poly;
mod report;
mod site;

/// Runs the function's `for i in prange(..)` loops in parallel, or refuses to compile
/// when iterations could interfere.
///
/// ```ignore
/// use parfor::prelude::*;
///
/// #[parallel]
/// fn dets(t: &Array3<f64>, out: &mut Array1<f64>) {
///     for i in prange(t.len_of(Axis(2))) {
///         out[i] = det(t.index_axis(Axis(2), i));
///     }
/// }
/// ```
///
/// Options: `threads = EXPR` (run on a cached pool of that many threads),
/// `chunk = EXPR` (iterations per chunk), `progress` (a progress bar on stderr for
/// loops that run longer than half a second), `report` (print at compile time what was
/// done with each loop). The `parfor` crate documents what loop bodies may do; its
/// tests show every accepted pattern and every error.
#[proc_macro_attribute]
pub fn parallel(args: TokenStream, item: TokenStream) -> TokenStream {
    entry::parallel(args.into(), item.into()).into()
}

#[cfg(test)]
mod analysis_tests;
#[cfg(test)]
mod fuzz_tests;
