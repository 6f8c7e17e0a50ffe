//! The LAPACK route: `?getrf` for determinants, `?gesv` for solves and inverses.
//!
//! LAPACK is column-major. A row-major copy of `A` is, to LAPACK, `Aᵀ`: that is what
//! `det` (`det Aᵀ = det A`) and `inv` (`(Aᵀ)⁻¹ = (A⁻¹)ᵀ`, read back row-major) hand it,
//! because a row-major copy of a standard-layout array is one `memcpy`. Only `solve`
//! needs `A` itself, and copies it column by column.
//!
//! Calls that OpenBLAS runs threaded go through [`big_stack`](super::big_stack), which
//! explains why; the buffers are therefore owned and moved into the call and back.

use std::os::raw::c_int;

use ndarray::{Array2, ArrayView2, ShapeBuilder};

use super::big_stack;
use super::error::LinalgError;
use crate::ffi;
use crate::scalar::Scalar;

/// `A` copied row-major, or `None` when it holds a NaN.
///
/// `det` and `slogdet` of a matrix with a NaN are NaN whatever LAPACK would do with it, and
/// looking for one in this contiguous copy costs a few microseconds at 100 × 100, where a
/// second pass over a strided view (one page per element for a slice of a large tensor)
/// cost about as much as copying it.
fn copy_without_nan<A: Scalar>(a: &ArrayView2<'_, A>) -> Option<Vec<A>> {
    let n = a.nrows();
    let mut lu = vec![A::zero(); n * n];
    super::lu::copy_row_major(&mut lu, a);
    // A fold without early exit vectorises.
    let nan = lu.iter().fold(false, |nan, x| nan | x.is_nan());
    (!nan).then_some(lu)
}

/// `A`'s LU factors, row-major (that is, `Aᵀ`'s in LAPACK's column-major), from its
/// row-major copy `lu`, with the sign of the row permutation and whether a pivot was zero.
fn getrf_row_major<A: Scalar>(mut lu: Vec<A>, n: usize) -> (Vec<A>, bool, bool) {
    let threaded = big_stack::getrf_threads(n, size_of::<A>());
    let (lu, ipiv, info) = big_stack::run(threaded, move || {
        let mut ipiv: Vec<c_int> = vec![0; n];
        let info = ffi::getrf(n, &mut lu, &mut ipiv);
        (lu, ipiv, info)
    });
    // LAPACK's pivots are 1-based: row i was swapped with ipiv[i] - 1.
    let odd = ipiv.iter().zip(1..).filter(|&(&p, i)| p != i).count() % 2 == 1;
    (lu, odd, info > 0)
}

/// Whether LAPACK's factors can be trusted: no pivot is subnormal and no NaN appeared
/// (the input had none).
///
/// `?getrf` scales a column by the reciprocal of its pivot, which for a subnormal pivot
/// is infinite: OpenBLAS 0.3.21 then writes NaN (`slogdet(1e-310 · I₄₉)` came back
/// `(NaN, NaN)`). The Rust LU divides by such pivots instead, so these inputs go there.
fn trustworthy<A: Scalar>(lu: &[A], n: usize) -> bool {
    let subnormal = (0..n).any(|i| {
        let d = lu[i * n + i].abs();
        d != A::zero() && d < A::min_positive_value()
    });
    !subnormal && !lu.iter().fold(false, |nan, x| nan | x.is_nan())
}

/// `det`, NaN when `a` holds a NaN; `None` when the factors are not
/// [`trustworthy`] and the Rust LU must compute it.
pub(crate) fn det<A: Scalar>(a: &ArrayView2<'_, A>) -> Option<A> {
    let n = a.nrows();
    let Some(lu) = copy_without_nan(a) else {
        return Some(A::nan());
    };
    let (lu, odd, singular) = getrf_row_major(lu, n);
    if !trustworthy(&lu, n) {
        return None;
    }
    if singular {
        // NumPy's zero is positive whatever the other pivots (see `lu::det_of`).
        return Some(A::zero());
    }
    let d = (0..n).fold(A::one(), |acc, i| acc * lu[i * n + i]);
    Some(if odd { -d } else { d })
}

/// `slogdet`, `(NaN, NaN)` when `a` holds a NaN; `None` when the factors are not
/// [`trustworthy`] and the Rust LU must compute it.
pub(crate) fn slogdet<A: Scalar>(a: &ArrayView2<'_, A>) -> Option<(A, A)> {
    let n = a.nrows();
    let Some(lu) = copy_without_nan(a) else {
        return Some((A::nan(), A::nan()));
    };
    let (lu, odd, singular) = getrf_row_major(lu, n);
    if !trustworthy(&lu, n) {
        return None;
    }
    if singular {
        return Some((A::zero(), A::neg_infinity()));
    }
    let mut sign = if odd { -A::one() } else { A::one() };
    let mut log = A::zero();
    for i in 0..n {
        let d = lu[i * n + i];
        sign = sign * d.signum();
        log = log + d.abs().ln();
    }
    Some((sign, log))
}

/// Solves `A X = B` for the `n × k` right-hand sides `b`, returning X row-major.
pub(crate) fn solve<A: Scalar>(
    a: &ArrayView2<'_, A>,
    b: &ArrayView2<'_, A>,
) -> Result<Array2<A>, LinalgError> {
    let (n, k) = b.dim();
    // Column-major copies: `A` itself for LAPACK, and B.
    let mut af = Array2::zeros((n, n).f());
    af.assign(a);
    let mut bf = Array2::zeros((n, k).f());
    bf.assign(b);
    let (bf, info) = big_stack::run(true, move || {
        let mut ipiv: Vec<c_int> = vec![0; n];
        let info = ffi::gesv(
            n,
            k,
            af.as_slice_memory_order_mut()
                .expect("fresh array is contiguous"),
            &mut ipiv,
            bf.as_slice_memory_order_mut()
                .expect("fresh array is contiguous"),
        );
        (bf, info)
    });
    if info > 0 {
        return Err(LinalgError::Singular {
            function: "solve",
            n,
            column: (info - 1) as usize,
        });
    }
    Ok(bf.as_standard_layout().into_owned())
}

pub(crate) fn inv<A: Scalar>(a: &ArrayView2<'_, A>) -> Result<Array2<A>, LinalgError> {
    let n = a.nrows();
    // LAPACK sees Aᵀ and solves Aᵀ Y = I, so Y = (A⁻¹)ᵀ column-major: A⁻¹ row-major.
    let mut at = vec![A::zero(); n * n];
    super::lu::copy_row_major(&mut at, a);
    let (y, info) = big_stack::run(true, move || {
        let mut y = Array2::<A>::eye(n);
        let mut ipiv: Vec<c_int> = vec![0; n];
        let info = ffi::gesv(
            n,
            n,
            &mut at,
            &mut ipiv,
            y.as_slice_mut().expect("fresh array is contiguous"),
        );
        (y, info)
    });
    if info > 0 {
        return Err(LinalgError::Singular {
            function: "inv",
            n,
            column: (info - 1) as usize,
        });
    }
    Ok(y)
}
