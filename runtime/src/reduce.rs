//! Reduction operators: identities for private accumulators, and how partials combine.
//!
//! A reduction variable `s` is replaced inside each chunk by a private accumulator that
//! starts at the operator's identity; the chunk's body runs unchanged on it. Partials
//! then combine with the operator in a fixed order (see `schedule`). For `s -= e` the
//! partials hold `-(e1 + e2 + ..)`, so they combine with `+`.
#![forbid(unsafe_code)]

use num_complex::Complex;

/// Types with an additive identity (`+=`, `-=` reductions).
pub trait Zero: Copy + Send {
    /// `0`.
    fn zero() -> Self;
}

/// Types with a multiplicative identity (`*=` reductions).
pub trait One: Copy + Send {
    /// `1`.
    fn one() -> Self;
}

/// Types with bitwise identities (`&=`, `|=`, `^=` reductions).
pub trait Bits: Copy + Send {
    /// All bits set: the identity of `&`.
    fn all_ones() -> Self;
    /// No bit set: the identity of `|` and `^`.
    fn no_bits() -> Self;
}

/// Ordered types (`s = s.max(e)`, `s = s.min(e)` reductions).
pub trait Extremum: Copy + Send {
    /// The value no other is below: the identity of `max` (`-inf` for floats).
    fn lowest() -> Self;
    /// The value no other is above: the identity of `min` (`+inf` for floats).
    fn highest() -> Self;
    /// The larger, as the type's own `max` computes it (floats ignore NaN).
    fn maximum(self, other: Self) -> Self;
    /// The smaller, as the type's own `min` computes it (floats ignore NaN).
    fn minimum(self, other: Self) -> Self;
}

macro_rules! impl_int_ops {
    ($($t:ty)*) => {$(
        impl Zero for $t { fn zero() -> Self { 0 } }
        impl One for $t { fn one() -> Self { 1 } }
        impl Bits for $t {
            fn all_ones() -> Self { !0 }
            fn no_bits() -> Self { 0 }
        }
        impl Extremum for $t {
            fn lowest() -> Self { <$t>::MIN }
            fn highest() -> Self { <$t>::MAX }
            #[inline(always)]
            fn maximum(self, other: Self) -> Self { Ord::max(self, other) }
            #[inline(always)]
            fn minimum(self, other: Self) -> Self { Ord::min(self, other) }
        }
    )*};
}
impl_int_ops!(u8 u16 u32 u64 u128 usize i8 i16 i32 i64 i128 isize);

macro_rules! impl_float_ops {
    ($($t:ty)*) => {$(
        impl Zero for $t { fn zero() -> Self { 0.0 } }
        impl One for $t { fn one() -> Self { 1.0 } }
        impl Extremum for $t {
            fn lowest() -> Self { <$t>::NEG_INFINITY }
            fn highest() -> Self { <$t>::INFINITY }
            #[inline(always)]
            fn maximum(self, other: Self) -> Self { <$t>::max(self, other) }
            #[inline(always)]
            fn minimum(self, other: Self) -> Self { <$t>::min(self, other) }
        }
        impl Zero for Complex<$t> { fn zero() -> Self { Complex::new(0.0, 0.0) } }
        impl One for Complex<$t> { fn one() -> Self { Complex::new(1.0, 0.0) } }
    )*};
}
impl_float_ops!(f32 f64);

impl Bits for bool {
    fn all_ones() -> Self {
        true
    }
    fn no_bits() -> Self {
        false
    }
}

/// Identity of `+=` and `-=` for the type of `_like`.
#[inline(always)]
pub fn zero_like<T: Zero>(_like: &T) -> T {
    T::zero()
}

/// Identity of `*=` for the type of `_like`.
#[inline(always)]
pub fn one_like<T: One>(_like: &T) -> T {
    T::one()
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
pub fn lowest_like<T: Extremum>(_like: &T) -> T {
    T::lowest()
}

/// Identity of a `min` reduction for the type of `_like`.
#[inline(always)]
pub fn highest_like<T: Extremum>(_like: &T) -> T {
    T::highest()
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
/// `acc.iter_mut().zip(group)`, LLVM kept the accumulators of a sum on the stack, a
/// store and a reload around every addition: 2.2x slower on data in cache, 10% on a
/// memory-bound sum of 10^8 `f64`.
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
