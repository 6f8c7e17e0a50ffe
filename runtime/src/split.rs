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
//! Where a group of chunks starts is computed from the loop itself: the macro passes a
//! closure giving, for a value of the loop variable, the lowest index along the split
//! axis that iteration touches. Windows are cut at those points, so they partition the
//! axis by construction.
#![forbid(unsafe_code)]

use std::ops::{Index, IndexMut, Range};

use ndarray::{
    ArrayBase, ArrayView, ArrayViewMut, Axis, DataMut, Dimension, NdIndex, RemoveAxis, SliceArg,
    SliceInfo, SliceInfoElem,
};

use crate::range::{Int, Span, Stride};

#[cold]
#[inline(never)]
#[track_caller]
fn outside(name: &str, index: usize, window: Range<usize>, axis: usize) -> ! {
    panic!(
        "parfor: index {index} of `{name}` (axis {axis}) is outside this chunk's window \
         {}..{}: an iteration touched an element assigned to another chunk",
        window.start, window.end
    )
}

/// A chunk's window of a `Vec<T>` or `&mut [T]`, indexed with absolute indices.
#[derive(Debug)]
pub struct SliceWindow<'a, T> {
    data: &'a mut [T],
    offset: usize,
    full_len: usize,
    name: &'static str,
}

impl<'a, T> SliceWindow<'a, T> {
    /// A window covering the whole slice.
    pub fn new(data: &'a mut [T], name: &'static str) -> Self {
        let full_len = data.len();
        SliceWindow {
            data,
            offset: 0,
            full_len,
            name,
        }
    }

    /// Length of the whole array (not of the window), as the loop body expects.
    pub fn len(&self) -> usize {
        self.full_len
    }

    /// Whether the whole array is empty.
    pub fn is_empty(&self) -> bool {
        self.full_len == 0
    }

    /// Absolute indices this window holds.
    pub fn window(&self) -> Range<usize> {
        self.offset..self.offset + self.data.len()
    }

    #[inline(always)]
    #[track_caller]
    fn local(&self, index: usize) -> usize {
        let local = index.wrapping_sub(self.offset);
        if local >= self.data.len() {
            outside(self.name, index, self.window(), 0);
        }
        local
    }

    #[track_caller]
    fn local_range(&self, r: Range<usize>) -> Range<usize> {
        let w = self.window();
        if r.start < w.start || r.end > w.end || r.start > r.end {
            let bad = if r.start < w.start || r.start > r.end {
                r.start
            } else {
                r.end - 1
            };
            outside(self.name, bad, w, 0);
        }
        r.start - self.offset..r.end - self.offset
    }
}

impl<T> SliceWindow<'_, T> {
    /// The element at absolute `index`, or `None` past the end of the whole array.
    ///
    /// # Panics
    ///
    /// If `index` is inside the array but outside this chunk's window.
    #[track_caller]
    pub fn get(&self, index: usize) -> Option<&T> {
        (index < self.full_len).then(|| &self[index])
    }

    /// Swaps two elements, both given as absolute indices in this window.
    #[track_caller]
    pub fn swap(&mut self, a: usize, b: usize) {
        let (a, b) = (self.local(a), self.local(b));
        self.data.swap(a, b);
    }
}

impl<T> Index<usize> for SliceWindow<'_, T> {
    type Output = T;
    #[inline(always)]
    #[track_caller]
    fn index(&self, index: usize) -> &T {
        let k = self.local(index);
        &self.data[k]
    }
}

impl<T> IndexMut<usize> for SliceWindow<'_, T> {
    #[inline(always)]
    #[track_caller]
    fn index_mut(&mut self, index: usize) -> &mut T {
        let k = self.local(index);
        &mut self.data[k]
    }
}

impl<T> Index<Range<usize>> for SliceWindow<'_, T> {
    type Output = [T];
    #[track_caller]
    fn index(&self, r: Range<usize>) -> &[T] {
        let r = self.local_range(r);
        &self.data[r]
    }
}

impl<T> IndexMut<Range<usize>> for SliceWindow<'_, T> {
    #[track_caller]
    fn index_mut(&mut self, r: Range<usize>) -> &mut [T] {
        let r = self.local_range(r);
        &mut self.data[r]
    }
}

