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
/// with a message naming the array, the index and the array's length. A framed window
/// ([`Splittable::frame`]) also reads, never writes, the elements outside the part of
/// the array the loop writes.
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
    /// The elements before the part of the array the loop writes, read-only (empty
    /// unless framed).
    head: &'a [T],
    /// The elements after it, read-only, from absolute index `tail_start` on.
    tail: &'a [T],
    tail_start: usize,
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
            head: &[],
            tail: &[],
            tail_start: full_len,
        }
    }

    /// The element at absolute `index` in the read-only head or tail of a framed
    /// window; panics as an index outside the window otherwise.
    #[cold]
    #[inline(never)]
    #[track_caller]
    fn framed(&self, index: usize) -> &T {
        if let Some(x) = self.head.get(index) {
            return x;
        }
        if let Some(x) = index
            .checked_sub(self.tail_start)
            .and_then(|k| self.tail.get(k))
        {
            return x;
        }
        outside(self.name, index, self.window(), None, self.full_len)
    }

    /// The absolute range `r` in the read-only head or tail of a framed window; panics
    /// as a range outside the window otherwise.
    #[track_caller]
    fn framed_range(&self, r: Range<usize>) -> &[T] {
        if r.start <= r.end && r.end <= self.head.len() {
            return &self.head[r];
        }
        if r.start >= self.tail_start && r.start <= r.end && r.end <= self.full_len {
            return &self.tail[r.start - self.tail_start..r.end - self.tail_start];
        }
        &self.data[self.local_range(r)]
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
        let local = index.wrapping_sub(self.offset);
        match self.data.get(local) {
            Some(x) => x,
            None => self.framed(index),
        }
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
                let r = r.absolute(self.full_len);
                let w = self.window();
                if w.start <= r.start && r.start <= r.end && r.end <= w.end {
                    &self.data[r.start - w.start..r.end - w.start]
                } else {
                    self.framed_range(r)
                }
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

impl<T: Send + Sync> Splittable for SliceWindow<'_, T> {
    fn span(&self) -> Range<usize> {
        self.window()
    }
    fn split_at(self, at: usize) -> (Self, Self) {
        let w = self.window();
        let mid = at.clamp(w.start, w.end) - w.start;
        let SliceWindow {
            data,
            full_len,
            name,
            head,
            tail,
            tail_start,
            ..
        } = self;
        let (lo, hi) = data.split_at_mut(mid);
        let part = |data, offset| SliceWindow {
            data,
            offset,
            full_len,
            name,
            head,
            tail,
            tail_start,
        };
        (part(lo, w.start), part(hi, w.start + mid))
    }

    fn frame(self, keep: Range<usize>) -> Self {
        let w = self.window();
        assert!(
            w == (0..self.full_len) && self.tail_start == self.full_len,
            "parfor: only a whole, unframed window of `{}` can be framed",
            self.name
        );
        let end = keep.end.min(w.end);
        let start = keep.start.min(end);
        let (head, rest) = self.data.split_at_mut(start);
        let (data, tail) = rest.split_at_mut(end - start);
        SliceWindow {
            data,
            offset: start,
            full_len: self.full_len,
            name: self.name,
            head,
            tail,
            tail_start: end,
        }
    }
}

impl<T: Send + Sync> Source for [T] {
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

impl<T: Send + Sync> Source for Vec<T> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::window::panic_text;

    #[test]
    fn a_framed_window_reads_its_head_and_tail_and_writes_only_the_middle() {
        let mut data: Vec<i32> = (0..10).collect();
        let w = SliceWindow::new(&mut data, "x").frame(3..7);
        assert_eq!((w.window(), w.len()), (3..7, 10));
        let (mut a, mut b) = w.split_at(5);
        assert_eq!((a.window(), b.window()), (3..5, 5..7));
        // Both halves read the head and the tail, by index, range and `get`.
        for w in [&a, &b] {
            assert_eq!((w[0], w[2], w[7], w[9]), (0, 2, 7, 9));
            assert_eq!((&w[..3], &w[8..]), (&[0, 1, 2][..], &[8, 9][..]));
            assert_eq!((w.get(9), w.get(10)), (Some(&9), None));
        }
        a[4] = 40;
        b[5] = 50;
        // Neither reads the other's part, nor writes the frame.
        assert!(panic_text(|| _ = a[5]).contains("outside this chunk's window 3..5"));
        assert!(panic_text(|| _ = &b[2..6]).contains("outside this chunk's window 5..7"));
        assert!(panic_text(|| a[0] = 1).contains("index 0 of `x` is outside"));
        assert!(panic_text(|| b[9] = 1).contains("index 9 of `x` is outside"));
        assert!(panic_text(|| _ = a[10]).contains("index 10 out of bounds for `x`"));

        assert_eq!(data, [0, 1, 2, 3, 40, 50, 6, 7, 8, 9]);
    }

    #[test]
    fn frames_clamp_into_the_array_and_may_be_empty() {
        let mut data = [1, 2, 3];
        let w = SliceWindow::new(&mut data, "x").frame(2..99);
        assert_eq!((w.window(), w[0], w[2]), (2..3, 1, 3));
        let mut data = [1, 2, 3];
        let w = SliceWindow::new(&mut data, "x").frame(5..9);
        assert_eq!((w.window(), w[1]), (3..3, 2));
        let w = w.split_at(0).0;
        assert!(panic_text(move || _ = w.frame(0..1)).contains("only a whole, unframed window"));
    }
}
