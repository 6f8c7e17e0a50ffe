//! The method choice: direct or FFT, by estimated cost, and what each element type may
//! take.
//!
//! [`Method::Auto`] estimates both methods' costs with a model fitted to this crate's
//! two implementations and picks the cheaper, among the methods that give the type's
//! answer: floats take the FFT only without NaN or infinity (it would spread one over
//! the whole result); integers take it only when the rounded result is provably exact.
//! The per-type part ([`Route`]) lives here, not on the element trait, so that the
//! methods (`direct`, `fftconv`) and the arithmetic (`element`) do not know each other.

use ndarray::{Array2, ArrayView2};
use num_complex::Complex;

use super::direct;
use super::element::sealed::Element;
use super::fftconv;
use super::geometry::Geometry;

/// How to compute a correlation or convolution.
///
/// # Examples
///
/// ```
/// use ndarray::Array2;
/// use parfor_runtime::signal::{Method, Mode, correlate2d_with};
///
/// let a = Array2::from_shape_fn((40, 40), |(i, j)| (i * j % 7) as f64);
/// let direct = correlate2d_with(&a, &a, Mode::Full, Method::Direct);
/// let fft = correlate2d_with(&a, &a, Mode::Full, Method::Fft);
/// assert!(direct.iter().zip(&fft).all(|(d, f)| (d - f).abs() < 1e-9));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Method {
    /// The cheaper of the two by estimated cost (see [`choose_method`](super::choose_method)).
    #[default]
    Auto,
    /// Every product, summed in the element type: exact for integers.
    Direct,
    /// Through FFTs. Integer inputs go through `f64` and are rounded back, when the
    /// rounding error is provably below one half; otherwise, and for empty inputs, the
    /// direct method runs instead.
    Fft,
}

/// The cost model of [`Method::Auto`], in nanoseconds, fitted to timings of both
/// methods (the fit: `benches/README.md`):
///
/// - direct: `DIRECT_NS` (0.11 for `f64`, per element type) per multiply-add, plus
///   `PER_OUTPUT` per output element (block set-up, visible with 3 × 3 kernels);
/// - FFT, for a padded size of `N` elements: `NLOGN · N log₂ N + PER_ELEMENT · N` (both
///   transforms, the padding copies and the spectrum product), times the element type's
///   `FFT_SCALE` (1 for `f64`).
///
/// The choice only matters near the crossover, where both methods cost about the same,
/// so a rough fit is enough.
mod cost {
    pub(super) const PER_OUTPUT: f64 = 2.0;
    pub(super) const NLOGN: f64 = 0.6;
    pub(super) const PER_ELEMENT: f64 = 1.5;
}

pub(crate) mod sealed {
    use ndarray::{Array2, ArrayView2};

    use super::Element;
    use super::Geometry;

    /// The per-type routes of the two methods, and their costs.
    #[allow(
        unreachable_pub,
        reason = "sealed-trait pattern: public to bound `SignalElement`, unnameable outside"
    )]
    pub trait Route: Element {
        /// Nanoseconds per multiply-add of the direct method (see `cost`).
        const DIRECT_NS: f64;
        /// The FFT method's cost relative to `f64`'s (see `cost`).
        const FFT_SCALE: f64;
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

use sealed::Route;

/// Direct or FFT for inputs already arranged, with geometry `g`.
pub(super) fn auto<T: Route>(a: &ArrayView2<'_, T>, w: &ArrayView2<'_, T>, g: &Geometry) -> Method {
    if a.is_empty() || w.is_empty() {
        return Method::Direct;
    }
    let (p, q) = fftconv::padded_shape(g);
    let n = (p * q) as f64;
    let fft = T::FFT_SCALE * (cost::NLOGN * n * n.log2() + cost::PER_ELEMENT * n);
    let direct = T::DIRECT_NS * g.direct_macs() + cost::PER_OUTPUT * (g.out.0 * g.out.1) as f64;
    if fft >= direct {
        return Method::Direct;
    }
    if !T::fft_applies(a, w, g) {
        return Method::Direct;
    }
    Method::Fft
}

/// Computes the prepared correlation of `a` with `w` by `method` (`Auto` already
/// resolved); the FFT method falls back to the direct one where it does not apply.
pub(super) fn compute<T: Route>(
    method: Method,
    a: &ArrayView2<'_, T>,
    w: &ArrayView2<'_, T>,
    g: &Geometry,
) -> Array2<T> {
    match method {
        Method::Fft => T::fft(a, w, g).unwrap_or_else(|| T::direct(a, w, g)),
        _ => T::direct(a, w, g),
    }
}

macro_rules! float_route {
    ($($t:ty: $real_ns:expr, $real_fft:expr, $complex_ns:expr, $complex_fft:expr);*) => {$(
        impl Route for $t {
            const DIRECT_NS: f64 = $real_ns;
            const FFT_SCALE: f64 = $real_fft;
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
        impl Route for Complex<$t> {
            const DIRECT_NS: f64 = $complex_ns;
            const FFT_SCALE: f64 = $complex_fft;
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

// Fitted as the model in `cost` was: ns per direct multiply-add, FFT time relative to
// f64's.
float_route!(f32: 0.07, 0.7, 0.74, 0.83; f64: 0.11, 1.0, 0.6, 1.3);

/// Integer inputs whose every partial sum stays within `±2^52` are correlated in `f64`:
/// each product and each sum of such integers is an integer that `f64` represents
/// exactly, so no operation rounds and the result is the integer result, bit for bit,
/// while the loop vectorises the way 64-bit integer multiplies (absent from SSE2 and
/// AVX2) cannot. The bound is `max|a| · max|w| · min(|a|, |w|)`: no output sums more
/// than `min(|a|, |w|)` products. A 100 × 100 matrix of values in `0..100`
/// correlated with itself stays below 2^27.
const EXACT_IN_F64: f64 = (1_u64 << 52) as f64;

/// The FFT route of integer inputs, rounded to the nearest integer: exact when the
/// rounding error of the transforms stays below one half. The error of an FFT
/// correlation is bounded by `c · ε · log₂ N · ‖a‖₂ · ‖w‖₂` (`N` the padded size, `ε`
/// f64's epsilon, `c` a small constant); with `c = 16` and a margin of two (below 1/4)
/// the rounded result is the integer result. All outputs must also be integers `f64`
/// holds exactly (`EXACT_IN_F64`). Two 100 × 100 matrices of values in `-5..5` have a
/// bound near 1e-9.
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

macro_rules! int_route {
    ($($t:ty),*) => {$(
        impl Route for $t {
            // The FFT is taken only when provably exact: see `exact_by_fft`.
            const DIRECT_NS: f64 = 0.11;
            // The conversions to and from f64 on top of f64's transforms.
            const FFT_SCALE: f64 = 1.15;
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

int_route!(i8, i16, i32, i64, isize, u8, u16, u32, u64, usize);
