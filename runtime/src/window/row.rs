//! [`RowSlice`]: a run of consecutive elements along an array's last axis as a slice.
//!
//! `#[parallel]` rewrites an inner loop `for j in lo..hi` whose body indexes arrays as
//! `a[[r, j + c]]` (`r` not changing inside the loop, `c` a constant) into a loop over
//! slices taken once before it: `a[[r, j + c]]` becomes `row[j - lo]` with `row` the
//! elements `a[[r, lo + c]] ..= a[[r, hi - 1 + c]]`. Slice indexing at an index LLVM
//! can bound by the slice's length compiles to a plain load, without the strided
//! address arithmetic and the per-element bounds checks of `a[[r, j + c]]`, and the
//! loop can vectorise.
//!
//! A slice exists only when every element of the run is in bounds (and, for a window,
//! inside the chunk's window) and the run is contiguous in memory. The methods return
//! `None` otherwise, and the generated code then runs the loop as written, which
//! panics exactly where the sequential loop panics. No `unsafe` is involved: the slices
//! come from ndarray's `as_slice` and slice indexing, checked.

use ndarray::{ArrayBase, Data, DataMut, Dimension};

/// The flat index range of `[outer.., start..start + len]` in a C-contiguous array of
/// shape `shape` and strides `strides`, if that run lies inside the array.
///
/// In standard layout the strides are those of C order, except along axes of length 1,
/// where the only index is 0 and the stride does not matter.
#[inline]
fn run_in_standard_layout<const N: usize>(
    shape: &[usize],
    strides: &[isize],
    outer: [Option<usize>; N],
    start: Option<usize>,
    len: usize,
) -> Option<std::ops::Range<usize>> {
    if shape.len() != N + 1 {
        return None;
    }
    let mut flat = 0usize;
    for k in 0..N {
        let o = outer[k]?;
        if o >= shape[k] {
            return None;
        }
        // In bounds on a standard-layout array: the stride is non-negative and the sum
        // stays below the array's length.
        flat += o * strides[k].unsigned_abs();
    }
    let start = start?;
    if start.checked_add(len)? > shape[N] {
        return None;
    }
    let first = flat + start;
    Some(first..first + len)
}

/// Arrays whose runs along the last axis `#[parallel]` can take as slices.
///
/// Called with method syntax by generated code, so autoderef reaches the array behind
/// references, `Vec<T>` (as `[T]`) and owned views. Implemented for ndarray arrays and
/// views, slices, and the chunk windows of written arrays.
///
/// # Examples
///
/// ```
/// use ndarray::array;
/// use parfor_runtime::window::RowSlice;
///
/// let a = array![[1, 2, 3], [4, 5, 6]];
/// assert_eq!(a.__parfor_row([Some(1)], Some(1), 2), Some(&[5, 6][..]));
/// assert_eq!(a.__parfor_row([Some(1)], Some(2), 2), None); // past the row's end
/// assert_eq!(a.t().__parfor_row([Some(0)], Some(0), 2), None); // not contiguous
/// ```
pub trait RowSlice {
    /// The element type.
    type Elem;

    /// The array's layout and elements, for taking many rows of an array no one
    /// writes meanwhile at the cost of a few integer operations each.
    #[doc(hidden)]
    fn __parfor_flat(&self) -> Flat<'_, Self::Elem>;

    /// The elements `[outer[0], .., outer[N - 1], start + k]` for `k` in `0..len`, as a
    /// slice; `None` if an index is `None` or out of bounds, if the array does not have
    /// `N + 1` axes, or if those elements are not consecutive in memory.
    #[doc(hidden)]
    fn __parfor_row<const N: usize>(
        &self,
        outer: [Option<usize>; N],
        start: Option<usize>,
        len: usize,
    ) -> Option<&[Self::Elem]>;
}

/// The most axes a [`Flat`] describes; arrays with more take the loop as written.
const MAX_AXES: usize = 6;

/// An array's elements in standard (C) layout, with its shape and strides: what
/// [`RowSlice::__parfor_row`] would find, read once.
///
/// Generated code takes one per chunk for each captured array its inner loops take
/// rows of (no iteration writes those), so that a row costs a bounds check rather than
/// a layout check.
///
/// # Examples
///
/// ```
/// use ndarray::array;
/// use parfor_runtime::window::RowSlice;
///
/// let a = array![[1, 2, 3], [4, 5, 6]];
/// let flat = a.__parfor_flat();
/// assert_eq!(flat.row([Some(1)], Some(1), 2), Some(&[5, 6][..]));
/// assert_eq!(a.t().__parfor_flat().row([Some(0)], Some(0), 2), None);
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Flat<'a, A> {
    all: &'a [A],
    /// Number of axes; 0 when the array is not in standard layout (no row is served).
    ndim: usize,
    shape: [usize; MAX_AXES],
    strides: [isize; MAX_AXES],
}

