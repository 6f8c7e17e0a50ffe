//! What every window shares: being cut in two ([`Splittable`]), being made from the
//! array a loop writes ([`Source`]), and the panic raised when an index falls outside.
//!
//! These are the two traits the scheduler and the generated code see; the window types
//! themselves (`slice`, `array`) implement them.

use std::ops::Range;

#[cold]
#[inline(never)]
#[track_caller]
pub(super) fn outside(
    name: &str,
    index: usize,
    window: Range<usize>,
    axis: Option<usize>,
    full_len: usize,
) -> ! {
    let along = axis.map_or(String::new(), |a| format!(" (axis {a})"));
    if index >= full_len {
        // Past the whole array: what the sequential loop reports, whatever the chunk.
        panic!("parfor: index {index} out of bounds for `{name}`{along} of length {full_len}")
    }
    panic!(
        "parfor: index {index} of `{name}`{along} is outside this chunk's window \
         {}..{}: an iteration touched an element assigned to another chunk",
        window.start, window.end
    )
}

/// A window that can be cut in two at an absolute index along its split axis.
pub trait Splittable: Sized + Send {
    /// Absolute indices this window holds along its split axis.
    fn span(&self) -> Range<usize>;
    /// Cuts at absolute index `at`, clamped into the window: `(below, from at on)`.
    fn split_at(self, at: usize) -> (Self, Self);
    /// Keeps the absolute indices `keep` (clamped into the array) writable and makes the
    /// rest of the array readable, never writable, through this window and every window
    /// later cut from it: for loops that read elements outside the part they write.
    ///
    /// # Panics
    ///
    /// If the window is not the whole array, or is framed already.
    fn frame(self, keep: Range<usize>) -> Self;
}

/// Arrays a loop can write through windows: `Vec<T>`, `[T]` and ndarray arrays.
///
/// Called with method syntax by generated code, so autoderef reaches the array behind
/// `&mut Vec<T>`, `&mut [T]`, `&mut Array2<T>` or an owned `ArrayViewMut`.
pub trait Source {
    /// The window type, split along `AXIS`.
    type Window<'a, const AXIS: usize>: Splittable
    where
        Self: 'a;
    /// The whole array as one window, to be split along `AXIS`.
    #[doc(hidden)]
    fn __parfor_window<const AXIS: usize>(&mut self, name: &'static str) -> Self::Window<'_, AXIS>;
}