/// A chunk's window of an ndarray array, split along axis `AXIS`, indexed with absolute
/// indices.
///
/// The axis is a constant so that rebasing an index touches a fixed position, which
/// keeps the index arithmetic in registers in the loop body's hot path.
#[derive(Debug)]
pub struct ArrayWindow<'a, A, D: Dimension, const AXIS: usize> {
    view: ArrayViewMut<'a, A, D>,
    offset: usize,
    full_dim: D,
    name: &'static str,
}

/// An index into an [`ArrayWindow`]: `usize` (1-D), `[usize; N]` or a tuple.
pub trait WindowIndex<D: Dimension>: Copy {
    /// The same index with position `AXIS` shifted down by `offset`, or the absolute
    /// index on that axis when it falls outside `0..len` after the shift.
    fn rebase<const AXIS: usize>(self, offset: usize, len: usize) -> Result<Self, usize>;
}

#[inline(always)]
fn rebase_one(v: usize, offset: usize, len: usize) -> Result<usize, usize> {
    let local = v.wrapping_sub(offset);
    if local < len { Ok(local) } else { Err(v) }
}

impl<D: Dimension> WindowIndex<D> for usize
where
    usize: NdIndex<D>,
{
    #[inline(always)]
    fn rebase<const AXIS: usize>(self, offset: usize, len: usize) -> Result<Self, usize> {
        debug_assert_eq!(AXIS, 0);
        rebase_one(self, offset, len)
    }
}

impl<D: Dimension, const N: usize> WindowIndex<D> for [usize; N]
where
    [usize; N]: NdIndex<D>,
{
    #[inline(always)]
    fn rebase<const AXIS: usize>(mut self, offset: usize, len: usize) -> Result<Self, usize> {
        self[AXIS] = rebase_one(self[AXIS], offset, len)?;
        Ok(self)
    }
}

macro_rules! tuple_index {
    ($($n:literal => ($($f:tt)*)),*) => {$(
        impl<D: Dimension> WindowIndex<D> for ($(tuple_index!(@u $f),)*)
        where
            Self: NdIndex<D>,
        {
            #[inline(always)]
            fn rebase<const AXIS: usize>(self, offset: usize, len: usize) -> Result<Self, usize> {
                let mut a: [usize; $n] = [$(self.$f),*];
                a[AXIS] = rebase_one(a[AXIS], offset, len)?;
                let _ = &mut a;
                Ok(($(a[$f],)*))
            }
        }
    )*};
    (@u $f:tt) => { usize };
}
tuple_index!(2 => (0 1), 3 => (0 1 2), 4 => (0 1 2 3), 5 => (0 1 2 3 4), 6 => (0 1 2 3 4 5));

impl<'a, A, D: Dimension, const AXIS: usize> ArrayWindow<'a, A, D, AXIS> {
    /// A window covering the whole view, to be split along `AXIS`.
    ///
    /// # Panics
    ///
    /// If the array has no such axis.
    pub fn new(view: ArrayViewMut<'a, A, D>, name: &'static str) -> Self {
        assert!(
            AXIS < view.ndim(),
            "parfor: `{name}` has {} dimensions, cannot split it along axis {AXIS}",
            view.ndim()
        );
        let full_dim = view.raw_dim();
        ArrayWindow {
            view,
            offset: 0,
            full_dim,
            name,
        }
    }

    /// Absolute indices this window holds along its split axis.
    pub fn window(&self) -> Range<usize> {
        self.offset..self.offset + self.view.len_of(Axis(AXIS))
    }

    /// The shape of the whole array (not of the window).
    pub fn shape(&self) -> &[usize] {
        self.full_dim.slice()
    }

    /// The shape of the whole array as a pattern, like ndarray's `dim`.
    pub fn dim(&self) -> D::Pattern {
        self.full_dim.clone().into_pattern()
    }

    /// The shape of the whole array, like ndarray's `raw_dim`.
    pub fn raw_dim(&self) -> D {
        self.full_dim.clone()
    }

    /// Number of elements of the whole array.
    pub fn len(&self) -> usize {
        self.full_dim.size()
    }

    /// Whether the whole array has no element.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Length of the whole array along `axis`.
    pub fn len_of(&self, axis: Axis) -> usize {
        self.full_dim[axis.index()]
    }

    /// Number of dimensions.
    pub fn ndim(&self) -> usize {
        self.full_dim.ndim()
    }

    #[inline(always)]
    #[track_caller]
    fn local<I: WindowIndex<D>>(&self, index: I) -> I {
        let len = self.view.len_of(Axis(AXIS));
        match index.rebase::<AXIS>(self.offset, len) {
            Ok(local) => local,
            Err(abs) => outside(self.name, abs, self.window(), AXIS),
        }
    }

