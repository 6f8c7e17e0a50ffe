//! [`CheckedWindow`]: a 2-D array shared between chunks by a [`Rule`] that no safe
//! split expresses, checked on every access: by triangles ([`Owner`](super::Owner)) or
//! along one written line ([`Line`](super::Line)).
//!
//! # Soundness
//!
//! A window is made only from an [`ArrayViewMut2`], whose borrow it keeps for `'a`, and
//! is cut only by [`Splittable::split_at`], which gives the halves disjoint ranges and
//! the same rule. Every access checks, before the pointer is touched, that the index is
//! inside the view and that the rule allows it to a window holding this range; each
//! rule guarantees that an element one window may write no other window may reach, and
//! that the elements several windows may read no window may write (see its docs). The
//! elements of a mutable view are distinct memory (ndarray never makes a mutable view
//! with overlapping elements), so distinct indices are distinct elements. Within one
//! window, `&self`/`&mut self` give the usual borrow rules.

use std::marker::PhantomData;
use std::ops::{Index, IndexMut, Range};
use std::ptr::NonNull;

use ndarray::ArrayViewMut2;

use super::source::Splittable;

/// Which accesses a [`CheckedWindow`] holding a range of positions allows.
///
/// Implementations must make every element writable through at most one of any set of
/// disjoint ranges, and not writable through any range when it is readable through
/// more than one: the window's soundness rests on that.
pub trait Rule: Copy + std::fmt::Debug {
    /// What the windows of this rule are called in panic messages ("triangular").
    const KIND: &'static str;
    /// The range of a window over a whole array of shape `dim`.
    fn whole(&self, dim: [usize; 2]) -> Range<usize>;
    /// Panics, naming `name` and `index`, unless a window holding `range` may access
    /// `index` (mutably when `write`); `index` is inside the array.
    fn check(&self, name: &str, index: [usize; 2], write: bool, range: &Range<usize>);
}

/// An index into a [`CheckedWindow`]: `[usize; 2]` or `(usize, usize)`.
pub trait Index2: Copy {
    /// The index as `[row, column]`.
    fn pair(self) -> [usize; 2];
}

impl Index2 for [usize; 2] {
    #[inline(always)]
    fn pair(self) -> [usize; 2] {
        self
    }
}

impl Index2 for (usize, usize) {
    #[inline(always)]
    fn pair(self) -> [usize; 2] {
        [self.0, self.1]
    }
}

/// A chunk's share of a 2-D array, by rule `R`: what an array written by triangles or
/// along one line is inside a `#[parallel]` loop body.
///
/// Indexing with `[usize; 2]` or `(usize, usize)`, `get`, `get_mut` and `swap` take the
/// array's own indices; `dim`, `shape`, `nrows`, `ncols` and `len` describe the whole
/// array. [`range`](Self::range) is what the window holds, in the rule's terms.
///
/// # Panics
///
/// An index past the array panics as the sequential loop would, naming the array and
/// its shape; an access the rule does not allow panics naming the array and the index.
pub struct CheckedWindow<'a, A, R> {
    /// Element `[0, 0]` of the view.
    ptr: NonNull<A>,
    dim: [usize; 2],
    strides: [isize; 2],
    rule: R,
    range: Range<usize>,
    name: &'static str,
    view: PhantomData<&'a mut A>,
}

// SAFETY: the window hands out `&mut A` only to elements no other window can reach, and
// `&A` to them or to elements no window can write (the rule's contract): moving it to
// another thread is sound when `A` may be sent and shared, as for `&mut [A]` beside
// `&[A]`.
#[allow(unsafe_code)]
unsafe impl<A: Send + Sync, R: Send> Send for CheckedWindow<'_, A, R> {}
// SAFETY: `&CheckedWindow` hands out only `&A`.
#[allow(unsafe_code)]
unsafe impl<A: Sync, R: Sync> Sync for CheckedWindow<'_, A, R> {}

impl<'a, A, R: Rule> CheckedWindow<'a, A, R> {
    /// A window over all of `view`, shared by `rule`; `name` is the array's name in
    /// panic messages.
    pub fn new(mut view: ArrayViewMut2<'a, A>, name: &'static str, rule: R) -> Self {
        let (rows, cols) = view.dim();
        let strides = view.strides();
        let strides = [strides[0], strides[1]];
        let ptr = NonNull::new(view.as_mut_ptr()).expect("an array's pointer is never null");
        CheckedWindow {
            ptr,
            dim: [rows, cols],
            strides,
            range: rule.whole([rows, cols]),
            rule,
            name,
            view: PhantomData,
        }
    }

