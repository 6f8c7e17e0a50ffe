//! [`Parts`]: a chunk's windows of an array the loop writes in several disjoint parts
//! (`out[i]` and `out[n + i]` over `prange(n)`), one window per part.
//!
//! The array is cut once, before the loop, at the boundaries between the parts (with
//! the windows' own safe `split_at`); every part is then cut into one window per chunk
//! like any split array. An index goes to the window of the part that holds it, so the
//! body indexes with absolute indices as before, and an index no window of the chunk
//! holds panics, naming the array and the index.

use std::ops::{Deref, Index, IndexMut};

use ndarray::{Dimension, NdIndex};

use super::array::{ArrayWindow, WindowIndex};
use super::slice::SliceWindow;
use super::source::Splittable;

/// Windows that tell which position along their split axis an index names.
pub trait Keyed<I> {
    /// The position of `index` along the split axis.
    fn key(index: &I) -> usize;
}

impl<T> Keyed<usize> for SliceWindow<'_, T> {
    #[inline(always)]
    fn key(index: &usize) -> usize {
        *index
    }
}

impl<A, D: Dimension, I: WindowIndex<D>, const AXIS: usize> Keyed<I>
    for ArrayWindow<'_, A, D, AXIS>
{
    #[inline(always)]
    fn key(index: &I) -> usize {
        index.along::<AXIS>()
    }
}

/// A chunk's windows of an array written in `K` disjoint parts along its split axis,
/// indexed with absolute indices.
///
/// What such an array is inside a `#[parallel]` loop body: indexing, `get` and `swap`
/// reach the window of the part that holds the index; the size queries (`len`,
/// `shape`, `dim`) are the whole array's, as for every window.
///
/// # Panics
///
/// Indexing panics, naming the array, on an index that no window of the chunk holds.
///
/// # Examples
///
/// ```
/// use parfor_runtime::window::{Parts, SliceWindow};
///
/// let mut data = vec![0; 10];
/// // Two parts: indices 0..4 and 4..10.
/// let mut w = Parts::new(SliceWindow::new(&mut data, "data"), [0, 4]);
/// w[1] = 10;
/// w[7] = 70;
/// w.swap(1, 7);
/// assert_eq!((w[1], w[7], w.len()), (70, 10, 10));
/// ```
#[derive(Debug)]
pub struct Parts<W, const K: usize> {
    parts: [W; K],
}

impl<W: Splittable, const K: usize> Parts<W, K> {
    /// Cuts `whole` into `K` parts, part `k` starting at absolute index `starts[k]`
    /// (clamped, so that parts never overlap; `starts[0]` is ignored: the first part
    /// starts where `whole` does).
    ///
    /// # Panics
    ///
    /// If `K` is 0.
    pub fn new(whole: W, starts: [usize; K]) -> Self {
        assert!(K > 0, "parfor: an array cut into no parts");
        let mut parts = Vec::with_capacity(K);
        let mut rest = whole;
        for &at in &starts[1..] {
            let (below, above) = rest.split_at(at);
            parts.push(below);
            rest = above;
        }
        parts.push(rest);
        Parts::from_vec(parts)
    }

    fn from_vec(parts: Vec<W>) -> Self {
        match parts.try_into() {
            Ok(parts) => Parts { parts },
            Err(_) => unreachable!("exactly K parts"),
        }
    }

    /// Cuts every part in two, part `k` at `cut(k, window)`: `(below, above)` for each.
    pub(crate) fn split_each(self, mut cut: impl FnMut(usize, W) -> (W, W)) -> (Self, Self) {
        let (mut lo, mut hi) = (Vec::with_capacity(K), Vec::with_capacity(K));
        for (k, w) in self.parts.into_iter().enumerate() {
            let (a, b) = cut(k, w);
            lo.push(a);
            hi.push(b);
        }
        (Parts::from_vec(lo), Parts::from_vec(hi))
    }

    /// The part that holds absolute index `key` along the split axis; the first when
    /// none does (its window then raises the panic).
    #[inline(always)]
    fn pick(&self, key: usize) -> usize {
        self.parts
            .iter()
            .position(|p| p.span().contains(&key))
            .unwrap_or(0)
    }

    /// The windows, in ascending order of index.
    pub fn windows(&self) -> &[W; K] {
        &self.parts
    }
}

/// The size queries of the whole array (every window reports the whole array's).
impl<W, const K: usize> Deref for Parts<W, K> {
    type Target = W;
    fn deref(&self) -> &W {
        &self.parts[0]
    }
}

impl<I, W: Splittable + Keyed<I> + Index<I>, const K: usize> Index<I> for Parts<W, K> {
    type Output = W::Output;
    #[inline(always)]
    #[track_caller]
    fn index(&self, index: I) -> &W::Output {
        let k = self.pick(W::key(&index));
        &self.parts[k][index]
    }
}

