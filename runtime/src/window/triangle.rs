//! [`TriangleWindow`]: a 2-D array owned by triangles, element `[r, c]` by the
//! iteration `min(r, c)` (or `max(r, c)`).
//!
//! Symmetric fills (`a[[i, j]] = v; a[[j, i]] = v` for `j >= i`), in-place transposes
//! and covariance matrices give iteration `i` row `i` on one side of the diagonal and
//! column `i` on the other. That L-shaped set is no rectangle, so the safe windows,
//! cut with `split_at`, would need one rectangle more per level of cutting. This window
//! instead keeps the array's pointer and a range of owners, and checks every access.
//!
//! # Soundness
//!
//! A window is made only from an [`ArrayViewMut2`], whose borrow it keeps for `'a`, and
//! is cut only by [`Splittable::split_at`], which gives the two halves disjoint ranges
//! of owners. So the owner ranges of all windows made from one view are disjoint.
//! Every element has exactly one owner (`min(r, c)` or `max(r, c)`), and every access
//! checks, before the pointer is touched, that the index is inside the view's shape and
//! that its owner is in the window's range; otherwise it panics, naming the array and
//! the index. Hence no two windows ever reach the same element, and within one window
//! `&self`/`&mut self` give the usual borrow rules. The elements of a mutable view are
//! distinct memory (ndarray never makes a mutable view with overlapping elements), so
//! distinct indices are distinct elements.

use std::marker::PhantomData;
use std::ops::{Index, IndexMut, Range};
use std::ptr::NonNull;

use ndarray::ArrayViewMut2;

use super::source::Splittable;

/// Which iteration owns element `[r, c]` of a [`TriangleWindow`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Owner {
    /// `min(r, c)`: iteration `i` owns row `i` from the diagonal right, and column `i`
    /// from the diagonal down (`for j in i..n { a[[i, j]]; a[[j, i]] }`).
    Min,
    /// `max(r, c)`: iteration `i` owns row `i` up to the diagonal, and column `i` down
    /// to it (`for j in 0..=i { a[[i, j]]; a[[j, i]] }`).
    Max,
}

/// A chunk's share of a 2-D array whose element `[r, c]` belongs to iteration
/// `min(r, c)` ([`Owner::Min`]) or `max(r, c)` ([`Owner::Max`]): what a triangularly
/// written array is inside a `#[parallel]` loop body.
///
/// Indexing with `[usize; 2]` or `(usize, usize)`, `get`, `get_mut` and `swap` take the
/// array's own indices; `dim`, `shape`, `nrows`, `ncols` and `len` describe the whole
/// array. The window owns the elements whose owner lies in [`owners`](Self::owners).
///
/// # Panics
///
/// An index past the array panics as the sequential loop would, naming the array and
/// its shape; an index of an element another chunk owns panics naming the array, the
/// index and the owners this chunk holds.
///
/// # Examples
///
/// ```
/// use ndarray::Array2;
/// use parfor_runtime::window::{Owner, TriangleWindow};
/// use parfor_runtime::__private::Splittable;
///
/// let mut a = Array2::<f64>::zeros((4, 4));
/// let w = TriangleWindow::new(a.view_mut(), "a", Owner::Min);
/// let (mut low, mut high) = w.split_at(2);
/// low[[1, 3]] = 1.0; // row 1 right of the diagonal: owner 1
/// low[[3, 1]] = 1.0; // column 1 below it: owner 1
/// high[[2, 3]] = 2.0; // owner 2
/// assert_eq!((low.owners(), high.owners()), (0..2, 2..4));
/// assert_eq!(a[[3, 1]] + a[[2, 3]], 3.0);
/// ```
pub struct TriangleWindow<'a, A> {
    /// Element `[0, 0]` of the view.
    ptr: NonNull<A>,
    dim: [usize; 2],
    strides: [isize; 2],
    owners: Range<usize>,
    owner: Owner,
    name: &'static str,
    view: PhantomData<&'a mut A>,
}

// SAFETY: a window hands out `&mut A` only to elements no other window can reach (see
// the module docs), so moving it to another thread moves exclusive access to those
// elements: sound when `A: Send`, as for `&mut [A]`.
#[allow(unsafe_code)]
unsafe impl<A: Send> Send for TriangleWindow<'_, A> {}
// SAFETY: `&TriangleWindow` hands out only `&A`: sound to share when `A: Sync`.
#[allow(unsafe_code)]
unsafe impl<A: Sync> Sync for TriangleWindow<'_, A> {}

impl<'a, A> TriangleWindow<'a, A> {
    /// A window owning every element of `view`, to be cut by owner; `name` is the
    /// array's name in panic messages.
    pub fn new(mut view: ArrayViewMut2<'a, A>, name: &'static str, owner: Owner) -> Self {
        let (rows, cols) = view.dim();
        let strides = view.strides();
        let strides = [strides[0], strides[1]];
        let ptr = NonNull::new(view.as_mut_ptr()).expect("an array's pointer is never null");
        TriangleWindow {
            ptr,
            dim: [rows, cols],
            strides,
            // Every owner is below the longer side.
            owners: 0..rows.max(cols),
            owner,
            name,
            view: PhantomData,
        }
    }