    /// What this window holds, in its rule's terms: the owning iterations of a
    /// triangular window, the positions along the written line of a line window.
    pub fn range(&self) -> Range<usize> {
        self.range.clone()
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

    /// The element's offset from `[0, 0]`, `None` past the array; panics for an access
    /// the rule does not allow.
    #[inline(always)]
    #[track_caller]
    fn offset(&self, [r, c]: [usize; 2], write: bool) -> Option<isize> {
        if r >= self.dim[0] || c >= self.dim[1] {
            return None;
        }
        self.rule.check(self.name, [r, c], write, &self.range);
        // In bounds, so each product and the sum stay within the view's allocation.
        Some(r as isize * self.strides[0] + c as isize * self.strides[1])
    }

    /// The element at `[r, c]`, `None` past the array.
    ///
    /// # Panics
    ///
    /// When the rule does not allow this window to read it.
    #[inline(always)]
    #[track_caller]
    pub fn get(&self, index: impl Index2) -> Option<&A> {
        let at = self.offset(index.pair(), false)?;
        // SAFETY: in the view, and readable by this window (checked): no other window
        // may write it; `&self` keeps the reference shared.
        #[allow(unsafe_code)]
        Some(unsafe { &*self.ptr.as_ptr().offset(at) })
    }

    /// The element at `[r, c]`, `None` past the array.
    ///
    /// # Panics
    ///
    /// When the rule does not allow this window to write it.
    #[inline(always)]
    #[track_caller]
    pub fn get_mut(&mut self, index: impl Index2) -> Option<&mut A> {
        let at = self.offset(index.pair(), true)?;
        // SAFETY: in the view, and writable by this window (checked): no other window
        // reaches it; `&mut self` makes the reference unique.
        #[allow(unsafe_code)]
        Some(unsafe { &mut *self.ptr.as_ptr().offset(at) })
    }

    /// Swaps two elements.
    ///
    /// # Panics
    ///
    /// When either index is past the array or not writable by this window.
    #[track_caller]
    pub fn swap<I: Index2>(&mut self, a: I, b: I) {
        let (a, b) = (a.pair(), b.pair());
        let pa = self
            .offset(a, true)
            .unwrap_or_else(|| past(self.name, a, self.dim));
        let pb = self
            .offset(b, true)
            .unwrap_or_else(|| past(self.name, b, self.dim));
        // SAFETY: both elements are in the view and writable by this window (checked by
        // `offset`); `ptr::swap` allows them to be the same element.
        #[allow(unsafe_code)]
        unsafe {
            std::ptr::swap(self.ptr.as_ptr().offset(pa), self.ptr.as_ptr().offset(pb));
        }
    }
}

impl<A, R: Rule, I: Index2> Index<I> for CheckedWindow<'_, A, R> {
    type Output = A;
    #[inline(always)]
    #[track_caller]
    fn index(&self, index: I) -> &A {
        let i = index.pair();
        self.get(i).unwrap_or_else(|| past(self.name, i, self.dim))
    }
}

impl<A, R: Rule, I: Index2> IndexMut<I> for CheckedWindow<'_, A, R> {
    #[inline(always)]
    #[track_caller]
    fn index_mut(&mut self, index: I) -> &mut A {
        let i = index.pair();
        let (name, dim) = (self.name, self.dim);
        self.get_mut(i).unwrap_or_else(|| past(name, i, dim))
    }
}

impl<A: Send + Sync, R: Rule + Send> Splittable for CheckedWindow<'_, A, R> {
    fn span(&self) -> Range<usize> {
        self.range()
    }

    fn split_at(self, at: usize) -> (Self, Self) {
        let at = at.clamp(self.range.start, self.range.end);
        let below = CheckedWindow {
            range: self.range.start..at,
            ..self
        };
        let above = CheckedWindow {
            range: at..self.range.end,
            ..self
        };
        (below, above)
    }

    fn frame(self, _keep: Range<usize>) -> Self {
        panic!(
            "parfor: the {} window of `{}` cannot be framed",
            R::KIND,
            self.name
        )
    }
}

impl<A, R: std::fmt::Debug> std::fmt::Debug for CheckedWindow<'_, A, R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CheckedWindow")
            .field("name", &self.name)
            .field("dim", &self.dim)
            .field("rule", &self.rule)
            .field("range", &self.range)
            .finish_non_exhaustive()
    }
}

#[cold]
#[inline(never)]
#[track_caller]
fn past(name: &str, index: [usize; 2], dim: [usize; 2]) -> ! {
    panic!("parfor: index {index:?} out of bounds for `{name}` of shape {dim:?}")
}
