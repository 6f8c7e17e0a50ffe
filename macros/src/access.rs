//! Every use, in a prange loop's body, of every variable the body captures.
//!
//! The body is walked once with a scope stack, so names declared inside it (lets,
//! inner-loop variables, closure parameters, match and `if let` bindings) are known to
//! be private and shadowing is respected. A use of a captured name becomes an
//! [`Event`] on its [`Root`]: an indexed access (with each index summarised as an
//! affine range of the loop variable), a whole-value read, a reduction update, or a
//! mutation the checks will refuse. Control flow leaving the body is recorded too.
//! This pass only observes; `check` turns events into verdicts.

use std::collections::{BTreeMap, HashMap};

use proc_macro2::{TokenStream, TokenTree};
use quote::ToTokens;
use syn::punctuated::Punctuated;
use syn::visit::{self, Visit};
use syn::{BinOp, Expr, ExprMacro, Ident, Lit, Member, Pat, Token};

use crate::poly::{Affine, Poly};

/// A captured place the loop may use: a variable, or one field of a variable
/// (`self.out`), which closures capture separately.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Root {
    Var(String),
    Field(String, String),
    /// `*x`, for an `x: &mut T` the loop reduces into.
    Deref(String),
}

impl Root {
    pub(crate) fn display(&self) -> String {
        match self {
            Root::Var(v) => v.clone(),
            Root::Field(b, f) => format!("{b}.{f}"),
            Root::Deref(v) => format!("*{v}"),
        }
    }
}

/// What one index position selects along its axis.
#[derive(Clone, Debug)]
pub(crate) enum AxisIdx {
    /// An affine range of the loop variable.
    At(Affine),
    /// Not expressible as `a*i + b` (`i / 2`, `idx[i]`, a mutable local...).
    Opaque,
    /// The whole axis (`..` in a slice, the other axes of `row_mut`).
    All,
}

/// Reduction operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Op {
    Add,
    Sub,
    Mul,
    And,
    Or,
    Xor,
    Max,
    Min,
}

impl Op {
    pub(crate) fn symbol(self) -> &'static str {
        match self {
            Op::Add => "+=",
            Op::Sub => "-=",
            Op::Mul => "*=",
            Op::And => "&=",
            Op::Or => "|=",
            Op::Xor => "^=",
            Op::Max => "max",
            Op::Min => "min",
        }
    }
}

/// Where something is in the user's code: its tokens, so errors can underline all of
/// it (`syn::Error::new_spanned`) and quote it.
pub(crate) type Loc = TokenStream;

/// One use of a root.
#[derive(Clone, Debug)]
pub(crate) enum Event {
    /// `a[..]`, `a.row_mut(..)`, `a.slice(s![..])`...
    Index {
        write: bool,
        /// `a[k] += e` and the like: an update, not a plain store.
        compound: bool,
        axes: Vec<AxisIdx>,
        at: Loc,
        in_closure: bool,
    },
    /// `a.len()`, `a.shape()`...: the shape only.
    Meta,
    /// Any other read of the whole value.
    Whole { at: Loc },
    /// `s op= e` or `s = s.max(e)`.
    Reduce { op: Op, at: Loc, in_closure: bool },
    /// `s = e`.
    Assign { at: Loc },
    /// `&mut a`.
    MutBorrow { at: Loc },
    /// `a.push(..)` and other methods that take `&mut self`.
    MutCall { at: Loc, method: String },
    /// Named inside a macro the analysis cannot read.
    InMacro { at: Loc },
}

/// Ways control leaves the body that a parallel loop cannot honour.
#[derive(Clone, Debug)]
pub(crate) enum Escape {
    Break(Loc),
    Return(Loc),
    Try(Loc),
    Await(Loc),
    OuterLabel(Loc, String),
}

/// What the walk found.
#[derive(Default)]
pub(crate) struct Uses {
    pub(crate) events: BTreeMap<Root, Vec<Event>>,
    pub(crate) escapes: Vec<Escape>,
    /// Loop-invariant expressions used in indices, by name.
    pub(crate) atoms: BTreeMap<String, TokenStream>,
}

/// What a name declared in the body stands for.
#[derive(Clone)]
enum Local {
    Known(Affine),
    Opaque,
}

