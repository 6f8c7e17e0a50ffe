//! Two-dimensional FFTs for loop bodies: [`fft2`] and [`ifft2`], equal to NumPy's.
//!
//! A 2-D transform is a 1-D transform of every row, then of every column. Rows are
//! contiguous, so rustfft transforms all of them in one call; the columns are copied a
//! strip of 8 at a time into a small buffer that stays in cache, transformed there as
//! rows, and copied back.
//! Real input, the common case, costs half: two real rows travel as one complex row, and
//! only the first `n/2 + 1` columns are transformed, the others following by the
//! spectrum's conjugate symmetry.
//!
//! Planning a transform (choosing its algorithm, computing twiddle factors) costs far more
//! than running a small one, so plans are cached **per thread and per length**: a
//! `thread_local` map from (length, direction) to the plan, with the scratch buffers
//! beside it. Calling `fft2` on a 100 × 100 slice in every iteration of a parallel loop
//! plans once per worker thread and then only transforms; no lock is ever taken.
//! [`cached_plan_count`] reports the cache's size, for tests and the curious.
//!
//! # Determinism
//!
//! A transform is sequential, and the plan for a length is the same on every thread of
//! a process: the same input gives the same bits on every call, whichever thread runs
//! it.

mod element;
mod plan;
mod real;

use ndarray::{Array2, ArrayView2, AsArray, Ix2};
use num_complex::Complex;
use rustfft::num_traits::{FromPrimitive, One};

pub use self::element::FftElement;
pub(crate) use self::plan::{fast_len, fft2_in_place};

/// The discrete Fourier transform of a 2-D array, equal to `numpy.fft.fft2`.
///
/// `X[k, l] = Σ_{i,j} x[i, j] · exp(-2πi (k·i/m + l·j/n))` for an `m × n` input, unscaled.
/// Any layout and stride works. An input with a zero-length axis gives an empty result
/// of the same shape (NumPy raises instead).
///
/// Deterministic: see the [module docs](self#determinism).
///
/// # Examples
///
/// ```
/// use ndarray::array;
/// use num_complex::Complex;
/// use parfor_runtime::fft::fft2;
///
/// let x = array![[1.0, 2.0], [3.0, 4.0]];
/// let c = |re| Complex::new(re, 0.0);
/// assert_eq!(fft2(&x), array![[c(10.0), c(-2.0)], [c(-4.0), c(0.0)]]);
/// ```
pub fn fft2<'a, T: FftElement>(a: impl AsArray<'a, T, Ix2>) -> Array2<Complex<T::Real>> {
    transform(a.into(), false)
}

/// The inverse discrete Fourier transform of a 2-D array, equal to `numpy.fft.ifft2`:
/// scaled by `1 / (m·n)`, so that `ifft2(&fft2(&x)) ≈ x`.
///
/// # Examples
///
/// ```
/// use ndarray::Array2;
/// use parfor_runtime::fft::{fft2, ifft2};
///
/// let x = Array2::from_shape_fn((6, 10), |(i, j)| (i * 10 + j) as f64);
/// let back = ifft2(&fft2(&x));
/// assert!(back.iter().zip(&x).all(|(z, &x)| (z.re - x).abs() < 1e-12 && z.im.abs() < 1e-12));
/// ```
pub fn ifft2<'a, T: FftElement>(a: impl AsArray<'a, T, Ix2>) -> Array2<Complex<T::Real>> {
    transform(a.into(), true)
}

/// The number of FFT plans cached on the calling thread (all lengths, both directions,
/// `f32` and `f64`).
///
/// # Examples
///
/// ```
/// use ndarray::Array2;
/// use parfor_runtime::fft::{cached_plan_count, fft2};
///
/// std::thread::spawn(|| {
///     assert_eq!(cached_plan_count(), 0);
///     for _ in 0..100 {
///         fft2(&Array2::<f64>::zeros((30, 40)));
///     }
///     assert_eq!(cached_plan_count(), 2); // one plan per length, however many calls
/// })
/// .join()
/// .unwrap();
/// ```
pub fn cached_plan_count() -> usize {
    plan::cached_plans()
}

fn transform<T: FftElement>(a: ArrayView2<'_, T>, inverse: bool) -> Array2<Complex<T::Real>> {
    let (m, n) = a.dim();
    let scale = || T::Real::one() / T::Real::from_usize(m * n).expect("size fits a float");
    if T::REAL && n > 1 && m > 0 {
        // For real x, ifft2(x) = conj(fft2(x)) / (m·n).
        let mut out = real::fft2(a);
        if inverse {
            let scale = scale();
            out.mapv_inplace(|z| z.conj() * scale);
        }
        return out;
    }
    let mut buf = Vec::with_capacity(m * n);
    crate::pages::advise(&mut buf);
    buf.extend(a.iter().map(|x| x.to_complex()));
    fft2_in_place(&mut buf, m, n, inverse);
    if inverse && m * n > 0 {
        let scale = scale();
        buf.iter_mut().for_each(|z| *z = *z * scale);
    }
    Array2::from_shape_vec((m, n), buf).expect("m * n elements")
}
