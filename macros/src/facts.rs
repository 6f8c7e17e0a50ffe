//! What the function around the loops tells the analysis about the names a loop
//! captures, beyond the loop body: which names it declares (locals, not items), which
//! parameters are `&mut` references and to what, which locals are `let mut`
//! closures (`FnMut`: calling one mutates what it captured), and which names hold an
//! array whose rows the expansion may take as slices.

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
    /// `let mut name = init;`, bound once in the body, where `init` evidently builds a
    /// value of a user or library type (`Lcg(7)`, `StdRng::seed_from_u64(1)`,
    /// `Lcg { .. }`, `rand::rng()`): its methods may take `&mut self`.
    pub(crate) mut_values: HashSet<Ident>,
    /// Names bound once in the function whose type is evidently an ndarray array or
    /// view, a `Vec<T>`, a slice or a fixed-size array (declared so, or built by
    /// `ArrayN::..`, `vec![..]`, `Vec::..`, `.to_vec()`), each with whether it is
    /// bound mutably (`let mut`, `mut` parameter, `&mut` parameter or a mutable view).
    /// These are what `expand::rows` may index through row slices.
    pub(crate) arrays: HashMap<Ident, bool>,
    /// What `?` in a loop body may leave the function with.
    pub(crate) tries: Tries,
}

/// Whether `?` may leave a loop body: the function's return type, when it can be
/// named inside the body.
#[derive(Clone, Debug, Default)]
pub(crate) enum Tries {
    /// `-> T`: the chunk's outcome is `T`'s (`Result<T, E>` or `Option<T>`).
    Returns(Box<Type>),
    /// No return type: `?` has nothing to leave with.
    #[default]
    Unit,
    /// `-> impl Trait` or a type holding one, which the body cannot name.
    Opaque,
    /// The loop is inside a closure or `async` block, whose return type is unknown.
    InClosure,
}

/// Array types that only read, beside the [`ARRAYS`] a `&mut` may point to: with
/// them, the types of [`Facts::arrays`] (besides slices and fixed-size arrays).
const READ_ARRAYS: &[&str] = &[
    "Array0",
    "ArcArray",
    "ArcArray1",
    "ArcArray2",
    "CowArray",
    "ArrayView",
    "ArrayView1",
    "ArrayView2",
    "ArrayView3",
    "ArrayView4",
    "ArrayView5",
    "ArrayView6",
    "ArrayViewD",
];

/// Whether `name` is a type of [`Facts::arrays`]: indexable by `usize` or `[usize; N]`
/// and with rows `RowSlice` can take (so not `VecDeque`).
fn is_row_array(name: &str) -> bool {
    name != "VecDeque" && ARRAYS.contains(&name) || READ_ARRAYS.contains(&name)
}

/// Whether a value of type `ty` is an array of [`Facts::arrays`], and whether it is a
/// mutable reference or view.
fn row_array_type(ty: &Type) -> Option<bool> {
    match ty {
        Type::Slice(_) | Type::Array(_) => Some(false),
        Type::Reference(r) => row_array_type(&r.elem).map(|inner| inner || r.mutability.is_some()),
        Type::Paren(p) => row_array_type(&p.elem),
        Type::Path(p) if p.qself.is_none() => {
            let last = p.path.segments.last()?;
            let name = last.ident.to_string();
            is_row_array(&name).then(|| name.starts_with("ArrayViewMut"))
        }
        _ => None,
    }
}

/// Whether `init` evidently builds a value of a user or library type, not a number, a
/// string or a std collection (whose `&mut self` methods parfor knows): a struct
/// literal, a call of a path through a capitalised name (`Lcg(7)`, `Lcg::new(..)`,
/// `StdRng::seed_from_u64(..)`), or `rng()` / `thread_rng()`.
fn builds_user_value(init: &Expr) -> bool {
    const STD: &[&str] = &[
        "Vec", "VecDeque", "String", "HashMap", "HashSet", "BTreeMap", "BTreeSet", "Box", "Some",
        "Ok", "Err", "Option", "Result", "Rc", "Arc", "Cell", "RefCell",
    ];
    match init {
        Expr::Struct(_) => true,
        Expr::Call(c) => match &*c.func {
            Expr::Path(p) => {
                let capitalised = p.path.segments.iter().any(|s| {
                    let name = s.ident.to_string();
                    name.starts_with(|c: char| c.is_ascii_uppercase())
                        && !STD.contains(&name.as_str())
                        && !is_row_array(&name)
                });
                let rng = p
                    .path
                    .segments
                    .last()
                    .is_some_and(|s| s.ident == "rng" || s.ident == "thread_rng");
                capitalised || rng
            }
            _ => false,
        },
        Expr::Paren(p) => builds_user_value(&p.expr),
        _ => false,
    }
}

