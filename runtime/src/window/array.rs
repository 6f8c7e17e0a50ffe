//! [`ArrayWindow`]: the window of an ndarray array, split along one axis.

use std::ops::{Index, IndexMut, Range};
use std::sync::Arc;

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
/// (`index_axis_mut(Axis(k), ..)` with `k != AXIS`), which other chunks share. A framed
/// window ([`Splittable::frame`]) also reads, never writes, the indices along `AXIS`
/// outside the part of the array the loop writes (through indexing, `get`, `index_axis`,
/// `row`, `column` and `slice`).
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
    /// The read-only parts of a framed window, shared by every window cut from it.
    frame: Option<Arc<Frame<'a, A, D>>>,
}

/// The parts of an array before and after the indices a loop writes along the split
/// axis: read by every chunk, written by none (mutable views only because ndarray has no
/// public way to turn one into a shared view of the same lifetime; only `&Frame` is
/// ever handed out).
#[derive(Debug)]
struct Frame<'a, A, D: Dimension> {
    /// Absolute indices `0..head.len_of(AXIS)`.
    head: ArrayViewMut<'a, A, D>,
    /// Absolute indices from `tail_start` on.
    tail: ArrayViewMut<'a, A, D>,
    tail_start: usize,
}

impl<A, D: Dimension> Frame<'_, A, D> {
    /// The part holding absolute index `abs` along `axis`, with the offset to subtract.
    fn part(&self, axis: usize, abs: usize) -> Option<(&ArrayViewMut<'_, A, D>, usize)> {
        if abs < self.head.len_of(Axis(axis)) {
            Some((&self.head, 0))
        } else if abs >= self.tail_start && abs - self.tail_start < self.tail.len_of(Axis(axis)) {
            Some((&self.tail, self.tail_start))
        } else {
            None
        }
    }
}

/// An index into an [`ArrayWindow`]: `usize` (1-D), `[usize; N]` or a tuple.
pub trait WindowIndex<D: Dimension>: Copy + std::fmt::Debug {
    /// The same index with position `AXIS` shifted down by `offset`, or the absolute
    /// index on that axis when it falls outside `0..len` after the shift.
    fn rebase<const AXIS: usize>(self, offset: usize, len: usize) -> Result<Self, usize>;
    /// The index's position on axis `AXIS`.
    fn along<const AXIS: usize>(self) -> usize;
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
    #[inline(always)]
    fn along<const AXIS: usize>(self) -> usize {
        self
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
    #[inline(always)]
    fn along<const AXIS: usize>(self) -> usize {
        self[AXIS]
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
            #[inline(always)]
            fn along<const AXIS: usize>(self) -> usize {
                [$(self.$f),*][AXIS]
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
            frame: None,
        }
    }

    /// The element at `index`, whose position `AXIS` (`abs`) is outside the window: in
    /// the frame, else the panic of an index outside the window.
    #[cold]
    #[inline(never)]
    #[track_caller]
    fn framed<I: WindowIndex<D> + NdIndex<D>>(&self, index: I, abs: usize) -> &A {
        if let Some((part, offset)) = self.frame.as_ref().and_then(|f| f.part(AXIS, abs)) {
            let len = part.len_of(Axis(AXIS));
            if let Ok(local) = index.rebase::<AXIS>(offset, len) {
                return part
                    .get(local)
                    .unwrap_or_else(|| past_the_array(self.name, index, self.full_dim.slice()));
            }
        }
        outside(
            self.name,
            abs,
            self.window(),
            Some(AXIS),
            self.full_dim[AXIS],
        )
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
            Err(abs) => match self.frame.as_ref().and_then(|f| f.part(AXIS, abs)) {
                Some((part, offset)) => index
                    .rebase::<AXIS>(offset, part.len_of(Axis(AXIS)))
                    .ok()
                    .and_then(|local| part.get(local)),
                None => outside(
                    self.name,
                    abs,
                    self.window(),
                    Some(AXIS),
                    self.full_dim[AXIS],
                ),
            },
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
        if axis.index() == AXIS
            && !self.window().contains(&index)
            && let Some((part, offset)) = self.frame.as_ref().and_then(|f| f.part(AXIS, index))
        {
            return part.index_axis(axis, index - offset);
        }
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
        let elems: &[SliceInfoElem] = info.as_ref();
        match self.rebase_slice_in::<I::OutDim>(elems, self.window()) {
            Ok(info) => self.view.slice(info),
            Err(bad) => {
                if let Some(f) = &self.frame {
                    let head = 0..f.head.len_of(Axis(AXIS));
                    let tail = f.tail_start..f.tail_start + f.tail.len_of(Axis(AXIS));
                    for (part, range) in [(&f.head, head), (&f.tail, tail)] {
                        if let Ok(info) = self.rebase_slice_in::<I::OutDim>(elems, range) {
                            return part.slice(info);
                        }
                    }
                }
                outside(
                    self.name,
                    bad,
                    self.window(),
                    Some(AXIS),
                    self.full_dim[AXIS],
                )
            }
        }
    }

    #[track_caller]
    fn rebase_slice<Do: Dimension>(
        &self,
        elems: &[SliceInfoElem],
    ) -> SliceInfo<Vec<SliceInfoElem>, D, Do> {
        let window = self.window();
        self.rebase_slice_in(elems, window.clone())
            .unwrap_or_else(|bad| outside(self.name, bad, window, Some(AXIS), self.full_dim[AXIS]))
    }

    /// `elems` with the split axis's absolute indices made local to `window` (a part of
    /// the array starting at `window.start`), or the first index outside it.
    #[track_caller]
    fn rebase_slice_in<Do: Dimension>(
        &self,
        elems: &[SliceInfoElem],
        window: Range<usize>,
    ) -> Result<SliceInfo<Vec<SliceInfoElem>, D, Do>, usize> {
        let full = self.full_dim[AXIS];
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
                        return Err(abs);
                    }
                    *elem = SliceInfoElem::Index((abs - window.start) as isize);
                }
                SliceInfoElem::Slice { start, end, step } => {
                    let lo = absolute(start);
                    let hi = end.map_or(full, absolute).max(lo);
                    if lo < window.start || hi > window.end {
                        return Err(if lo < window.start { lo } else { hi - 1 });
                    }
                    *elem = SliceInfoElem::Slice {
                        start: (lo - window.start) as isize,
                        end: Some((hi - window.start) as isize),
                        step,
                    };
                }
            }
            in_axis += 1;
        }
        Ok(SliceInfo::try_from(out)
            .unwrap_or_else(|e| panic!("parfor: invalid slice of `{}`: {e}", self.name)))
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
        let len = self.view.len_of(Axis(AXIS));
        match index.rebase::<AXIS>(self.offset, len) {
            Ok(local) => match self.view.get(local) {
                Some(a) => a,
                None => past_the_array(self.name, index, self.full_dim.slice()),
            },
            Err(abs) => self.framed(index, abs),
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

impl<A: Send + Sync, D: Dimension, const AXIS: usize> Splittable for ArrayWindow<'_, A, D, AXIS> {
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
            frame,
        } = self;
        let (lo, hi) = view.split_at(Axis(AXIS), mid);
        (
            ArrayWindow {
                view: lo,
                offset,
                full_dim: full_dim.clone(),
                name,
                frame: frame.clone(),
            },
            ArrayWindow {
                view: hi,
                offset: offset + mid,
                full_dim,
                name,
                frame,
            },
        )
    }

    fn frame(self, keep: Range<usize>) -> Self {
        let full = self.full_dim[AXIS];
        assert!(
            self.window() == (0..full) && self.frame.is_none(),
            "parfor: only a whole, unframed window of `{}` can be framed",
            self.name
        );
        let end = keep.end.min(full);
        let start = keep.start.min(end);
        let (head, rest) = self.view.split_at(Axis(AXIS), start);
        let (view, tail) = rest.split_at(Axis(AXIS), end - start);
        ArrayWindow {
            view,
            offset: start,
            full_dim: self.full_dim,
            name: self.name,
            frame: Some(Arc::new(Frame {
                head,
                tail,
                tail_start: end,
            })),
        }
    }
}

