//! What the function around the loops tells the analysis about the names a loop
//! captures, beyond the loop body: which names it declares (locals, not items), which
//! parameters are `&mut` references and to what, and which locals are `let mut`
//! closures (`FnMut`: calling one mutates what it captured).

use std::collections::{HashMap, HashSet};

use syn::visit::Visit;
use syn::{Expr, FnArg, Ident, Pat, Signature, Type};

use crate::params;

/// What a `&mut` parameter points to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Pointee {
    /// An array: `[T]`, `Vec<T>`, an ndarray array or mutable view.
    Array,
    /// A primitive scalar, whose methods take `self` by value.
    Scalar,
    /// Anything else: a user type, a generator, a writer.
    Other,
}

/// The function-level facts of one `#[parallel]` function.
#[derive(Default)]
pub(crate) struct Facts {
    /// Every name the function declares (see `params::declared`).
    pub(crate) declared: HashSet<Ident>,
    /// `name: &mut T` parameters the body never binds again.
    pub(crate) mut_refs: HashMap<Ident, Pointee>,
    /// `let mut name = |..| ..;`, bound once in the body.
    pub(crate) mut_closures: HashSet<Ident>,
}

const ARRAYS: &[&str] = &[
    "Vec",
    "VecDeque",
    "Array",
    "Array1",
    "Array2",
    "Array3",
    "Array4",
    "Array5",
    "Array6",
    "ArrayD",
    "ArrayBase",
    "ArrayViewMut",
    "ArrayViewMut1",
    "ArrayViewMut2",
    "ArrayViewMut3",
    "ArrayViewMut4",
    "ArrayViewMut5",
    "ArrayViewMut6",
    "ArrayViewMutD",
];

/// The facts of the function `sig { body }`.
pub(crate) fn of(sig: &Signature, body: &syn::Block) -> Facts {
    let mut counts = BindingCounts::default();
    counts.visit_block(body);
    let mut mut_refs = HashMap::new();
    for arg in &sig.inputs {
        let FnArg::Typed(t) = arg else { continue };
        let Pat::Ident(p) = &*t.pat else { continue };
        let Type::Reference(r) = &*t.ty else { continue };
        if r.mutability.is_none() || counts.names.contains_key(&p.ident) {
            continue;
        }
        mut_refs.insert(p.ident.clone(), pointee(&r.elem));
    }
    Facts {
        declared: params::declared(sig, body),
        mut_refs,
        mut_closures: counts
            .mut_closures
            .into_iter()
            .filter(|n| counts.names.get(n) == Some(&1))
            .collect(),
    }
}

fn pointee(ty: &Type) -> Pointee {
    match ty {
        Type::Slice(_) | Type::Array(_) => Pointee::Array,
        Type::Path(p) => match p.path.segments.last() {
            Some(s) if ARRAYS.iter().any(|a| s.ident == a) => Pointee::Array,
            Some(s) if params::SCALARS.iter().any(|a| s.ident == a) => Pointee::Scalar,
            _ => Pointee::Other,
        },
        Type::Paren(p) => pointee(&p.elem),
        _ => Pointee::Other,
    }
}

/// How often the body binds each name, and which `let mut` bindings hold closures.
#[derive(Default)]
struct BindingCounts {
    names: HashMap<Ident, usize>,
    mut_closures: Vec<Ident>,
}

impl Visit<'_> for BindingCounts {
    fn visit_pat_ident(&mut self, p: &syn::PatIdent) {
        *self.names.entry(p.ident.clone()).or_default() += 1;
        syn::visit::visit_pat_ident(self, p);
    }

    fn visit_local(&mut self, l: &syn::Local) {
        if let (Pat::Ident(p), Some(init)) = (&l.pat, &l.init)
            && p.mutability.is_some()
            && matches!(&*init.expr, Expr::Closure(_))
        {
            self.mut_closures.push(p.ident.clone());
        }
        syn::visit::visit_local(self, l);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mut_refs_and_mut_closures_are_found() {
        let f: syn::ItemFn = syn::parse_quote! {
            fn f(a: &mut [f64], rng: &mut Lcg, s: &mut f64, v: &mut Vec<u8>, x: &[f64], w: &mut W) {
                let mut bump = |b: usize| a[b] += 1.0;
                let mut twice = 0;
                let twice = 1;
                let w = 3;
            }
        };
        let facts = of(&f.sig, &f.block);
        let mut refs: Vec<(String, Pointee)> = facts
            .mut_refs
            .iter()
            .map(|(k, v)| (k.to_string(), *v))
            .collect();
        refs.sort_by(|a, b| a.0.cmp(&b.0));
        assert_eq!(
            refs,
            [
                ("a".into(), Pointee::Array),
                ("rng".into(), Pointee::Other),
                ("s".into(), Pointee::Scalar),
                ("v".into(), Pointee::Array),
            ]
        );
        let closures: Vec<String> = facts.mut_closures.iter().map(ToString::to_string).collect();
        assert_eq!(closures, ["bump"]);
    }
}
