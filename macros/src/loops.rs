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
use crate::check::{self, Errors, Header, LoopPlan};
use crate::expand;
use crate::options::Options;
use crate::params::Params;
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
    let header = Header {
        var: var.map_or_else(|| "_".to_string(), |v| v.to_string()),
        span: f.for_token.span,
    };
    check::plan(walker.finish(), &step_lower_bound(arg), &header)
}

/// Rewrites every outermost prange loop of `block`; errors are collected, not fatal.
struct Rewriter<'a> {
    options: &'a Options,
    /// The function's parameters the chunk body gets its own copy of.
    params: &'a Params,
    errors: Errors,
    reports: Vec<(Span, String)>,
}

impl VisitMut for Rewriter<'_> {
    fn visit_expr_mut(&mut self, e: &mut Expr) {
        if let Expr::ForLoop(f) = e
            && prange_arg(&f.expr).is_some()
        {
            match analyze(f) {
                Ok(plan) => {
                    if self.options.report {
                        self.reports.push((f.for_token.span, plan.describe(f)));
                    }
                    *e = expand::parallel_loop(f, &plan, self.options, self.params);
                }
                Err(err) => self.errors.push_error(err),
            }
            return;
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
    params: &Params,
) -> Result<Vec<(Span, String)>, Error> {
    let mut rewriter = Rewriter {
        options,
        params,
        errors: Errors::default(),
        reports: Vec::new(),
    };
    rewriter.visit_block_mut(block);
    rewriter.errors.into_result()?;
    Ok(rewriter.reports)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::Op;

    /// The plan of the first prange loop in `body`.
    fn plan_of(body: syn::Block) -> Result<LoopPlan, Error> {
        struct First(Option<ExprForLoop>);
        impl<'ast> Visit<'ast> for First {
            fn visit_expr_for_loop(&mut self, f: &'ast ExprForLoop) {
                if self.0.is_none() && prange_arg(&f.expr).is_some() {
                    self.0 = Some(f.clone());
                }
                syn::visit::visit_expr_for_loop(self, f);
            }
        }
        let mut first = First(None);
        first.visit_block(&body);
        analyze(&first.0.expect("test body has a prange loop"))
    }

    fn ok(body: syn::Block) -> LoopPlan {
        plan_of(body).unwrap_or_else(|e| panic!("rejected: {e}"))
    }

    fn err(body: syn::Block) -> String {
        match plan_of(body) {
            Ok(p) => panic!("accepted: {p:?}"),
            Err(e) => e
                .into_iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }

    #[test]
    fn unit_writes_split_axis_zero() {
        let p = ok(syn::parse_quote!({
            for i in prange(n) {
                out[i] = x[i] * 2.0;
            }
        }));
        assert_eq!(p.split_axes(), [("out".into(), 0)]);
        assert_eq!(p.shared, ["x"]);
        assert!(p.reductions.is_empty());
    }

    #[test]
    fn the_pinned_axis_is_split() {
        let p = ok(syn::parse_quote!({
            for i in prange(n) {
                for j in 0..m {
                    out[[j, i]] = a[[j, i]];
                }
            }
        }));
        assert_eq!(p.split_axes(), [("out".into(), 1)]);
        let p = ok(syn::parse_quote!({
            for i in prange(n) {
                t.index_axis_mut(Axis(2), i).fill(0.0);
            }
        }));
        assert_eq!(p.split_axes(), [("t".into(), 2)]);
        let p = ok(syn::parse_quote!({
            for i in prange(n) {
                t.slice_mut(s![.., i, ..]).fill(1.0);
            }
        }));
        assert_eq!(p.split_axes(), [("t".into(), 1)]);
        let p = ok(syn::parse_quote!({
            for i in prange(n) {
                t.column_mut(i).fill(1.0);
                o.row_mut(i).fill(2.0);
            }
        }));
        assert_eq!(p.split_axes(), [("o".into(), 0), ("t".into(), 1)]);
    }

    #[test]
    fn strided_and_windowed_writes_are_disjoint() {
        let p = ok(syn::parse_quote!({
            for i in prange(n) {
                out[2 * i] = 1.0;
                out[2 * i + 1] = 2.0;
            }
        }));
        assert_eq!(p.split_axes(), [("out".into(), 0)]);
        let p = ok(syn::parse_quote!({
            for b in prange((0..n).step_by(bs)) {
                for x in b..b + bs {
                    for y in 0..m {
                        tmp[[x, y]] = src[[x, y]];
                    }
                }
            }
        }));
        assert_eq!(p.split_axes(), [("tmp".into(), 0)]);
        let p = ok(syn::parse_quote!({
            for w in prange(n / bs) {
                for x in w * bs..(w + 1) * bs {
                    let v = src[[x, 0]];
                    tmp[[x, 0]] = v;
                }
            }
        }));
        assert_eq!(p.split_axes(), [("tmp".into(), 0)]);
        let p = ok(syn::parse_quote!({
            for i in prange(n) {
                let j = i + 1;
                out[j] = out[j] + 1.0;
            }
        }));
        assert_eq!(p.split_axes(), [("out".into(), 0)]);
    }

    #[test]
    fn reductions_are_recognised() {
        let p = ok(syn::parse_quote!({
            for i in prange(n) {
                s += x[i];
                p *= x[i];
                m = m.max(x[i]);
                lo = f64::min(lo, x[i]);
                bits ^= k[i];
                c -= 1;
                q = q + x[i];
                r = 2 * r;
            }
        }));
        let mut r = p.reduced();
        r.sort_by(|a, b| a.0.cmp(&b.0));
        assert_eq!(
            r,
            [
                ("bits".into(), Op::Xor),
                ("c".into(), Op::Sub),
                ("lo".into(), Op::Min),
                ("m".into(), Op::Max),
                ("p".into(), Op::Mul),
                ("q".into(), Op::Add),
                ("r".into(), Op::Mul),
                ("s".into(), Op::Add),
            ]
        );
    }

    #[test]
    fn body_locals_and_shadowing_are_private() {
        let p = ok(syn::parse_quote!({
            for i in prange(n) {
                let mut tmp = 0.0;
                tmp += x[i];
                let out = vec![tmp];
                let s = out[0];
                y[i] = s;
            }
        }));
        assert_eq!(p.split_axes(), [("y".into(), 0)]);
        assert!(p.reductions.is_empty());
    }

    #[test]
    fn races_are_rejected() {
        assert!(
            err(syn::parse_quote!({
                for i in prange(n) {
                    out[0] = x[i];
                }
            }))
            .contains("does not depend on the loop variable")
        );
        assert!(
            err(syn::parse_quote!({
                for i in prange(n) {
                    out[i / 2] = x[i];
                }
            }))
            .contains("not of the form")
        );
        assert!(
            err(syn::parse_quote!({
                for i in prange(n) {
                    out[idx[i]] = 1.0;
                }
            }))
            .contains("not of the form")
        );
        assert!(
            err(syn::parse_quote!({
                for i in prange(n) {
                    a[i] = a[i - 1] + 1.0;
                }
            }))
            .contains("loop-carried")
        );
        assert!(
            err(syn::parse_quote!({
                for i in prange(n) {
                    last = i;
                }
            }))
            .contains("assigns the captured variable")
        );
        assert!(
            err(syn::parse_quote!({
                for i in prange(n) {
                    v.push(i);
                }
            }))
            .contains("mutates `v`")
        );
        assert!(
            err(syn::parse_quote!({
                for i in prange(n) {
                    a[i] = a.sum();
                }
            }))
            .contains("reads all of `a`")
        );
        assert!(
            err(syn::parse_quote!({
                for i in prange(n) {
                    s += x[i];
                    y[i] = s;
                }
            }))
            .contains("reduction variable")
        );
        assert!(
            err(syn::parse_quote!({
                for i in prange(n) {
                    if x[i] > 0.0 {
                        break;
                    }
                }
            }))
            .contains("break")
        );
        assert!(err(syn::parse_quote!({ for (i, j) in prange(n) {} })).contains("plain name"));
    }

    #[test]
    fn every_error_of_a_loop_is_reported() {
        let all = err(syn::parse_quote!({
            for i in prange(n) {
                a = 1;
                b.push(2);
                return;
            }
        }));
        assert_eq!(
            all.lines().filter(|l| l.starts_with("parfor:")).count(),
            3,
            "{all}"
        );
        let carried = err(syn::parse_quote!({
            for i in prange(n) {
                a[i] = a[i - 1] + 1.0;
            }
        }));
        assert!(
            carried.contains("reads an element of `a`")
                && carried.contains("parfor: note: the conflicting write"),
            "{carried}"
        );
    }

    #[test]
    fn inner_loops_and_closures_do_not_escape() {
        ok(syn::parse_quote!({
            for i in prange(n) {
                for j in 0..m {
                    if j > i {
                        break;
                    }
                }
                let f = |x: f64| {
                    return x * 2.0;
                };
                out[i] = f(x[i]);
            }
        }));
    }
}
