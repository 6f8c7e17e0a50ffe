//! Matrix products through `cblas_?gemm`.

use ndarray::{Array, Array2, ArrayView2, AsArray, Ix2};

use super::shape::{VectorOrMatrix, fmt_shape};
use crate::ffi;
use crate::scalar::Scalar;

/// The matrix product `a · b`, computed by OpenBLAS's `cblas_dgemm` (or `cblas_sgemm`).
///
/// `b` is a matrix (the result is a matrix) or a vector (the result is a vector), like
/// NumPy's `a @ b` and ndarray's `dot`. Any layout works: standard, Fortran, transposed
/// and sliced views are handed to BLAS as they are, with the matching transpose flag and
/// leading dimension; only views BLAS cannot describe (a step along both axes, negative
/// strides) are copied first. The call runs on as many threads as
/// [`blas::get_num_threads`](crate::blas::get_num_threads) says (one inside a parallel
/// loop).
///
/// The summation order is OpenBLAS's: see the [module docs](super#determinism).
///
/// # Panics
///
/// If the inner dimensions differ, with a message naming both shapes, or if a dimension
/// exceeds BLAS's 32-bit integers.
///
/// # Examples
///
/// ```
/// use ndarray::{array, s};
/// use parfor_runtime::linalg::matmul;
///
/// let a = array![[1.0, 2.0], [3.0, 4.0]];
/// assert_eq!(matmul(&a, &a.t()), array![[5.0, 11.0], [11.0, 25.0]]);
/// assert_eq!(matmul(a.view(), &array![1.0, 1.0]), array![3.0, 7.0]);
/// assert_eq!(matmul(&a.slice(s![.., ..1]), &array![[2.0_f64]]), array![[2.0], [6.0]]);
/// ```
pub fn matmul<'a, 'b, A, D>(a: impl AsArray<'a, A, Ix2>, b: impl AsArray<'b, A, D>) -> Array<A, D>
where
    A: Scalar,
    D: VectorOrMatrix,
{
    let a: ArrayView2<'a, A> = a.into();
    let b = b.into();
    let b_shape = b.shape().to_vec();
    let b2 = D::as_matrix(b);
    let ((m, k), (k2, n)) = (a.dim(), b2.dim());
    if k != k2 {
        panic!(
            "parfor::linalg::matmul: inputs {m} × {k} and {} are not compatible for matrix multiplication",
            fmt_shape(&b_shape)
        );
    }
    // On huge pages when large, as NumPy's result would be: a fresh 4000 x 4000
    // result faulted in 4 KiB at a time cost 3-4% of the product.
    let mut c: Array2<A> = crate::pages::zeros((m, n));
    if m > 0 && n > 0 && k > 0 {
        let a = blas_ready(a);
        let b2 = blas_ready(b2);
        ffi::gemm(&a.view(), &b2.view(), &mut c.view_mut());
    }
    D::from_matrix(c)
}

/// The view itself when BLAS can read it in place, else a standard-layout copy.
fn blas_ready<A: Scalar>(a: ArrayView2<'_, A>) -> ndarray::CowArray<'_, A, Ix2> {
    if ffi::blas_layout(&a).is_some() {
        a.into()
    } else {
        a.as_standard_layout().into_owned().into()
    }
}