    #[track_caller]
    fn local_on(&self, axis: Axis, index: usize) -> usize {
        if axis.index() != AXIS {
            panic!(
                "parfor: `{}` is split along axis {}, so a chunk cannot take a whole \
                 subview along axis {}",
                self.name,
                AXIS,
                axis.index()
            );
        }
        match rebase_one(index, self.offset, self.view.len_of(axis)) {
            Ok(local) => local,
            Err(abs) => outside(self.name, abs, self.window(), AXIS),
        }
    }

    /// The element at an absolute index, or `None` outside the whole array.
    ///
    /// # Panics
    ///
    /// If the index is inside the array but outside this chunk's window.
    #[track_caller]
    pub fn get<I: WindowIndex<D> + NdIndex<D>>(&self, index: I) -> Option<&A> {
        let len = self.view.len_of(Axis(AXIS));
        match index.rebase::<AXIS>(self.offset, len) {
            Ok(local) => self.view.get(local),
            Err(abs) if abs >= self.full_dim[AXIS] => None,
            Err(abs) => outside(self.name, abs, self.window(), AXIS),
        }
    }

    /// Swaps two elements, both given as absolute indices in this window.
    #[track_caller]
    pub fn swap<I: WindowIndex<D> + NdIndex<D>>(&mut self, a: I, b: I) {
        let (a, b) = (self.local(a), self.local(b));
        self.view.swap(a, b);
    }

    /// The subview at absolute `index` along `axis`, which must be the split axis.
    #[track_caller]
    pub fn index_axis_mut(&mut self, axis: Axis, index: usize) -> ArrayViewMut<'_, A, D::Smaller>
    where
        D: RemoveAxis,
    {
        let local = self.local_on(axis, index);
        self.view.index_axis_mut(axis, local)
    }

    /// Read-only [`index_axis_mut`](Self::index_axis_mut).
    #[track_caller]
    pub fn index_axis(&self, axis: Axis, index: usize) -> ArrayView<'_, A, D::Smaller>
    where
        D: RemoveAxis,
    {
        let local = self.local_on(axis, index);
        self.view.index_axis(axis, local)
    }

    /// Slices the window with absolute indices on the split axis, like ndarray's
    /// `slice_mut(s![..])`.
    #[track_caller]
    pub fn slice_mut<I>(&mut self, info: I) -> ArrayViewMut<'_, A, I::OutDim>
    where
        I: SliceArg<D>,
        SliceInfo<Vec<SliceInfoElem>, D, I::OutDim>: SliceArg<D, OutDim = I::OutDim>,
    {
        let info = self.rebase_slice::<I::OutDim>(info.as_ref());
        self.view.slice_mut(info)
    }

    /// Read-only [`slice_mut`](Self::slice_mut).
    #[track_caller]
    pub fn slice<I>(&self, info: I) -> ArrayView<'_, A, I::OutDim>
    where
        I: SliceArg<D>,
        SliceInfo<Vec<SliceInfoElem>, D, I::OutDim>: SliceArg<D, OutDim = I::OutDim>,
    {
        let info = self.rebase_slice::<I::OutDim>(info.as_ref());
        self.view.slice(info)
    }

    #[track_caller]
    fn rebase_slice<Do: Dimension>(
        &self,
        elems: &[SliceInfoElem],
    ) -> SliceInfo<Vec<SliceInfoElem>, D, Do> {
        let full = self.full_dim[AXIS];
        let window = self.window();
        // Negative indices count from the end of the whole axis, as in ndarray.
        let absolute = |v: isize| {
            if v < 0 {
                (full as isize + v).max(0) as usize
            } else {
                v as usize
            }
        };
        let mut out = elems.to_vec();
        let mut in_axis = 0;
        for elem in &mut out {
            match *elem {
                SliceInfoElem::NewAxis => continue,
                _ if in_axis != AXIS => {}
                SliceInfoElem::Index(v) => {
                    let abs = absolute(v);
                    if !window.contains(&abs) {
                        outside(self.name, abs, window.clone(), AXIS);
                    }
                    *elem = SliceInfoElem::Index((abs - self.offset) as isize);
                }
                SliceInfoElem::Slice { start, end, step } => {
                    let lo = absolute(start);
                    let hi = end.map_or(full, absolute).max(lo);
                    if lo < window.start || hi > window.end {
                        let bad = if lo < window.start { lo } else { hi - 1 };
                        outside(self.name, bad, window.clone(), AXIS);
                    }
                    *elem = SliceInfoElem::Slice {
                        start: (lo - self.offset) as isize,
                        end: Some((hi - self.offset) as isize),
                        step,
                    };
                }
            }
            in_axis += 1;
        }
        SliceInfo::try_from(out)
            .unwrap_or_else(|e| panic!("parfor: invalid slice of `{}`: {e}", self.name))
    }
}