    /// The owners whose elements this window holds.
    pub fn owners(&self) -> Range<usize> {
        self.owners.clone()
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

    /// The whole array's number of elements.
    pub fn len(&self) -> usize {
        self.dim[0] * self.dim[1]
    }

    /// Whether the whole array has no elements.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The element's offset from `[0, 0]`, when `[r, c]` is inside the array; panics
    /// when this window does not own it.
    #[inline(always)]
    #[track_caller]
    fn offset(&self, [r, c]: [usize; 2]) -> Option<isize> {
        if r >= self.dim[0] || c >= self.dim[1] {
            return None;
        }
        let k = match self.owner {
            Owner::Min => r.min(c),
            Owner::Max => r.max(c),
        };
        if !self.owners.contains(&k) {
            not_owned(self.name, [r, c], k, &self.owners);
        }
        // In bounds, so each product and the sum stay within the view's allocation.
        Some(r as isize * self.strides[0] + c as isize * self.strides[1])
    }

    /// The element at `[r, c]`, `None` past the array.
    ///
    /// # Panics
    ///
    /// When another chunk owns the element.
    #[track_caller]
    pub fn get(&self, index: impl TriangleIndex) -> Option<&A> {
        let at = self.offset(index.pair())?;
        // SAFETY: `offset` checked the index is in the view and owned by this window, so
        // the pointer is to an element no other window reaches; `&self` keeps it shared.
        #[allow(unsafe_code)]
        Some(unsafe { &*self.ptr.as_ptr().offset(at) })
    }

    /// The element at `[r, c]`, `None` past the array.
    ///
    /// # Panics
    ///
    /// When another chunk owns the element.
    #[track_caller]
    pub fn get_mut(&mut self, index: impl TriangleIndex) -> Option<&mut A> {
        let at = self.offset(index.pair())?;
        // SAFETY: as in `get`; `&mut self` makes the reference unique.
        #[allow(unsafe_code)]
        Some(unsafe { &mut *self.ptr.as_ptr().offset(at) })
    }

    /// Swaps two elements.
    ///
    /// # Panics
    ///
    /// When either index is past the array or owned by another chunk.
    #[track_caller]
    pub fn swap<I: TriangleIndex>(&mut self, a: I, b: I) {
        let (a, b) = (a.pair(), b.pair());
        let pa = self
            .offset(a)
            .unwrap_or_else(|| past(self.name, a, self.dim));
        let pb = self
            .offset(b)
            .unwrap_or_else(|| past(self.name, b, self.dim));
        // SAFETY: both elements are in the view and owned by this window (checked by
        // `offset`); `ptr::swap` allows them to be the same element.
        #[allow(unsafe_code)]
        unsafe {
            std::ptr::swap(self.ptr.as_ptr().offset(pa), self.ptr.as_ptr().offset(pb));
        }
    }
}

/// An index into a [`TriangleWindow`]: `[usize; 2]` or `(usize, usize)`.
pub trait TriangleIndex: Copy {
    /// The index as `[row, column]`.
    fn pair(self) -> [usize; 2];
}

impl TriangleIndex for [usize; 2] {
    #[inline(always)]
    fn pair(self) -> [usize; 2] {
        self
    }
}

impl TriangleIndex for (usize, usize) {
    #[inline(always)]
    fn pair(self) -> [usize; 2] {
        [self.0, self.1]
    }
}

impl<A, I: TriangleIndex> Index<I> for TriangleWindow<'_, A> {
    type Output = A;
    #[inline(always)]
    #[track_caller]
    fn index(&self, index: I) -> &A {
        let i = index.pair();
        self.get(i).unwrap_or_else(|| past(self.name, i, self.dim))
    }
}

impl<A, I: TriangleIndex> IndexMut<I> for TriangleWindow<'_, A> {
    #[inline(always)]
    #[track_caller]
    fn index_mut(&mut self, index: I) -> &mut A {
        let i = index.pair();
        let (name, dim) = (self.name, self.dim);
        self.get_mut(i).unwrap_or_else(|| past(name, i, dim))
    }
}

impl<A: Send + Sync> Splittable for TriangleWindow<'_, A> {
    fn span(&self) -> Range<usize> {
        self.owners()
    }

    fn split_at(self, at: usize) -> (Self, Self) {
        let at = at.clamp(self.owners.start, self.owners.end);
        let below = TriangleWindow {
            owners: self.owners.start..at,
            ..self
        };
        let above = TriangleWindow {
            owners: at..self.owners.end,
            ..self
        };
        (below, above)
    }

    fn frame(self, _keep: Range<usize>) -> Self {
        panic!(
            "parfor: the triangular window of `{}` cannot be framed",
            self.name
        )
    }
}

