//! [`ArrayWindow`]: the window of an ndarray array, split along one axis.

use std::ops::{Index, IndexMut, Range};

use ndarray::{
    ArrayBase, ArrayView, ArrayViewMut, Axis, DataMut, Dimension, NdIndex, RemoveAxis, SliceArg,
    SliceInfo, SliceInfoElem,
};

use super::row::{Flat, RowSlice, RowSliceMut};
use super::source::{Source, Splittable, outside};

/// A chunk's window of an ndarray array, split along axis `AXIS`, indexed with absolute
/// indices.
///
/// What a split ndarray array (or view) is inside a `#[parallel]` loop body: indexing
/// with `usize`, `[usize; N]` or tuples, `get`, `swap`, `index_axis(_mut)`,
/// `slice(_mut)`, `row(_mut)` / `column(_mut)` take absolute indices, and `shape`, `dim`,
/// `len_of`, `nrows` ... describe the whole array. The window owns indices
/// [`window`](Self::window) along axis `AXIS` and all of the other axes.
///
/// The axis is a constant so that rebasing an index touches a fixed position, which
/// keeps the index arithmetic in registers in the loop body's hot path.
///
/// # Panics
///
/// An index, slice or subview outside the window along `AXIS` panics with a message
/// naming the array, the index and the axis; so does a whole subview along another axis
/// (`index_axis_mut(Axis(k), ..)` with `k != AXIS`), which other chunks share.
///
/// # Examples
///
/// ```
/// use ndarray::{Array2, Axis, s};
/// use parfor_runtime::window::ArrayWindow;
///
/// let mut a = Array2::<f64>::zeros((3, 4));
/// let mut w = ArrayWindow::<_, _, 0>::new(a.view_mut(), "a"); // split along rows
/// w[[1, 2]] = 5.0;
/// w.row_mut(2).fill(1.0);
/// assert_eq!((w.dim(), w.window()), ((3, 4), 0..3));
/// assert_eq!(w.slice(s![1, ..]).sum(), 5.0);
/// assert_eq!(w.index_axis(Axis(0), 2).sum(), 4.0);
/// ```
#[derive(Debug)]
pub struct ArrayWindow<'a, A, D: Dimension, const AXIS: usize> {
    view: ArrayViewMut<'a, A, D>,
    offset: usize,
    full_dim: D,
    name: &'static str,
}

/// An index into an [`ArrayWindow`]: `usize` (1-D), `[usize; N]` or a tuple.
pub trait WindowIndex<D: Dimension>: Copy + std::fmt::Debug {
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
    /// A window covering the whole view, to be split along `AXIS`; `name` is the array's
    /// name in panic messages.
    ///
    /// The generated code makes the windows of a loop; this is for code (and tests) that
    /// handles one by hand.
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
            Err(abs) => outside(
                self.name,
                abs,
                self.window(),
                Some(AXIS),
                self.full_dim[AXIS],
            ),
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
            Err(abs) => outside(
                self.name,
                abs,
                self.window(),
                Some(AXIS),
                self.full_dim[AXIS],
            ),
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
            Err(abs) => outside(
                self.name,
                abs,
                self.window(),
                Some(AXIS),
                self.full_dim[AXIS],
            ),
        }
    }

    /// Swaps two elements, both given as absolute indices in this window.
    #[track_caller]
    pub fn swap<I: WindowIndex<D> + NdIndex<D>>(&mut self, a: I, b: I) {
        let (a, b) = (self.local(a), self.local(b));
        self.view.swap(a, b);
    }

    /// The subview at absolute `index` along `axis`, which must be the split axis.
    ///
    /// # Panics
    ///
    /// If `axis` is not the split axis, or `index` is outside the window.
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
    /// `slice_mut(s![..])`; negative indices count from the end of the whole axis.
    ///
    /// # Panics
    ///
    /// If the slice reaches outside the window along the split axis, or is invalid for
    /// the array (as ndarray's would be).
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
                        outside(self.name, abs, window.clone(), Some(AXIS), full);
                    }
                    *elem = SliceInfoElem::Index((abs - self.offset) as isize);
                }
                SliceInfoElem::Slice { start, end, step } => {
                    let lo = absolute(start);
                    let hi = end.map_or(full, absolute).max(lo);
                    if lo < window.start || hi > window.end {
                        let bad = if lo < window.start { lo } else { hi - 1 };
                        outside(self.name, bad, window.clone(), Some(AXIS), full);
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

/// An index inside the window on the split axis but past the array on another: what
/// the sequential loop reports, with the whole array's shape.
#[cold]
#[inline(never)]
#[track_caller]
fn past_the_array(name: &str, index: impl std::fmt::Debug, shape: &[usize]) -> ! {
    panic!("parfor: index {index:?} out of bounds for `{name}` of shape {shape:?}")
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
        match self.view.get(local) {
            Some(a) => a,
            None => past_the_array(self.name, index, self.full_dim.slice()),
        }
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
        match self.view.get_mut(local) {
            Some(a) => a,
            None => past_the_array(self.name, index, self.full_dim.slice()),
        }
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

impl<A, D: Dimension, const AXIS: usize> ArrayWindow<'_, A, D, AXIS> {
    /// The run's indices local to the window: `None` where the split axis falls
    /// outside it.
    #[inline]
    fn local_run<const N: usize>(
        &self,
        mut outer: [Option<usize>; N],
        mut start: Option<usize>,
    ) -> ([Option<usize>; N], Option<usize>) {
        let rebase = |v: Option<usize>| v.and_then(|v| v.checked_sub(self.offset));
        if AXIS < N {
            outer[AXIS] = rebase(outer[AXIS]);
        } else {
            start = rebase(start);
        }
        (outer, start)
    }
}

impl<A, D: Dimension, const AXIS: usize> RowSlice for ArrayWindow<'_, A, D, AXIS> {
    type Elem = A;
    /// Never serves a row: a window's rows need its absolute indices rebased.
    fn __parfor_flat(&self) -> Flat<'_, A> {
        Flat::of(None, &[], &[])
    }
    /// Absolute indices, as the window's indexing: `None` outside the window.
    #[inline]
    fn __parfor_row<const N: usize>(
        &self,
        outer: [Option<usize>; N],
        start: Option<usize>,
        len: usize,
    ) -> Option<&[A]> {
        let (outer, start) = self.local_run(outer, start);
        self.view.__parfor_row(outer, start, len)
    }
}

impl<A, D: Dimension, const AXIS: usize> RowSliceMut for ArrayWindow<'_, A, D, AXIS> {
    #[inline]
    fn __parfor_row_mut<const N: usize>(
        &mut self,
        outer: [Option<usize>; N],
        start: Option<usize>,
        len: usize,
    ) -> Option<&mut [A]> {
        let (outer, start) = self.local_run(outer, start);
        self.view.__parfor_row_mut(outer, start, len)
    }
}
