//! The floating-point element types of the numerics: `f32` and `f64`.

use std::fmt::{Debug, Display};

use ndarray::ScalarOperand;
use rustfft::FftNum;
use rustfft::num_traits::Float;

use crate::ffi::BlasScalar;
use crate::nontemporal::Streaming;

/// A real floating-point type the numerics work in: `f32` or `f64`.
///
/// [`linalg`](crate::linalg) and [`fft`](crate::fft) are generic over it; it is sealed
/// (OpenBLAS has routines for these two types only), so it cannot be implemented outside
/// this crate.
///
/// # Examples
///
/// ```
/// use parfor_runtime::Scalar;
///
/// fn half<A: Scalar>(x: A) -> A {
///     x / (A::one() + A::one())
/// }
/// assert_eq!(half(3.0_f32), 1.5);
/// ```
pub trait Scalar:
    BlasScalar
    + Streaming
    + Float
    + FftNum
    + ndarray::LinalgScalar
    + ScalarOperand
    + Default
    + Debug
    + Display
    + Send
    + Sync
    + 'static
{
}

impl Scalar for f32 {}
impl Scalar for f64 {}