impl<'a, A, const AXIS: usize> ArrayWindow<'a, A, ndarray::Ix2, AXIS> {
    /// Row `i` (absolute) of a 2-D array split along axis 0.
    #[track_caller]
    pub fn row_mut(&mut self, i: usize) -> ArrayViewMut<'_, A, ndarray::Ix1> {
        self.index_axis_mut(Axis(0), i)
    }
    /// Column `j` (absolute) of a 2-D array split along axis 1.
    #[track_caller]
    pub fn column_mut(&mut self, j: usize) -> ArrayViewMut<'_, A, ndarray::Ix1> {
        self.index_axis_mut(Axis(1), j)
    }
    /// Read-only [`row_mut`](Self::row_mut).
    #[track_caller]
    pub fn row(&self, i: usize) -> ArrayView<'_, A, ndarray::Ix1> {
        self.index_axis(Axis(0), i)
    }
    /// Read-only [`column_mut`](Self::column_mut).
    #[track_caller]
    pub fn column(&self, j: usize) -> ArrayView<'_, A, ndarray::Ix1> {
        self.index_axis(Axis(1), j)
    }
    /// Number of rows of the whole array.
    pub fn nrows(&self) -> usize {
        self.full_dim[0]
    }
    /// Number of columns of the whole array.
    pub fn ncols(&self) -> usize {
        self.full_dim[1]
    }
}

impl<A, D: Dimension, I: WindowIndex<D>, const AXIS: usize> Index<I> for ArrayWindow<'_, A, D, AXIS>
where
    I: NdIndex<D>,
{
    type Output = A;
    #[inline(always)]
    #[track_caller]
    fn index(&self, index: I) -> &A {
        let local = self.local(index);
        &self.view[local]
    }
}

impl<A, D: Dimension, I: WindowIndex<D>, const AXIS: usize> IndexMut<I>
    for ArrayWindow<'_, A, D, AXIS>
where
    I: NdIndex<D>,
{
    #[inline(always)]
    #[track_caller]
    fn index_mut(&mut self, index: I) -> &mut A {
        let local = self.local(index);
        &mut self.view[local]
    }
}

/// A window that can be cut in two at an absolute index along its split axis.
pub trait Splittable: Sized + Send {
    /// Absolute indices this window holds along its split axis.
    fn span(&self) -> Range<usize>;
    /// Cuts at absolute index `at`, clamped into the window: `(below, from at on)`.
    fn split_at(self, at: usize) -> (Self, Self);
}

impl<T: Send> Splittable for SliceWindow<'_, T> {
    fn span(&self) -> Range<usize> {
        self.window()
    }
    fn split_at(self, at: usize) -> (Self, Self) {
        let w = self.window();
        let mid = at.clamp(w.start, w.end) - w.start;
        let (lo, hi) = self.data.split_at_mut(mid);
        let (full_len, name) = (self.full_len, self.name);
        (
            SliceWindow {
                data: lo,
                offset: w.start,
                full_len,
                name,
            },
            SliceWindow {
                data: hi,
                offset: w.start + mid,
                full_len,
                name,
            },
        )
    }
}

impl<A: Send, D: Dimension, const AXIS: usize> Splittable for ArrayWindow<'_, A, D, AXIS> {
    fn span(&self) -> Range<usize> {
        self.window()
    }
    fn split_at(self, at: usize) -> (Self, Self) {
        let w = self.window();
        let mid = at.clamp(w.start, w.end) - w.start;
        let ArrayWindow {
            view,
            offset,
            full_dim,
            name,
        } = self;
        let (lo, hi) = view.split_at(Axis(AXIS), mid);
        (
            ArrayWindow {
                view: lo,
                offset,
                full_dim: full_dim.clone(),
                name,
            },
            ArrayWindow {
                view: hi,
                offset: offset + mid,
                full_dim,
                name,
            },
        )
    }
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

