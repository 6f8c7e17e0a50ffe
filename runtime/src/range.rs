//! `prange` and the iteration spaces of parallel loops.
//!
//! `prange(r)` is an ordinary function: without `#[parallel]` it returns the sequential
//! iterator `r` denotes, so annotated code also runs (and can be debugged) sequentially.
//! With `#[parallel]`, the macro turns the same argument into a [`Span`]: first value,
//! trip count and step, from which any iteration `k` is computed in O(1). Generated code
//! iterates `usize` trip counts because rayon's ranges over 64-bit and inclusive types
//! are not indexed, so they could not be chunked.
//!
//! Type inference: the conversion trait has one blanket impl for bare integers (bound by
//! the sealed [`Int`] marker) and one per range shape, so `prange(n)` with an integer
//! literal `n` leaves the type to rustc exactly as `0..n` would.
use std::iter::{Rev, StepBy};
use std::ops::{Range, RangeInclusive};

mod sealed {
    pub trait Sealed {}
}

/// The integer types a `prange` can iterate over.
///
/// Sealed: implemented for every primitive integer type and nothing else. The methods
/// are what the runtime computes a loop variable with (`first + k * step`, wrapping as
/// the range's own arithmetic would).
///
/// # Examples
///
/// ```
/// use parfor_runtime::Int;
///
/// fn next<T: Int>(v: T) -> T {
///     v.wrapping_add(T::ONE)
/// }
/// assert_eq!(next(41_u8), 42);
/// assert_eq!(next(i8::MAX), i8::MIN);
/// assert_eq!(u16::from_usize_wrapping(70_000), 4_464); // modulo 2^16
/// ```
pub trait Int:
    Copy + Send + Sync + PartialOrd + std::fmt::Debug + sealed::Sealed + 'static
{
    /// Zero, where `prange(n)` starts.
    const ZERO: Self;
    /// One, the step of a unit-stride range.
    const ONE: Self;
    /// `self + rhs`, wrapping at the type's bounds.
    fn wrapping_add(self, rhs: Self) -> Self;
    /// `self - rhs`, wrapping at the type's bounds.
    fn wrapping_sub(self, rhs: Self) -> Self;
    /// `self * rhs`, wrapping at the type's bounds.
    fn wrapping_mul(self, rhs: Self) -> Self;
    /// `k` reduced modulo 2^BITS: exact for the offsets a range can hold.
    fn from_usize_wrapping(k: usize) -> Self;
}

macro_rules! impl_int {
    ($($t:ty)*) => {$(
        impl sealed::Sealed for $t {}
        impl Int for $t {
            const ZERO: Self = 0;
            const ONE: Self = 1;
            #[inline(always)]
            fn wrapping_add(self, rhs: Self) -> Self { <$t>::wrapping_add(self, rhs) }
            #[inline(always)]
            fn wrapping_sub(self, rhs: Self) -> Self { <$t>::wrapping_sub(self, rhs) }
            #[inline(always)]
            fn wrapping_mul(self, rhs: Self) -> Self { <$t>::wrapping_mul(self, rhs) }
            #[inline(always)]
            #[allow(clippy::cast_possible_truncation, clippy::cast_possible_wrap)]
            fn from_usize_wrapping(k: usize) -> Self { k as $t }
        }
    )*};
}
impl_int!(u8 u16 u32 u64 u128 usize i8 i16 i32 i64 i128 isize);

/// How consecutive iterations of a span differ: statically by one, or by a stored step.
///
/// Unit-stride loops (`prange(n)`, `prange(a..b)`, `prange(a..=b)`) advance by a
/// constant, which lets LLVM see a stride-1 induction variable and vectorise the body.
pub trait Stride: Copy + Default + Send + Sync + 'static {
    /// The value after `v`.
    fn advance<T: Int>(v: T, step: T) -> T;
    /// The value `k` steps after `v`.
    fn offset<T: Int>(v: T, step: T, k: usize) -> T;
}

/// Stride of `prange(n)`, `prange(a..b)` and `prange(a..=b)`: always one.
#[derive(Clone, Copy, Debug, Default)]
pub struct Unit;

/// Stride of stepped and reversed ranges: the step is stored (wrapping, so a descending
/// range of an unsigned type has the step `0 - k`).
#[derive(Clone, Copy, Debug, Default)]
pub struct Stepped;

impl Stride for Unit {
    #[inline(always)]
    fn advance<T: Int>(v: T, _step: T) -> T {
        v.wrapping_add(T::ONE)
    }
    #[inline(always)]
    fn offset<T: Int>(v: T, _step: T, k: usize) -> T {
        v.wrapping_add(T::from_usize_wrapping(k))
    }
}

