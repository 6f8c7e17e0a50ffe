//! 2-D correlation and convolution for loop bodies, equal to SciPy's
//! `scipy.signal.correlate2d` and `convolve2d` with the default zero-fill boundary.
//!
//! Two methods compute them. The **direct** method forms every product and sums them in
//! the element type, so integer results are exact (wrapping around on overflow, as
//! NumPy's integer arithmetic does). The **FFT** method multiplies spectra, with a cost
//! of `O(N log N)` in the padded size `N` instead of the direct method's product of the
//! two inputs' sizes, at the price of rounding errors of the order of machine epsilon
//! times the largest partial sum. Like `scipy.signal.correlate(..., method="auto")`,
//! [`Method::Auto`] estimates both costs (with a cost model fitted to these two
//! implementations, see [`choose_method`]) and picks the cheaper. Integer results stay
//! exact: for integers the FFT route runs in `f64` and is rounded, and is taken only
//! when its rounding error is provably below one half (otherwise the direct method runs).
//! The FFT is never picked for inputs holding a NaN or an infinity (it would spread it
//! over the whole result, where SciPy's direct code keeps it local).
//!
//! # Semantics, as SciPy
//!
//! - [`Mode::Full`]: the whole result, `(m1 + m2 - 1) × (n1 + n2 - 1)`.
//! - [`Mode::Same`]: the size of `a`, centred on the full result. For a kernel of even
//!   length, `correlate2d` cuts the full result at `m2 / 2` and `convolve2d` at
//!   `(m2 - 1) / 2`, exactly as SciPy's do (SciPy's n-D `correlate` differs from its own
//!   `correlate2d` there; parfor follows `correlate2d`).
//! - [`Mode::Valid`]: only where the kernel lies entirely inside the input, which needs
//!   one input at least as large as the other on both axes. When `b` is the larger,
//!   the inputs swap, and `correlate2d` turns its result by 180°, as SciPy does.
//! - Complex inputs: `correlate2d` conjugates `b`.
//! - Empty inputs give the shape the formulas above give, filled with zeros (where SciPy
//!   raises on `full` mode with both inputs empty, the result here is empty).
//!
//! # Determinism
//!
//! The method [`Method::Auto`] picks depends only on the inputs (their shapes, their
//! element type, and for the FFT's applicability their values), and both methods are
//! sequential with a fixed order of operations: the same inputs give the same bits on
//! every call, on any thread.
//!
//! # Examples
//!
//! ```
//! use ndarray::array;
//! use parfor_runtime::signal::{Mode, convolve2d, correlate2d};
//!
//! let a = array![[1, 2, 3], [4, 5, 6]];
//! let k = array![[1, 0], [0, -1]];
//! assert_eq!(correlate2d(&a, &k, Mode::Valid), array![[-4, -4]]);
//! assert_eq!(convolve2d(&a, &k, Mode::Valid), array![[4, 4]]);
//! assert_eq!(
//!     correlate2d(&a, &k, Mode::Full),
//!     array![[-1, -2, -3, 0], [-4, -4, -4, 3], [0, 4, 5, 6]]
//! );
//! assert_eq!(correlate2d(&a, &k, Mode::Same), array![[-4, -4, 3], [4, 5, 6]]);
//! ```

mod direct;
mod element;
mod fftconv;
mod geometry;
mod method;

use ndarray::{Array2, ArrayView2, AsArray, Ix2, s};

pub use self::geometry::Mode;
use self::geometry::{Geometry, Op, arrange};
pub use self::method::Method;
use self::method::sealed::Route;

/// An element type [`correlate2d`] and
/// [`convolve2d`] accept: `f32`, `f64`, `Complex<f32>`,
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
pub trait SignalElement: Route + std::fmt::Debug + PartialEq {}

impl<T: Route + std::fmt::Debug + PartialEq> SignalElement for T {}