const WINDOW_WRITES: &[&str] = &["row_mut", "column_mut", "index_axis_mut", "slice_mut"];
const WINDOW_READS: &[&str] = &["row", "column", "index_axis", "slice"];
const SHAPE_READS: &[&str] = &[
    "len", "is_empty", "shape", "dim", "raw_dim", "nrows", "ncols", "len_of", "ndim",
];
const MUTATING: &[&str] = &[
    "push",
    "pop",
    "insert",
    "remove",
    "clear",
    "extend",
    "extend_from_slice",
    "truncate",
    "resize",
    "fill",
    "fill_with",
    "swap",
    "swap_remove",
    "sort",
    "sort_by",
    "sort_by_key",
    "sort_unstable",
    "sort_unstable_by",
    "sort_unstable_by_key",
    "reverse",
    "drain",
    "retain",
    "dedup",
    "append",
    "assign",
    "map_inplace",
    "mapv_inplace",
    "copy_from_slice",
    "clone_from_slice",
    "push_str",
    "entry",
    "take",
    "replace",
    "split_off",
    "rotate_left",
    "rotate_right",
];
/// Macros whose arguments are comma-separated expressions (after a format string).
const EXPR_MACROS: &[&str] = &[
    "println",
    "print",
    "eprintln",
    "eprint",
    "format",
    "write",
    "writeln",
    "panic",
    "assert",
    "assert_eq",
    "assert_ne",
    "debug_assert",
    "debug_assert_eq",
    "debug_assert_ne",
    "unreachable",
    "todo",
    "unimplemented",
    "dbg",
    "vec",
    "format_args",
];

/// Walks a loop body.
pub(crate) struct Walker<'a> {
    loop_var: Option<String>,
    loop_label: Option<String>,
    scopes: Vec<HashMap<String, Local>>,
    /// Defining expressions of immutable single-name lets, for range bounds such as
    /// `let hi = (lo + bs).min(n); for k in lo..hi`.
    defs: Vec<HashMap<String, Expr>>,
    labels: Vec<String>,
    loop_depth: usize,
    closure_depth: usize,
    uses: Uses,
    _marker: std::marker::PhantomData<&'a ()>,
}