impl Stride for Stepped {
    #[inline(always)]
    fn advance<T: Int>(v: T, step: T) -> T {
        v.wrapping_add(step)
    }
    #[inline(always)]
    fn offset<T: Int>(v: T, step: T, k: usize) -> T {
        v.wrapping_add(T::from_usize_wrapping(k).wrapping_mul(step))
    }
}

/// Sealed marker for the range shapes `prange` accepts inside `step_by` and `rev`:
/// arithmetic progressions whose `size_hint` is exact.
pub trait Progression: Iterator + Clone + sealed::Sealed {}
impl<T: Int> sealed::Sealed for Range<T> {}
impl<T: Int> sealed::Sealed for RangeInclusive<T> {}
impl<P: Progression> sealed::Sealed for StepBy<P> {}
impl<P: Progression> sealed::Sealed for Rev<P> {}
impl<T: Int> Progression for Range<T> where Range<T>: Iterator<Item = T> {}
impl<T: Int> Progression for RangeInclusive<T> where RangeInclusive<T>: Iterator<Item = T> {}
impl<P: Progression> Progression for StepBy<P> where StepBy<P>: Iterator<Item = P::Item> {}
impl<P: Progression + DoubleEndedIterator> Progression for Rev<P> where
    Rev<P>: Iterator<Item = P::Item>
{
}

/// What `prange` accepts: a bare integer `n` (meaning `0..n`), `a..b`, `a..=b`, and
/// those ranges under `.step_by(k)` and `.rev()`, over any [`Int`].
///
/// Implemented once for bare integers and once per range shape (never once per integer
/// type), so that `prange(n)` leaves the loop variable's type to rustc exactly as `0..n`
/// would.
///
/// # Examples
///
/// ```
/// use parfor_runtime::IntoPRange;
///
/// assert_eq!(5_u8.into_seq().collect::<Vec<_>>(), [0, 1, 2, 3, 4]);
/// assert_eq!((2..=4).into_seq().collect::<Vec<i32>>(), [2, 3, 4]);
/// assert_eq!((0..7).rev().step_by(3).into_seq().collect::<Vec<u64>>(), [6, 3, 0]);
/// ```
pub trait IntoPRange {
    /// The loop variable's type.
    type Item: Int;
    /// Whether the step is statically one.
    type Stride: Stride;
    /// The sequential iterator `prange` returns without `#[parallel]`.
    type Iter: Iterator<Item = Self::Item> + Clone;
    /// Converts into the sequential iterator.
    fn into_seq(self) -> Self::Iter;
}

impl<T: Int> IntoPRange for T
where
    Range<T>: Iterator<Item = T>,
{
    type Item = T;
    type Stride = Unit;
    type Iter = Range<T>;
    fn into_seq(self) -> Range<T> {
        T::ZERO..self
    }
}

impl<T: Int> IntoPRange for Range<T>
where
    Range<T>: Iterator<Item = T>,
{
    type Item = T;
    type Stride = Unit;
    type Iter = Range<T>;
    fn into_seq(self) -> Range<T> {
        self
    }
}

impl<T: Int> IntoPRange for RangeInclusive<T>
where
    RangeInclusive<T>: Iterator<Item = T>,
{
    type Item = T;
    type Stride = Unit;
    type Iter = RangeInclusive<T>;
    fn into_seq(self) -> RangeInclusive<T> {
        self
    }
}

impl<P: Progression> IntoPRange for StepBy<P>
where
    P::Item: Int,
    StepBy<P>: Iterator<Item = P::Item> + Clone,
{
    type Item = P::Item;
    type Stride = Stepped;
    type Iter = StepBy<P>;
    fn into_seq(self) -> StepBy<P> {
        self
    }
}

impl<P: Progression + DoubleEndedIterator> IntoPRange for Rev<P>
where
    P::Item: Int,
    Rev<P>: Iterator<Item = P::Item> + Clone,
{
    type Item = P::Item;
    type Stride = Stepped;
    type Iter = Rev<P>;
    fn into_seq(self) -> Rev<P> {
        self
    }
}