impl<I, W: Splittable + Keyed<I> + IndexMut<I>, const K: usize> IndexMut<I> for Parts<W, K> {
    #[inline(always)]
    #[track_caller]
    fn index_mut(&mut self, index: I) -> &mut W::Output {
        let k = self.pick(W::key(&index));
        &mut self.parts[k][index]
    }
}

impl<T: Send + Sync, const K: usize> Parts<SliceWindow<'_, T>, K> {
    /// The element at absolute `index`, or `None` past the end of the whole array.
    ///
    /// # Panics
    ///
    /// If `index` is inside the array but in no window of this chunk.
    #[track_caller]
    pub fn get(&self, index: usize) -> Option<&T> {
        (index < self.len()).then(|| &self[index])
    }

    /// Swaps two elements given as absolute indices, in the same part or in two.
    ///
    /// # Panics
    ///
    /// If either index is in no window of this chunk.
    #[track_caller]
    pub fn swap(&mut self, a: usize, b: usize) {
        let (ka, kb) = (self.pick(a), self.pick(b));
        match self.parts.get_disjoint_mut([ka, kb]) {
            Ok([pa, pb]) => std::mem::swap(&mut pa[a], &mut pb[b]),
            Err(_) => self.parts[ka].swap(a, b),
        }
    }
}

impl<A: Send + Sync, D: Dimension, const AXIS: usize, const K: usize>
    Parts<ArrayWindow<'_, A, D, AXIS>, K>
{
    /// The element at absolute `index`, or `None` past the whole array.
    ///
    /// # Panics
    ///
    /// If `index` is inside the array but in no window of this chunk.
    #[track_caller]
    pub fn get<I: WindowIndex<D> + NdIndex<D>>(&self, index: I) -> Option<&A> {
        self.parts[self.pick(index.along::<AXIS>())].get(index)
    }

    /// Swaps two elements given as absolute indices, in the same part or in two.
    ///
    /// # Panics
    ///
    /// If either index is in no window of this chunk, or past the array.
    #[track_caller]
    pub fn swap<I: WindowIndex<D> + NdIndex<D>>(&mut self, a: I, b: I) {
        let (ka, kb) = (self.pick(a.along::<AXIS>()), self.pick(b.along::<AXIS>()));
        match self.parts.get_disjoint_mut([ka, kb]) {
            Ok([pa, pb]) => std::mem::swap(&mut pa[a], &mut pb[b]),
            Err(_) => self.parts[ka].swap(a, b),
        }
    }
}

#[cfg(test)]
mod tests {
    use ndarray::Array1;

    use super::*;
    use crate::window::panic_text;

    #[test]
    fn indexes_reach_the_part_that_holds_them() {
        let mut v: Vec<i32> = (0..10).collect();
        let whole = Parts::new(SliceWindow::new(&mut v, "v"), [0, 6]);
        assert_eq!(whole.windows()[0].window(), 0..6);
        assert_eq!(whole.windows()[1].window(), 6..10);
        // A chunk's windows: 2..4 of the first part and 7..9 of the second.
        let (_, rest) = whole.split_each(|k, w| w.split_at([2, 7][k]));
        let (mut mid, _) = rest.split_each(|k, w| w.split_at([4, 9][k]));
        mid[3] += 100;
        mid[8] += 100;
        mid.swap(2, 7);
        assert_eq!(
            (mid[2], mid[3], mid[7], mid[8], mid.get(8)),
            (7, 103, 2, 108, Some(&108))
        );
        assert_eq!(mid.len(), 10);
        let text = panic_text(|| {
            mid[5] = 0;
        });
        assert!(text.contains("index 5 of `v`"), "{text}");
        let text = panic_text(|| {
            std::hint::black_box(mid[10]);
        });
        assert!(
            text.contains("out of bounds for `v` of length 10"),
            "{text}"
        );
        assert_eq!(v, [0, 1, 7, 103, 4, 5, 6, 2, 108, 9]);
    }

    #[test]
    fn array_parts_index_and_swap_across_parts() {
        let mut a = Array1::from_iter(0..8);
        let w = ArrayWindow::<_, _, 0>::new(a.view_mut(), "a");
        let mut p = Parts::new(w, [0, 4]);
        p.swap(0, 7);
        p[[5]] = 50;
        assert_eq!((p[0], p.get(7), p.shape().to_vec()), (7, Some(&0), vec![8]));
        assert_eq!(p.get(8), None);
        assert_eq!(a.to_vec(), [7, 1, 2, 3, 4, 50, 6, 0]);
    }

    #[test]
    fn starts_out_of_order_leave_parts_empty_never_overlapping() {
        let mut v = vec![0; 6];
        let p = Parts::new(SliceWindow::new(&mut v, "v"), [0, 4, 2]);
        let spans: Vec<_> = p.windows().iter().map(|w| w.window()).collect();
        assert_eq!(spans, [0..4, 4..4, 4..6]);
    }
}