impl Walker<'_> {
    pub(crate) fn new(loop_var: Option<&Ident>, loop_label: Option<&syn::Label>) -> Self {
        Walker {
            loop_var: loop_var.map(Ident::to_string),
            loop_label: loop_label.map(|l| l.name.ident.to_string()),
            scopes: vec![HashMap::new()],
            defs: vec![HashMap::new()],
            labels: Vec::new(),
            loop_depth: 0,
            closure_depth: 0,
            uses: Uses::default(),
            _marker: std::marker::PhantomData,
        }
    }

    pub(crate) fn finish(self) -> Uses {
        self.uses
    }

    fn lookup(&self, name: &str) -> Option<&Local> {
        self.scopes.iter().rev().find_map(|s| s.get(name))
    }

    fn is_loop_var(&self, name: &str) -> bool {
        self.loop_var.as_deref() == Some(name) && self.lookup(name).is_none()
    }

    /// A name neither declared in the body nor the loop variable: captured.
    fn is_free(&self, name: &str) -> bool {
        !self.is_loop_var(name) && self.lookup(name).is_none()
    }

    fn push(&mut self) {
        self.scopes.push(HashMap::new());
        self.defs.push(HashMap::new());
    }

    fn pop(&mut self) {
        self.scopes.pop();
        self.defs.pop();
    }

    /// The defining expression of `name` if it is an immutable local bound to one.
    fn definition(&self, name: &str) -> Option<&Expr> {
        for (scope, defs) in self.scopes.iter().zip(&self.defs).rev() {
            if scope.contains_key(name) {
                return defs.get(name);
            }
        }
        None
    }

    fn bind(&mut self, pat: &Pat, value: Local) {
        let mut names = Vec::new();
        collect_pat_idents(pat, &mut names);
        if let Some(defs) = self.defs.last_mut() {
            for n in &names {
                defs.remove(n);
            }
        }
        let scope = self.scopes.last_mut().expect("scope stack is never empty");
        match pat {
            Pat::Ident(p) if p.subpat.is_none() => {
                let value = if p.mutability.is_some() {
                    Local::Opaque
                } else {
                    value
                };
                scope.insert(p.ident.to_string(), value);
            }
            Pat::Type(t) => self.bind(&t.pat, value),
            _ => {
                let mut names = Vec::new();
                collect_pat_idents(pat, &mut names);
                for n in names {
                    scope.insert(n, Local::Opaque);
                }
            }
        }
    }

    fn event(&mut self, root: Root, event: Event) {
        self.uses.events.entry(root).or_default().push(event);
    }

    /// The captured root an expression names, if it is one: `x`, `self`, `x.f`.
    fn root_of(&self, e: &Expr) -> Option<Root> {
        match e {
            Expr::Path(p) if p.qself.is_none() => {
                let id = p.path.get_ident()?.to_string();
                self.is_free(&id).then_some(Root::Var(id))
            }
            Expr::Field(f) => match (&*f.base, &f.member) {
                (Expr::Path(p), Member::Named(field)) if p.qself.is_none() => {
                    let id = p.path.get_ident()?.to_string();
                    self.is_free(&id)
                        .then(|| Root::Field(id, field.to_string()))
                }
                _ => None,
            },
            Expr::Unary(u) if matches!(u.op, syn::UnOp::Deref(_)) => match &*u.expr {
                Expr::Path(p) if p.qself.is_none() => {
                    let id = p.path.get_ident()?.to_string();
                    self.is_free(&id).then_some(Root::Deref(id))
                }
                _ => None,
            },
            Expr::Paren(p) => self.root_of(&p.expr),
            Expr::Group(g) => self.root_of(&g.expr),
            _ => None,
        }
    }

    /// For `r[a][b]..`, the root `r` and its first index `a`, walking down the chain.
    fn indexed_root<'e>(&self, e: &'e Expr) -> Option<(Root, &'e Expr, &'e Expr)> {
        let mut cur = e;
        loop {
            match cur {
                Expr::Index(ix) => {
                    if let Some(root) = self.root_of(&ix.expr) {
                        return Some((root, &ix.expr, &ix.index));
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
    /// to a field of an element (`out[i].re = ..`) writes that element.
    fn index_access(&mut self, whole: &Expr, write: bool, compound: bool) -> bool {
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
        let Some((root, _, index)) = self.indexed_root(whole) else {
            return false;
        };
        let axes = self.index_axes(index);
        let in_closure = self.closure_depth > 0;
        self.event(
            root,
            Event::Index {
                write,
                compound,
                axes,
                at: whole.to_token_stream(),
                in_closure,
            },
        );
        self.visit_index_chain(whole);
        true
    }

    fn index_axes(&mut self, index: &Expr) -> Vec<AxisIdx> {
        match index {
            Expr::Array(a) => a.elems.iter().map(|e| self.axis(e)).collect(),
            Expr::Tuple(t) => t.elems.iter().map(|e| self.axis(e)).collect(),
            Expr::Reference(r) => self.index_axes(&r.expr),
            Expr::Paren(p) => self.index_axes(&p.expr),
            e => vec![self.axis(e)],
        }
    }

    fn axis(&mut self, e: &Expr) -> AxisIdx {
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
            e => self.affine(e).map_or(AxisIdx::Opaque, AxisIdx::At),
        }
    }

    /// The values of `start..end` (or `..=`). A clamped bound such as
    /// `lo..(lo + bs).min(n)` is summarised by the side that moves with `lo`: the range
    /// lies within it, which is all the race checks need.
    fn range_of(&mut self, start: &Expr, end: &Expr, inclusive: bool) -> Option<Affine> {
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
                    .and_then(|id| self.definition(&id.to_string()))
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

    /// Summarises an integer expression as an affine range of the loop variable.
    pub(crate) fn affine(&mut self, e: &Expr) -> Option<Affine> {
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
                self.affine(&u.expr).map(|a| a.neg())
            }
            Expr::Binary(b) => {
                let combine = |l: Affine, r: Affine, op: &BinOp| match op {
                    BinOp::Add(_) => Some(l.add(&r)),
                    BinOp::Sub(_) => Some(l.sub(&r)),
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
                self.invariant_atom(e)
            }
            Expr::Path(p) if p.qself.is_none() && p.path.get_ident().is_some() => {
                let id = p.path.get_ident().map(Ident::to_string).unwrap_or_default();
                if self.is_loop_var(&id) {
                    return Some(Affine::loop_var());
                }
                match self.lookup(&id) {
                    Some(Local::Known(a)) => Some(a.clone()),
                    Some(Local::Opaque) => None,
                    None => self.invariant_atom(e),
                }
            }
            _ => self.invariant_atom(e),
        }
    }

    /// A loop-invariant expression (naming only captured variables, paths and
    /// literals) as an atom.
    fn invariant_atom(&mut self, e: &Expr) -> Option<Affine> {
        let mut idents = Vec::new();
        collect_idents(e.to_token_stream(), &mut idents);
        if idents.iter().any(|id| !self.is_free(id)) || matches!(e, Expr::Macro(_) | Expr::Block(_))
        {
            return None;
        }
        let name = e.to_token_stream().to_string();
        self.uses
            .atoms
            .entry(name.clone())
            .or_insert_with(|| e.to_token_stream());
        Some(Affine::constant(Poly::atom(name)))
    }

    /// `s = s.max(e)`, `s = f64::min(s, e)`, `s = max(s, e)`, `s = s + e`: the
    /// operator and the other operand.
    fn reduction_update<'e>(&self, name: &Root, rhs: &'e Expr) -> Option<(Op, &'e Expr)> {
        let op_of = |m: &str| match m {
            "max" => Some(Op::Max),
            "min" => Some(Op::Min),
            _ => None,
        };
        match rhs {
            Expr::MethodCall(m) if m.args.len() == 1 => {
                let op = op_of(&m.method.to_string())?;
                if self.root_of(&m.receiver).as_ref() == Some(name) {
                    Some((op, &m.args[0]))
                } else if self.root_of(&m.args[0]).as_ref() == Some(name) {
                    // `s = e.max(s)`: max and min commute.
                    Some((op, &*m.receiver))
                } else {
                    None
                }
            }
            Expr::Call(c) if c.args.len() == 2 => {
                let Expr::Path(f) = &*c.func else { return None };
                let op = op_of(&f.path.segments.last()?.ident.to_string())?;
                if self.root_of(&c.args[0]).as_ref() == Some(name) {
                    Some((op, &c.args[1]))
                } else if self.root_of(&c.args[1]).as_ref() == Some(name) {
                    Some((op, &c.args[0]))
                } else {
                    None
                }
            }
            // `s = s + e`, `s = e * s`...: the long form of a compound assignment.
            Expr::Binary(b) => {
                let (op, commutes) = match b.op {
                    BinOp::Add(_) => (Op::Add, true),
                    BinOp::Sub(_) => (Op::Sub, false),
                    BinOp::Mul(_) => (Op::Mul, true),
                    BinOp::BitAnd(_) => (Op::And, true),
                    BinOp::BitOr(_) => (Op::Or, true),
                    BinOp::BitXor(_) => (Op::Xor, true),
                    _ => return None,
                };
                if self.root_of(&b.left).as_ref() == Some(name) {
                    Some((op, &b.right))
                } else if commutes && self.root_of(&b.right).as_ref() == Some(name) {
                    Some((op, &b.left))
                } else {
                    None
                }
            }
            Expr::Paren(p) => self.reduction_update(name, &p.expr),
            _ => None,
        }
    }

    fn visit_macro_tokens(&mut self, mac: &syn::Macro) {
        let name = mac
            .path
            .segments
            .last()
            .map(|s| s.ident.to_string())
            .unwrap_or_default();
        if name == "s" {
            if let Some(elems) = parse_slice_elems(mac.tokens.clone()) {
                for e in &elems {
                    self.visit_expr(e);
                }
                return;
            }
        } else if EXPR_MACROS.contains(&name.as_str()) {
            let parsed = mac
                .parse_body_with(Punctuated::<Expr, Token![,]>::parse_terminated)
                .or_else(|_| mac.parse_body_with(parse_vec_repeat));
            if let Ok(args) = parsed {
                for arg in &args {
                    match arg {
                        // Named format arguments: `name = expr`.
                        Expr::Assign(a) if matches!(&*a.left, Expr::Path(_)) => {
                            self.visit_expr(&a.right)
                        }
                        Expr::Lit(syn::ExprLit {
                            lit: Lit::Str(s), ..
                        }) => self.format_captures(s),
                        e => self.visit_expr(e),
                    }
                }
                return;
            }
        }
        // A macro the analysis cannot read: every captured name in it is suspect.
        let mut idents = Vec::new();
        collect_idents(mac.tokens.clone(), &mut idents);
        let at = mac.to_token_stream();
        for id in idents {
            if self.is_free(&id) {
                self.event(Root::Var(id), Event::InMacro { at: at.clone() });
            }
        }
    }

    /// Inline format captures: `"{x}"` reads `x`.
    fn format_captures(&mut self, s: &syn::LitStr) {
        let text = s.value();
        let mut rest = text.as_str();
        while let Some(open) = rest.find('{') {
            rest = &rest[open + 1..];
            if rest.starts_with('{') {
                rest = &rest[1..];
                continue;
            }
            let end = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            let name = &rest[..end];
            if !name.is_empty()
                && !name.starts_with(|c: char| c.is_ascii_digit())
                && self.is_free(name)
            {
                self.event(
                    Root::Var(name.to_string()),
                    Event::Whole {
                        at: s.to_token_stream(),
                    },
                );
            }
        }
    }
}

impl<'ast> Visit<'ast> for Walker<'_> {
    fn visit_block(&mut self, b: &'ast syn::Block) {
        self.push();
        visit::visit_block(self, b);
        self.pop();
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
            for (p, v) in pt.elems.iter().zip(values) {
                self.bind(p, v);
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
        self.bind(&l.pat, value);
        if let (Pat::Ident(p), Some(init)) = (&l.pat, &l.init)
            && p.mutability.is_none()
            && p.subpat.is_none()
            && init.diverge.is_none()
            && let Some(defs) = self.defs.last_mut()
        {
            defs.insert(p.ident.to_string(), (*init.expr).clone());
        }
    }

    fn visit_item(&mut self, _: &'ast syn::Item) {
        // Nested items cannot capture the loop's variables.
    }

    fn visit_expr_for_loop(&mut self, f: &'ast syn::ExprForLoop) {
        self.visit_expr(&f.expr);
        let range = match strip_step(&f.expr) {
            Expr::Range(r) => match (&r.start, &r.end) {
                (Some(s), Some(e)) => {
                    let inclusive = matches!(r.limits, syn::RangeLimits::Closed(_));
                    self.range_of(s, e, inclusive)
                }
                _ => None,
            },
            _ => None,
        };
        self.push();
        self.bind(&f.pat, range.map_or(Local::Opaque, Local::Known));
        self.enter_loop(f.label.as_ref(), |w| w.visit_block(&f.body));
        self.pop();
    }

    fn visit_expr_while(&mut self, w: &'ast syn::ExprWhile) {
        self.push();
        self.visit_expr(&w.cond);
        self.enter_loop(w.label.as_ref(), |v| v.visit_block(&w.body));
        self.pop();
    }

    fn visit_expr_loop(&mut self, l: &'ast syn::ExprLoop) {
        self.enter_loop(l.label.as_ref(), |v| v.visit_block(&l.body));
    }

    fn visit_expr_if(&mut self, i: &'ast syn::ExprIf) {
        self.push();
        self.visit_expr(&i.cond);
        self.visit_block(&i.then_branch);
        self.pop();
        if let Some((_, e)) = &i.else_branch {
            self.visit_expr(e);
        }
    }

    fn visit_expr_let(&mut self, l: &'ast syn::ExprLet) {
        self.visit_expr(&l.expr);
        self.bind(&l.pat, Local::Opaque);
    }

    fn visit_arm(&mut self, a: &'ast syn::Arm) {
        self.push();
        self.bind(&a.pat, Local::Opaque);
        if let Some((_, g)) = &a.guard {
            self.visit_expr(g);
        }
        self.visit_expr(&a.body);
        self.pop();
    }

    fn visit_expr_closure(&mut self, c: &'ast syn::ExprClosure) {
        self.push();
        for p in &c.inputs {
            self.bind(p, Local::Opaque);
        }
        let depth = (self.loop_depth, self.labels.len());
        self.loop_depth = 0;
        self.closure_depth += 1;
        self.visit_expr(&c.body);
        self.closure_depth -= 1;
        self.loop_depth = depth.0;
        self.pop();
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
                    self.event(
                        root,
                        Event::Assign {
                            at: a.to_token_stream(),
                        },
                    );
                } else if !self.index_access(target, true, false) {
                    self.visit_expr(target);
                }
            }
            self.visit_expr(&a.right);
            return;
        }
        if let Some(root) = self.root_of(&a.left) {
            let in_closure = self.closure_depth > 0;
            if let Some((op, other)) = self.reduction_update(&root, &a.right) {
                self.event(
                    root,
                    Event::Reduce {
                        op,
                        at: a.to_token_stream(),
                        in_closure,
                    },
                );
                self.visit_expr(other);
            } else {
                self.event(
                    root,
                    Event::Assign {
                        at: a.to_token_stream(),
                    },
                );
                self.visit_expr(&a.right);
            }
            return;
        }
        if !self.index_access(&a.left, true, false) {
            self.visit_expr(&a.left);
        }
        self.visit_expr(&a.right);
    }

    fn visit_expr_binary(&mut self, b: &'ast syn::ExprBinary) {
        let op = match b.op {
            BinOp::AddAssign(_) => Some(Op::Add),
            BinOp::SubAssign(_) => Some(Op::Sub),
            BinOp::MulAssign(_) => Some(Op::Mul),
            BinOp::BitAndAssign(_) => Some(Op::And),
            BinOp::BitOrAssign(_) => Some(Op::Or),
            BinOp::BitXorAssign(_) => Some(Op::Xor),
            BinOp::DivAssign(_)
            | BinOp::RemAssign(_)
            | BinOp::ShlAssign(_)
            | BinOp::ShrAssign(_) => None,
            _ => return visit::visit_expr_binary(self, b),
        };
        if let Some(root) = self.root_of(&b.left) {
            let in_closure = self.closure_depth > 0;
            match op {
                Some(op) => self.event(
                    root,
                    Event::Reduce {
                        op,
                        at: b.to_token_stream(),
                        in_closure,
                    },
                ),
                None => self.event(
                    root,
                    Event::Assign {
                        at: b.to_token_stream(),
                    },
                ),
            }
        } else if !self.index_access(&b.left, true, true) {
            self.visit_expr(&b.left);
        }
        self.visit_expr(&b.right);
    }

    fn visit_expr_index(&mut self, ix: &'ast syn::ExprIndex) {
        let e = Expr::Index(ix.clone());
        if !self.index_access(&e, false, false) {
            visit::visit_expr_index(self, ix);
        }
    }

    fn visit_expr_reference(&mut self, r: &'ast syn::ExprReference) {
        if r.mutability.is_some() {
            if let Some(root) = self.root_of(&r.expr) {
                self.event(
                    root,
                    Event::MutBorrow {
                        at: r.to_token_stream(),
                    },
                );
                return;
            }
            if self.index_access(&r.expr, true, false) {
                return;
            }
        }
        visit::visit_expr_reference(self, r);
    }

    fn visit_expr_method_call(&mut self, m: &'ast syn::ExprMethodCall) {
        let method = m.method.to_string();
        let mutating = MUTATING.contains(&method.as_str())
            || (method.ends_with("_mut") && !WINDOW_WRITES.contains(&method.as_str()));
        if let Some(root) = self.root_of(&m.receiver) {
            let at = m.to_token_stream();
            let in_closure = self.closure_depth > 0;
            // `a.get(k)` reads the element it names, like `a[k]`.
            if method == "get" && m.args.len() == 1 && !matches!(root, Root::Deref(_)) {
                let axes = self.index_axes(&m.args[0]);
                let event = Event::Index {
                    write: false,
                    compound: false,
                    axes,
                    at: at.clone(),
                    in_closure,
                };
                self.event(root, event);
                self.visit_expr(&m.args[0]);
                return;
            }
            // `a.swap(j, k)` writes the two elements it names, like `a[j]` and `a[k]`.
            if method == "swap" && m.args.len() == 2 && !matches!(root, Root::Deref(_)) {
                for arg in &m.args {
                    let axes = self.index_axes(arg);
                    let event = Event::Index {
                        write: true,
                        compound: false,
                        axes,
                        at: at.clone(),
                        in_closure,
                    };
                    self.event(root.clone(), event);
                    self.visit_expr(arg);
                }
                return;
            }
            let arg_axes = |w: &mut Self| -> Option<Vec<AxisIdx>> {
                match method.as_str() {
                    "row_mut" | "row" => Some(vec![w.axis(&m.args[0]), AxisIdx::All]),
                    "column_mut" | "column" => Some(vec![AxisIdx::All, w.axis(&m.args[0])]),
                    "index_axis_mut" | "index_axis" if m.args.len() == 2 => {
                        let k = axis_literal(&m.args[0])?;
                        let mut axes = vec![AxisIdx::All; k];
                        axes.push(w.axis(&m.args[1]));
                        Some(axes)
                    }
                    "slice_mut" | "slice" => {
                        let Expr::Macro(mac) = &m.args[0] else {
                            return None;
                        };
                        let elems = parse_slice_elems(mac.mac.tokens.clone())?;
                        Some(
                            elems
                                .iter()
                                .filter(|e| !is_new_axis(e))
                                .map(|e| w.axis(e))
                                .collect(),
                        )
                    }
                    _ => None,
                }
            };
            let windowed =
                WINDOW_WRITES.contains(&method.as_str()) || WINDOW_READS.contains(&method.as_str());
            if windowed && !m.args.is_empty() {
                let write = WINDOW_WRITES.contains(&method.as_str());
                match arg_axes(self) {
                    Some(axes) => self.event(
                        root,
                        Event::Index {
                            write,
                            compound: false,
                            axes,
                            at,
                            in_closure,
                        },
                    ),
                    None if write => self.event(root, Event::MutCall { at, method }),
                    None => self.event(root, Event::Whole { at }),
                }
            } else if SHAPE_READS.contains(&method.as_str()) {
                self.event(root, Event::Meta);
            } else if mutating {
                self.event(root, Event::MutCall { at, method });
            } else {
                self.event(root, Event::Whole { at: at.clone() });
            }
            for a in &m.args {
                self.visit_expr(a);
            }
            return;
        }
        // `a[i].push(x)`: a mutation of the indexed element only.
        if self.index_access(&m.receiver, mutating, false) {
            for a in &m.args {
                self.visit_expr(a);
            }
            return;
        }
        visit::visit_expr_method_call(self, m);
    }

    fn visit_expr_field(&mut self, f: &'ast syn::ExprField) {
        if let Some(root @ Root::Field(..)) = self.root_of(&Expr::Field(f.clone())) {
            self.event(
                root,
                Event::Whole {
                    at: f.to_token_stream(),
                },
            );
            return;
        }
        visit::visit_expr_field(self, f);
    }

    fn visit_expr_path(&mut self, p: &'ast syn::ExprPath) {
        if let Some(root) = self.root_of(&Expr::Path(p.clone())) {
            self.event(
                root,
                Event::Whole {
                    at: p.to_token_stream(),
                },
            );
        }
    }

    fn visit_expr_break(&mut self, b: &'ast syn::ExprBreak) {
        if self.closure_depth == 0 {
            match &b.label {
                Some(l) if !self.labels.contains(&l.ident.to_string()) => {
                    self.uses.escapes.push(Escape::Break(b.to_token_stream()));
                }
                None if self.loop_depth == 0 => {
                    self.uses.escapes.push(Escape::Break(b.to_token_stream()))
                }
                _ => {}
            }
        }
        visit::visit_expr_break(self, b);
    }

    fn visit_expr_continue(&mut self, c: &'ast syn::ExprContinue) {
        if let Some(l) = &c.label {
            let name = l.ident.to_string();
            if self.closure_depth == 0
                && !self.labels.contains(&name)
                && self.loop_label.as_deref() != Some(&name)
            {
                self.uses
                    .escapes
                    .push(Escape::OuterLabel(c.to_token_stream(), name));
            }
        }
    }

    fn visit_expr_return(&mut self, r: &'ast syn::ExprReturn) {
        if self.closure_depth == 0 {
            self.uses.escapes.push(Escape::Return(r.to_token_stream()));
        }
        visit::visit_expr_return(self, r);
    }

    fn visit_expr_try(&mut self, t: &'ast syn::ExprTry) {
        if self.closure_depth == 0 {
            self.uses.escapes.push(Escape::Try(t.to_token_stream()));
        }
        visit::visit_expr_try(self, t);
    }

    fn visit_expr_await(&mut self, a: &'ast syn::ExprAwait) {
        if self.closure_depth == 0 {
            self.uses.escapes.push(Escape::Await(a.to_token_stream()));
        }
        visit::visit_expr_await(self, a);
    }

    fn visit_expr_macro(&mut self, m: &'ast ExprMacro) {
        self.visit_macro_tokens(&m.mac);
    }

    fn visit_stmt_macro(&mut self, m: &'ast syn::StmtMacro) {
        self.visit_macro_tokens(&m.mac);
    }
}

