//! [`LineWindow`]: a 2-D array a loop writes along one line only (row `i` of a
//! `prange` over columns nested in a sequential loop over rows) while it reads other
//! lines anywhere, as row-by-row wavefronts and dynamic programmes do
//! (`b[[i, j]] = f(b[[i - 1, j - 1]], b[[i - 1, j + 1]])`).
//!
//! Contiguous windows along the columns cannot hold the neighbours' columns of the
//! line above, which two chunks read; this window keeps the array's pointer, the
//! written line and a range of positions along it, and checks every access.
//!
//! # Soundness
//!
//! A window is made only from an [`ArrayViewMut2`], whose borrow it keeps for `'a`, and
//! cut only by [`Splittable::split_at`], which gives the halves disjoint ranges of
//! positions; every window made from one view has the same written line. Every access
//! checks, before the pointer is touched, that the index is inside the array, and:
//!
//! - a mutable access, that the element is on the written line, at a position in this
//!   window's range: so two windows never reach the same written element;
//! - a shared access of the written line, that the position is in this window's range
//!   too; a shared access of any other line needs nothing more, since no window made
//!   from the view can ever write it.
//!
//! The elements of a mutable view are distinct memory, so distinct indices are distinct
//! elements; within one window, `&self`/`&mut self` give the usual borrow rules.

use std::marker::PhantomData;
use std::ops::{Index, IndexMut, Range};
use std::ptr::NonNull;

use ndarray::ArrayViewMut2;

use super::source::Splittable;
use super::triangle::TriangleIndex;

/// A chunk's share of a 2-D array whose only written line is `line` along axis
/// `axis` (row `line` for axis 0), each element of it by one iteration, and whose other
/// lines the loop only reads: what such an array is inside a `#[parallel]` loop body.
///
/// Indexing with `[usize; 2]` or `(usize, usize)`, `get` and `get_mut` take the array's
/// own indices; `dim`, `shape`, `nrows` and `ncols` describe the whole array.
///
/// # Panics
///
/// An index past the array panics as the sequential loop would; a write off the written
/// line, or an access to the written line outside the window, panics naming the array
/// and the index.
///
/// # Examples
///
/// ```
/// use ndarray::Array2;
/// use parfor_runtime::window::LineWindow;
/// use parfor_runtime::__private::Splittable;
///
/// let mut b = Array2::<i64>::from_shape_fn((3, 4), |(i, j)| (10 * i + j) as i64);
/// let w = LineWindow::new(b.view_mut(), "b", 0, 2); // row 2 is written
/// let (mut left, mut right) = w.split_at(2);
/// left[[2, 1]] = left[[1, 0]] + left[[1, 2]]; // both windows read row 1
/// right[[2, 3]] = right[[1, 2]];
/// assert_eq!(b.row(2).to_vec(), [20, 22, 22, 12]);
/// ```
pub struct LineWindow<'a, A> {
    /// Element `[0, 0]` of the view.
    ptr: NonNull<A>,
    dim: [usize; 2],
    strides: [isize; 2],
    /// The axis the written line is fixed on, and its index there.
    axis: usize,
    line: usize,
    /// Positions along the written line (the other axis) this window holds.
    window: Range<usize>,
    name: &'static str,
    view: PhantomData<&'a mut A>,
}

// SAFETY: the window hands out `&mut A` only to elements no other window can reach, and
// `&A` to them or to elements no window can write (see the module docs): moving it to
// another thread is sound when `A` may be sent and shared.
#[allow(unsafe_code)]
unsafe impl<A: Send + Sync> Send for LineWindow<'_, A> {}
// SAFETY: `&LineWindow` hands out only `&A`.
#[allow(unsafe_code)]
unsafe impl<A: Sync> Sync for LineWindow<'_, A> {}

