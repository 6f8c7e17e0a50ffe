//! [`SliceWindow`]: the window of a `Vec<T>` or `&mut [T]`.

use std::ops::{
    Index, IndexMut, Range, RangeFrom, RangeFull, RangeInclusive, RangeTo, RangeToInclusive,
};

use super::row::{Flat, RowSlice, RowSliceMut};
use super::source::{Source, Splittable, outside};

/// A chunk's window of a `Vec<T>` or `&mut [T]`, indexed with absolute indices.
///
/// What a split one-dimensional array is inside a `#[parallel]` loop body: `out[i]`,
/// `out[a..b]` (and the other ranges: `a..=b`, `a..`, `..b`, `..=b`, `..`), `get`,
/// `swap` and `len` mean what they mean on the whole array, for the
/// indices this chunk owns ([`window`](Self::window)).
///
/// # Panics
///
/// Indexing panics on an index inside the array but outside the window, with a message
/// naming the array, the index and the window, and on an index past the whole array,
/// with a message naming the array, the index and the array's length.
///
/// # Examples
///
/// ```
/// use parfor_runtime::window::SliceWindow;
///
/// let mut data = vec![0; 10];
/// let mut w = SliceWindow::new(&mut data, "data"); // the whole array: indices 0..10
/// w[7] = 70;
/// w.swap(7, 2);
/// assert_eq!((w[2], w.len(), w.window()), (70, 10, 0..10));
/// assert_eq!(w.get(10), None); // past the whole array
/// ```
#[derive(Debug)]
pub struct SliceWindow<'a, T> {
    data: &'a mut [T],
    offset: usize,
    full_len: usize,
    name: &'static str,
}

impl<'a, T> SliceWindow<'a, T> {
    /// A window covering the whole slice; `name` is the array's name in panic messages.
    ///
    /// The generated code makes the windows of a loop; this is for code (and tests) that
    /// handles one by hand.
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
            outside(self.name, index, self.window(), None, self.full_len);
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
            outside(self.name, bad, w, None, self.full_len);
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

/// The ranges a slice takes, as absolute half-open ranges of the whole array.
trait AbsoluteRange {
    fn absolute(self, full_len: usize) -> Range<usize>;
}

impl AbsoluteRange for Range<usize> {
    fn absolute(self, _: usize) -> Range<usize> {
        self
    }
}

impl AbsoluteRange for RangeInclusive<usize> {
    fn absolute(self, _: usize) -> Range<usize> {
        // `a..=usize::MAX` cannot be half-open; its end is past any array anyway.
        *self.start()..self.end().saturating_add(1)
    }
}

impl AbsoluteRange for RangeFrom<usize> {
    fn absolute(self, full_len: usize) -> Range<usize> {
        self.start..full_len
    }
}

impl AbsoluteRange for RangeTo<usize> {
    fn absolute(self, _: usize) -> Range<usize> {
        0..self.end
    }
}

impl AbsoluteRange for RangeToInclusive<usize> {
    fn absolute(self, _: usize) -> Range<usize> {
        0..self.end.saturating_add(1)
    }
}

impl AbsoluteRange for RangeFull {
    fn absolute(self, full_len: usize) -> Range<usize> {
        0..full_len
    }
}

// `out[a..b]`, `out[a..=b]`, `out[a..]`, `out[..b]`, `out[..=b]`, `out[..]`, with
// absolute indices, as on the whole array.
macro_rules! impl_range_index {
    ($($r:ty)*) => {$(
        impl<T> Index<$r> for SliceWindow<'_, T> {
            type Output = [T];
            #[track_caller]
            fn index(&self, r: $r) -> &[T] {
                let r = self.local_range(r.absolute(self.full_len));
                &self.data[r]
            }
        }

        impl<T> IndexMut<$r> for SliceWindow<'_, T> {
            #[track_caller]
            fn index_mut(&mut self, r: $r) -> &mut [T] {
                let r = self.local_range(r.absolute(self.full_len));
                &mut self.data[r]
            }
        }
    )*};
}
impl_range_index!(
    Range<usize> RangeInclusive<usize> RangeFrom<usize> RangeTo<usize>
    RangeToInclusive<usize> RangeFull
);

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

impl<T: Send> Source for [T] {
    type Window<'a, const AXIS: usize>
        = SliceWindow<'a, T>
    where
        T: 'a;
    fn __parfor_window<const AXIS: usize>(&mut self, name: &'static str) -> SliceWindow<'_, T> {
        assert!(
            AXIS == 0,
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

impl<T> RowSlice for SliceWindow<'_, T> {
    type Elem = T;
    /// Never serves a row: a window's rows need its absolute indices rebased.
    fn __parfor_flat(&self) -> Flat<'_, T> {
        Flat::of(None, &[], &[])
    }
    /// Absolute indices, as the window's indexing: `None` outside the window.
    #[inline]
    fn __parfor_row<const N: usize>(
        &self,
        outer: [Option<usize>; N],
        start: Option<usize>,
        len: usize,
    ) -> Option<&[T]> {
        let start = start.and_then(|s| s.checked_sub(self.offset));
        (*self.data).__parfor_row(outer, start, len)
    }
}

impl<T> RowSliceMut for SliceWindow<'_, T> {
    #[inline]
    fn __parfor_row_mut<const N: usize>(
        &mut self,
        outer: [Option<usize>; N],
        start: Option<usize>,
        len: usize,
    ) -> Option<&mut [T]> {
        let start = start.and_then(|s| s.checked_sub(self.offset));
        (*self.data).__parfor_row_mut(outer, start, len)
    }
}
