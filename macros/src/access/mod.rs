//! Every use, in a prange loop's body, of every variable the body captures.
//!
//! The body is walked once with a scope stack ([`scope`]), so names declared inside it
//! (lets, inner-loop variables, closure parameters, match and `if let` bindings) are
//! known to be private and shadowing is respected. A use of a captured name becomes an
//! [`Event`] on its [`Root`]: an indexed access with each index summarised as an affine
//! range of the loop variable ([`index`]), a whole-value read, a method call
//! ([`methods`]), a reduction update ([`reduction`]), or a mutation the checks will
//! refuse; macro arguments are walked where they can be read ([`macros`]), and control
//! flow leaving the body is recorded ([`escape`]). This pass only observes: `check`
//! turns its findings into verdicts.

mod escape;
mod index;
mod macros;
mod methods;
mod reduction;
mod scope;
#[cfg(test)]
mod tests;
mod tiles;
mod zip;

pub(crate) use self::macros::EXPR_MACROS;

use std::collections::{HashMap, HashSet};

use proc_macro2::Ident;
use quote::ToTokens;
use syn::visit::{self, Visit};
use syn::{Expr, Member, Pat};

use crate::facts::{Facts, Pointee};
use crate::model::{Event, MutHow, Root, Side, Uses};
use crate::poly::{Affine, Poly};
use scope::{Local, Scopes};

/// Walks one loop body.
pub(crate) struct Walker {
    scopes: Scopes,
    loop_label: Option<Ident>,
    /// Labels of the inner loops around the point of the walk.
    labels: Vec<Ident>,
    /// Inner loops around the point of the walk, up to the nearest closure.
    loop_depth: usize,
    closure_depth: usize,
    uses: Uses,
    /// The function's `&mut` parameters (see `facts`).
    mut_refs: HashMap<Ident, Pointee>,
    /// The function's `let mut` closures.
    mut_closures: HashSet<Ident>,
    /// The function's `let mut` values of types parfor does not know.
    mut_values: HashSet<Ident>,
}

/// The uses of the captured variables in `body`, the body of the loop
/// `for var in prange(range)` labelled `label`. The `privates` are the body's own (each
/// chunk clones them), so none of their uses is a captured one.
pub(crate) fn walk(
    var: Option<&Ident>,
    label: Option<&syn::Label>,
    range: &Expr,
    body: &syn::Block,
    facts: &Facts,
    privates: &[Ident],
) -> Uses {
    // The range is evaluated outside the loop, where `var` is not bound yet.
    let mut walker = Walker::new(None, label);
    walker.mut_refs = facts.mut_refs.clone();
    walker.mut_closures = facts.mut_closures.clone();
    walker.mut_values = facts.mut_values.clone();
    walker.uses.step = walker.step_lower_bound(range);
    walker.uses.values = walker.loop_values(range);
    walker.scopes = Scopes::new(var.cloned());
    for p in privates {
        walker.scopes.declare_private(p);
    }
    walker.visit_block(body);
    walker.uses
}

impl Walker {
    /// A walker for a body whose loop variable is `loop_var`.
    fn new(loop_var: Option<&Ident>, loop_label: Option<&syn::Label>) -> Self {
        Walker {
            scopes: Scopes::new(loop_var.cloned()),
            loop_label: loop_label.map(|l| l.name.ident.clone()),
            labels: Vec::new(),
            loop_depth: 0,
            closure_depth: 0,
            uses: Uses::default(),
            mut_refs: HashMap::new(),
            mut_closures: HashSet::new(),
            mut_values: HashSet::new(),
        }
    }

    /// What `root` points to when it is a `&mut` parameter of the function.
    fn behind_mut_ref(&self, root: &Root) -> Option<Pointee> {
        match root {
            Root::Var(v) => self.mut_refs.get(v).copied(),
            _ => None,
        }
    }

