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
//! Inside a `#[parallel]` loop body, a split `Vec<T>` or `&mut [T]` is a
//! [`SliceWindow`] and a split ndarray array is an [`ArrayWindow`]: they index like the
//! array (`out[i]`, `out[[i, j]]`, `out.row_mut(i)`, `out.slice_mut(s![.., i])`) and
//! report the whole array's `len`, `shape` and `dim`, so the body compiles unchanged.
//! Indexing, `get` and the subview methods panic, naming the array, on an index the
//! chunk does not own.
//!
//! An array a loop writes by triangles (`a[[i, j]]` and `a[[j, i]]` for `j >= i`) is a
//! [`TriangleWindow`] instead: element `[r, c]` belongs to iteration `min(r, c)` (or
//! `max(r, c)`), and every access checks that the chunk holds that iteration.
//!
//! An array a loop writes only at `c * k + r` while reading its other elements
//! (red-black updates) is a [`ResidueWindow`]: it writes that class within its range
//! and reads the other classes, which no window writes, everywhere.
//!
//! An array a loop over tiles writes (`a[[x, y]]` for `x` in `w / k * bs..` and `y` in
//! `w % k * bs..`, each at most `bs` long) is a [`TileWindow`]: element `[r, c]` belongs
//! to iteration `(r / bs) * k + c / bs`, checked on every access.
//!
//! An array written along one line only (row `i` of a `prange` over columns) while the
//! loop reads other lines anywhere is a [`LineWindow`], which checks every access too.
//!
//! Row slices ([`RowSlice`]) are how the generated code reads and writes the runs
//! `a[[r.., lo + c]] ..= a[[r.., hi - 1 + c]]` of an inner loop through one slice:
//! handed out only when every element is in bounds (inside the window for a window)
//! and contiguous.
//!
//! This module owns the window types and how one is cut in two; where the cuts go (at
//! the boundaries of a loop's leaves) is the scheduler's business (`schedule::group`).
mod array;
mod checked;
mod line;
mod parts;
mod residue;
mod row;
mod slice;
pub(crate) mod source;
mod tiles;
mod triangle;

pub use self::array::{ArrayWindow, WindowIndex};
pub use self::checked::{CheckedWindow, Index2, Rule};
pub use self::line::{Line, LineWindow};
pub use self::parts::{Keyed, Parts};
pub use self::residue::{ResidueSource, ResidueWindow};
pub use self::row::{Flat, RowSlice, RowSliceMut};
pub use self::slice::SliceWindow;
pub use self::tiles::{TileWindow, Tiles};
pub use self::triangle::{Owner, TriangleWindow};

/// The message of the panic `f` raises, for the windows' tests.
#[cfg(test)]
fn panic_text(f: impl FnOnce()) -> String {
    let e = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).expect_err("should panic");
    e.downcast_ref::<String>().cloned().unwrap_or_default()
}
