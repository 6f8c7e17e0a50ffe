//! The element types `correlate2d` and `convolve2d` accept, and what each may do.

use ndarray::{Array2, ArrayView2};
use num_complex::Complex;

use super::geometry::Geometry;
use super::{direct, fftconv};

pub(crate) mod sealed {
    use ndarray::{Array2, ArrayView2};

    use super::Geometry;

    /// The per-type operations behind [`SignalElement`](super::SignalElement).
    #[allow(
        unreachable_pub,
        reason = "sealed-trait pattern: public to bound `SignalElement`, unnameable outside"
    )]
    pub trait Element: Copy + Send + Sync + 'static {
        /// The additive identity.
        const ZERO: Self;
        /// Whether the FFT method applies (floating point only).
        const FFT: bool;
        /// Nanoseconds per multiply-add of the direct method, and the FFT method's cost
        /// relative to `f64`'s: see `COST` in `signal/mod.rs`.
        const DIRECT_NS: f64;
        /// See `DIRECT_NS`.
        const FFT_SCALE: f64;
        /// `acc + x · w`, wrapping around on overflow for integers.
        fn mul_acc(acc: Self, x: Self, w: Self) -> Self;
        /// The complex conjugate (the identity for real types).
        fn conj(self) -> Self;
        /// False for NaN and infinities.
        fn is_finite(self) -> bool;
        /// NaN (floating point only; never asked of integers, which are all finite).
        fn nan() -> Self;
        /// The direct method (integers may take an exact shortcut through `f64`).
        fn direct(a: &ArrayView2<'_, Self>, w: &ArrayView2<'_, Self>, g: &Geometry)
        -> Array2<Self>;
        /// Whether the FFT method gives this type's answer for these inputs: floats
        /// without NaN or infinity; integers whose rounded FFT result is provably exact.
        fn fft_applies(a: &ArrayView2<'_, Self>, w: &ArrayView2<'_, Self>, g: &Geometry) -> bool;
        /// The FFT method; `None` where it does not apply.
        fn fft(
            a: &ArrayView2<'_, Self>,
            w: &ArrayView2<'_, Self>,
            g: &Geometry,
        ) -> Option<Array2<Self>>;
    }
}

/// An element type [`correlate2d`](super::correlate2d) and
/// [`convolve2d`](super::convolve2d) accept: `f32`, `f64`, `Complex<f32>`,
/// `Complex<f64>`, and the integers `i8` to `i64`, `u8` to `u64`, `isize`, `usize`.
///
/// Integers are computed exactly in their own type, wrapping around on overflow as
/// NumPy's integer arithmetic (and so SciPy's) does. Sealed.
///
/// # Examples
///
/// ```
/// use ndarray::array;
/// use parfor_runtime::signal::{Mode, correlate2d};
///
/// // 200 · 2 = 400 wraps to 144 in u8, as in NumPy.
/// assert_eq!(correlate2d(&array![[200_u8]], &array![[2_u8]], Mode::Full), array![[144_u8]]);
/// ```
pub trait SignalElement: sealed::Element + std::fmt::Debug + PartialEq {}

macro_rules! float_element {
    ($($t:ty: $real_ns:expr, $real_fft:expr, $complex_ns:expr, $complex_fft:expr);*) => {$(
        impl SignalElement for $t {}
        impl sealed::Element for $t {
            const ZERO: Self = 0.0;
            const FFT: bool = true;
            const DIRECT_NS: f64 = $real_ns;
            const FFT_SCALE: f64 = $real_fft;
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
            fn fft_applies(a: &ArrayView2<'_, Self>, w: &ArrayView2<'_, Self>, _: &Geometry) -> bool {
                a.iter().chain(w.iter()).all(|x| x.is_finite())
            }
            fn direct(a: &ArrayView2<'_, Self>, w: &ArrayView2<'_, Self>, g: &Geometry) -> Array2<Self> {
                direct::correlate(a, w, g)
            }
            fn fft(a: &ArrayView2<'_, Self>, w: &ArrayView2<'_, Self>, g: &Geometry) -> Option<Array2<Self>> {
                Some(fftconv::correlate_real(a, w, g))
            }
        }
        impl SignalElement for Complex<$t> {}
        impl sealed::Element for Complex<$t> {
            const ZERO: Self = Complex::new(0.0, 0.0);
            const FFT: bool = true;
            const DIRECT_NS: f64 = $complex_ns;
            const FFT_SCALE: f64 = $complex_fft;
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
            fn fft_applies(a: &ArrayView2<'_, Self>, w: &ArrayView2<'_, Self>, _: &Geometry) -> bool {
                a.iter().chain(w.iter()).all(|x| Complex::is_finite(*x))
            }
            fn direct(a: &ArrayView2<'_, Self>, w: &ArrayView2<'_, Self>, g: &Geometry) -> Array2<Self> {
                direct::correlate(a, w, g)
            }
            fn fft(a: &ArrayView2<'_, Self>, w: &ArrayView2<'_, Self>, g: &Geometry) -> Option<Array2<Self>> {
                Some(fftconv::correlate_complex(a, w, g))
            }
        }
    )*};
}