    /// Visits the arguments of a call to `callee`: a `&mut` parameter passed on as it
    /// is (`zero(out)`, `std::mem::swap(a, b)`) may be written by the callee.
    fn call_args<'e>(&mut self, callee: &str, args: impl IntoIterator<Item = &'e Expr>) {
        for arg in args {
            if let Expr::Path(p) = strip_parens(arg)
                && let Some(root) = self.root_of(arg)
                && self.behind_mut_ref(&root).is_some()
            {
                let event = Event::MutCall {
                    at: p.to_token_stream(),
                    method: callee.to_string(),
                    how: MutHow::Passed,
                };
                self.event(root, event);
            } else {
                self.visit_expr(arg);
            }
        }
    }

    fn in_closure(&self) -> bool {
        self.closure_depth > 0
    }

    fn event(&mut self, root: Root, event: Event) {
        self.uses.events.entry(root).or_default().push(event);
    }

    /// The captured root an expression names, if it is one: `x`, `self`, `x.f`, `*x`.
    fn root_of(&self, e: &Expr) -> Option<Root> {
        let free_ident = |e: &Expr| match e {
            Expr::Path(p) if p.qself.is_none() => p
                .path
                .get_ident()
                .filter(|id| self.scopes.is_free(id))
                .cloned(),
            _ => None,
        };
        match e {
            Expr::Path(_) => free_ident(e).map(Root::Var),
            Expr::Field(f) => match &f.member {
                Member::Named(field) => free_ident(&f.base).map(|b| Root::Field(b, field.clone())),
                Member::Unnamed(_) => None,
            },
            Expr::Unary(u) if matches!(u.op, syn::UnOp::Deref(_)) => {
                free_ident(&u.expr).map(Root::Deref)
            }
            Expr::Paren(p) => self.root_of(&p.expr),
            Expr::Group(g) => self.root_of(&g.expr),
            _ => None,
        }
    }

    /// `(a..b).step_by(k)` and `.rev()` iterate a subset of `a..b`: the values of an
    /// inner loop's variable, when its range is affine.
    fn inner_loop_values(&mut self, range: &Expr) -> Local {
        let Expr::Range(r) = strip_step(range) else {
            return Local::Opaque;
        };
        let (Some(s), Some(e)) = (&r.start, &r.end) else {
            return Local::Opaque;
        };
        let inclusive = matches!(r.limits, syn::RangeLimits::Closed(_));
        if let Some(values) = self.range_of(s, e, inclusive) {
            return Local::Known(values);
        }
        if let Some(side) = self.one_side(s, e, inclusive) {
            return Local::Side(side);
        }
        self.tile_range(s, e, inclusive)
            .map_or(Local::Opaque, Local::Tile)
    }

    /// The side of the loop variable `i` a range `s..e` lies on when exactly one end
    /// moves with it (`i..n`, `i + 1..n`, `0..i`, `0..=i`): the variable is at least
    /// `s` or at most the last value before `e`.
    fn one_side(&mut self, s: &Expr, e: &Expr, inclusive: bool) -> Option<Side> {
        let is_loop_var =
            |a: &Affine| a.quot.is_none() && a.is_point() && a.coef == Poly::constant(1);
        let start = self.affine(s);
        if let Some(start) = start.filter(is_loop_var) {
            return Some(Side::AtLeast(start.lo));
        }
        // From a variable at least `i + off` (`for k in j..n` inside `for j in i..n`).
        if let Some(side @ Side::AtLeast(_)) = self.side(s) {
            return Some(side);
        }
        let last = |end: Poly| {
            if inclusive {
                end
            } else {
                end.sub(&Poly::constant(1))
            }
        };
        if let Some(end) = self.affine(e).filter(is_loop_var) {
            return Some(Side::AtMost(last(end.hi)));
        }
        match self.side(e)? {
            Side::AtMost(off) => Some(Side::AtMost(last(off))),
            Side::AtLeast(_) => None,
        }
    }

    /// `root = rhs`, a reduction update or a plain assignment of a captured variable.
    fn assign_root(&mut self, root: Root, a: &syn::ExprAssign) {
        let in_closure = self.in_closure();
        if let Some((op, other)) = self.reduction_update(&root, &a.right) {
            let at = a.to_token_stream();
            let whole_array = false;
            let event = Event::Reduce {
                op,
                at,
                in_closure,
                whole_array,
            };
            self.event(root, event);
            self.visit_expr(other);
        } else {
            let at = a.to_token_stream();
            self.event(root, Event::Assign { at });
            self.visit_expr(&a.right);
        }
    }
}

/// `e` without the parentheses around it.
fn strip_parens(e: &Expr) -> &Expr {
    match e {
        Expr::Paren(p) => strip_parens(&p.expr),
        e => e,
    }
}

/// `(a..b).step_by(k)` and `.rev()` iterate a subset of `a..b`.
fn strip_step(e: &Expr) -> &Expr {
    match e {
        Expr::MethodCall(m) if m.method == "step_by" || m.method == "rev" => {
            strip_step(&m.receiver)
        }
        Expr::Paren(p) => strip_step(&p.expr),
        e => e,
    }
}

impl<'ast> Visit<'ast> for Walker {
    fn visit_block(&mut self, b: &'ast syn::Block) {
        self.scopes.push();
        visit::visit_block(self, b);
        self.scopes.pop();
    }

