//! What a name means inside the loop body: the loop variable, a local the body
//! declared (with what is known of its value), or a variable captured from outside.
//!
//! Names are resolved as rustc resolves them, innermost scope first, so shadowing is
//! respected: a body's `let out = ..` makes later uses of `out` private.

use std::collections::HashMap;

use proc_macro2::{Ident, TokenStream, TokenTree};
use syn::visit::{self, Visit};
use syn::{Expr, Pat};

use crate::poly::Affine;

/// What a name declared in the body stands for.
#[derive(Clone)]
pub(super) enum Local {
    /// An immutable integer whose value the analysis summarised.
    Known(Affine),
    /// An inner loop's variable bounded by the loop variable on one side only.
    Side(crate::model::Side),
    /// An inner loop's variable inside one tile of the loop variable.
    Tile(crate::model::Tile),
    Opaque,
}

#[derive(Default)]
struct Frame {
    locals: HashMap<Ident, Local>,
    /// Immutable locals that are exactly a tile's origin along one axis
    /// (`let wx = w / nby * bs`), beside what `locals` knows of them.
    origins: HashMap<Ident, crate::model::Tile>,
    /// Defining expressions of immutable single-name lets, for range bounds such as
    /// `let hi = (lo + bs).min(n); for k in lo..hi`.
    defs: HashMap<Ident, Expr>,
}

/// The scopes open at the point of the walk.
pub(super) struct Scopes {
    loop_var: Option<Ident>,
    frames: Vec<Frame>,
}

impl Scopes {
    pub(super) fn new(loop_var: Option<Ident>) -> Self {
        Scopes {
            loop_var,
            frames: vec![Frame::default()],
        }
    }

    /// Declares `name` a local for the whole body: a `private(..)` variable, which each
    /// chunk clones before its first iteration.
    pub(super) fn declare_private(&mut self, name: &Ident) {
        self.frames[0].locals.insert(name.clone(), Local::Opaque);
    }

    pub(super) fn push(&mut self) {
        self.frames.push(Frame::default());
    }

    pub(super) fn pop(&mut self) {
        self.frames.pop();
    }

    pub(super) fn lookup(&self, name: &Ident) -> Option<&Local> {
        self.frames.iter().rev().find_map(|f| f.locals.get(name))
    }

    pub(super) fn is_loop_var(&self, name: &Ident) -> bool {
        self.loop_var.as_ref() == Some(name) && self.lookup(name).is_none()
    }

    /// A name neither declared in the body nor the loop variable: captured.
    pub(super) fn is_free(&self, name: &Ident) -> bool {
        !self.is_loop_var(name) && self.lookup(name).is_none()
    }

    /// The defining expression of `name` if it is an immutable local bound to one.
    pub(super) fn definition(&self, name: &Ident) -> Option<&Expr> {
        let frame = self
            .frames
            .iter()
            .rev()
            .find(|f| f.locals.contains_key(name))?;
        frame.defs.get(name)
    }

    /// Declares the names `pat` binds; a plain immutable name gets `value`.
    pub(super) fn bind(&mut self, pat: &Pat, value: Local) {
        let names = pat_idents(pat);
        let frame = self.frames.last_mut().expect("scope stack is never empty");
        for n in &names {
            frame.defs.remove(n);
            frame.origins.remove(n);
        }
        match pat {
            Pat::Ident(p) if p.subpat.is_none() => {
                let value = if p.mutability.is_some() {
                    Local::Opaque
                } else {
                    value
                };
                frame.locals.insert(p.ident.clone(), value);
            }
            Pat::Type(t) => self.bind(&t.pat, value),
            _ => {
                for n in names {
                    frame.locals.insert(n, Local::Opaque);
                }
            }
        }
    }

    /// Records that the local `name`, just bound, is a tile's origin.
    pub(super) fn define_origin(&mut self, name: &Ident, tile: crate::model::Tile) {
        if let Some(frame) = self.frames.last_mut() {
            frame.origins.insert(name.clone(), tile);
        }
    }

    /// The tile origin `name` is, if it is an immutable local bound to one.
    pub(super) fn origin(&self, name: &Ident) -> Option<&crate::model::Tile> {
        let frame = self
            .frames
            .iter()
            .rev()
            .find(|f| f.locals.contains_key(name))?;
        frame.origins.get(name)
    }

    /// Records that the local `name`, just bound, is defined by `init`.
    pub(super) fn define(&mut self, name: &Ident, init: &Expr) {
        if let Some(frame) = self.frames.last_mut() {
            frame.defs.insert(name.clone(), init.clone());
        }
    }

    /// The identifiers of `tokens` that name captured variables.
    pub(super) fn free_idents(&self, tokens: TokenStream) -> Vec<Ident> {
        let mut all = Vec::new();
        token_idents(tokens, &mut all);
        all.retain(|id| self.is_free(id));
        all
    }

    /// Whether every identifier of `tokens` names a captured variable (or a path).
    pub(super) fn all_free(&self, tokens: TokenStream) -> bool {
        let mut all = Vec::new();
        token_idents(tokens, &mut all);
        all.iter().all(|id| self.is_free(id))
    }
}

/// Every identifier in a token stream.
fn token_idents(tokens: TokenStream, out: &mut Vec<Ident>) {
    for tt in tokens {
        match tt {
            TokenTree::Ident(i) => out.push(i),
            TokenTree::Group(g) => token_idents(g.stream(), out),
            _ => {}
        }
    }
}

/// Every name a pattern binds.
fn pat_idents(pat: &Pat) -> Vec<Ident> {
    struct Names(Vec<Ident>);
    impl<'ast> Visit<'ast> for Names {
        fn visit_pat_ident(&mut self, p: &'ast syn::PatIdent) {
            self.0.push(p.ident.clone());
            visit::visit_pat_ident(self, p);
        }
    }
    let mut names = Names(Vec::new());
    names.visit_pat(pat);
    names.0
}