// Measured with the 100 × 100 full and 300 × 300 / 30 × 30 same correlations (see
// `COST` in `signal/mod.rs`): ns per direct multiply-add, FFT time relative to f64's.
float_element!(f32: 0.07, 0.7, 0.74, 0.83; f64: 0.11, 1.0, 0.6, 1.3);

/// Integer inputs whose every partial sum stays within `±2^52` are correlated in `f64`:
/// each product and each sum of such integers is an integer that `f64` represents
/// exactly, so no operation rounds and the result is the integer result, bit for bit,
/// while the loop vectorises the way 64-bit integer multiplies (absent from SSE2 and
/// AVX2) cannot. The bound is `max|a| · max|w| · min(|a|, |w|)`: no output sums more
/// than `min(|a|, |w|)` products. The seed's data (0..100, 100 × 100) stays below 2^27.
const EXACT_IN_F64: f64 = (1_u64 << 52) as f64;

/// The FFT route of integer inputs, rounded to the nearest integer: exact when the
/// rounding error of the transforms stays below one half. The error of an FFT
/// correlation is bounded by `c · ε · log₂ N · ‖a‖₂ · ‖w‖₂` (`N` the padded size, `ε`
/// f64's epsilon, `c` a small constant); with `c = 16` and a margin of two (below 1/4)
/// the rounded result is the integer result. All outputs must also be integers `f64`
/// holds exactly (`EXACT_IN_F64`). The seed's 100 × 100 matrices of -5..5 have a bound
/// near 1e-9.
fn exact_by_fft<T: Copy>(
    a: &ArrayView2<'_, T>,
    w: &ArrayView2<'_, T>,
    g: &Geometry,
    to_f64: impl Fn(T) -> f64 + Copy,
) -> Option<Array2<f64>> {
    if !fft_is_exact(a, w, g, to_f64) {
        return None;
    }
    let out = fftconv::correlate_real(&a.mapv(&to_f64).view(), &w.mapv(&to_f64).view(), g);
    Some(out.mapv(f64::round))
}

/// Whether [`exact_by_fft`] would be exact for these inputs.
fn fft_is_exact<T: Copy>(
    a: &ArrayView2<'_, T>,
    w: &ArrayView2<'_, T>,
    g: &Geometry,
    to_f64: impl Fn(T) -> f64,
) -> bool {
    let norm = |v: &ArrayView2<'_, T>| v.iter().map(|&x| to_f64(x) * to_f64(x)).sum::<f64>().sqrt();
    let largest = |v: &ArrayView2<'_, T>| v.iter().map(|&x| to_f64(x).abs()).fold(0.0, f64::max);
    let terms = (g.a.0 * g.a.1).min(g.w.0 * g.w.1) as f64;
    let (p, q) = fftconv::padded_shape(g);
    let error = 16.0 * f64::EPSILON * ((p * q) as f64).log2().max(1.0) * norm(a) * norm(w);
    error < 0.25 && largest(a) * largest(w) * terms <= EXACT_IN_F64
}

macro_rules! int_element {
    ($($t:ty),*) => {$(
        impl SignalElement for $t {}
        impl sealed::Element for $t {
            const ZERO: Self = 0;
            // Only when provably exact: see `exact_by_fft`.
            const FFT: bool = true;
            const DIRECT_NS: f64 = 0.11;
            // The conversions to and from f64 on top of f64's transforms.
            const FFT_SCALE: f64 = 1.15;
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
            fn fft_applies(a: &ArrayView2<'_, Self>, w: &ArrayView2<'_, Self>, g: &Geometry) -> bool {
                fft_is_exact(a, w, g, |x| x as f64)
            }
            fn direct(a: &ArrayView2<'_, Self>, w: &ArrayView2<'_, Self>, g: &Geometry) -> Array2<Self> {
                // Exact in f64 when no sum can pass 2^52: see `EXACT_IN_F64`.
                let largest = |v: &ArrayView2<'_, Self>| {
                    v.iter().map(|&x| (x as i128).unsigned_abs()).max().unwrap_or(0) as f64
                };
                let terms = (g.a.0 * g.a.1).min(g.w.0 * g.w.1) as f64;
                if largest(a) * largest(w) * terms <= EXACT_IN_F64 {
                    let out = direct::correlate(&a.mapv(|x| x as f64).view(), &w.mapv(|x| x as f64).view(), g);
                    // Exact integers below 2^52: `as i64` is exact, `as $t` wraps like
                    // the integer arithmetic would have.
                    return out.mapv(|x| x as i64 as $t);
                }
                direct::correlate(a, w, g)
            }
            fn fft(a: &ArrayView2<'_, Self>, w: &ArrayView2<'_, Self>, g: &Geometry) -> Option<Array2<Self>> {
                // Rounded integers below 2^52: `as i64` is exact, `as $t` wraps as the
                // integer arithmetic would have.
                exact_by_fft(a, w, g, |x| x as f64).map(|out| out.mapv(|x| x as i64 as $t))
            }
        }
    )*};
}

int_element!(i8, i16, i32, i64, isize, u8, u16, u32, u64, usize);