/// Whether `init` evidently builds an owned array of [`Facts::arrays`].
fn builds_row_array(init: &Expr) -> bool {
    match init {
        Expr::Call(c) => match &*c.func {
            Expr::Path(p) => p.path.segments.iter().any(|s| {
                let name = s.ident.to_string();
                name != "Vec" && is_row_array(&name) && !name.starts_with("ArrayView")
                    || name == "Vec" && p.path.segments.len() >= 2
            }),
            _ => false,
        },
        Expr::Macro(m) => m.mac.path.is_ident("vec"),
        Expr::MethodCall(m) => m.method == "to_vec" && m.args.is_empty(),
        Expr::Paren(p) => builds_row_array(&p.expr),
        _ => false,
    }
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
    let mut arrays = HashMap::new();
    for arg in &sig.inputs {
        let FnArg::Typed(t) = arg else { continue };
        let Pat::Ident(p) = &*t.pat else { continue };
        if p.by_ref.is_some() || p.subpat.is_some() || counts.names.contains_key(&p.ident) {
            continue;
        }
        if let Some(mutable) = row_array_type(&t.ty) {
            arrays.insert(p.ident.clone(), mutable || p.mutability.is_some());
        }
    }
    let mut in_sig = BindingCounts::default();
    for arg in &sig.inputs {
        if let FnArg::Typed(t) = arg {
            in_sig.visit_pat(&t.pat);
        }
    }
    for (name, mutable) in counts.row_arrays {
        if counts.names.get(&name) == Some(&1) && !in_sig.names.contains_key(&name) {
            arrays.insert(name, mutable);
        }
    }
    Facts {
        tries: tries(&sig.output),
        declared: params::declared(sig, body),
        arrays,
        mut_refs,
        mut_closures: counts
            .mut_closures
            .into_iter()
            .filter(|n| counts.names.get(n) == Some(&1))
            .collect(),
        mut_values: counts
            .mut_values
            .into_iter()
            .filter(|n| counts.names.get(n) == Some(&1))
            .collect(),
    }
}

fn tries(output: &syn::ReturnType) -> Tries {
    struct FindsImpl(bool);
    impl<'a> syn::visit::Visit<'a> for FindsImpl {
        fn visit_type_impl_trait(&mut self, _: &'a syn::TypeImplTrait) {
            self.0 = true;
        }
    }
    match output {
        syn::ReturnType::Default => Tries::Unit,
        syn::ReturnType::Type(_, ty) => {
            let mut finds = FindsImpl(false);
            syn::visit::Visit::visit_type(&mut finds, ty);
            match &**ty {
                _ if finds.0 => Tries::Opaque,
                Type::Tuple(t) if t.elems.is_empty() => Tries::Unit,
                _ => Tries::Returns(ty.clone()),
            }
        }
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
    mut_values: Vec<Ident>,
    /// `let [mut] name[: T] = init;` with an array type or initialiser, and `mut`.
    row_arrays: Vec<(Ident, bool)>,
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
        if let (Pat::Ident(p), Some(init)) = (&l.pat, &l.init)
            && p.mutability.is_some()
            && builds_user_value(&init.expr)
        {
            self.mut_values.push(p.ident.clone());
        }
        let (pat, ty) = match &l.pat {
            Pat::Type(t) => (&*t.pat, Some(&*t.ty)),
            pat => (pat, None),
        };
        if let Pat::Ident(p) = pat
            && p.by_ref.is_none()
            && p.subpat.is_none()
        {
            let array = match ty {
                Some(ty) => row_array_type(ty),
                None => l
                    .init
                    .as_ref()
                    .filter(|i| i.diverge.is_none() && builds_row_array(&i.expr))
                    .map(|_| false),
            };
            if let Some(mutable) = array {
                self.row_arrays
                    .push((p.ident.clone(), mutable || p.mutability.is_some()));
            }
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

    #[test]
    fn mut_values_of_unknown_types_are_found() {
        let f: syn::ItemFn = syn::parse_quote! {
            fn f() {
                let mut a = Lcg(7);
                let mut b = rand::rngs::StdRng::seed_from_u64(1);
                let mut c = Point { x: 1 };
                let mut d = rand::rng();
                let mut e = 0.5f64;
                let mut g = String::new();
                let mut h = Vec::with_capacity(3);
                let mut k = Array2::<f64>::zeros((2, 2));
                let l = Lcg(1);
                let mut twice = Lcg(1);
                let twice = 2;
            }
        };
        let facts = of(&f.sig, &f.block);
        let mut found: Vec<String> = facts.mut_values.iter().map(ToString::to_string).collect();
        found.sort();
        assert_eq!(found, ["a", "b", "c", "d"]);
    }

    #[test]
    fn arrays_are_found_by_type_or_initialiser() {
        let f: syn::ItemFn = syn::parse_quote! {
            fn f(a: &mut [f64], b: &Array2<f64>, c: ArrayView2<f64>, d: ArrayViewMut1<f64>,
                 mut e: Vec<u8>, g: &W, h: &[f64]) {
                let mut t = Array2::<f64>::zeros((3, 3));
                let u = vec![0; 3];
                let mut v: Vec<f64> = make();
                let w = b.row(0).to_vec();
                let x = Vec::with_capacity(3);
                let y = make();
                let h = 1;
                for q in 0..3 { let z = ndarray::Array1::<f64>::zeros(3); }
            }
        };
        let facts = of(&f.sig, &f.block);
        let mut arrays: Vec<(String, bool)> = facts
            .arrays
            .iter()
            .map(|(k, v)| (k.to_string(), *v))
            .collect();
        arrays.sort();
        let expected = [
            ("a", true),
            ("b", false),
            ("c", false),
            ("d", true),
            ("e", true),
            ("t", true),
            ("u", false),
            ("v", true),
            ("w", false),
            ("x", false),
            ("z", false),
        ];
        let expected: Vec<(String, bool)> =
            expected.iter().map(|(n, m)| (n.to_string(), *m)).collect();
        assert_eq!(arrays, expected);
    }
}