    fn visit_local(&mut self, l: &'ast syn::Local) {
        // `let (r, c) = (2 * i, 2 * i + 1);` binds each name to its own index.
        if let (Pat::Tuple(pt), Some(init)) = (&l.pat, &l.init)
            && let Expr::Tuple(et) = &*init.expr
            && init.diverge.is_none()
            && pt.elems.len() == et.elems.len()
        {
            self.visit_expr(&init.expr);
            let values: Vec<Local> = et
                .elems
                .iter()
                .map(|e| self.affine(e).map_or(Local::Opaque, Local::Known))
                .collect();
            let origins: Vec<_> = et.elems.iter().map(|e| self.tile_origin(e)).collect();
            for ((p, v), origin) in pt.elems.iter().zip(values).zip(origins) {
                self.scopes.bind(p, v);
                if let (Pat::Ident(id), Some(origin)) = (p, origin)
                    && id.mutability.is_none()
                    && id.subpat.is_none()
                {
                    self.scopes.define_origin(&id.ident, origin);
                }
            }
            return;
        }
        let value = match &l.init {
            Some(init) => {
                self.visit_expr(&init.expr);
                if let Some((_, diverge)) = &init.diverge {
                    self.visit_expr(diverge);
                }
                self.affine(&init.expr).map_or(Local::Opaque, Local::Known)
            }
            None => Local::Opaque,
        };
        self.scopes.bind(&l.pat, value);
        if let (Pat::Ident(p), Some(init)) = (&l.pat, &l.init)
            && p.mutability.is_none()
            && p.subpat.is_none()
            && init.diverge.is_none()
        {
            self.scopes.define(&p.ident, &init.expr);
            if let Some(origin) = self.tile_origin(&init.expr) {
                self.scopes.define_origin(&p.ident, origin);
            }
        }
    }

    fn visit_item(&mut self, _: &'ast syn::Item) {
        // Nested items cannot capture the loop's variables.
    }

    fn visit_expr_for_loop(&mut self, f: &'ast syn::ExprForLoop) {
        self.visit_expr(&f.expr);
        let values = self.inner_loop_values(&f.expr);
        self.scopes.push();
        self.scopes.bind(&f.pat, values);
        self.enter_loop(f.label.as_ref(), |w| w.visit_block(&f.body));
        self.scopes.pop();
    }

    fn visit_expr_while(&mut self, w: &'ast syn::ExprWhile) {
        self.scopes.push();
        self.visit_expr(&w.cond);
        self.enter_loop(w.label.as_ref(), |v| v.visit_block(&w.body));
        self.scopes.pop();
    }

    fn visit_expr_block(&mut self, b: &'ast syn::ExprBlock) {
        // `break 'label value` out of a labelled block stays inside the body.
        let Some(label) = &b.label else {
            return visit::visit_expr_block(self, b);
        };
        self.labels.push(label.name.ident.clone());
        self.visit_block(&b.block);
        self.labels.pop();
    }

    fn visit_expr_loop(&mut self, l: &'ast syn::ExprLoop) {
        self.enter_loop(l.label.as_ref(), |v| v.visit_block(&l.body));
    }

    fn visit_expr_if(&mut self, i: &'ast syn::ExprIf) {
        self.scopes.push();
        self.visit_expr(&i.cond);
        self.visit_block(&i.then_branch);
        self.scopes.pop();
        if let Some((_, e)) = &i.else_branch {
            self.visit_expr(e);
        }
    }

    fn visit_expr_let(&mut self, l: &'ast syn::ExprLet) {
        self.visit_expr(&l.expr);
        self.scopes.bind(&l.pat, Local::Opaque);
    }

    fn visit_arm(&mut self, a: &'ast syn::Arm) {
        self.scopes.push();
        self.scopes.bind(&a.pat, Local::Opaque);
        if let Some((_, g)) = &a.guard {
            self.visit_expr(g);
        }
        self.visit_expr(&a.body);
        self.scopes.pop();
    }

    fn visit_expr_closure(&mut self, c: &'ast syn::ExprClosure) {
        self.scopes.push();
        for p in &c.inputs {
            self.scopes.bind(p, Local::Opaque);
        }
        let depth = self.loop_depth;
        self.loop_depth = 0;
        self.closure_depth += 1;
        self.visit_expr(&c.body);
        self.closure_depth -= 1;
        self.loop_depth = depth;
        self.scopes.pop();
    }

    fn visit_expr_async(&mut self, a: &'ast syn::ExprAsync) {
        self.closure_depth += 1;
        visit::visit_expr_async(self, a);
        self.closure_depth -= 1;
    }

