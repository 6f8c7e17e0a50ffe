//! The `#[parallel]` attribute of parfor.
use proc_macro::TokenStream;

/// Placeholder.
#[proc_macro_attribute]
pub fn parallel(_args: TokenStream, item: TokenStream) -> TokenStream {
    item
}