impl<T: Send> Source for [T] {
    type Window<'a, const AXIS: usize>
        = SliceWindow<'a, T>
    where
        T: 'a;
    fn __parfor_window<const AXIS: usize>(&mut self, name: &'static str) -> SliceWindow<'_, T> {
        assert_eq!(
            AXIS, 0,
            "parfor: `{name}` is one-dimensional, cannot split it along axis {AXIS}"
        );
        SliceWindow::new(self, name)
    }
}

impl<T: Send> Source for Vec<T> {
    type Window<'a, const AXIS: usize>
        = SliceWindow<'a, T>
    where
        T: 'a;
    fn __parfor_window<const AXIS: usize>(&mut self, name: &'static str) -> SliceWindow<'_, T> {
        self.as_mut_slice().__parfor_window::<AXIS>(name)
    }
}

impl<A: Send, S: DataMut<Elem = A>, D: Dimension> Source for ArrayBase<S, D> {
    type Window<'a, const AXIS: usize>
        = ArrayWindow<'a, A, D, AXIS>
    where
        Self: 'a;
    fn __parfor_window<const AXIS: usize>(
        &mut self,
        name: &'static str,
    ) -> ArrayWindow<'_, A, D, AXIS> {
        ArrayWindow::new(self.view_mut(), name)
    }
}

/// A window boundary computed in `i128` (so negative strides and offsets cannot
/// overflow), clamped into `usize`: windows are clamped to the array anyway.
#[inline]
pub fn clamp_index(v: i128) -> usize {
    v.clamp(0, usize::MAX as i128) as usize
}

/// A window together with the closure that gives, for a value of the loop variable,
/// the lowest index along the split axis that iteration touches.
pub struct Bounded<W, F> {
    /// The window the loop body indexes.
    pub win: W,
    low: F,
}

impl<W, F> Bounded<W, F> {
    /// Pairs `win` with `low`; `span` only fixes the loop variable's type.
    pub fn new<T: Int, S: Stride>(_span: &Span<T, S>, win: W, low: F) -> Self
    where
        F: Fn(T) -> usize,
    {
        Bounded { win, low }
    }
}

/// Where the leaves (fixed-size chunks) of a loop start.
#[derive(Clone, Copy, Debug)]
pub struct Leaves<'s, T, S> {
    /// The loop's iteration space.
    pub span: &'s Span<T, S>,
    /// Iterations per leaf.
    pub leaf: usize,
    /// Number of leaves.
    pub count: usize,
}

impl<T: Int, S: Stride> Leaves<'_, T, S> {
    /// Iterations of leaf `k`.
    pub fn iterations(&self, k: usize) -> Range<usize> {
        let start = k * self.leaf;
        start..(start + self.leaf).min(self.span.len())
    }
}

/// The windows of all arrays a loop writes, as nested pairs `(Bounded, (Bounded, ()))`.
pub trait Group<T, S>: Send + Sized {
    /// Cuts every window between leaf `k - 1` and leaf `k`: `(leaves < k, leaves >= k)`.
    fn split(self, leaves: &Leaves<'_, T, S>, k: usize) -> (Self, Self);
}

impl<T, S> Group<T, S> for () {
    fn split(self, _: &Leaves<'_, T, S>, _: usize) -> ((), ()) {
        ((), ())
    }
}

impl<T, S, W, F, Rest> Group<T, S> for (Bounded<W, F>, Rest)
where
    T: Int,
    S: Stride,
    W: Splittable,
    F: Fn(T) -> usize + Copy + Send,
    Rest: Group<T, S>,
{
    fn split(self, leaves: &Leaves<'_, T, S>, k: usize) -> (Self, Self) {
        let (Bounded { win, low }, rest) = self;
        let lowest = |leaf: usize| {
            let its = leaves.iterations(leaf);
            low(leaves.span.at(its.start)).min(low(leaves.span.at(its.end - 1)))
        };
        let ascending = lowest(0) <= lowest(leaves.count - 1);
        let (left, right) = if ascending {
            win.split_at(lowest(k))
        } else {
            // Later leaves touch lower indices: what lies from leaf k-1's lowest index
            // up belongs to the leaves before k.
            let (below, above) = win.split_at(lowest(k - 1));
            (above, below)
        };
        let (rest_left, rest_right) = rest.split(leaves, k);
        (
            (Bounded { win: left, low }, rest_left),
            (Bounded { win: right, low }, rest_right),
        )
    }
}