impl<'a, A> Flat<'a, A> {
    pub(super) fn of(all: Option<&'a [A]>, shape: &[usize], strides: &[isize]) -> Self {
        let mut flat = Flat {
            all: &[],
            ndim: 0,
            shape: [0; MAX_AXES],
            strides: [0; MAX_AXES],
        };
        if let Some(all) = all
            && shape.len() <= MAX_AXES
        {
            flat.all = all;
            flat.ndim = shape.len();
            flat.shape[..shape.len()].copy_from_slice(shape);
            flat.strides[..shape.len()].copy_from_slice(strides);
        }
        flat
    }

    /// [`RowSlice::__parfor_row`] of the array this describes.
    #[inline]
    pub fn row<const N: usize>(
        &self,
        outer: [Option<usize>; N],
        start: Option<usize>,
        len: usize,
    ) -> Option<&'a [A]> {
        if self.ndim != N + 1 {
            return None;
        }
        let run = run_in_standard_layout(
            &self.shape[..N + 1],
            &self.strides[..N + 1],
            outer,
            start,
            len,
        )?;
        self.all.get(run)
    }
}

/// [`RowSlice`] for arrays the loop may write.
///
/// # Examples
///
/// ```
/// use parfor_runtime::window::RowSliceMut;
///
/// let mut v = vec![0; 4];
/// v.__parfor_row_mut([], Some(1), 2).unwrap().fill(7);
/// assert_eq!(v, [0, 7, 7, 0]);
/// ```
pub trait RowSliceMut: RowSlice {
    /// [`RowSlice::__parfor_row`], mutable.
    #[doc(hidden)]
    fn __parfor_row_mut<const N: usize>(
        &mut self,
        outer: [Option<usize>; N],
        start: Option<usize>,
        len: usize,
    ) -> Option<&mut [Self::Elem]>;
}

impl<T> RowSlice for [T] {
    type Elem = T;
    fn __parfor_flat(&self) -> Flat<'_, T> {
        Flat::of(Some(self), &[self.len()], &[1])
    }
    #[inline]
    fn __parfor_row<const N: usize>(
        &self,
        _: [Option<usize>; N],
        start: Option<usize>,
        len: usize,
    ) -> Option<&[T]> {
        if N != 0 {
            return None;
        }
        let start = start?;
        self.get(start..start.checked_add(len)?)
    }
}

impl<T> RowSliceMut for [T] {
    #[inline]
    fn __parfor_row_mut<const N: usize>(
        &mut self,
        _: [Option<usize>; N],
        start: Option<usize>,
        len: usize,
    ) -> Option<&mut [T]> {
        if N != 0 {
            return None;
        }
        let start = start?;
        self.get_mut(start..start.checked_add(len)?)
    }
}

impl<A, S: Data<Elem = A>, D: Dimension> RowSlice for ArrayBase<S, D> {
    type Elem = A;
    fn __parfor_flat(&self) -> Flat<'_, A> {
        Flat::of(self.as_slice(), self.shape(), self.strides())
    }
    #[inline]
    fn __parfor_row<const N: usize>(
        &self,
        outer: [Option<usize>; N],
        start: Option<usize>,
        len: usize,
    ) -> Option<&[A]> {
        let all = self.as_slice()?;
        let run = run_in_standard_layout(self.shape(), self.strides(), outer, start, len)?;
        all.get(run)
    }
}

impl<A, S: DataMut<Elem = A>, D: Dimension> RowSliceMut for ArrayBase<S, D> {
    #[inline]
    fn __parfor_row_mut<const N: usize>(
        &mut self,
        outer: [Option<usize>; N],
        start: Option<usize>,
        len: usize,
    ) -> Option<&mut [A]> {
        let run = run_in_standard_layout(self.shape(), self.strides(), outer, start, len)?;
        self.as_slice_mut()?.get_mut(run)
    }
}

#[cfg(test)]
mod tests {
    use ndarray::{Array2, Array3, s};

    use super::*;

