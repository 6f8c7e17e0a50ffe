//! The function's shared reference parameters (`x: &T`), which a chunk's body receives
//! as parameters of its own (see the runtime's `with_refs_N`).
//!
//! Inside the closure that runs a chunk, a captured `x: &Array2<f64>` is reached through
//! the closure's environment, so LLVM must assume a store to an output element could
//! change `*x` (its data pointer, shape, strides) and reloads them after every store or
//! call. Received as a closure parameter of type `&Array2<f64>`, `*x` is known not to
//! change while the body runs (rustc marks shared-reference parameters `noalias`), so
//! the index arithmetic stays in registers, as in the sequential function. The value
//! handed over is the `x` in scope at the loop and the parameter has its type, so the
//! body sees exactly what it saw before.

use std::collections::BTreeSet;

use syn::visit::Visit;
use syn::{FnArg, Pat, Signature, Type};

/// The parameters `name: &T` of `sig` whose name the body never binds again (so `name`
/// at any loop is the parameter, a shared reference).
pub(crate) fn shared_refs(sig: &Signature, body: &syn::Block) -> Vec<String> {
    let mut bound = Bindings::default();
    bound.visit_block(body);
    sig.inputs
        .iter()
        .filter_map(|arg| {
            let FnArg::Typed(t) = arg else { return None };
            let Pat::Ident(p) = &*t.pat else { return None };
            let Type::Reference(r) = &*t.ty else {
                return None;
            };
            let name = p.ident.to_string();
            let plain = p.by_ref.is_none() && p.subpat.is_none();
            (plain && r.mutability.is_none() && !bound.names.contains(&name)).then_some(name)
        })
        .collect()
}

/// Every name a pattern in the body binds (lets, closure parameters, match arms, loop
/// variables), including inside nested items: over-approximating only turns the
/// optimisation off.
#[derive(Default)]
struct Bindings {
    names: BTreeSet<String>,
}

impl Visit<'_> for Bindings {
    fn visit_pat_ident(&mut self, p: &syn::PatIdent) {
        self.names.insert(p.ident.to_string());
        syn::visit::visit_pat_ident(self, p);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(f: syn::ItemFn) -> Vec<String> {
        shared_refs(&f.sig, &f.block)
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
        assert_eq!(shared_refs(&f.sig, &f.block), ["x"]);
    }
}
