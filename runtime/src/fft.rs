//! Two-dimensional FFTs for loop bodies: [`fft2`] and [`ifft2`], equal to NumPy's.
//!
//! A 2-D transform is a 1-D transform of every row, then of every column. Rows are
//! contiguous, so rustfft transforms all of them in one call; for the columns the buffer
//! is transposed (in cache-sized blocks), transformed row-wise again, and transposed back.
//!
//! Planning a transform (choosing its algorithm, computing twiddle factors) costs far more
//! than running a small one, so plans are cached **per thread and per length**: a
//! `thread_local` map from (length, direction) to the plan, with the scratch buffers
//! beside it. Calling `fft2` on a 100 × 100 slice in every iteration of a parallel loop
//! plans once per worker thread and then only transforms; no lock is ever taken.
//! [`cached_plan_count`] reports the cache's size, for tests and the curious.

use std::any::{Any, TypeId};
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

use ndarray::{Array2, ArrayView2, AsArray, Ix2};
use num_complex::Complex;
use rustfft::num_traits::{FromPrimitive, One};
use rustfft::{Fft, FftPlanner};

use crate::Scalar;

mod sealed {
    #[allow(
        unreachable_pub,
        reason = "sealed-trait pattern: public to bound `FftElement`, unnameable outside"
    )]
    pub trait Sealed {}
}

/// An element type [`fft2`] and [`ifft2`] accept: `f32`, `f64`, `Complex<f32>`,
/// `Complex<f64>`.
///
/// Real input is treated as complex with a zero imaginary part, as NumPy does. Sealed.
pub trait FftElement: Copy + sealed::Sealed + 'static {
    /// The real type of the result's components (`f32` or `f64`).
    type Real: Scalar;
    /// The element as a complex number.
    fn to_complex(self) -> Complex<Self::Real>;
}

