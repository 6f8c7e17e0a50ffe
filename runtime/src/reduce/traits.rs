//! The identities num-traits does not provide: [`Bits`] and [`Extremum`].

use std::ops::{BitAnd, BitOr, BitXor};

/// Types with bitwise identities (`&=`, `|=`, `^=` reductions).
///
/// The operators are supertraits: partials combine with `&`, `|` and `^`. Implemented
/// for the primitive integers and `bool`.
///
/// # Examples
///
/// ```
/// use parfor_runtime::reduce::Bits;
///
/// assert_eq!(u8::all_ones(), 0xff);
/// assert_eq!(i32::no_bits(), 0);
/// assert!(bool::all_ones() && !bool::no_bits());
/// ```
pub trait Bits:
    Copy + Send + BitAnd<Output = Self> + BitOr<Output = Self> + BitXor<Output = Self>
{
    /// All bits set: the identity of `&`.
    fn all_ones() -> Self;
    /// No bit set: the identity of `|` and `^`.
    fn no_bits() -> Self;
}

/// Ordered types (`s = s.max(e)`, `s = s.min(e)` reductions).
///
/// Partials combine with [`maximum`](Self::maximum) or [`minimum`](Self::minimum), which
/// compute what the type's own `max` and `min` do. Implemented for the primitive
/// integers and the floats.
///
/// The identities private accumulators start from are [`max_identity`](Self::max_identity)
/// and [`min_identity`](Self::min_identity). For the floats they are NaN, not `-inf` and
/// `+inf`: `f64::max` and `f64::min` return the other operand when one is NaN, so NaN
/// gives way to every float, where `-inf` does not give way to NaN (`f64::max(-inf,
/// NaN)` is `-inf`). A loop whose values and initial value are all NaN therefore
/// reduces to NaN, as it does sequentially.
///
/// # Examples
///
/// ```
/// use parfor_runtime::reduce::Extremum;
///
/// assert_eq!(f64::lowest(), f64::NEG_INFINITY);
/// assert_eq!(i16::highest(), i16::MAX);
/// assert!(f64::max_identity().is_nan());
/// assert_eq!(f64::max_identity().maximum(-1.0), -1.0);
/// assert_eq!(i16::min_identity(), i16::MAX);
/// assert_eq!(2.0_f32.maximum(f32::NAN), 2.0); // as f32::max: NaN is ignored
/// assert_eq!(3_u8.minimum(7), 3);
/// ```
pub trait Extremum: Copy + Send {
    /// The value no other is below (`-inf` for floats).
    fn lowest() -> Self;
    /// The value no other is above (`+inf` for floats).
    fn highest() -> Self;
    /// The identity of [`maximum`](Self::maximum): [`lowest`](Self::lowest) unless a
    /// value gives way to it too (NaN for the floats).
    fn max_identity() -> Self {
        Self::lowest()
    }
    /// The identity of [`minimum`](Self::minimum): [`highest`](Self::highest) unless a
    /// value gives way to it too (NaN for the floats).
    fn min_identity() -> Self {
        Self::highest()
    }
    /// The larger, as the type's own `max` computes it (floats ignore NaN).
    fn maximum(self, other: Self) -> Self;
    /// The smaller, as the type's own `min` computes it (floats ignore NaN).
    fn minimum(self, other: Self) -> Self;
}

macro_rules! impl_int_ops {
    ($($t:ty)*) => {$(
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
        impl Extremum for $t {
            fn lowest() -> Self { <$t>::NEG_INFINITY }
            fn highest() -> Self { <$t>::INFINITY }
            fn max_identity() -> Self { <$t>::NAN }
            fn min_identity() -> Self { <$t>::NAN }
            #[inline(always)]
            fn maximum(self, other: Self) -> Self { <$t>::max(self, other) }
            #[inline(always)]
            fn minimum(self, other: Self) -> Self { <$t>::min(self, other) }
        }
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

/// Floating-point types (`s /= e` reductions).
///
/// A private accumulator of `s /= e` starts at one and divides by each `e` of its
/// chunk, so it holds the reciprocal of their product; partials combine by
/// multiplication and `s` is multiplied by the result once, after the loop. `s` ends
/// equal to `s / (e1 * e2 * ..)` up to rounding (not bit for bit the sequential
/// `((s / e1) / e2) ..`, but the same for any number of threads). Integer division does
/// not regroup that way (`1 / e` is `0`), so only `f32` and `f64` implement this.
///
/// # Examples
///
/// ```
/// use parfor_runtime::reduce::Quotient;
///
/// let mut partial = f64::quotient_identity();
/// partial /= 4.0;
/// partial /= 0.5;
/// assert_eq!(10.0 * partial, 10.0 / (4.0 * 0.5));
/// ```
#[diagnostic::on_unimplemented(
    message = "parfor: `/=` reduces only `f32` and `f64` variables, not `{Self}`",
    label = "a `/=` reduction of `{Self}`",
    note = "integer division does not regroup across chunks; divide once after the loop by a product reduced with `*=`"
)]
pub trait Quotient: Copy + Send + std::ops::Mul<Output = Self> {
    /// One: a `/=` accumulator before any division.
    fn quotient_identity() -> Self;
}

impl Quotient for f32 {
    fn quotient_identity() -> Self {
        1.0
    }
}

impl Quotient for f64 {
    fn quotient_identity() -> Self {
        1.0
    }
}
