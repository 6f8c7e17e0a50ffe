//! What the generated code of a reduction calls: identities for private accumulators,
//! how partials combine, and the lanes of accumulators inside a chunk.
//!
//! A reduction variable `s` is replaced inside each chunk by [`LANES`] private
//! accumulators that start at the operator's identity; the chunk's body runs unchanged
//! on them. Partials then combine with the operator in a fixed order (lanes left to
//! right, then leaves left to right; see `schedule`). For `s -= e` the partials hold
//! `-(e1 + e2 + ..)`, so they combine with `+`; integer sums use the accumulators of
//! `sum`, which neither panic nor lose an overflow.
//!
//! The identities take a reference to the reduction variable only to name its type
//! (the generated code cannot spell it). Their bounds are the public traits of
//! `reduce`: num-traits' `One`, and parfor's `Bits` and `Extremum` (`Zero`: see `sum`).
use num_traits::One;

use super::traits::{Bits, Extremum, Quotient};

/// Identity of `*=` for the type of `_like`.
#[inline(always)]
pub fn one_like<T: One>(_like: &T) -> T {
    T::one()
}

/// Identity of `/=` for the type of `_like` (floats only).
#[inline(always)]
pub fn quotient_identity_like<T: Quotient>(_like: &T) -> T {
    T::quotient_identity()
}

/// Identity of `&=` for the type of `_like`.
#[inline(always)]
pub fn all_ones_like<T: Bits>(_like: &T) -> T {
    T::all_ones()
}

/// Identity of `|=` and `^=` for the type of `_like`.
#[inline(always)]
pub fn no_bits_like<T: Bits>(_like: &T) -> T {
    T::no_bits()
}

/// Identity of a `max` reduction for the type of `_like`.
#[inline(always)]
pub fn max_identity_like<T: Extremum>(_like: &T) -> T {
    T::max_identity()
}

/// Identity of a `min` reduction for the type of `_like`.
#[inline(always)]
pub fn min_identity_like<T: Extremum>(_like: &T) -> T {
    T::min_identity()
}

/// Combines partials of `+=` and `-=` reductions.
#[inline(always)]
pub fn add<T: std::ops::Add<Output = T>>(a: T, b: T) -> T {
    a + b
}

/// Combines partials of `*=` reductions.
#[inline(always)]
pub fn mul<T: std::ops::Mul<Output = T>>(a: T, b: T) -> T {
    a * b
}

/// Combines partials of `&=` reductions.
#[inline(always)]
pub fn bitand<T: std::ops::BitAnd<Output = T>>(a: T, b: T) -> T {
    a & b
}

/// Combines partials of `|=` reductions.
#[inline(always)]
pub fn bitor<T: std::ops::BitOr<Output = T>>(a: T, b: T) -> T {
    a | b
}

/// Combines partials of `^=` reductions.
#[inline(always)]
pub fn bitxor<T: std::ops::BitXor<Output = T>>(a: T, b: T) -> T {
    a ^ b
}

/// Combines partials of `max` reductions.
#[inline(always)]
pub fn max<T: Extremum>(a: T, b: T) -> T {
    a.maximum(b)
}

/// Combines partials of `min` reductions.
#[inline(always)]
pub fn min<T: Extremum>(a: T, b: T) -> T {
    a.minimum(b)
}

/// Number of private accumulators per chunk of a reducing loop.
///
/// The chunk's iterations are dealt to the accumulators in a fixed pattern (consecutive
/// groups of `LANES`, or in long chunks half of the accumulators walking the first half
/// of the chunk and half the second: see `Chunk::lanes`), and the iterations left over
/// (fewer than `LANES`) fold into one more partial. The additions form independent
/// chains that overlap in the pipeline, in an order that depends only on the chunk,
/// never on the thread count.
pub const LANES: usize = 8;

/// Runs `step` once per lane of a group of iterations: lane `l`'s accumulator with
/// iteration `group[l]`, lanes in order.
///
/// Spelled out lane by lane rather than as a loop over the array, so that every
/// accumulator is a separate place from the start and stays in a register. With
/// `acc.iter_mut().zip(group)`, LLVM keeps the accumulators of a sum on the stack, a
/// store and a reload around every addition.
#[inline(always)]
pub fn each_lane<A, T>(acc: &mut [A; LANES], group: [T; LANES], mut step: impl FnMut(&mut A, T)) {
    let [a0, a1, a2, a3, a4, a5, a6, a7] = acc;
    let [i0, i1, i2, i3, i4, i5, i6, i7] = group;
    step(a0, i0);
    step(a1, i1);
    step(a2, i2);
    step(a3, i3);
    step(a4, i4);
    step(a5, i5);
    step(a6, i6);
    step(a7, i7);
}

/// Identity of `*=` for the elements of a reduced array.
#[inline(always)]
pub fn one_of<T: One>(_: super::sum::Like<T>) -> T {
    T::one()
}

/// Identity of `&=` for the elements of a reduced array.
#[inline(always)]
pub fn all_ones_of<T: Bits>(_: super::sum::Like<T>) -> T {
    T::all_ones()
}

/// Identity of `|=` and `^=` for the elements of a reduced array.
#[inline(always)]
pub fn no_bits_of<T: Bits>(_: super::sum::Like<T>) -> T {
    T::no_bits()
}

/// Identity of `a[k] = a[k].max(e)` for the elements of a reduced array.
#[inline(always)]
pub fn max_identity_of<T: Extremum>(_: super::sum::Like<T>) -> T {
    T::max_identity()
}

/// Identity of `a[k] = a[k].min(e)` for the elements of a reduced array.
#[inline(always)]
pub fn min_identity_of<T: Extremum>(_: super::sum::Like<T>) -> T {
    T::min_identity()
}

/// Identity of `/=` for the elements of a reduced array (floats only).
#[inline(always)]
pub fn quotient_identity_of<T: Quotient>(_: super::sum::Like<T>) -> T {
    T::quotient_identity()
}

/// Identity of `+=` and `-=` for an array updated as a whole (`y += &e`).
#[inline(always)]
pub fn zero_of<T: num_traits::Zero>(_: super::sum::Like<T>) -> T {
    T::zero()
}