/// The cross-correlation of `a` with `b`, like `scipy.signal.correlate2d(a, b, mode)`.
///
/// `out[i, j] = Σ_{k,l} a[i + k - o_r, j + l - o_c] · conj(b[k, l])`, with `a` read as zero
/// outside its bounds and the offsets set by `mode` (see the [module docs](self)). The
/// method is chosen by cost ([`Method::Auto`]).
///
/// Deterministic: see the [module docs](self#determinism).
///
/// # Panics
///
/// In [`Mode::Valid`], if neither input is at least as large as the other on both axes
/// (SciPy raises `ValueError` there).
///
/// # Examples
///
/// ```
/// use ndarray::{Array2, array};
/// use parfor_runtime::signal::{Mode, correlate2d};
///
/// // The autocorrelation of a 100 × 100 integer matrix.
/// let a = Array2::from_shape_fn((100, 100), |(i, j)| ((i * 7 + j * 3) % 100) as i64);
/// let c = correlate2d(&a, &a, Mode::Full);
/// assert_eq!(c.dim(), (199, 199));
/// assert_eq!(c[[99, 99]], a.iter().map(|x| x * x).sum::<i64>()); // zero lag
///
/// let x = array![[1.0, 2.0], [3.0, 4.0]];
/// assert_eq!(correlate2d(&x, &array![[1.0]], Mode::Same), x);
/// ```
pub fn correlate2d<'a, 'b, T: SignalElement>(
    a: impl AsArray<'a, T, Ix2>,
    b: impl AsArray<'b, T, Ix2>,
    mode: Mode,
) -> Array2<T> {
    correlate2d_with(a, b, mode, Method::Auto)
}

/// [`correlate2d`] with the method chosen by the caller.
///
/// # Panics
///
/// As [`correlate2d`].
///
/// # Examples
///
/// ```
/// use ndarray::array;
/// use parfor_runtime::signal::{Method, Mode, correlate2d_with};
///
/// let a = array![[1.0_f64, 2.0, 0.0], [0.0, 1.0, 3.0]];
/// let b = array![[1.0, -1.0], [2.0, 0.5]];
/// let direct = correlate2d_with(&a, &b, Mode::Full, Method::Direct);
/// let fft = correlate2d_with(&a, &b, Mode::Full, Method::Fft);
/// assert!(direct.iter().zip(&fft).all(|(d, f)| (d - f).abs() < 1e-12));
/// ```
pub fn correlate2d_with<'a, 'b, T: SignalElement>(
    a: impl AsArray<'a, T, Ix2>,
    b: impl AsArray<'b, T, Ix2>,
    mode: Mode,
    method: Method,
) -> Array2<T> {
    run(Op::Correlate, a.into(), b.into(), mode, method)
}

/// The convolution of `a` with `b`, like `scipy.signal.convolve2d(a, b, mode)`.
///
/// `out[i, j] = Σ_{k,l} a[i - k + o_r, j - l + o_c] · b[k, l]`, with `a` read as zero outside
/// its bounds and the offsets set by `mode` (see the [module docs](self)). The method is
/// chosen by cost ([`Method::Auto`]).
///
/// Deterministic: see the [module docs](self#determinism).
///
/// # Panics
///
/// In [`Mode::Valid`], if neither input is at least as large as the other on both axes.
///
/// # Examples
///
/// ```
/// use ndarray::array;
/// use parfor_runtime::signal::{Mode, convolve2d};
///
/// let a = array![[1_u8, 2], [3, 4]];
/// assert_eq!(convolve2d(&a, &array![[1, 1]], Mode::Full), array![[1, 3, 2], [3, 7, 4]]);
/// ```
pub fn convolve2d<'a, 'b, T: SignalElement>(
    a: impl AsArray<'a, T, Ix2>,
    b: impl AsArray<'b, T, Ix2>,
    mode: Mode,
) -> Array2<T> {
    convolve2d_with(a, b, mode, Method::Auto)
}