    #[test]
    fn rows_of_a_standard_layout_array_are_its_elements() {
        let a = Array3::from_shape_fn((3, 4, 5), |(i, j, k)| 100 * i + 10 * j + k);
        let r = a.__parfor_row([Some(2), Some(1)], Some(1), 3).unwrap();
        assert_eq!(r, [211, 212, 213]);
        assert_eq!(
            a.__parfor_row([Some(2), Some(1)], Some(1), 0),
            Some(&[][..])
        );
        assert_eq!(a.__parfor_row([Some(2), Some(4)], Some(0), 1), None);
        assert_eq!(a.__parfor_row([Some(3), Some(0)], Some(0), 1), None);
        assert_eq!(a.__parfor_row([Some(2), None], Some(0), 1), None);
        assert_eq!(a.__parfor_row([Some(2), Some(1)], None, 1), None);
        // A run may not continue into the next row.
        assert_eq!(a.__parfor_row([Some(0), Some(1)], Some(3), 3), None);
        assert_eq!(a.__parfor_row([Some(0)], Some(0), 1), None); // wrong dimension
        assert_eq!(
            a.__parfor_row([Some(0), Some(0)], Some(usize::MAX), 2),
            None
        );
    }

    #[test]
    fn other_layouts_have_no_row_slices() {
        let a = Array2::from_shape_fn((4, 4), |(i, j)| 10 * i + j);
        assert_eq!(a.t().__parfor_row([Some(0)], Some(0), 2), None);
        assert_eq!(
            a.slice(s![.., 1..]).__parfor_row([Some(0)], Some(0), 2),
            None
        );
        assert_eq!(
            a.slice(s![..;-1, ..]).__parfor_row([Some(0)], Some(0), 2),
            None
        );
        // Axes of length one have no stride that matters.
        let col = a.slice(s![1..2, ..]);
        assert_eq!(col.__parfor_row([Some(0)], Some(2), 2), Some(&[12, 13][..]));
    }

    #[test]
    fn mutable_rows_write_the_array() {
        let mut a = Array2::<i32>::zeros((2, 3));
        a.__parfor_row_mut([Some(1)], Some(1), 2)
            .unwrap()
            .copy_from_slice(&[5, 6]);
        assert_eq!(a, ndarray::array![[0, 0, 0], [0, 5, 6]]);
        let mut v = [1, 2, 3];
        assert_eq!(v.__parfor_row_mut([], Some(2), 2), None);
        assert_eq!(v.__parfor_row_mut([Some(0)], Some(0), 1), None);
    }

    #[test]
    fn windows_serve_only_rows_they_own() {
        use crate::window::source::Splittable;
        use crate::window::{ArrayWindow, SliceWindow};

        let mut a = Array2::from_shape_fn((4, 3), |(i, j)| 10 * i + j);
        let w = ArrayWindow::<_, _, 0>::new(a.view_mut(), "a");
        let (lo, mut hi) = w.split_at(2);
        assert_eq!(
            lo.__parfor_row([Some(1)], Some(0), 3),
            Some(&[10, 11, 12][..])
        );
        assert_eq!(lo.__parfor_row([Some(2)], Some(0), 3), None);
        assert_eq!(hi.__parfor_row([Some(1)], Some(0), 3), None);
        hi.__parfor_row_mut([Some(3)], Some(1), 2).unwrap().fill(0);
        assert_eq!(hi[[3, 1]] + hi[[3, 2]], 0);
        // Split along the last axis: the run's own axis.
        let mut b = Array2::from_shape_fn((2, 6), |(i, j)| 10 * i + j);
        let w = ArrayWindow::<_, _, 1>::new(b.view_mut(), "b");
        let (left, right) = w.split_at(3);
        assert_eq!(left.__parfor_row([Some(1)], Some(1), 2), None); // not contiguous
        assert_eq!(right.__parfor_row([Some(1)], Some(1), 2), None);
        let mut v: Vec<i32> = (0..8).collect();
        let w = SliceWindow::new(&mut v, "v");
        let (lo, mut hi) = w.split_at(4);
        assert_eq!(lo.__parfor_row([], Some(2), 2), Some(&[2, 3][..]));
        assert_eq!(lo.__parfor_row([], Some(3), 2), None);
        assert_eq!(hi.__parfor_row_mut([], Some(3), 1), None);
        assert_eq!(hi.__parfor_row_mut([], Some(6), 2), Some(&mut [6, 7][..]));
    }
}
