//! The element types `correlate2d` and `convolve2d` accept: their arithmetic.
//!
//! Only what the direct method computes with (zero, multiply-add, conjugate, NaN
//! tests). Which method a type may take, and at what cost, is `method`'s business.

use num_complex::Complex;

pub(crate) mod sealed {
    /// The per-type arithmetic of the direct method.
    #[allow(
        unreachable_pub,
        reason = "sealed-trait pattern: public to bound `SignalElement`, unnameable outside"
    )]
    pub trait Element: Copy + Send + Sync + 'static {
        /// The additive identity.
        const ZERO: Self;
        /// `acc + x · w`, wrapping around on overflow for integers.
        fn mul_acc(acc: Self, x: Self, w: Self) -> Self;
        /// The complex conjugate (the identity for real types).
        fn conj(self) -> Self;
        /// False for NaN and infinities.
        fn is_finite(self) -> bool;
        /// NaN (floating point only; never asked of integers, which are all finite).
        fn nan() -> Self;
    }
}

use sealed::Element;

macro_rules! float_element {
    ($($t:ty),*) => {$(
        impl Element for $t {
            const ZERO: Self = 0.0;
            #[inline(always)]
            fn mul_acc(acc: Self, x: Self, w: Self) -> Self {
                acc + x * w
            }
            fn conj(self) -> Self {
                self
            }
            fn is_finite(self) -> bool {
                <$t>::is_finite(self)
            }
            fn nan() -> Self {
                <$t>::NAN
            }
        }
        impl Element for Complex<$t> {
            const ZERO: Self = Complex::new(0.0, 0.0);
            #[inline(always)]
            fn mul_acc(acc: Self, x: Self, w: Self) -> Self {
                acc + x * w
            }
            fn conj(self) -> Self {
                Complex::conj(&self)
            }
            fn is_finite(self) -> bool {
                Complex::is_finite(self)
            }
            fn nan() -> Self {
                Complex::new(<$t>::NAN, <$t>::NAN)
            }
        }
    )*};
}

float_element!(f32, f64);

macro_rules! int_element {
    ($($t:ty),*) => {$(
        impl Element for $t {
            const ZERO: Self = 0;
            #[inline(always)]
            fn mul_acc(acc: Self, x: Self, w: Self) -> Self {
                acc.wrapping_add(x.wrapping_mul(w))
            }
            fn conj(self) -> Self {
                self
            }
            fn is_finite(self) -> bool {
                true
            }
            fn nan() -> Self {
                0
            }
        }
    )*};
}

int_element!(i8, i16, i32, i64, isize, u8, u16, u32, u64, usize);
