//! The attribute's arguments: `#[parallel(threads = EXPR, chunk = EXPR, report)]`.

use proc_macro2::TokenStream;
use syn::meta::ParseNestedMeta;
use syn::parse::Parser;
use syn::{Error, Expr};

use crate::ctxt::Ctxt;

/// Parsed attribute arguments.
#[derive(Default)]
pub(crate) struct Options {
    /// `threads = EXPR`: run on a cached pool of that many threads.
    pub(crate) threads: Option<Expr>,
    /// `chunk = EXPR`: iterations per chunk (leaf).
    pub(crate) chunk: Option<Expr>,
    /// `report`: print what the macro did with each loop at compile time.
    pub(crate) report: bool,
}

impl Options {
    /// Parses the attribute's arguments; errors go to `cx`, and what parsed is kept.
    pub(crate) fn parse(cx: &Ctxt, args: TokenStream) -> Options {
        let mut options = Options::default();
        if let Err(e) = syn::meta::parser(|meta| options.parse_one(meta)).parse2(args) {
            for e in e {
                cx.error(prefixed(e));
            }
        }
        options
    }

    /// Parses one `name = value` or flag of the attribute.
    fn parse_one(&mut self, meta: ParseNestedMeta<'_>) -> syn::Result<()> {
        let set =
            |slot: &mut Option<Expr>, meta: &ParseNestedMeta<'_>, name: &str| -> syn::Result<()> {
                if slot.is_some() {
                    return Err(meta.error(format!("parfor: `{name}` is given twice")));
                }
                let value: Expr = meta.value()?.parse()?;
                if is_literal_zero(&value) {
                    let what = if name == "threads" {
                        "a loop needs at least one thread"
                    } else {
                        "a chunk holds at least one iteration"
                    };
                    return Err(Error::new_spanned(
                        &value,
                        format!("parfor: `{name} = 0`: {what}; give a positive count"),
                    ));
                }
                *slot = Some(value);
                Ok(())
            };
        if meta.path.is_ident("threads") {
            set(&mut self.threads, &meta, "threads")
        } else if meta.path.is_ident("chunk") {
            set(&mut self.chunk, &meta, "chunk")
        } else if meta.path.is_ident("report") {
            self.report = true;
            Ok(())
        } else {
            Err(meta
                .error("parfor: unknown option; expected `threads = N`, `chunk = N` or `report`"))
        }
    }
}

/// `0`, `0usize`, `(0)`: a count the attribute can refuse before the program runs.
fn is_literal_zero(e: &Expr) -> bool {
    match e {
        Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Int(i),
            ..
        }) => i.base10_digits().parse::<u128>() == Ok(0),
        Expr::Paren(p) => is_literal_zero(&p.expr),
        Expr::Group(g) => is_literal_zero(&g.expr),
        _ => false,
    }
}

/// syn's own parse errors, marked as parfor's: "parfor: expected `=`".
fn prefixed(e: Error) -> Error {
    let msg = e.to_string();
    if msg.starts_with("parfor:") {
        e
    } else {
        Error::new(e.span(), format!("parfor: {msg}"))
    }
}
