//! Windows: the part of a written array that one chunk of a parallel loop may touch.
//!
//! Before a loop runs, every array it writes is split (with safe `split_at_mut` and
//! ndarray's `split_at`) into disjoint windows along the axis the analysis pinned to
//! the loop variable, one per group of consecutive chunks. A window keeps absolute
//! indexing: `out[i]` in the loop body means what it meant before the split, and an
//! index outside the window panics with a message that names the array and the index.
//! So if the macro's analysis were ever wrong, the user gets a clear panic, never a
//! data race.
//!
//! This module owns the window types and how one is cut in two; where the cuts go (at
//! the boundaries of a loop's leaves) is the scheduler's business (`schedule::group`).
mod array;
mod slice;
pub(crate) mod source;

pub use self::array::{ArrayWindow, WindowIndex};
pub use self::slice::SliceWindow;