impl Walker<'_> {
    fn enter_loop(&mut self, label: Option<&syn::Label>, f: impl FnOnce(&mut Self)) {
        if let Some(l) = label {
            self.labels.push(l.name.ident.to_string());
        }
        self.loop_depth += 1;
        f(self);
        self.loop_depth -= 1;
        if label.is_some() {
            self.labels.pop();
        }
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

/// `Axis(k)` with a literal `k`.
fn axis_literal(e: &Expr) -> Option<usize> {
    let Expr::Call(c) = e else { return None };
    let Expr::Path(p) = &*c.func else { return None };
    if p.path.segments.last()?.ident != "Axis" || c.args.len() != 1 {
        return None;
    }
    match &c.args[0] {
        Expr::Lit(syn::ExprLit {
            lit: Lit::Int(i), ..
        }) => i.base10_parse().ok(),
        _ => None,
    }
}

fn is_new_axis(e: &Expr) -> bool {
    matches!(e, Expr::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == "NewAxis"))
}

/// The elements of `s![a, b..c;2, ..]`, each without its `;step`.
pub(crate) fn parse_slice_elems(tokens: TokenStream) -> Option<Vec<Expr>> {
    let mut elems = Vec::new();
    let mut current = TokenStream::new();
    let mut skipping_step = false;
    let flush = |current: &mut TokenStream, elems: &mut Vec<Expr>| -> Option<()> {
        if !current.is_empty() {
            elems.push(syn::parse2(std::mem::take(current)).ok()?);
        }
        Some(())
    };
    for tt in tokens {
        match &tt {
            TokenTree::Punct(p) if p.as_char() == ',' => {
                flush(&mut current, &mut elems)?;
                skipping_step = false;
            }
            TokenTree::Punct(p) if p.as_char() == ';' => skipping_step = true,
            _ if skipping_step => {}
            _ => current.extend([tt]),
        }
    }
    flush(&mut current, &mut elems)?;
    Some(elems)
}

/// `vec![elem; n]`.
fn parse_vec_repeat(
    input: syn::parse::ParseStream<'_>,
) -> syn::Result<Punctuated<Expr, Token![,]>> {
    let elem: Expr = input.parse()?;
    input.parse::<Token![;]>()?;
    let n: Expr = input.parse()?;
    Ok([elem, n].into_iter().collect())
}

/// Every identifier in a token stream.
pub(crate) fn collect_idents(tokens: TokenStream, out: &mut Vec<String>) {
    for tt in tokens {
        match tt {
            TokenTree::Ident(i) => out.push(i.to_string()),
            TokenTree::Group(g) => collect_idents(g.stream(), out),
            _ => {}
        }
    }
}

/// Every name a pattern binds.
fn collect_pat_idents(pat: &Pat, out: &mut Vec<String>) {
    struct Names<'a>(&'a mut Vec<String>);
    impl<'ast> Visit<'ast> for Names<'_> {
        fn visit_pat_ident(&mut self, p: &'ast syn::PatIdent) {
            self.0.push(p.ident.to_string());
            visit::visit_pat_ident(self, p);
        }
    }
    Names(out).visit_pat(pat);
}
