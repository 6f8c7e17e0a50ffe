//! The element types the transforms accept, and how each becomes complex.

use num_complex::Complex;

use crate::scalar::Scalar;

pub(super) mod sealed {
    #[allow(
        unreachable_pub,
        reason = "sealed-trait pattern: public to bound `FftElement`, unnameable outside"
    )]
    pub trait Sealed {
        /// A real type: its transforms take the real-input path (`real.rs`).
        const REAL: bool;
    }
}

/// An element type [`fft2`](super::fft2) and [`ifft2`](super::ifft2) accept: `f32`, `f64`, `Complex<f32>`,
/// `Complex<f64>`.
///
/// Real input is treated as complex with a zero imaginary part, as NumPy does. Sealed.
///
/// # Examples
///
/// ```
/// use num_complex::Complex;
/// use parfor_runtime::fft::FftElement;
///
/// assert_eq!(2.5_f32.to_complex(), Complex::new(2.5, 0.0));
/// assert_eq!(Complex::new(1.0, -1.0).to_complex(), Complex::new(1.0, -1.0));
/// ```
pub trait FftElement: Copy + sealed::Sealed + 'static {
    /// The real type of the result's components (`f32` or `f64`).
    type Real: Scalar;
    /// The element as a complex number.
    fn to_complex(self) -> Complex<Self::Real>;
}

macro_rules! fft_element {
    ($($t:ty => $r:ty, $real:expr, |$x:ident| $e:expr;)*) => {$(
        impl sealed::Sealed for $t {
            const REAL: bool = $real;
        }
        impl FftElement for $t {
            type Real = $r;
            #[inline]
            fn to_complex(self) -> Complex<$r> {
                let $x = self;
                $e
            }
        }
    )*};
}

fft_element! {
    f32 => f32, true, |x| Complex::new(x, 0.0);
    f64 => f64, true, |x| Complex::new(x, 0.0);
    Complex<f32> => f32, false, |x| x;
    Complex<f64> => f64, false, |x| x;
}