/// The iteration space of a loop to parallelise with `#[parallel]`.
///
/// Without the attribute, `prange` is just the sequential iterator its argument
/// denotes: `prange(n)` is `0..n`, `prange(a..b)` is `a..b`, and so on. With it, the
/// loop's iterations run on rayon's threads, in chunks. The loop variable's type is
/// left to rustc, exactly as with a plain range.
///
/// # Examples
///
/// ```
/// use parfor_runtime::prange;
///
/// let n = 5;
/// let mut v = vec![0; n];
/// for i in prange(n) {
///     v[i] = i * i; // `i: usize`, inferred from the indexing as with `0..n`
/// }
/// assert_eq!(v, [0, 1, 4, 9, 16]);
/// let odd: Vec<i64> = prange((1..10).step_by(2)).collect();
/// assert_eq!(odd, [1, 3, 5, 7, 9]);
/// let down: Vec<u8> = prange((250..=255u8).rev()).collect();
/// assert_eq!(down, [255, 254, 253, 252, 251, 250]);
/// ```
///
/// # Panics
///
/// Never without `#[parallel]`. With it, a loop over a range of more than `usize::MAX`
/// iterations (only a 128-bit range can hold that many) panics when it starts.
pub fn prange<R: IntoPRange>(range: R) -> R::Iter {
    range.into_seq()
}

/// A loop's iteration space as first value, trip count and step.
#[derive(Clone, Copy, Debug)]
pub struct Span<T, S> {
    first: T,
    step: T,
    len: usize,
    _stride: S,
}

impl<T: Int, S: Stride> Span<T, S> {
    /// Builds the span of a `prange` argument. O(1): the trip count comes from the
    /// range's exact `size_hint`, the step from its first two values.
    ///
    /// # Panics
    ///
    /// If the range has more than `usize::MAX` iterations.
    pub fn of<R>(range: R) -> Self
    where
        R: IntoPRange<Item = T, Stride = S>,
    {
        let seq = range.into_seq();
        let len = match seq.size_hint() {
            (lo, Some(hi)) if lo == hi => lo,
            _ => panic!("parfor: prange over a range with more than usize::MAX iterations"),
        };
        let mut probe = seq;
        let first = probe.next().unwrap_or(T::ZERO);
        let step = match probe.next() {
            Some(second) if len >= 2 => second.wrapping_sub(first),
            _ => T::ONE,
        };
        Span {
            first,
            step,
            len,
            _stride: S::default(),
        }
    }

    /// Number of iterations.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the loop has no iteration.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The loop variable's value at iteration `k`.
    #[inline(always)]
    pub fn at(&self, k: usize) -> T {
        S::offset(self.first, self.step, k)
    }

    /// The iterations `start..end` as a sequential iterator of loop-variable values.
    #[inline]
    pub fn chunk(&self, start: usize, end: usize) -> Chunk<T, S> {
        debug_assert!(start <= end && end <= self.len);
        Chunk {
            next: self.at(start),
            step: self.step,
            remaining: end - start,
            start,
            _stride: self._stride,
        }
    }
}

/// Consecutive iterations of a span: the values the loop variable takes in one chunk.
#[derive(Clone, Debug)]
pub struct Chunk<T, S> {
    next: T,
    step: T,
    remaining: usize,
    /// The position in the loop of the chunk's first iteration.
    start: usize,
    _stride: S,
}

impl<T: Int, S: Stride> Iterator for Chunk<T, S> {
    type Item = T;

    #[inline(always)]
    fn next(&mut self) -> Option<T> {
        if self.remaining == 0 {
            return None;
        }
        let v = self.next;
        self.remaining -= 1;
        self.next = S::advance(v, self.step);
        Some(v)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining, Some(self.remaining))
    }
}

impl<T: Int, S: Stride> ExactSizeIterator for Chunk<T, S> {}

impl<T: Int, S: Stride> Chunk<T, S> {
    /// The position in the loop (0 for its first iteration) of the chunk's first
    /// iteration, fixed when the chunk is made.
    #[inline]
    pub fn start(&self) -> usize {
        self.start
    }

    /// Splits the chunk into groups of `L` values (`L` even) and the remainder.
    ///
    /// Reductions run each of the `L` positions of a group into its own accumulator,
    /// a fixed association that does not depend on the thread count and lets the
    /// accumulations proceed independently. A group holds `L` consecutive values, except
    /// in chunks of at least [`TWO_STREAMS_MIN`] iterations: there the chunk's first
    /// `groups * L` values are cut in two halves, and the first `L / 2` positions of
    /// group `g` hold values `g * L/2 ..` of the first half, the other `L / 2` the same
    /// values of the second half. A loop reading an array at its loop variable then reads
    /// two sequential streams at once, and the memory system keeps more reads in flight
    /// than for one (see [`TWO_STREAMS_MIN`]).
    #[inline]
    pub fn lanes<const L: usize>(self) -> (Lanes<T, S, L>, Chunk<T, S>) {
        const { assert!(L >= 2 && L.is_multiple_of(2), "lanes come in two halves") };
        let groups = self.remaining / L;
        let done = groups * L;
        let rest = Chunk {
            next: S::offset(self.next, self.step, done),
            step: self.step,
            remaining: self.remaining - done,
            start: self.start + done,
            _stride: self._stride,
        };
        let two_streams = self.remaining >= TWO_STREAMS_MIN;
        (
            Lanes {
                first: self.next,
                second: S::offset(self.next, self.step, groups * (L / 2)),
                two_streams,
                step: self.step,
                groups,
                _stride: self._stride,
            },
            rest,
        )
    }
}

