//! The prange loops of a function: finding them, and putting their expansions back.
//!
//! A site is an outermost `for PAT in prange(..)` loop, wherever it sits in the function
//! (inside `if`, `match`, ordinary loops, blocks, closures). A prange loop nested in
//! another's body is part of that body: it runs sequentially, as in Numba. Nested items
//! (`fn`, `impl`) are not part of the function and are left alone. [`find`] and
//! [`replace`] walk by these same rules, so the k-th site found is the k-th replaced.

use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::visit::{self, Visit};
use syn::visit_mut::{self, VisitMut};
use syn::{Block, Error, Expr, ExprForLoop, Ident, Pat};

use crate::ctxt::Ctxt;

/// One prange loop, as the user wrote it.
pub(crate) struct Site<'a> {
    pub(crate) for_loop: &'a ExprForLoop,
    /// The argument of `prange(..)`.
    pub(crate) range: &'a Expr,
    /// Inside a closure or `async` block of the function, which `?` would leave.
    pub(crate) in_closure: bool,
}

impl Site<'_> {
    /// Where the loop starts, for messages and generated code.
    pub(crate) fn span(&self) -> Span {
        self.for_loop.for_token.span
    }

    /// The loop variable (`None` for `_`), or an error when the pattern is not a name.
    pub(crate) fn var(&self, cx: &Ctxt) -> Result<Option<Ident>, ()> {
        loop_var(&self.for_loop.pat).map_err(|e| cx.error(e))
    }
}

/// The argument of `prange(arg)` (or `prange(arg).into_iter()`), when `e` is such a
/// call.
fn prange_arg(e: &Expr) -> Option<&Expr> {
    let e = match e {
        Expr::MethodCall(m) if m.method == "into_iter" && m.args.is_empty() => &*m.receiver,
        e => e,
    };
    let Expr::Call(call) = e else { return None };
    let Expr::Path(p) = &*call.func else {
        return None;
    };
    let last = p.path.segments.last()?;
    (last.ident == "prange" && last.arguments.is_empty() && call.args.len() == 1)
        .then(|| &call.args[0])
}

/// The site `e` is, if it is one.
fn as_site(e: &Expr) -> Option<Site<'_>> {
    let Expr::ForLoop(f) = e else { return None };
    let range = prange_arg(&f.expr)?;
    Some(Site {
        for_loop: f,
        range,
        in_closure: false,
    })
}

/// The loop variable: a plain name, or `_`.
fn loop_var(pat: &Pat) -> Result<Option<Ident>, Error> {
    match pat {
        // Each iteration's value is the loop's: changed in the body, it would move the
        // iteration onto elements the analysis gave to other iterations.
        Pat::Ident(p) if p.mutability.is_some() => Err(Error::new(
            p.ident.span(),
            format!(
                "parfor: the variable of a prange loop cannot be `mut`: `{0}` is the iteration's own index, and the analysis of which elements it touches relies on it. Fix: leave `{0}` unchanged and compute what you need in a new local (`let j = {0} + 1;`)",
                p.ident
            ),
        )),
        Pat::Ident(p) if p.subpat.is_none() && p.by_ref.is_none() => Ok(Some(p.ident.clone())),
        Pat::Wild(_) => Ok(None),
        Pat::Type(t) => loop_var(&t.pat),
        Pat::Paren(p) => loop_var(&p.pat),
        other => Err(Error::new(
            other.span(),
            "parfor: the variable of a prange loop must be a plain name (`for i in prange(..)`); \
             destructure inside the body instead",
        )),
    }
}

/// Every site of `block`, in source order.
pub(crate) fn find(block: &Block) -> Vec<Site<'_>> {
    struct Finder<'a>(Vec<Site<'a>>, usize);
    impl<'a> Visit<'a> for Finder<'a> {
        fn visit_expr(&mut self, e: &'a Expr) {
            match as_site(e) {
                Some(site) => self.0.push(Site {
                    in_closure: self.1 > 0,
                    ..site
                }),
                None => visit::visit_expr(self, e),
            }
        }
        fn visit_expr_closure(&mut self, c: &'a syn::ExprClosure) {
            self.1 += 1;
            visit::visit_expr_closure(self, c);
            self.1 -= 1;
        }
        fn visit_expr_async(&mut self, a: &'a syn::ExprAsync) {
            self.1 += 1;
            visit::visit_expr_async(self, a);
            self.1 -= 1;
        }
        fn visit_item(&mut self, _: &'a syn::Item) {}
    }
    let mut finder = Finder(Vec::new(), 0);
    finder.visit_block(block);
    finder.0
}