macro_rules! fft_element {
    ($($t:ty => $r:ty, |$x:ident| $e:expr;)*) => {$(
        impl sealed::Sealed for $t {}
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
    f32 => f32, |x| Complex::new(x, 0.0);
    f64 => f64, |x| Complex::new(x, 0.0);
    Complex<f32> => f32, |x| x;
    Complex<f64> => f64, |x| x;
}

/// The discrete Fourier transform of a 2-D array, equal to `numpy.fft.fft2`.
///
/// `X[k, l] = Σ_{i,j} x[i, j] · exp(-2πi (k·i/m + l·j/n))` for an `m × n` input, unscaled.
/// Any layout and stride works. An input with a zero-length axis gives an empty result
/// of the same shape (NumPy raises instead).
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
    CACHE_F32.with(|c| c.borrow().plans.len()) + CACHE_F64.with(|c| c.borrow().plans.len())
}

fn transform<T: FftElement>(a: ArrayView2<'_, T>, inverse: bool) -> Array2<Complex<T::Real>> {
    let (m, n) = a.dim();
    let mut buf: Vec<Complex<T::Real>> = a.iter().map(|x| x.to_complex()).collect();
    fft2_in_place(&mut buf, m, n, inverse);
    if inverse && m * n > 0 {
        let scale = T::Real::one() / T::Real::from_usize(m * n).expect("size fits a float");
        buf.iter_mut().for_each(|z| *z = *z * scale);
    }
    Array2::from_shape_vec((m, n), buf).expect("m * n elements")
}

/// The unscaled 2-D transform of the `m × n` row-major buffer, in place.
pub(crate) fn fft2_in_place<R: Scalar>(buf: &mut [Complex<R>], m: usize, n: usize, inverse: bool) {
    debug_assert_eq!(buf.len(), m * n);
    if m * n == 0 {
        return;
    }
    with_cache::<R, _>(|cache| {
        if n > 1 {
            cache.run(n, inverse, buf);
        }
        if m > 1 {
            if n == 1 {
                cache.run(m, inverse, buf);
            } else {
                let mut work = std::mem::take(&mut cache.work);
                work.resize(m * n, Complex::default());
                transpose(buf, &mut work, m, n);
                cache.run(m, inverse, &mut work);
                transpose(&work, buf, n, m);
                cache.work = work;
            }
        }
    });
}

/// Plans and buffers of one thread, for one float type.
struct PlanCache<R: Scalar> {
    planner: FftPlanner<R>,
    plans: HashMap<(usize, bool), Arc<dyn Fft<R>>>,
    scratch: Vec<Complex<R>>,
    work: Vec<Complex<R>>,
}

impl<R: Scalar> PlanCache<R> {
    fn new() -> Self {
        PlanCache {
            planner: FftPlanner::new(),
            plans: HashMap::new(),
            scratch: Vec::new(),
            work: Vec::new(),
        }
    }

    /// Transforms every `len`-long row of `buf` in place.
    fn run(&mut self, len: usize, inverse: bool, buf: &mut [Complex<R>]) {
        let planner = &mut self.planner;
        let plan = self.plans.entry((len, inverse)).or_insert_with(|| {
            if inverse {
                planner.plan_fft_inverse(len)
            } else {
                planner.plan_fft_forward(len)
            }
        });
        let need = plan.get_inplace_scratch_len();
        if self.scratch.len() < need {
            self.scratch.resize(need, Complex::default());
        }
        plan.process_with_scratch(buf, &mut self.scratch[..need]);
    }
}

thread_local! {
    static CACHE_F32: RefCell<PlanCache<f32>> = RefCell::new(PlanCache::new());
    static CACHE_F64: RefCell<PlanCache<f64>> = RefCell::new(PlanCache::new());
}

/// Runs `f` on this thread's cache for `R`.
fn with_cache<R: Scalar, Out>(f: impl FnOnce(&mut PlanCache<R>) -> Out) -> Out {
    fn on<T: Scalar, R: Scalar, Out>(
        cell: &RefCell<PlanCache<T>>,
        f: impl FnOnce(&mut PlanCache<R>) -> Out,
    ) -> Out {
        let mut cache = cell.borrow_mut();
        let cache: &mut dyn Any = &mut *cache;
        f(cache.downcast_mut().expect("`R` is the cache's type"))
    }
    if TypeId::of::<R>() == TypeId::of::<f64>() {
        CACHE_F64.with(|cell| on(cell, f))
    } else {
        CACHE_F32.with(|cell| on(cell, f))
    }
}

/// Writes the transpose of the `rows × cols` row-major `src` into `dst` (`cols × rows`),
/// in square blocks that fit in L1 on both sides.
fn transpose<T: Copy>(src: &[T], dst: &mut [T], rows: usize, cols: usize) {
    const B: usize = 16;
    for r0 in (0..rows).step_by(B) {
        let r1 = (r0 + B).min(rows);
        for c0 in (0..cols).step_by(B) {
            let c1 = (c0 + B).min(cols);
            for r in r0..r1 {
                let src_row = &src[r * cols + c0..r * cols + c1];
                for (c, &x) in (c0..c1).zip(src_row) {
                    dst[c * rows + r] = x;
                }
            }
        }
    }
}

/// The smallest `n' >= n` whose prime factors are all 2, 3, 5 or 7: lengths rustfft
/// transforms fastest (the FFT route of `signal` pads to them).
pub(crate) fn fast_len(n: usize) -> usize {
    if n <= 1 {
        return n.max(1);
    }
    let mut best = n.next_power_of_two();
    let mut p7 = 1;
    while p7 < best {
        let mut p75 = p7;
        while p75 < best {
            let mut p753 = p75;
            while p753 < best {
                // The smallest power of two taking p753 to at least n.
                let mut x = p753;
                while x < n {
                    x *= 2;
                }
                best = best.min(x);
                p753 *= 3;
            }
            p75 *= 5;
        }
        p7 *= 7;
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transposes() {
        let src: Vec<usize> = (0..35 * 17).collect();
        let mut dst = vec![0; src.len()];
        transpose(&src, &mut dst, 35, 17);
        for r in 0..35 {
            for c in 0..17 {
                assert_eq!(dst[c * 35 + r], src[r * 17 + c]);
            }
        }
    }

    #[test]
    fn fast_lengths() {
        let smooth = |mut n: usize| {
            for p in [2, 3, 5, 7] {
                while n.is_multiple_of(p) {
                    n /= p;
                }
            }
            n == 1
        };
        for n in 1..2000 {
            let f = fast_len(n);
            assert!(f >= n && smooth(f), "{n} -> {f}");
            assert!((n..f).all(|k| !smooth(k)), "{n} -> {f} is not the smallest");
        }
    }
}