impl<'a, A> LineWindow<'a, A> {
    /// A window over all of `view` that writes line `line` along `axis` (a row for axis
    /// 0, a column for axis 1); `name` is the array's name in panic messages.
    ///
    /// # Panics
    ///
    /// When `axis > 1`.
    pub fn new(
        mut view: ArrayViewMut2<'a, A>,
        name: &'static str,
        axis: usize,
        line: usize,
    ) -> Self {
        assert!(axis < 2, "parfor: a 2-D array has no axis {axis}");
        let (rows, cols) = view.dim();
        let strides = view.strides();
        let strides = [strides[0], strides[1]];
        let ptr = NonNull::new(view.as_mut_ptr()).expect("an array's pointer is never null");
        let along = if axis == 0 { cols } else { rows };
        LineWindow {
            ptr,
            dim: [rows, cols],
            strides,
            axis,
            line,
            window: 0..along,
            name,
            view: PhantomData,
        }
    }

    /// The positions along the written line this window holds.
    pub fn window(&self) -> Range<usize> {
        self.window.clone()
    }

    /// The whole array's shape.
    pub fn dim(&self) -> (usize, usize) {
        (self.dim[0], self.dim[1])
    }

    /// The whole array's shape.
    pub fn shape(&self) -> &[usize] {
        &self.dim
    }

    /// The whole array's number of rows.
    pub fn nrows(&self) -> usize {
        self.dim[0]
    }

    /// The whole array's number of columns.
    pub fn ncols(&self) -> usize {
        self.dim[1]
    }

    /// The element's offset from `[0, 0]`, `None` past the array; panics for an access
    /// the window does not allow.
    #[inline(always)]
    #[track_caller]
    fn offset(&self, [r, c]: [usize; 2], write: bool) -> Option<isize> {
        if r >= self.dim[0] || c >= self.dim[1] {
            return None;
        }
        let (line, pos) = if self.axis == 0 { (r, c) } else { (c, r) };
        if line == self.line {
            if !self.window.contains(&pos) {
                not_owned(self.name, [r, c], &self.window);
            }
        } else if write {
            off_the_line(self.name, [r, c], self.axis, self.line);
        }
        Some(r as isize * self.strides[0] + c as isize * self.strides[1])
    }

    /// The element at `[r, c]`, `None` past the array.
    ///
    /// # Panics
    ///
    /// For an element of the written line outside this window.
    #[track_caller]
    pub fn get(&self, index: impl TriangleIndex) -> Option<&A> {
        let at = self.offset(index.pair(), false)?;
        // SAFETY: in the view (checked); on the written line only inside this window,
        // which alone may write it, or on a line no window writes.
        #[allow(unsafe_code)]
        Some(unsafe { &*self.ptr.as_ptr().offset(at) })
    }

    /// The element at `[r, c]`, `None` past the array.
    ///
    /// # Panics
    ///
    /// For an element off the written line or outside this window.
    #[track_caller]
    pub fn get_mut(&mut self, index: impl TriangleIndex) -> Option<&mut A> {
        let at = self.offset(index.pair(), true)?;
        // SAFETY: in the view, on the written line and inside this window (checked): no
        // other window reaches it; `&mut self` makes the reference unique.
        #[allow(unsafe_code)]
        Some(unsafe { &mut *self.ptr.as_ptr().offset(at) })
    }
}

impl<A, I: TriangleIndex> Index<I> for LineWindow<'_, A> {
    type Output = A;
    #[inline(always)]
    #[track_caller]
    fn index(&self, index: I) -> &A {
        let i = index.pair();
        self.get(i).unwrap_or_else(|| past(self.name, i, self.dim))
    }
}

impl<A, I: TriangleIndex> IndexMut<I> for LineWindow<'_, A> {
    #[inline(always)]
    #[track_caller]
    fn index_mut(&mut self, index: I) -> &mut A {
        let i = index.pair();
        let (name, dim) = (self.name, self.dim);
        self.get_mut(i).unwrap_or_else(|| past(name, i, dim))
    }
}

