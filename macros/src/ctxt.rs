//! Every error of one expansion, gathered so the user sees them all in one build.
//!
//! serde_derive's `Ctxt`: passes report into a shared context instead of returning at
//! the first error, and the driver turns the lot into `compile_error!`s at the end. A
//! context dropped without [`Ctxt::check`] is a bug in the driver (errors would be
//! lost), so it panics.

use std::cell::RefCell;
use std::fmt::Display;

use quote::ToTokens;
use syn::Error;

/// The errors reported so far.
pub(crate) struct Ctxt {
    /// `None` once checked.
    errors: RefCell<Option<Vec<Error>>>,
}

/// How many errors had been reported at some point: see [`Ctxt::failed_since`].
#[derive(Clone, Copy)]
pub(crate) struct Mark(usize);

impl Ctxt {
    pub(crate) fn new() -> Self {
        Ctxt {
            errors: RefCell::new(Some(Vec::new())),
        }
    }

    /// Reports an error (already prefixed `parfor:` by its builder).
    pub(crate) fn error(&self, e: Error) {
        self.errors
            .borrow_mut()
            .as_mut()
            .expect("error reported after check")
            .push(e);
    }

    /// Reports `msg` underlining all of `at`.
    pub(crate) fn error_at(&self, at: impl ToTokens, msg: impl Display) {
        self.error(Error::new_spanned(at, msg));
    }

    /// A secondary error underlining the access that conflicts with the primary one.
    pub(crate) fn note_at(&self, at: impl ToTokens, msg: impl Display) {
        self.error(Error::new_spanned(at, format!("parfor: note: {msg}")));
    }

    /// The current number of errors, to ask later whether a pass reported any.
    pub(crate) fn mark(&self) -> Mark {
        Mark(self.errors.borrow().as_ref().map_or(0, Vec::len))
    }

    /// Whether any error was reported since `mark`.
    pub(crate) fn failed_since(&self, mark: Mark) -> bool {
        self.mark().0 > mark.0
    }

    /// Consumes the context: every error reported, combined into one, or `Ok`.
    pub(crate) fn check(self) -> Result<(), Error> {
        let errors = self
            .errors
            .borrow_mut()
            .take()
            .expect("context checked twice");
        errors
            .into_iter()
            .reduce(|mut all, e| {
                all.combine(e);
                all
            })
            .map_or(Ok(()), Err)
    }
}

impl Drop for Ctxt {
    fn drop(&mut self) {
        if !std::thread::panicking() && self.errors.borrow().is_some() {
            panic!("parfor-macros: a Ctxt was dropped without being checked");
        }
    }
}