impl<A> std::fmt::Debug for TriangleWindow<'_, A> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TriangleWindow")
            .field("name", &self.name)
            .field("dim", &self.dim)
            .field("owner", &self.owner)
            .field("owners", &self.owners)
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
fn not_owned(name: &str, index: [usize; 2], owner: usize, owners: &Range<usize>) -> ! {
    panic!(
        "parfor: index {index:?} of `{name}` belongs to iteration {owner}, outside this \
         chunk's iterations {}..{}: an iteration touched an element assigned to another chunk",
        owners.start, owners.end
    )
}

#[cfg(test)]
mod tests {
    use ndarray::{Array2, ShapeBuilder, s};

    use super::super::panic_text;
    use super::*;

    /// Every element is reachable from exactly the window holding its owner, in C and
    /// Fortran order, a transposed view and one with negative strides.
    #[test]
    fn each_element_belongs_to_one_window() {
        for owner in [Owner::Min, Owner::Max] {
            let mut c = Array2::<i64>::zeros((5, 7));
            let mut f = Array2::<i64>::zeros((5, 7).f());
            let mut t = Array2::<i64>::zeros((7, 5));
            let mut r = Array2::<i64>::zeros((5, 7));
            let views = [
                c.view_mut(),
                f.view_mut(),
                t.view_mut().reversed_axes(),
                r.slice_mut(s![..;-1, ..;-1]),
            ];
            for view in views {
                let whole = TriangleWindow::new(view, "a", owner);
                let (low, rest) = whole.split_at(2);
                let (mid, high) = rest.split_at(4);
                let mut windows = [low, mid, high];
                for r in 0..5 {
                    for c in 0..7 {
                        let k = match owner {
                            Owner::Min => r.min(c),
                            Owner::Max => r.max(c),
                        };
                        let w = windows
                            .iter()
                            .position(|w| w.owners().contains(&k))
                            .unwrap();
                        windows[w][[r, c]] += (10 * r + c) as i64 + 1;
                        for (other, win) in windows.iter().enumerate() {
                            if other != w {
                                let text = panic_text(|| {
                                    let _ = win.get([r, c]);
                                });
                                assert!(text.contains("another chunk"), "{text}");
                            }
                        }
                    }
                }
            }
            for a in [&c, &f, &r] {
                let r_ = if std::ptr::eq(a, &r) {
                    // Written through reversed axes: element [r, c] of the view is
                    // [4 - r, 6 - c] of the array.
                    Array2::from_shape_fn((5, 7), |(i, j)| (10 * (4 - i) + (6 - j)) as i64 + 1)
                } else {
                    Array2::from_shape_fn((5, 7), |(i, j)| (10 * i + j) as i64 + 1)
                };
                assert_eq!(*a, r_);
            }
            let want_t = Array2::from_shape_fn((7, 5), |(j, i)| (10 * i + j) as i64 + 1);
            assert_eq!(t, want_t);
        }
    }

    #[test]
    fn indices_past_the_array_panic_like_the_array() {
        let mut a = Array2::<f64>::zeros((3, 4));
        let mut w = TriangleWindow::new(a.view_mut(), "a", Owner::Min);
        assert_eq!(w.get([3, 0]), None);
        let text = panic_text(|| w[[0, 4]] = 1.0);
        assert_eq!(
            text,
            "parfor: index [0, 4] out of bounds for `a` of shape [3, 4]"
        );
    }

    #[test]
    fn swap_exchanges_owned_elements_and_refuses_others() {
        let mut a = Array2::from_shape_fn((4, 4), |(i, j)| (4 * i + j) as f64);
        let w = TriangleWindow::new(a.view_mut(), "a", Owner::Min);
        let (mut low, _high) = w.split_at(1);
        low.swap([0, 3], [3, 0]);
        low.swap((0, 0), (0, 0));
        let text = panic_text(|| low.swap([0, 1], [1, 2]));
        assert!(
            text.contains("index [1, 2] of `a` belongs to iteration 1"),
            "{text}"
        );
        assert_eq!((a[[0, 3]], a[[3, 0]]), (12.0, 3.0));
    }

    #[test]
    fn cuts_clamp_into_the_owners() {
        let mut a = Array2::<u8>::zeros((3, 2));
        let w = TriangleWindow::new(a.view_mut(), "a", Owner::Max);
        assert_eq!(w.owners(), 0..3);
        let (low, high) = w.split_at(9);
        assert_eq!((low.owners(), high.owners()), (0..3, 3..3));
        let (none, all) = low.split_at(0);
        assert_eq!((none.owners(), all.owners()), (0..0, 0..3));
        assert_eq!(
            (all.dim(), all.nrows(), all.ncols(), all.len()),
            ((3, 2), 3, 2, 6)
        );
    }
}