/// Reports the prange loops of `block` that `#[parallel]` on this function would leave
/// sequential without a word: loops in nested functions that have no `#[parallel]` of
/// their own, and `prange` renamed by a `use` in the body (loops are found by name).
pub(crate) fn check_hidden(cx: &Ctxt, block: &Block) {
    struct Hidden<'c> {
        cx: &'c Ctxt,
        /// The nested function being walked, when it has no `#[parallel]`.
        nested: Option<Ident>,
    }
    impl<'a> Visit<'a> for Hidden<'_> {
        fn visit_expr(&mut self, e: &'a Expr) {
            if let (Some(site), Some(func)) = (as_site(e), &self.nested) {
                self.cx.error_at(&site.for_loop.expr, format!("parfor: this prange loop is in the nested function `{func}`, which `#[parallel]` on the enclosing function does not rewrite, so it would run sequentially. Fix: put `#[parallel]` on `{func}` as well"));
            }
            visit::visit_expr(self, e);
        }
        fn visit_item_fn(&mut self, f: &'a syn::ItemFn) {
            self.nested_fn(&f.attrs, &f.sig.ident, &f.block);
        }
        fn visit_impl_item_fn(&mut self, f: &'a syn::ImplItemFn) {
            self.nested_fn(&f.attrs, &f.sig.ident, &f.block);
        }
        fn visit_use_rename(&mut self, r: &'a syn::UseRename) {
            if r.ident == "prange" {
                self.cx.error_at(r, format!("parfor: `prange` is renamed to `{}` here, but `#[parallel]` finds prange loops by the name `prange`, so loops over `{}(..)` would run sequentially. Fix: use `prange` under its own name", r.rename, r.rename));
            }
        }
    }
    impl Hidden<'_> {
        fn nested_fn(&mut self, attrs: &[syn::Attribute], name: &Ident, body: &Block) {
            let parallel = attrs.iter().any(|a| {
                a.path()
                    .segments
                    .last()
                    .is_some_and(|s| s.ident == "parallel")
            });
            let outer = self.nested.replace(name.clone());
            if parallel {
                self.nested = None;
            }
            self.visit_block(body);
            self.nested = outer;
        }
    }
    Hidden { cx, nested: None }.visit_block(block);
}

/// Replaces the sites of `block`, in the order [`find`] returned them, by `expansions`.
pub(crate) fn replace(block: &mut Block, expansions: Vec<Expr>) {
    struct Replacer(std::vec::IntoIter<Expr>);
    impl VisitMut for Replacer {
        fn visit_expr_mut(&mut self, e: &mut Expr) {
            if as_site(e).is_some() {
                *e = self.0.next().expect("one expansion per site");
            } else {
                visit_mut::visit_expr_mut(self, e);
            }
        }
        fn visit_item_mut(&mut self, _: &mut syn::Item) {}
    }
    let mut replacer = Replacer(expansions.into_iter());
    replacer.visit_block_mut(block);
    assert!(replacer.0.next().is_none(), "one site per expansion");
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::ToTokens;

    #[test]
    fn outermost_loops_in_source_order_skipping_items() {
        let mut block: Block = syn::parse_quote!({
            if c {
                for i in prange(n) {
                    for j in prange(m) {}
                }
            }
            fn inner() {
                for k in prange(3) {}
            }
            let f = || for t in parfor::prange(0..4) {};
            for u in 0..n {}
        });
        let vars: Vec<String> = find(&block)
            .iter()
            .map(|s| s.for_loop.pat.to_token_stream().to_string())
            .collect();
        assert_eq!(vars, ["i", "t"]);
        replace(
            &mut block,
            vec![syn::parse_quote!(one()), syn::parse_quote!(two())],
        );
        let text = block.to_token_stream().to_string();
        assert!(text.contains("one ()") && text.contains("two ()"), "{text}");
        assert!(text.contains("for k in prange (3)"), "{text}");
    }
}
