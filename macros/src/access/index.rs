//! Indexed accesses and their summaries: each index position of `a[..]`, `a.row(..)`,
//! `a.slice(s![..])` as an affine range of the loop variable (`coef * i + [lo, hi]`
//! over loop-invariant atoms), the whole axis, or opaque.

use quote::ToTokens;
use syn::visit::Visit;
use syn::{BinOp, Expr, Lit};

use super::Walker;
use super::scope::Local;
use crate::model::{AxisIdx, Event, Op, Root, Side};
use crate::poly::{Affine, Poly};

impl Walker {
    /// For `r[a][b]..`, the root `r` and its first index `a`, walking down the chain.
    fn indexed_root<'e>(&self, e: &'e Expr) -> Option<(Root, &'e Expr)> {
        let mut cur = e;
        loop {
            match cur {
                Expr::Index(ix) => {
                    if let Some(root) = self.root_of(&ix.expr) {
                        return Some((root, &ix.index));
                    }
                    cur = &ix.expr;
                }
                Expr::Paren(p) => cur = &p.expr,
                _ => return None,
            }
        }
    }

    /// Visits the index expressions of `r[a][b]..` other than the root's own base.
    fn visit_index_chain(&mut self, e: &Expr) {
        match e {
            Expr::Index(ix) => {
                if self.root_of(&ix.expr).is_none() {
                    self.visit_index_chain(&ix.expr);
                }
                self.visit_expr(&ix.index);
            }
            Expr::Paren(p) => self.visit_index_chain(&p.expr),
            _ => {}
        }
    }

    /// Records `root[index]` (read or write) and visits what the index reads. A write
    /// to a field of an element (`out[i].re = ..`) writes that element. False when `whole`
    /// is not an index of a captured root.
    pub(super) fn index_access(
        &mut self,
        whole: &Expr,
        write: bool,
        compound: bool,
        op: Option<Op>,
    ) -> bool {
        let mut whole = whole;
        if write {
            loop {
                match whole {
                    Expr::Field(f) if self.root_of(whole).is_none() => whole = &f.base,
                    Expr::Paren(p) => whole = &p.expr,
                    _ => break,
                }
            }
        }
        let Some((root, index)) = self.indexed_root(whole) else {
            return false;
        };
        let axes = self.index_axes(index);
        let in_closure = self.in_closure();
        self.event(
            root,
            Event::Index {
                write,
                compound,
                op,
                axes,
                at: whole.to_token_stream(),
                in_closure,
            },
        );
        self.visit_index_chain(whole);
        true
    }

    /// The axes an index selects: `[i, j]`, `(i, j)`, `&[i, j]` or a single index.
    pub(super) fn index_axes(&mut self, index: &Expr) -> Vec<AxisIdx> {
        match index {
            Expr::Array(a) => a.elems.iter().map(|e| self.axis(e)).collect(),
            Expr::Tuple(t) => t.elems.iter().map(|e| self.axis(e)).collect(),
            Expr::Reference(r) => self.index_axes(&r.expr),
            Expr::Paren(p) => self.index_axes(&p.expr),
            e => vec![self.axis(e)],
        }
    }

    /// What one index position selects.
    pub(super) fn axis(&mut self, e: &Expr) -> AxisIdx {
        match e {
            Expr::Range(r) => {
                let (Some(start), Some(end)) = (&r.start, &r.end) else {
                    return if r.start.is_none() && r.end.is_none() {
                        AxisIdx::All
                    } else {
                        AxisIdx::Opaque
                    };
                };
                let inclusive = matches!(r.limits, syn::RangeLimits::Closed(_));
                self.range_of(start, end, inclusive)
                    .map_or(AxisIdx::Opaque, AxisIdx::At)
            }
            e => match self.affine(e) {
                Some(a) => AxisIdx::At(a),
                None => match self.side(e) {
                    Some(side) => AxisIdx::Side(side),
                    None => self.tile_var(e).map_or(AxisIdx::Opaque, AxisIdx::Tile),
                },
            },
        }
    }

    /// The side of the loop variable an index lies on, for an inner loop's variable
    /// bounded by it on one side, plus or minus loop-invariant terms (`j`, `j + 1`).
    pub(super) fn side(&mut self, e: &Expr) -> Option<Side> {
        match e {
            Expr::Paren(p) => self.side(&p.expr),
            Expr::Group(g) => self.side(&g.expr),
            Expr::Path(p) if p.qself.is_none() => match self.scopes.lookup(p.path.get_ident()?) {
                Some(Local::Side(side)) => Some(side.clone()),
                _ => None,
            },
            Expr::Binary(b) if matches!(b.op, BinOp::Add(_) | BinOp::Sub(_)) => {
                let sub = matches!(b.op, BinOp::Sub(_));
                if let Some(side) = self.side(&b.left) {
                    let k = self.invariant(&b.right)?;
                    Some(side.shift(&if sub { k.neg() } else { k }))
                } else if !sub {
                    let k = self.invariant(&b.left)?;
                    Some(self.side(&b.right)?.shift(&k))
                } else {
                    None
                }
            }
            _ => None,
        }
    }

    /// The values of `start..end` (or `..=`). A clamped bound such as
    /// `lo..(lo + bs).min(n)` is summarised by the side that moves with `lo`: the range
    /// lies within it, which is all the race checks need.
    pub(super) fn range_of(&mut self, start: &Expr, end: &Expr, inclusive: bool) -> Option<Affine> {
        let starts = self.bound_candidates(start, "max");
        let ends = self.bound_candidates(end, "min");
        for s in &starts {
            for e in &ends {
                if let Some(r) = Affine::range(s, e, inclusive) {
                    return Some(r);
                }
            }
        }
        None
    }

    /// `e` itself, or for `a.op(b)` / `op(a, b)` (`op` being `min` for an end, `max` for
    /// a start) each side that is affine: bounds the range from the safe side.
    fn bound_candidates(&mut self, e: &Expr, op: &str) -> Vec<Affine> {
        let sides: Vec<&Expr> = match e {
            Expr::MethodCall(m) if m.method == op && m.args.len() == 1 => {
                vec![&*m.receiver, &m.args[0]]
            }
            Expr::Call(c)
                if c.args.len() == 2
                    && matches!(&*c.func, Expr::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == op)) =>
            {
                c.args.iter().collect()
            }
            Expr::Paren(p) => return self.bound_candidates(&p.expr, op),
            Expr::Path(p) if p.qself.is_none() => {
                let def = p
                    .path
                    .get_ident()
                    .and_then(|id| self.scopes.definition(id))
                    .cloned();
                match def {
                    Some(def) if matches!(def, Expr::MethodCall(_) | Expr::Call(_)) => {
                        return self.bound_candidates(&def, op);
                    }
                    _ => vec![],
                }
            }
            _ => vec![],
        };
        let mut out: Vec<Affine> = sides.into_iter().filter_map(|x| self.affine(x)).collect();
        out.extend(self.affine(e));
        out
    }

    /// `e` as a loop-invariant value: an affine point that does not move with the loop
    /// variable.
    pub(super) fn invariant(&mut self, e: &Expr) -> Option<Poly> {
        self.affine(e)
            .filter(|a| !a.pinned() && a.is_point())
            .map(|a| a.lo)
    }

    /// Summarises an integer expression as an affine range of the loop variable.
    pub(super) fn affine(&mut self, e: &Expr) -> Option<Affine> {
        match e {
            Expr::Lit(l) => match &l.lit {
                Lit::Int(i) => i
                    .base10_parse::<i128>()
                    .ok()
                    .map(|c| Affine::constant(Poly::constant(c))),
                _ => None,
            },
            Expr::Paren(p) => self.affine(&p.expr),
            Expr::Group(g) => self.affine(&g.expr),
            Expr::Cast(c) => self.affine(&c.expr),
            Expr::Unary(u) if matches!(u.op, syn::UnOp::Neg(_)) => {
                self.affine(&u.expr).and_then(|a| a.neg())
            }
            Expr::Binary(b) => {
                let combine = |l: Affine, r: Affine, op: &BinOp| match op {
                    BinOp::Add(_) => l.add(&r),
                    BinOp::Sub(_) => l.sub(&r),
                    BinOp::Mul(_) => l.mul(&r),
                    _ => None,
                };
                if matches!(b.op, BinOp::Add(_) | BinOp::Sub(_) | BinOp::Mul(_)) {
                    let l = self.affine(&b.left);
                    let r = self.affine(&b.right);
                    if let (Some(l), Some(r)) = (l, r) {
                        return combine(l, r, &b.op);
                    }
                }
                // `b * n / k`: a block bound, when `b * n` grows with the loop variable.
                if matches!(b.op, BinOp::Div(_))
                    && let (Some(l), Some(r)) = (self.affine(&b.left), self.affine(&b.right))
                    && let Some(q) = l.div(&r)
                {
                    return Some(q);
                }
                self.invariant_atom(e)
            }
            Expr::Path(p) if p.qself.is_none() && p.path.get_ident().is_some() => {
                let id = p.path.get_ident()?;
                if self.scopes.is_loop_var(id) {
                    return Some(Affine::loop_var());
                }
                match self.scopes.lookup(id) {
                    Some(Local::Known(a)) => Some(a.clone()),
                    Some(Local::Opaque | Local::Side(_) | Local::Tile(_)) => None,
                    None => self.invariant_atom(e),
                }
            }
            _ => self.invariant_atom(e),
        }
    }

    /// A lower bound on the distance between consecutive values of the loop variable:
    /// `k` for `prange((a..b).step_by(k))` with a loop-invariant `k`, else 1.
    pub(super) fn step_lower_bound(&mut self, range: &Expr) -> Poly {
        match range {
            Expr::MethodCall(m) if m.method == "step_by" && m.args.len() == 1 => {
                match self.affine(&m.args[0]) {
                    Some(a)
                        if !a.pinned()
                            && a.is_point()
                            && a.lo.non_negative()
                            && !a.lo.is_zero() =>
                    {
                        a.lo
                    }
                    _ => Poly::constant(1),
                }
            }
            Expr::MethodCall(m) if m.method == "rev" => self.step_lower_bound(&m.receiver),
            Expr::Paren(p) => self.step_lower_bound(&p.expr),
            _ => Poly::constant(1),
        }
    }

    /// The least and greatest values of a prange variable (`prange(n)` runs `0..n`), when
    /// the bounds are affine in atoms; `step_by` and `rev` keep them within.
    pub(super) fn loop_values(&mut self, range: &Expr) -> Option<Affine> {
        match super::strip_step(range) {
            Expr::Range(r) => {
                let (s, e) = (r.start.as_deref()?, r.end.as_deref()?);
                let inclusive = matches!(r.limits, syn::RangeLimits::Closed(_));
                self.range_of(s, e, inclusive)
            }
            n => {
                let end = self.affine(n)?;
                Affine::range(&Affine::constant(Poly::default()), &end, false)
            }
        }
        .filter(|v| !v.pinned())
    }

    /// A loop-invariant expression (naming only captured variables, paths and
    /// literals) as an atom.
    fn invariant_atom(&mut self, e: &Expr) -> Option<Affine> {
        if matches!(e, Expr::Macro(_) | Expr::Block(_))
            || !self.scopes.all_free(e.to_token_stream())
        {
            return None;
        }
        let id = self.uses.atoms.intern(e);
        Some(Affine::constant(Poly::atom(id)))
    }
}