    fn visit_expr_assign(&mut self, a: &'ast syn::ExprAssign) {
        // Destructuring assignment: `(a[i], s) = (.., ..)` assigns every element.
        if let Expr::Tuple(t) = &*a.left {
            for target in &t.elems {
                if let Some(root) = self.root_of(target) {
                    let at = a.to_token_stream();
                    self.event(root, Event::Assign { at });
                } else if !self.index_access(target, true, false, None) {
                    self.visit_expr(target);
                }
            }
            self.visit_expr(&a.right);
            return;
        }
        if let Some(root) = self.root_of(&a.left) {
            self.assign_root(root, a);
            return;
        }
        // `a[k] = a[k].max(e)`, `a[k] = a[k] + e`: an update of the element, like `+=`.
        if let Expr::Index(_) = &*a.left
            && let left = a.left.to_token_stream().to_string()
            && let Some((op, other)) = reduction::update_of(
                &|e: &Expr| strip_parens(e).to_token_stream().to_string() == left,
                &a.right,
            )
            && self.index_access(&a.left, true, true, Some(op))
        {
            self.visit_expr(other);
            return;
        }
        if !self.index_access(&a.left, true, false, None) {
            self.visit_expr(&a.left);
        }
        self.visit_expr(&a.right);
    }

    fn visit_expr_binary(&mut self, b: &'ast syn::ExprBinary) {
        let Some(op) = reduction::compound_op(&b.op) else {
            return visit::visit_expr_binary(self, b);
        };
        if let Some(root) = self.root_of(&b.left) {
            let at = b.to_token_stream();
            let event = match op {
                Some(op) => Event::Reduce {
                    op,
                    at,
                    in_closure: self.in_closure(),
                    whole_array: matches!(strip_parens(&b.right), Expr::Reference(_)),
                },
                None => Event::Assign { at },
            };
            self.event(root, event);
        } else if !self.index_access(&b.left, true, true, op) {
            self.visit_expr(&b.left);
        }
        self.visit_expr(&b.right);
    }

    fn visit_expr_index(&mut self, ix: &'ast syn::ExprIndex) {
        let e = Expr::Index(ix.clone());
        if !self.index_access(&e, false, false, None) {
            visit::visit_expr_index(self, ix);
        }
    }

    fn visit_expr_reference(&mut self, r: &'ast syn::ExprReference) {
        if r.mutability.is_some() {
            if let Some(root) = self.root_of(&r.expr) {
                let at = r.to_token_stream();
                self.event(root, Event::MutBorrow { at });
                return;
            }
            if self.index_access(&r.expr, true, false, None) {
                return;
            }
        }
        visit::visit_expr_reference(self, r);
    }

    fn visit_expr_call(&mut self, c: &'ast syn::ExprCall) {
        // `bump(b)` with `let mut bump = |..| ..`: the closure mutates what it captured.
        if let Expr::Path(p) = &*c.func
            && let Some(id) = p.path.get_ident()
            && self.mut_closures.contains(id)
            && let Some(root) = self.root_of(&c.func)
        {
            let event = Event::MutCall {
                at: c.to_token_stream(),
                method: id.to_string(),
                how: MutHow::Closure,
            };
            self.event(root, event);
        } else {
            self.visit_expr(&c.func);
        }
        let callee = match &*c.func {
            Expr::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
            _ => None,
        };
        self.call_args(callee.as_deref().unwrap_or("the function"), &c.args);
    }

    fn visit_expr_method_call(&mut self, m: &'ast syn::ExprMethodCall) {
        self.method_call(m);
    }

    fn visit_expr_field(&mut self, f: &'ast syn::ExprField) {
        if let Some(root @ Root::Field(..)) = self.root_of(&Expr::Field(f.clone())) {
            let at = f.to_token_stream();
            self.event(root, Event::Whole { at });
            return;
        }
        visit::visit_expr_field(self, f);
    }

    fn visit_expr_path(&mut self, p: &'ast syn::ExprPath) {
        if let Some(root) = self.root_of(&Expr::Path(p.clone())) {
            let at = p.to_token_stream();
            self.event(root, Event::Whole { at });
        }
    }

    fn visit_expr_break(&mut self, b: &'ast syn::ExprBreak) {
        self.break_(b);
    }

    fn visit_expr_continue(&mut self, c: &'ast syn::ExprContinue) {
        self.continue_(c);
    }

    fn visit_expr_return(&mut self, r: &'ast syn::ExprReturn) {
        self.return_(r);
    }

    fn visit_expr_try(&mut self, t: &'ast syn::ExprTry) {
        self.try_(t);
    }

    fn visit_expr_await(&mut self, a: &'ast syn::ExprAwait) {
        self.await_(a);
    }

    fn visit_expr_macro(&mut self, m: &'ast syn::ExprMacro) {
        self.macro_call(&m.mac);
    }

    fn visit_stmt_macro(&mut self, m: &'ast syn::StmtMacro) {
        self.macro_call(&m.mac);
    }
}
