//! Finding the prange loops of a function and analysing each one.
//!
//! Every outermost `for PAT in prange(..)` loop is rewritten, wherever it sits in the
//! function (inside `if`, `match`, ordinary loops, blocks, closures). A prange loop
//! nested in another's body is left alone: it runs sequentially, as in Numba.

use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::visit::Visit;
use syn::visit_mut::{self, VisitMut};
use syn::{Error, Expr, ExprForLoop, Ident, Pat};

use crate::access::Walker;
use crate::check::{self, Errors, LoopPlan};
use crate::expand;
use crate::options::Options;
use crate::poly::Poly;

/// The argument of `prange(arg)`, when `e` is such a call.
pub(crate) fn prange_arg(e: &Expr) -> Option<&Expr> {
    let Expr::Call(call) = e else { return None };
    let Expr::Path(p) = &*call.func else {
        return None;
    };
    let last = p.path.segments.last()?;
    (last.ident == "prange" && last.arguments.is_empty() && call.args.len() == 1)
        .then(|| &call.args[0])
}

/// The loop variable: a plain name, or `_`.
fn loop_var(pat: &Pat) -> Result<Option<Ident>, Error> {
    match pat {
        Pat::Ident(p) if p.subpat.is_none() && p.by_ref.is_none() => Ok(Some(p.ident.clone())),
        Pat::Wild(_) => Ok(None),
        Pat::Type(t) => loop_var(&t.pat),
        other => Err(Error::new(
            other.span(),
            "parfor: the variable of a prange loop must be a plain name (`for i in prange(..)`); \
             destructure inside the body instead",
        )),
    }
}

/// A lower bound on the distance between consecutive values of the loop variable:
/// `k` for `prange((a..b).step_by(k))` with a loop-invariant `k`, else 1.
fn step_lower_bound(arg: &Expr) -> Poly {
    match arg {
        Expr::MethodCall(m) if m.method == "step_by" && m.args.len() == 1 => {
            let mut w = Walker::new(None, None);
            match w.affine(&m.args[0]) {
                Some(a)
                    if !a.pinned() && a.is_point() && a.lo.non_negative() && !a.lo.is_zero() =>
                {
                    a.lo
                }
                _ => Poly::constant(1),
            }
        }
        Expr::MethodCall(m) if m.method == "rev" => step_lower_bound(&m.receiver),
        Expr::Paren(p) => step_lower_bound(&p.expr),
        _ => Poly::constant(1),
    }
}

/// Analyses one prange loop into a plan.
pub(crate) fn analyze(f: &ExprForLoop) -> Result<LoopPlan, Error> {
    let arg = prange_arg(&f.expr).expect("caller checked this is a prange loop");
    let var = loop_var(&f.pat)?;
    let mut walker = Walker::new(var.as_ref(), f.label.as_ref());
    walker.visit_block(&f.body);
    check::plan(walker.finish(), &step_lower_bound(arg), f.for_token.span)
}

/// Rewrites every outermost prange loop of `block`; errors are collected, not fatal.
struct Rewriter<'a> {
    options: &'a Options,
    errors: Errors,
    reports: Vec<(Span, String)>,
}

impl VisitMut for Rewriter<'_> {
    fn visit_expr_mut(&mut self, e: &mut Expr) {
        if let Expr::ForLoop(f) = e {
            if prange_arg(&f.expr).is_some() {
                match analyze(f) {
                    Ok(plan) => {
                        if self.options.report {
                            self.reports.push((f.for_token.span, plan.describe(f)));
                        }
                        *e = expand::parallel_loop(f, &plan, self.options);
                    }
                    Err(err) => self.errors.push_error(err),
                }
                return;
            }
        }
        visit_mut::visit_expr_mut(self, e);
    }

    fn visit_item_mut(&mut self, _: &mut syn::Item) {
        // A nested item is not part of this function: its loops are its own business.
    }
}

/// Rewrites the prange loops of a function body. Returns the report lines, one per loop.
pub(crate) fn rewrite(
    block: &mut syn::Block,
    options: &Options,
) -> Result<Vec<(Span, String)>, Error> {
    let mut rewriter = Rewriter {
        options,
        errors: Errors::default(),
        reports: Vec::new(),
    };
    rewriter.visit_block_mut(block);
    rewriter.errors.into_result()?;
    Ok(rewriter.reports)
}
