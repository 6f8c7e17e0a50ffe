//! `Zip` and `azip!` updates of a whole captured array: `azip!((a in &mut y, &b in
//! &x.row(i)) *a += b)` and `Zip::from(&mut y).and(&x.row(i)).for_each(|a, &b| *a += b)`
//! update every element of `y` with one operator, a whole-array reduction like
//! `y += &x.row(i)`.

use proc_macro2::{Ident, TokenTree};
use quote::ToTokens;
use syn::visit::{self, Visit};
use syn::{Expr, Pat, UnOp};

use super::Walker;
use super::reduction::compound_op;
use crate::model::{Event, Op};

impl Walker {
    /// Visits the producers of a `Zip`/`azip!` whose elements `pats` bind in `body`.
    /// A producer `&mut y` of a captured `y` whose element the body only updates
    /// (`*a += e`) is recorded as a whole-array update; the others are visited as code.
    pub(super) fn zip_producers(&mut self, producers: &[(&Pat, &Expr)], body: Option<&Expr>) {
        for &(pat, producer) in producers {
            if let Expr::Reference(r) = producer
                && r.mutability.is_some()
                && let Some(root) = self.root_of(&r.expr)
                && let (Pat::Ident(p), Some(body)) = (pat, body)
                && let Some(op) = only_updated(&p.ident, body)
            {
                let event = Event::Reduce {
                    op,
                    at: producer.to_token_stream(),
                    in_closure: self.in_closure(),
                    whole_array: true,
                };
                self.event(root, event);
            } else {
                self.visit_expr(producer);
            }
        }
    }
}

/// The producers of `Zip::from(p0).and(p1)..`, in order.
pub(super) fn zip_chain(e: &Expr) -> Option<Vec<&Expr>> {
    match e {
        Expr::MethodCall(m) if m.method == "and" && m.args.len() == 1 => {
            let mut producers = zip_chain(&m.receiver)?;
            producers.push(&m.args[0]);
            Some(producers)
        }
        Expr::Call(c) if c.args.len() == 1 => {
            let Expr::Path(f) = &*c.func else { return None };
            let names: Vec<String> = f
                .path
                .segments
                .iter()
                .map(|s| s.ident.to_string())
                .collect();
            names
                .ends_with(&["Zip".into(), "from".into()])
                .then(|| vec![&c.args[0]])
        }
        _ => None,
    }
}

/// The operator `body` updates `*name` with, when it uses `name` only as `*name op= e`
/// with operators that combine.
fn only_updated(name: &Ident, body: &Expr) -> Option<Op> {
    let mut uses = Uses {
        name,
        other: false,
        ops: Vec::new(),
    };
    uses.visit_expr(body);
    let first = *uses.ops.first()?;
    if uses.other || !uses.ops.iter().all(|op| op.combines_with(first)) {
        return None;
    }
    Op::of_updates(uses.ops)
}

struct Uses<'n> {
    name: &'n Ident,
    /// `name` appears other than as the target of an update.
    other: bool,
    ops: Vec<Op>,
}

impl<'ast> Visit<'ast> for Uses<'_> {
    fn visit_expr_binary(&mut self, b: &'ast syn::ExprBinary) {
        if let Expr::Unary(u) = &*b.left
            && let UnOp::Deref(_) = u.op
            && let Expr::Path(p) = &*u.expr
            && p.path.is_ident(self.name)
        {
            match compound_op(&b.op) {
                Some(Some(op)) => self.ops.push(op),
                _ => self.other = true,
            }
            self.visit_expr(&b.right);
            return;
        }
        visit::visit_expr_binary(self, b);
    }

    fn visit_ident(&mut self, i: &'ast Ident) {
        if i == self.name {
            self.other = true;
        }
    }

    fn visit_macro(&mut self, m: &'ast syn::Macro) {
        // A macro could do anything with the element (`"{a}"` included).
        if mentions(m.tokens.clone(), self.name) {
            self.other = true;
        }
    }
}

/// Whether `tokens` name `name`, or hold a literal that might (a format capture).
fn mentions(tokens: proc_macro2::TokenStream, name: &Ident) -> bool {
    tokens.into_iter().any(|t| match t {
        TokenTree::Group(g) => mentions(g.stream(), name),
        TokenTree::Ident(i) => i == *name,
        TokenTree::Literal(l) => l.to_string().contains(&name.to_string()),
        TokenTree::Punct(_) => false,
    })
}