/// [`convolve2d`] with the method chosen by the caller.
///
/// # Panics
///
/// As [`convolve2d`].
///
/// # Examples
///
/// ```
/// use ndarray::array;
/// use parfor_runtime::signal::{Method, Mode, convolve2d_with};
///
/// let a = array![[1.0_f32, 2.0], [3.0, 4.0]];
/// let k = array![[0.5_f32, 0.25]];
/// let d = convolve2d_with(&a, &k, Mode::Same, Method::Direct);
/// let f = convolve2d_with(&a, &k, Mode::Same, Method::Fft);
/// assert!(d.iter().zip(&f).all(|(d, f)| (d - f).abs() < 1e-6));
/// ```
pub fn convolve2d_with<'a, 'b, T: SignalElement>(
    a: impl AsArray<'a, T, Ix2>,
    b: impl AsArray<'b, T, Ix2>,
    mode: Mode,
    method: Method,
) -> Array2<T> {
    run(Op::Convolve, a.into(), b.into(), mode, method)
}

/// The method [`Method::Auto`] picks for these inputs: [`Method::Direct`] or
/// [`Method::Fft`].
///
/// The estimate compares the direct method's multiply-adds (zeros outside `a` excluded)
/// with `N log₂ N` for the FFT's padded size `N`, each weighted by a cost per operation
/// fitted to this crate's two implementations and the element type. Inputs with a NaN or an infinity always get the direct method, and so do
/// integers whose FFT result could round to a wrong integer.
///
/// # Examples
///
/// ```
/// use ndarray::Array2;
/// use parfor_runtime::signal::{Method, Mode, choose_method};
///
/// let small = Array2::<f64>::ones((100, 100));
/// let tiny = Array2::<f64>::ones((3, 3));
/// assert_eq!(choose_method(&small, &small, Mode::Full), Method::Fft);
/// assert_eq!(choose_method(&small, &tiny, Mode::Same), Method::Direct);
/// // Small integers: the rounded FFT is provably exact. Huge ones: it might not be.
/// let ints = small.mapv(|x| x as i64);
/// assert_eq!(choose_method(&ints, &ints, Mode::Full), Method::Fft);
/// let huge = ints.mapv(|x| x << 40);
/// assert_eq!(choose_method(&huge, &huge, Mode::Full), Method::Direct);
/// ```
pub fn choose_method<'a, 'b, T: SignalElement>(
    a: impl AsArray<'a, T, Ix2>,
    b: impl AsArray<'b, T, Ix2>,
    mode: Mode,
) -> Method {
    let (a, b) = (a.into(), b.into());
    let (a, b, _) = arrange("choose_method", a, b, mode);
    let g = Geometry::new(Op::Correlate, mode, a.dim(), b.dim());
    method::auto(&a, &b, &g)
}

fn run<T: SignalElement>(
    op: Op,
    a: ArrayView2<'_, T>,
    b: ArrayView2<'_, T>,
    mode: Mode,
    method: Method,
) -> Array2<T> {
    let name = match op {
        Op::Correlate => "correlate2d",
        Op::Convolve => "convolve2d",
    };
    let (a, b, swapped) = arrange(name, a, b, mode);
    // The kernel the shared formula correlates with: conj(b), or b turned by 180°.
    let w = match op {
        Op::Correlate => b.mapv(T::conj),
        Op::Convolve => b.slice(s![..;-1, ..;-1]).to_owned(),
    };
    let g = Geometry::new(op, mode, a.dim(), w.dim());
    let method = match method {
        Method::Auto => method::auto(&a, &w.view(), &g),
        Method::Fft if a.is_empty() || w.is_empty() => Method::Direct,
        m => m,
    };
    let out = method::compute(method, &a, &w.view(), &g);
    if swapped && op == Op::Correlate {
        return out.slice(s![..;-1, ..;-1]).to_owned();
    }
    out
}
