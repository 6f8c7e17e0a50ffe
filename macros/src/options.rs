//! The attribute's arguments: `#[parallel(threads = EXPR, chunk = EXPR, report)]`.

use syn::Expr;
use syn::meta::ParseNestedMeta;

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
    /// Parses one `name = value` or flag of the attribute.
    pub(crate) fn parse_one(&mut self, meta: ParseNestedMeta<'_>) -> syn::Result<()> {
        let set =
            |slot: &mut Option<Expr>, meta: &ParseNestedMeta<'_>, name: &str| -> syn::Result<()> {
                if slot.is_some() {
                    return Err(meta.error(format!("parfor: `{name}` is given twice")));
                }
                *slot = Some(meta.value()?.parse()?);
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