/// Chunks of at least this many iterations hand their reduction lanes values from two
/// streams, half of each group from each half of the chunk ([`Chunk::lanes`]).
///
/// Two streams keep more of a memory-bound loop's reads in flight than one; a short
/// chunk loses by restarting two streams where one would do. The threshold sits where
/// the measurements (`benches/README.md`, "Measurements behind the runtime's choices")
/// turn from loss to gain.
pub const TWO_STREAMS_MIN: usize = 1 << 16;

/// Groups of `L` loop-variable values; see [`Chunk::lanes`].
#[derive(Clone, Debug)]
pub struct Lanes<T, S, const L: usize> {
    /// The next value of the group's first half of positions.
    first: T,
    /// The next value of its second half (with two streams).
    second: T,
    /// Whether the halves come from two streams; else groups are consecutive values.
    two_streams: bool,
    step: T,
    groups: usize,
    _stride: S,
}

impl<T: Int, S: Stride, const L: usize> Iterator for Lanes<T, S, L> {
    type Item = [T; L];

    #[inline(always)]
    fn next(&mut self) -> Option<[T; L]> {
        if self.groups == 0 {
            return None;
        }
        self.groups -= 1;
        let (a, b, step) = (self.first, self.second, self.step);
        if !self.two_streams {
            self.first = S::offset(a, step, L);
            return Some(std::array::from_fn(|l| S::offset(a, step, l)));
        }
        self.first = S::offset(a, step, L / 2);
        self.second = S::offset(b, step, L / 2);
        Some(std::array::from_fn(|l| match l < L / 2 {
            true => S::offset(a, step, l),
            false => S::offset(b, step, l - L / 2),
        }))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.groups, Some(self.groups))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values<R: IntoPRange>(r: R) -> Vec<R::Item> {
        let span = Span::of(r);
        span.chunk(0, span.len()).collect()
    }

    #[test]
    fn spans_match_the_sequential_iterators() {
        assert_eq!(values(7usize), (0..7).collect::<Vec<_>>());
        assert_eq!(values(3i32..9), (3..9).collect::<Vec<_>>());
        assert_eq!(values(250u8..=255), (250..=255).collect::<Vec<u8>>());
        assert_eq!(
            values((0u64..100).step_by(7)),
            (0..100).step_by(7).collect::<Vec<_>>()
        );
        assert_eq!(
            values((-5i8..=5).rev()),
            (-5..=5).rev().collect::<Vec<i8>>()
        );
        assert_eq!(
            values((0u16..10).rev().step_by(3)),
            (0..10).rev().step_by(3).collect::<Vec<_>>()
        );
        assert_eq!(
            values(i8::MIN..=i8::MAX),
            (i8::MIN..=i8::MAX).collect::<Vec<_>>()
        );
        assert!(values(5u32..5).is_empty());
        assert_eq!(values(0usize..1), [0]);
    }

    #[test]
    fn short_chunks_group_consecutive_values() {
        let span = Span::of((3u32..40).step_by(2));
        let (groups, rest) = span.chunk(1, span.len()).lanes::<4>();
        let mut all: Vec<u32> = groups.flatten().collect();
        all.extend(rest);
        assert_eq!(all, (3..40).step_by(2).skip(1).collect::<Vec<_>>());
    }

    #[test]
    fn long_chunks_take_half_of_each_group_from_each_half() {
        // 2 * TWO_STREAMS_MIN + 3 values, stepping by 3 from 1 on.
        let len = 2 * TWO_STREAMS_MIN + 3;
        let span = Span::of((1u64..1 + 3 * len as u64).step_by(3));
        assert_eq!(span.len(), len);
        let values: Vec<u64> = span.chunk(0, len).collect();
        let (groups, rest) = span.chunk(0, len).lanes::<4>();
        let groups: Vec<[u64; 4]> = groups.collect();
        let half = TWO_STREAMS_MIN; // groups * 2 = len / 4 * 2
        assert_eq!(groups.len(), len / 4);
        for (g, group) in groups.iter().enumerate() {
            let first = &values[2 * g..2 * g + 2];
            let second = &values[half + 2 * g..half + 2 * g + 2];
            assert_eq!(group[..2], *first);
            assert_eq!(group[2..], *second);
        }
        assert_eq!(rest.collect::<Vec<_>>(), values[len - 3..]);
    }
}
