//! Macro invocations in the body. `s![..]` and the std macros whose arguments are
//! expressions (`println!`, `assert_eq!`, `vec!`, ...) are parsed and walked like code,
//! inline format captures (`"{x}"`) included; in any other macro, every captured name
//! is recorded as used where the analysis cannot see how.

use proc_macro2::{Ident, TokenStream, TokenTree};
use quote::ToTokens;
use syn::parse::Parser;
use syn::punctuated::Punctuated;
use syn::visit::Visit;
use syn::{Expr, Lit, Pat, Token};

use super::Walker;
use super::scope::Local;
use crate::model::{Event, MutHow, Root};

/// Macros whose arguments are comma-separated expressions (after a format string).
pub(crate) const EXPR_MACROS: &[&str] = &[
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

impl Walker {
    pub(super) fn macro_call(&mut self, mac: &syn::Macro) {
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
        } else if name == "azip" {
            if let Some(Azip {
                index,
                producers,
                body,
            }) = parse_azip(mac.tokens.clone())
            {
                // The producers are evaluated outside; the body sees their elements under
                // the patterns, locals of the body.
                let pairs: Vec<(&Pat, &Expr)> = producers.iter().map(|(p, e)| (p, e)).collect();
                self.zip_producers(&pairs, body.as_ref());
                self.scopes.push();
                for pat in index.iter().chain(producers.iter().map(|(p, _)| p)) {
                    self.scopes.bind(pat, Local::Opaque);
                }
                if let Some(body) = &body {
                    self.visit_expr(body);
                }
                self.scopes.pop();
                return;
            }
        } else if EXPR_MACROS.contains(&name.as_str()) {
            let parsed = mac
                .parse_body_with(Punctuated::<Expr, Token![,]>::parse_terminated)
                .or_else(|_| mac.parse_body_with(parse_vec_repeat));
            if let Ok(args) = parsed {
                let mut args: Vec<&Expr> = args.iter().collect();
                // `write!(out, ..)`: the writer is borrowed `&mut`.
                if matches!(name.as_str(), "write" | "writeln")
                    && let Some(root) = args.first().and_then(|w| self.root_of(w))
                {
                    let event = Event::MutCall {
                        at: mac.to_token_stream(),
                        method: format!("{name}!"),
                        how: MutHow::Known,
                    };
                    self.event(root, event);
                    args.remove(0);
                }
                for arg in args {
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
        // A macro the analysis cannot read: every captured name in it is suspect, and a
        // `&mut` parameter in it may be written.
        let at = mac.to_token_stream();
        for id in self.scopes.free_idents(mac.tokens.clone()) {
            let root = Root::Var(id);
            let behind_mut = self.behind_mut_ref(&root).map(|_| format!("{name}!"));
            let at = at.clone();
            self.event(root, Event::InMacro { at, behind_mut });
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
            if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
                continue;
            }
            // The capture resolves where the string literal stands, so it takes the
            // literal's span (and hygiene).
            let Ok(mut id) = syn::parse_str::<Ident>(name) else {
                continue;
            };
            id.set_span(s.span());
            if self.scopes.is_free(&id) {
                self.event(
                    Root::Var(id),
                    Event::Whole {
                        at: s.to_token_stream(),
                    },
                );
            }
        }
    }
}

/// The elements of `s![a, b..c;2, ..]`, each without its `;step`.
pub(super) fn parse_slice_elems(tokens: TokenStream) -> Option<Vec<Expr>> {
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

/// An `azip!` invocation, read as code.
struct Azip {
    /// `index i`: the pattern bound to each element's index.
    index: Option<Pat>,
    /// Each pattern with the producer it binds (`a in &mut y`).
    producers: Vec<(Pat, Expr)>,
    body: Option<Expr>,
}

/// `azip!((index i, a in &mut y, &b in &x) body)`: the producers (`&mut y`, `&x`) and
/// the body, each an expression.
fn parse_azip(tokens: TokenStream) -> Option<Azip> {
    let mut trees = tokens.into_iter();
    let Some(TokenTree::Group(g)) = trees.next() else {
        return None;
    };
    let mut index = None;
    let mut producers = Vec::new();
    let mut part = Vec::new();
    let parts = g
        .stream()
        .into_iter()
        .chain([TokenTree::Punct(proc_macro2::Punct::new(
            ',',
            proc_macro2::Spacing::Alone,
        ))]);
    for tt in parts {
        if matches!(&tt, TokenTree::Punct(p) if p.as_char() == ',') {
            // `pat in expr`: the expression after the first `in`; `index i` has none.
            let at_in = part
                .iter()
                .position(|t: &TokenTree| matches!(t, TokenTree::Ident(i) if i == "in"));
            let is_index = matches!(part.first(), Some(TokenTree::Ident(i)) if i == "index");
            if let Some(k) = at_in {
                let pat: TokenStream = part[..k].iter().cloned().collect();
                let expr: TokenStream = part[k + 1..].iter().cloned().collect();
                let pat = Pat::parse_single.parse2(pat).ok()?;
                producers.push((pat, syn::parse2(expr).ok()?));
            } else if is_index && part.len() > 1 {
                let pat: TokenStream = part[1..].iter().cloned().collect();
                index = Some(Pat::parse_single.parse2(pat).ok()?);
            } else if !part.is_empty() {
                return None;
            }
            part.clear();
        } else {
            part.push(tt);
        }
    }
    let rest: TokenStream = trees.collect();
    let body = if rest.is_empty() {
        None
    } else {
        Some(syn::parse2(rest).ok()?)
    };
    Some(Azip {
        index,
        producers,
        body,
    })
}
