//! The function's parameters a chunk's body gets its own copy of: shared references
//! (`x: &T`), received as parameters of its own (see the runtime's `with_refs_N`), and
//! primitive scalars (`bs: usize`), copied into a local at the start of each chunk.
//!
//! Inside the closure that runs a chunk, a captured `x: &Array2<f64>` is reached through
//! the closure's environment, so LLVM must assume a store to an output element could
//! change `*x` (its data pointer, shape, strides) and reloads them after every store or
//! call. Received as a closure parameter of type `&Array2<f64>`, `*x` is known not to
//! change while the body runs (rustc marks shared-reference parameters `noalias`), so
//! the index arithmetic stays in registers, as in the sequential function. The value
//! handed over is the `x` in scope at the loop and the parameter has its type, so the
//! body sees exactly what it saw before.

use std::collections::HashSet;

use syn::visit::Visit;
use syn::{FnArg, Ident, Pat, Signature, Type};

/// The parameters the chunk body gets its own copy of.
#[derive(Default)]
pub(crate) struct Params {
    /// `name: &T`: handed over as closure parameters (`with_refs_N`).
    pub(crate) refs: Vec<Ident>,
    /// `name: u32`, `name: f64`, ... (primitive scalars, `Copy`): copied into a local at
    /// the start of each chunk, so the body reads a register rather than, after every
    /// store, the caller's stack slot it captured by reference.
    pub(crate) scalars: Vec<Ident>,
}

pub(crate) const SCALARS: &[&str] = &[
    "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128", "isize", "f32",
    "f64", "bool", "char",
];

/// The parameters of `sig` with a plain name the body never binds again (so `name` at
/// any loop is the parameter, with its declared type) that are shared references or
/// primitive scalars.
pub(crate) fn of(sig: &Signature, body: &syn::Block) -> Params {
    let mut bound = Bindings::default();
    bound.visit_block(body);
    let mut params = Params::default();
    for arg in &sig.inputs {
        let FnArg::Typed(t) = arg else { continue };
        let Pat::Ident(p) = &*t.pat else { continue };
        let name = p.ident.clone();
        if p.by_ref.is_some() || p.subpat.is_some() || bound.names.contains(&name) {
            continue;
        }
        match &*t.ty {
            Type::Reference(r) if r.mutability.is_none() => params.refs.push(name),
            Type::Path(tp)
                if tp.qself.is_none()
                    && tp
                        .path
                        .get_ident()
                        .is_some_and(|i| SCALARS.iter().any(|s| i == s)) =>
            {
                params.scalars.push(name)
            }
            _ => {}
        }
    }
    params
}

/// Every name the function declares: its parameters (`self` included) and every name a
/// pattern in its body binds. A captured name outside this set is an item (a `static`,
/// a `const`), not a local.
pub(crate) fn declared(sig: &Signature, body: &syn::Block) -> HashSet<Ident> {
    let mut bound = Bindings::default();
    for arg in &sig.inputs {
        match arg {
            FnArg::Receiver(r) => {
                bound.names.insert(Ident::new("self", r.self_token.span));
            }
            FnArg::Typed(t) => bound.visit_pat(&t.pat),
        }
    }
    bound.visit_block(body);
    bound.names
}

/// Every name a pattern in the body binds (lets, closure parameters, match arms, loop
/// variables), including inside nested items: over-approximating only turns the
/// optimisation off.
#[derive(Default)]
struct Bindings {
    names: HashSet<Ident>,
}

impl Visit<'_> for Bindings {
    fn visit_pat_ident(&mut self, p: &syn::PatIdent) {
        self.names.insert(p.ident.clone());
        syn::visit::visit_pat_ident(self, p);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(ids: Vec<Ident>) -> Vec<String> {
        ids.iter().map(Ident::to_string).collect()
    }

    fn names(f: syn::ItemFn) -> Vec<String> {
        text(of(&f.sig, &f.block).refs)
    }

    #[test]
    fn plain_shared_references_qualify() {
        let f: syn::ItemFn = syn::parse_quote! {
            fn f<'a, T>(x: &Array2<f64>, y: &'a [T], mut z: &Vec<f64>, w: &impl AsRef<[f64]>,
                        out: &mut [f64], n: usize) {}
        };
        assert_eq!(names(f), ["x", "y", "z", "w"]);
    }

    #[test]
    fn rebound_names_and_patterns_do_not() {
        let f: syn::ItemFn = syn::parse_quote! {
            fn f(a: &[f64], (c, d): (&[f64], &[f64]), ref e: &u8, g: &[f64]) {
                let a = a.to_vec();
                let h = |g: f64| g;
            }
        };
        assert!(names(f).is_empty());
    }

    #[test]
    fn methods_skip_self() {
        let f: syn::ImplItemFn = syn::parse_quote! {
            fn f(&self, x: &[f64]) {}
        };
        assert_eq!(text(of(&f.sig, &f.block).refs), ["x"]);
    }

    #[test]
    fn primitive_scalars_are_copied() {
        let f: syn::ItemFn = syn::parse_quote! {
            fn f(n: usize, mut v: f64, flag: bool, t: T, p: std::primitive::u8, c: u32, d: Wrapper) {
                let c = 2;
            }
        };
        assert_eq!(text(of(&f.sig, &f.block).scalars), ["n", "v", "flag"]);
    }
}