impl<A: Send + Sync, S: DataMut<Elem = A>, D: Dimension> Source for ArrayBase<S, D> {
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

#[cfg(test)]
mod tests {
    use ndarray::{Array2, ShapeBuilder, s};

    use super::*;
    use crate::window::panic_text;

    #[test]
    fn a_framed_window_reads_rows_outside_the_written_ones() {
        for layout in [false, true] {
            let mut a = Array2::<i32>::zeros((6, 3).set_f(layout));
            a.indexed_iter_mut()
                .for_each(|((i, j), v)| *v = (10 * i + j) as i32);
            let w = ArrayWindow::<_, _, 0>::new(a.view_mut(), "a").frame(2..4);
            let (mut lo, mut hi) = w.split_at(3);
            assert_eq!((lo.window(), hi.window(), lo.dim()), (2..3, 3..4, (6, 3)));
            for w in [&lo, &hi] {
                assert_eq!((w[[0, 1]], w[[1, 2]], w[[5, 0]]), (1, 12, 50));
                assert_eq!(w.get((4, 2)), Some(&42));
                assert_eq!((w.get((4, 3)), w.get((6, 0))), (None, None));
                assert_eq!(w.row(5).to_vec(), [50, 51, 52]);
                assert_eq!(w.index_axis(Axis(0), 1).sum(), 33);
                assert_eq!(w.slice(s![0..2, 1]).to_vec(), [1, 11]);
                assert_eq!(w.slice(s![-1, ..]).to_vec(), [50, 51, 52]);
            }
            lo[[2, 0]] = -1;
            hi.row_mut(3).fill(-2);
            assert!(panic_text(|| _ = lo[[3, 0]]).contains("outside this chunk's window 2..3"));
            assert!(panic_text(|| lo[[0, 0]] = 1).contains("index 0 of `a` (axis 0) is outside"));
            assert!(panic_text(|| _ = hi.row_mut(5)).contains("index 5 of `a` (axis 0)"));
            // A slice across the frame and the window is neither.
            assert!(panic_text(|| _ = hi.slice(s![1..4, ..])).contains("index 1 of `a`"));
            assert!(panic_text(|| _ = lo[[5, 3]]).contains("index [5, 3] out of bounds"));

            assert_eq!(a.column(0).to_vec(), [0, 10, -1, -2, 40, 50]);
        }
    }

    #[test]
    fn a_framed_window_split_along_columns() {
        let mut a = Array2::<i32>::from_shape_fn((2, 5), |(i, j)| (10 * i + j) as i32);
        let w = ArrayWindow::<_, _, 1>::new(a.view_mut(), "a").frame(1..2);
        assert_eq!((w.window(), w[[1, 0]], w[[0, 4]]), (1..2, 10, 4));
        assert_eq!(w.column(3).to_vec(), [3, 13]);
    }
}