impl<A: Send + Sync> Splittable for LineWindow<'_, A> {
    fn span(&self) -> Range<usize> {
        self.window()
    }

    fn split_at(self, at: usize) -> (Self, Self) {
        let at = at.clamp(self.window.start, self.window.end);
        let below = LineWindow {
            window: self.window.start..at,
            ..self
        };
        let above = LineWindow {
            window: at..self.window.end,
            ..self
        };
        (below, above)
    }

    fn frame(self, _keep: Range<usize>) -> Self {
        panic!(
            "parfor: the line window of `{}` cannot be framed",
            self.name
        )
    }
}

impl<A> std::fmt::Debug for LineWindow<'_, A> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LineWindow")
            .field("name", &self.name)
            .field("dim", &self.dim)
            .field("axis", &self.axis)
            .field("line", &self.line)
            .field("window", &self.window)
            .finish_non_exhaustive()
    }
}

#[cold]
#[inline(never)]
#[track_caller]
fn past(name: &str, index: [usize; 2], dim: [usize; 2]) -> ! {
    panic!("parfor: index {index:?} out of bounds for `{name}` of shape {dim:?}")
}

#[cold]
#[inline(never)]
#[track_caller]
fn not_owned(name: &str, index: [usize; 2], window: &Range<usize>) -> ! {
    panic!(
        "parfor: index {index:?} of `{name}` is outside this chunk's window {}..{} of the \
         written line: an iteration touched an element assigned to another chunk",
        window.start, window.end
    )
}

#[cold]
#[inline(never)]
#[track_caller]
fn off_the_line(name: &str, index: [usize; 2], axis: usize, line: usize) -> ! {
    panic!(
        "parfor: index {index:?} of `{name}` is written, but the loop writes only index \
         {line} along axis {axis} and shares the rest read-only"
    )
}

#[cfg(test)]
mod tests {
    use ndarray::{Array2, ShapeBuilder};

    use super::super::panic_text;
    use super::*;

    /// A wavefront row: each window writes its columns of row 2 from row 1, which every
    /// window reads; and the same along a column of a Fortran-order array.
    #[test]
    fn windows_write_their_part_of_the_line_and_read_the_rest() {
        let mut b = Array2::from_shape_fn((4, 6), |(i, j)| (10 * i + j) as i64);
        let w = LineWindow::new(b.view_mut(), "b", 0, 2);
        let (mut left, mut right) = w.split_at(3);
        for (w, cols) in [(&mut left, 0..3usize), (&mut right, 3..6)] {
            for j in cols {
                let up = w[[1, j.saturating_sub(1)]] + w.get([1, j + 1]).copied().unwrap_or(0);
                w[[2, j]] = up + w[[3, j]];
            }
        }
        assert_eq!(b.row(2).to_vec(), [51, 53, 56, 59, 62, 49]);

        let mut f = Array2::<f64>::zeros((5, 3).f());
        let w = LineWindow::new(f.view_mut(), "f", 1, 0); // column 0
        let (mut top, bottom) = w.split_at(2);
        top[(1, 0)] = 1.0;
        assert_eq!(
            (bottom[[1, 2]], bottom.window(), top.dim()),
            (0.0, 2..5, (5, 3))
        );
        let text = panic_text(|| top[[3, 0]] = 1.0);
        assert!(text.contains("outside this chunk's window 0..2"), "{text}");
        let text = panic_text(|| top[[1, 1]] = 1.0);
        assert!(text.contains("writes only index 0 along axis 1"), "{text}");
        let text = panic_text(|| {
            let _ = bottom[[0, 0]];
        });
        assert!(
            text.contains("[0, 0] of `f` is outside this chunk's window 2..5"),
            "{text}"
        );
        let text = panic_text(|| top[[5, 0]] = 1.0);
        assert_eq!(
            text,
            "parfor: index [5, 0] out of bounds for `f` of shape [5, 3]"
        );
        assert_eq!(f[[1, 0]], 1.0);
    }
}
