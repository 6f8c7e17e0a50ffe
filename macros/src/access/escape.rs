//! Control flow that would leave the loop body: `break` and labelled `continue` out of
//! it, `return`, `?`, `.await`. A parallel loop runs every iteration, in any order, so
//! none of these can keep its sequential meaning. Jumps that stay inside the body (out
//! of inner loops, or inside closures, whose `return` is their own) are fine.

use quote::ToTokens;
use syn::visit;

use super::Walker;
use crate::model::Escape;

impl Walker {
    /// Walks the body of an inner loop labelled `label`.
    pub(super) fn enter_loop(&mut self, label: Option<&syn::Label>, f: impl FnOnce(&mut Self)) {
        if let Some(l) = label {
            self.labels.push(l.name.ident.clone());
        }
        self.loop_depth += 1;
        f(self);
        self.loop_depth -= 1;
        if label.is_some() {
            self.labels.pop();
        }
    }

    pub(super) fn break_(&mut self, b: &syn::ExprBreak) {
        if !self.in_closure() {
            match &b.label {
                Some(l) if !self.labels.contains(&l.ident) => {
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

    pub(super) fn continue_(&mut self, c: &syn::ExprContinue) {
        if let Some(l) = &c.label
            && !self.in_closure()
            && !self.labels.contains(&l.ident)
            && self.loop_label.as_ref() != Some(&l.ident)
        {
            self.uses
                .escapes
                .push(Escape::OuterLabel(c.to_token_stream(), l.ident.clone()));
        }
    }

    pub(super) fn return_(&mut self, r: &syn::ExprReturn) {
        if !self.in_closure() {
            self.uses.escapes.push(Escape::Return(r.to_token_stream()));
        }
        visit::visit_expr_return(self, r);
    }

    pub(super) fn try_(&mut self, t: &syn::ExprTry) {
        if !self.in_closure() {
            self.uses.escapes.push(Escape::Try(t.to_token_stream()));
        }
        visit::visit_expr_try(self, t);
    }

    pub(super) fn await_(&mut self, a: &syn::ExprAwait) {
        if !self.in_closure() {
            self.uses.escapes.push(Escape::Await(a.to_token_stream()));
        }
        visit::visit_expr_await(self, a);
    }
}
