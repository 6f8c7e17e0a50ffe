//! The attribute's arguments: `#[parallel(threads = EXPR, chunk = EXPR,
//! schedule = static|dynamic|guided|adaptive, progress, private(a, b), report)]`.

use proc_macro2::TokenStream;
use syn::ext::IdentExt;
use syn::meta::ParseNestedMeta;
use syn::parse::Parser;
use syn::{Error, Expr, Ident};

use crate::ctxt::Ctxt;

/// Parsed attribute arguments.
#[derive(Default)]
pub(crate) struct Options {
    /// `threads = EXPR`: run on a cached pool of that many threads.
    pub(crate) threads: Option<Expr>,
    /// `chunk = EXPR`: iterations per chunk (leaf).
    pub(crate) chunk: Option<Expr>,
    /// `schedule = NAME`: how threads share the chunks, as the runtime's `Schedule`
    /// variant (`Static`, ..), spanned at the name.
    pub(crate) schedule: Option<Ident>,
    /// `progress`: a progress bar for long loops.
    pub(crate) progress: bool,
    /// `private(a, b)`: captured variables each chunk gets its own clone of.
    pub(crate) private: Vec<Ident>,
    /// `report`: print what the macro did with each loop at compile time.
    pub(crate) report: bool,
}

/// The schedules `schedule = ..` takes, with the runtime's variant for each.
const SCHEDULES: [(&str, &str); 4] = [
    ("static", "Static"),
    ("dynamic", "Dynamic"),
    ("guided", "Guided"),
    ("adaptive", "Adaptive"),
];

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
        } else if meta.path.is_ident("schedule") {
            self.parse_schedule(&meta)
        } else if meta.path.is_ident("progress") {
            flag(&mut self.progress, &meta, "progress")
        } else if meta.path.is_ident("private") {
            self.parse_private(&meta)
        } else if meta.path.is_ident("report") {
            flag(&mut self.report, &meta, "report")
        } else {
            Err(meta.error(
                "parfor: unknown option; expected `threads = N`, `chunk = N`, \
                 `schedule = static|dynamic|guided`, `progress`, `private(x, ..)` or `report`",
            ))
        }
    }

    /// `schedule = static`: a name, which may be a keyword.
    fn parse_schedule(&mut self, meta: &ParseNestedMeta<'_>) -> syn::Result<()> {
        if self.schedule.is_some() {
            return Err(meta.error("parfor: `schedule` is given twice"));
        }
        let value = meta.value()?;
        let name = if value.peek(syn::LitStr) {
            let lit: syn::LitStr = value.parse()?;
            Ident::new(&lit.value(), lit.span())
        } else {
            Ident::parse_any(value)?
        };
        let given = name.to_string();
        let Some((_, variant)) = SCHEDULES.iter().find(|(n, _)| *n == given) else {
            return Err(Error::new(
                name.span(),
                format!(
                    "parfor: unknown schedule `{given}`; expected `static`, `dynamic`, \
                     `guided` or `adaptive` (the default)"
                ),
            ));
        };
        self.schedule = Some(Ident::new(variant, name.span()));
        Ok(())
    }

    /// `private(a, b)`: variable names, each once.
    fn parse_private(&mut self, meta: &ParseNestedMeta<'_>) -> syn::Result<()> {
        if !meta.input.peek(syn::token::Paren) {
            return Err(meta.error(
                "parfor: `private` names the variables each chunk gets its own clone of: \
                 write `private(buf, tmp)`",
            ));
        }
        meta.parse_nested_meta(|inner| {
            let Some(name) = inner.path.get_ident() else {
                return Err(inner.error("parfor: `private(..)` takes variable names"));
            };
            if !inner.input.is_empty() && !inner.input.peek(syn::Token![,]) {
                return Err(inner.error("parfor: `private(..)` takes variable names"));
            }
            if self.private.contains(name) {
                return Err(inner.error(format!(
                    "parfor: `{name}` is named twice in `private`. Fix: name it once"
                )));
            }
            self.private.push(name.clone());
            Ok(())
        })
    }
}

/// A flag option: no value, given once.
fn flag(slot: &mut bool, meta: &ParseNestedMeta<'_>, name: &str) -> syn::Result<()> {
    if !meta.input.is_empty() && !meta.input.peek(syn::Token![,]) {
        return Err(meta.error(format!(
            "parfor: `{name}` is a flag and takes no value; write `#[parallel({name})]`"
        )));
    }
    if *slot {
        return Err(meta.error(format!("parfor: `{name}` is given twice")));
    }
    *slot = true;
    Ok(())
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
