//! The windows of all arrays a loop writes, cut together at leaf boundaries.
//!
//! The generated code pairs each window with a closure giving, for a value of the loop
//! variable, the lowest index along the split axis that iteration touches
//! ([`Bounded`]); the pairs form a [`Group`] (nested pairs ending in `()`). Handing out
//! a run of leaves cuts every window of the group where the first leaf after the run
//! starts, so each run owns its part of every array.

use crate::range::{Int, Span, Stride};
use crate::window::Parts;
use crate::window::source::Splittable;

use super::leaves::Leaves;

/// A window boundary computed in `i128` (so negative strides and offsets cannot
/// overflow), clamped into `usize`: windows are clamped to the array anyway.
#[inline]
pub fn clamp_index(v: i128) -> usize {
    v.clamp(0, usize::MAX as i128) as usize
}

/// The absolute indices along a split axis that a non-empty loop's iterations touch:
/// from the least `low` to the greatest `high` of its first and last values, where
/// `low` and `high` give the least and greatest index one iteration touches (affine in
/// the loop variable, so the extremes are at the ends).
///
/// A framed window ([`Splittable::frame`]) keeps these writable and only reads the rest.
pub fn touched<T: Int, S: Stride>(
    span: &Span<T, S>,
    low: impl Fn(T) -> usize,
    high: impl Fn(T) -> usize,
) -> std::ops::Range<usize> {
    let (first, last) = (span.at(0), span.at(span.len() - 1));
    let lo = low(first).min(low(last));
    let hi = high(first).max(high(last));
    lo..hi.saturating_add(1).max(lo)
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
        let (left, right) = cut(win, leaves, k, low);
        let (rest_left, rest_right) = rest.split(leaves, k);
        (
            (Bounded { win: left, low }, rest_left),
            (Bounded { win: right, low }, rest_right),
        )
    }
}

/// Cuts `win` between leaf `k - 1` and leaf `k`, `low` giving the lowest index an
/// iteration touches: `(the leaves' before k, theirs from k on)`.
fn cut<T: Int, S: Stride, W: Splittable>(
    win: W,
    leaves: &Leaves<'_, T, S>,
    k: usize,
    low: impl Fn(T) -> usize,
) -> (W, W) {
    let lowest = |leaf: usize| {
        let its = leaves.iterations(leaf);
        low(leaves.span.at(its.start)).min(low(leaves.span.at(its.end - 1)))
    };
    let ascending = lowest(0) <= lowest(leaves.count - 1);
    if ascending {
        win.split_at(lowest(k))
    } else {
        // Later leaves touch lower indices: what lies from leaf k-1's lowest index
        // up belongs to the leaves before k.
        let (below, above) = win.split_at(lowest(k - 1));
        (above, below)
    }
}

/// An array written in `K` disjoint parts ([`Parts`]), with the closure that gives, for
/// a value of the loop variable, the lowest index along the split axis that iteration
/// touches in each part.
pub struct BoundedParts<W, F, const K: usize> {
    /// The windows the loop body indexes.
    pub win: Parts<W, K>,
    low: F,
}

impl<W: Splittable, F, const K: usize> BoundedParts<W, F, K> {
    /// Cuts `whole` into its parts, each starting at the lowest index its accesses
    /// touch over the loop, and pairs them with `low`.
    pub fn new<T: Int, S: Stride>(span: &Span<T, S>, whole: W, low: F) -> Self
    where
        F: Fn(T) -> [usize; K],
    {
        let starts: [usize; K] = if span.is_empty() {
            [0; K]
        } else {
            let (first, last) = (low(span.at(0)), low(span.at(span.len() - 1)));
            std::array::from_fn(|k| first[k].min(last[k]))
        };
        BoundedParts {
            win: Parts::new(whole, starts),
            low,
        }
    }
}

impl<T, S, W, F, Rest, const K: usize> Group<T, S> for (BoundedParts<W, F, K>, Rest)
where
    T: Int,
    S: Stride,
    W: Splittable,
    F: Fn(T) -> [usize; K] + Copy + Send,
    Rest: Group<T, S>,
{
    fn split(self, leaves: &Leaves<'_, T, S>, k: usize) -> (Self, Self) {
        let (BoundedParts { win, low }, rest) = self;
        let (left, right) = win.split_each(|part, w| cut(w, leaves, k, |t| low(t)[part]));
        let (rest_left, rest_right) = rest.split(leaves, k);
        (
            (BoundedParts { win: left, low }, rest_left),
            (BoundedParts { win: right, low }, rest_right),
        )
    }
}
