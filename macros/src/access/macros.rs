//! Macro invocations in the body. `s![..]` and the std macros whose arguments are
//! expressions (`println!`, `assert_eq!`, `vec!`, ...) are parsed and walked like code,
//! inline format captures (`"{x}"`) included; in any other macro, every captured name
//! is recorded as used where the analysis cannot see how.

use proc_macro2::{Ident, TokenStream, TokenTree};
use quote::ToTokens;
use syn::punctuated::Punctuated;
use syn::visit::Visit;
use syn::{Expr, Lit, Token};

use super::Walker;
use crate::model::{Event, Root};

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
        let at = mac.to_token_stream();
        for id in self.scopes.free_idents(mac.tokens.clone()) {
            self.event(Root::Var(id), Event::InMacro { at: at.clone() });
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
