//! The calls into OpenBLAS, and the numerics' only `unsafe` code besides the streaming
//! stores of `stream.rs` and the call of the AVX2 build of `linalg/stack.rs`'s kernel.
//!
//! Every function here is safe to call: it checks, before crossing into C or Fortran,
//! everything the foreign routine relies on (dimensions that fit in a C `int`, buffers at
//! least as long as the routine reads or writes, leading dimensions the routine accepts),
//! and each `unsafe` block states the invariant that makes it sound. The modules above
//! (`blas`, `linalg`) are plain safe Rust over these wrappers.
//!
//! The element types reach the right routine (`dgemm` or `sgemm`, ...) through
//! [`BlasScalar`], a trait nobody outside the crate can name or implement: its methods are
//! `unsafe fn`s that are only called from this module's checked wrappers.

use std::os::raw::c_int;
use std::sync::{PoisonError, RwLock};

use cblas_sys::{CBLAS_LAYOUT, CBLAS_TRANSPOSE};
use ndarray::{ArrayView2, ArrayViewMut2};

unsafe extern "C" {
    // OpenBLAS's own thread controls (declared in its `cblas.h`, not by cblas-sys).
    fn openblas_set_num_threads(num_threads: c_int);
    fn openblas_get_num_threads() -> c_int;
}

/// Held shared by every BLAS or LAPACK call for its whole duration, and exclusively while
/// OpenBLAS's thread count changes.
///
/// OpenBLAS 0.3.21 does not guard its thread count against calls in flight: lowering it
/// frees the buffers of the worker threads a threaded call on another thread may still be
/// using, and a call that chose its stack (see `linalg/big_stack.rs`) for one thread count
/// overflows it when the count rises before the call starts. Both crashed as a plain
/// segmentation fault when a parallel loop began or ended on one thread while another
/// thread ran a large `det`.
static THREAD_COUNT: RwLock<()> = RwLock::new(());

/// Runs `f` with OpenBLAS's thread count, which stays as given until `f` returns: every
/// BLAS or LAPACK call runs inside this. Calls on other threads run concurrently; a change
/// of the count waits for them.
///
/// `f` must not call this again on the same thread (a waiting change would block the
/// inner call behind the outer one).
pub(crate) fn holding_thread_count<R>(f: impl FnOnce(usize) -> R) -> R {
    // The lock guards no data: a panic in `f` leaves nothing inconsistent.
    let _calls = THREAD_COUNT.read().unwrap_or_else(PoisonError::into_inner);
    f(get_openblas_threads())
}

/// Sets OpenBLAS's process-wide thread count, once no BLAS or LAPACK call is in flight.
///
/// The caller (`blas`) serialises every call through one mutex: OpenBLAS 0.3.21 updates
/// plain globals here, and may start worker threads, without a lock of its own.
pub(crate) fn set_openblas_threads(n: usize) {
    let n = c_int::try_from(n).unwrap_or(c_int::MAX);
    let _no_calls = THREAD_COUNT.write().unwrap_or_else(PoisonError::into_inner);
    // SAFETY: takes an integer by value and touches no memory of ours; OpenBLAS clamps the
    // value to [1, its compile-time maximum]. Callers hold the `blas` mutex (see above),
    // and no BLAS call is running (`THREAD_COUNT` is held exclusively).
    unsafe { openblas_set_num_threads(n) }
}

/// OpenBLAS's current process-wide thread count.
pub(crate) fn get_openblas_threads() -> usize {
    // SAFETY: no arguments; reads an integer global that OpenBLAS initialised when the
    // library was loaded.
    let n = unsafe { openblas_get_num_threads() };
    usize::try_from(n).unwrap_or(1).max(1)
}

/// An element type OpenBLAS has routines for: `f32` (`s*`) and `f64` (`d*`).
///
/// Sealed: the trait is public only so that `Scalar` can name it as a supertrait; it sits
/// in a private module, so no one outside the crate can call or implement it.
#[allow(
    unreachable_pub,
    reason = "sealed-trait pattern: public so it can bound the public `Scalar`, unnameable outside the crate"
)]
pub trait BlasScalar: Copy + 'static {
    /// `cblas_?gemm`.
    ///
    /// # Safety
    /// The arguments must describe matrices inside the pointed-to memory, as the BLAS
    /// standard requires; only `gemm` below calls this, after checking so.
    #[allow(clippy::too_many_arguments, reason = "mirrors the BLAS signature")]
    unsafe fn cblas_gemm(
        transa: CBLAS_TRANSPOSE,
        transb: CBLAS_TRANSPOSE,
        m: c_int,
        n: c_int,
        k: c_int,
        a: *const Self,
        lda: c_int,
        b: *const Self,
        ldb: c_int,
        c: *mut Self,
        ldc: c_int,
    );
    /// LAPACK `?getrf` (column-major, `lda = n`).
    ///
    /// # Safety
    /// `a` points to `n * n` elements, `ipiv` to `n`; only `getrf` below calls this.
    unsafe fn lapack_getrf(n: c_int, a: *mut Self, ipiv: *mut c_int) -> c_int;
    /// LAPACK `?gesv` (column-major, `lda = ldb = n`).
    ///
    /// # Safety
    /// `a` points to `n * n` elements, `ipiv` to `n`, `b` to `n * nrhs`; only `gesv`
    /// below calls this.
    unsafe fn lapack_gesv(
        n: c_int,
        nrhs: c_int,
        a: *mut Self,
        ipiv: *mut c_int,
        b: *mut Self,
    ) -> c_int;
}

macro_rules! blas_scalar {
    ($t:ty, $gemm:ident, $getrf:ident, $gesv:ident) => {
        impl BlasScalar for $t {
            unsafe fn cblas_gemm(
                transa: CBLAS_TRANSPOSE,
                transb: CBLAS_TRANSPOSE,
                m: c_int,
                n: c_int,
                k: c_int,
                a: *const Self,
                lda: c_int,
                b: *const Self,
                ldb: c_int,
                c: *mut Self,
                ldc: c_int,
            ) {
                // SAFETY: forwarded from this method's own contract.
                unsafe {
                    cblas_sys::$gemm(
                        CBLAS_LAYOUT::CblasRowMajor,
                        transa,
                        transb,
                        m,
                        n,
                        k,
                        1.0,
                        a,
                        lda,
                        b,
                        ldb,
                        0.0,
                        c,
                        ldc,
                    )
                }
            }

            unsafe fn lapack_getrf(n: c_int, a: *mut Self, ipiv: *mut c_int) -> c_int {
                let mut info = 0;
                // SAFETY: forwarded from this method's own contract; the scalars are
                // passed by pointer to locals, as Fortran expects.
                unsafe { lapack_sys::$getrf(&n, &n, a, &n, ipiv, &mut info) };
                info
            }

            unsafe fn lapack_gesv(
                n: c_int,
                nrhs: c_int,
                a: *mut Self,
                ipiv: *mut c_int,
                b: *mut Self,
            ) -> c_int {
                let mut info = 0;
                // SAFETY: as for `lapack_getrf`.
                unsafe { lapack_sys::$gesv(&n, &nrhs, a, &n, ipiv, b, &n, &mut info) };
                info
            }
        }
    };
}

blas_scalar!(f64, cblas_dgemm, dgetrf_, dgesv_);
blas_scalar!(f32, cblas_sgemm, sgetrf_, sgesv_);

/// The name `matmul`'s dimension checks panic with.
const MATMUL: &str = "parfor::linalg::matmul";

/// A dimension as the C `int` BLAS and LAPACK take; `what` starts the panic message.
fn c_dim(n: usize, what: &str) -> c_int {
    c_int::try_from(n).unwrap_or_else(|_| panic!("{what}: dimension {n} exceeds BLAS's 32-bit int"))
}

/// Whether BLAS reads a matrix as stored or as the transpose of what is stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Op {
    NoTrans,
    Trans,
}

impl Op {
    fn cblas(self) -> CBLAS_TRANSPOSE {
        match self {
            Op::NoTrans => CBLAS_TRANSPOSE::CblasNoTrans,
            Op::Trans => CBLAS_TRANSPOSE::CblasTrans,
        }
    }
}

/// How BLAS can read a row-major-addressed view without copying it: as stored
/// (`NoTrans`) or as the transpose of what is stored (`Trans`), with the leading dimension.
///
/// `None` when the view's strides fit neither (negative, zero, or no unit stride), and the
/// caller must copy it into standard layout first.
pub(crate) fn blas_layout<A>(a: &ArrayView2<'_, A>) -> Option<(Op, usize)> {
    let (rows, cols) = a.dim();
    let [s0, s1] = [a.strides()[0], a.strides()[1]];
    // An axis of length <= 1 never steps, so its stride is irrelevant.
    let unit = |len: usize, s: isize| len <= 1 || s == 1;
    let lead = |len: usize, s: isize, min: usize| -> Option<usize> {
        if len <= 1 {
            Some(min.max(1))
        } else {
            usize::try_from(s).ok().filter(|&s| s >= min.max(1))
        }
    };
    if unit(cols, s1)
        && let Some(ld) = lead(rows, s0, cols)
    {
        return Some((Op::NoTrans, ld));
    }
    if unit(rows, s0)
        && let Some(ld) = lead(cols, s1, rows)
    {
        return Some((Op::Trans, ld));
    }
    None
}

/// `c = a · b` through `cblas_?gemm`.
///
/// # Panics
/// If the shapes do not match, if `c` is not in standard layout, if `a` or `b` has a
/// layout [`blas_layout`] rejects (callers copy those first), or if a dimension exceeds
/// a C `int`.
pub(crate) fn gemm<A: BlasScalar>(
    a: &ArrayView2<'_, A>,
    b: &ArrayView2<'_, A>,
    c: &mut ArrayViewMut2<'_, A>,
) {
    let ((m, k), (k2, n)) = (a.dim(), b.dim());
    assert!(k == k2 && c.dim() == (m, n), "parfor: gemm: shape mismatch");
    if m == 0 || n == 0 {
        return;
    }
    assert!(
        k > 0,
        "parfor: gemm: k == 0 must be handled by the caller (result is zero)"
    );
    assert!(
        c.is_standard_layout(),
        "parfor: gemm: output must be in standard layout"
    );
    let (ta, lda) = blas_layout(a).expect("parfor: gemm: `a` needs a copy first");
    let (tb, ldb) = blas_layout(b).expect("parfor: gemm: `b` needs a copy first");
    let (mi, ni, ki) = (c_dim(m, MATMUL), c_dim(n, MATMUL), c_dim(k, MATMUL));
    let (lda, ldb) = (c_dim(lda, MATMUL), c_dim(ldb, MATMUL));
    // The count must not change while OpenBLAS runs (see `THREAD_COUNT`).
    holding_thread_count(|_| {
        // SAFETY:
        // - `a`: `blas_layout` accepted its strides, so with `ta`/`lda` the element (i, p) that
        //   gemm reads at `a.as_ptr() + i*lda + p` (NoTrans) or `+ p*lda + i` (Trans) is exactly
        //   the view's element (i, p), for i < m, p < k: every read is inside the view. The
        //   leading dimension is >= the row length BLAS requires (checked by `blas_layout`).
        // - `b`: the same, for (p, j), p < k, j < n.
        // - `c`: standard layout, m x n, so `ldc = n` and the m*n writes cover exactly its
        //   elements; `&mut` guarantees no one else reads or writes them meanwhile, and it does
        //   not alias `a` or `b` (those are shared borrows).
        // - beta = 0, so gemm does not read `c`'s previous contents.
        unsafe {
            A::cblas_gemm(
                ta.cblas(),
                tb.cblas(),
                mi,
                ni,
                ki,
                a.as_ptr(),
                lda,
                b.as_ptr(),
                ldb,
                c.as_mut_ptr(),
                ni,
            );
        }
    });
}

/// LU factorisation in place by LAPACK `?getrf`, of the `n x n` column-major matrix in
/// `a`. Returns LAPACK's `info` (> 0: `U[info-1, info-1]` is exactly zero).
///
/// Callers run it through `linalg::big_stack::run`, which holds the thread count
/// ([`holding_thread_count`]) across the call and picks a stack large enough for it.
///
/// # Panics
/// If the buffers are shorter than `n * n` and `n`, or `n` exceeds a C `int`.
pub(crate) fn getrf<A: BlasScalar>(n: usize, a: &mut [A], ipiv: &mut [c_int]) -> i32 {
    assert!(
        a.len() >= n * n && ipiv.len() >= n,
        "parfor: getrf: buffers too short"
    );
    if n == 0 {
        return 0;
    }
    let ni = c_dim(n, "parfor: getrf");
    // SAFETY: `a` holds n*n elements (checked) and getrf touches exactly the n x n matrix
    // with lda = n; `ipiv` holds n (checked), getrf writes min(m, n) = n of them. The
    // `&mut` borrows make both exclusive for the call.
    let info = unsafe { A::lapack_getrf(ni, a.as_mut_ptr(), ipiv.as_mut_ptr()) };
    assert!(
        info >= 0,
        "parfor: getrf: LAPACK rejected argument {}",
        -info
    );
    info
}

/// Solves `A X = B` in place by LAPACK `?gesv`: `a` is `n x n` column-major (overwritten
/// by its LU factors), `b` is `n x nrhs` column-major (overwritten by X). Returns `info`
/// (> 0: singular, no solution computed).
///
/// Callers run it through `linalg::big_stack::run`, as for [`getrf`].
///
/// # Panics
/// If the buffers are shorter than the dimensions say, or a dimension exceeds a C `int`.
pub(crate) fn gesv<A: BlasScalar>(
    n: usize,
    nrhs: usize,
    a: &mut [A],
    ipiv: &mut [c_int],
    b: &mut [A],
) -> i32 {
    assert!(
        a.len() >= n * n && ipiv.len() >= n && b.len() >= n * nrhs,
        "parfor: gesv: buffers too short"
    );
    if n == 0 || nrhs == 0 {
        return 0;
    }
    let (ni, nrhsi) = (c_dim(n, "parfor: gesv"), c_dim(nrhs, "parfor: gesv"));
    // SAFETY: `a` holds n*n elements, `ipiv` n and `b` n*nrhs (checked above), which is
    // exactly what gesv reads and writes with lda = ldb = n; the `&mut` borrows make them
    // exclusive and mutually non-aliasing.
    let info =
        unsafe { A::lapack_gesv(ni, nrhsi, a.as_mut_ptr(), ipiv.as_mut_ptr(), b.as_mut_ptr()) };
    assert!(
        info >= 0,
        "parfor: gesv: LAPACK rejected argument {}",
        -info
    );
    info
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{Array2, ShapeBuilder, array, s};

    #[test]
    fn layouts() {
        let a = Array2::<f64>::zeros((3, 4));
        assert_eq!(blas_layout(&a.view()), Some((Op::NoTrans, 4)));
        assert_eq!(blas_layout(&a.t()), Some((Op::Trans, 4)));
        let f = Array2::<f64>::zeros((3, 4).f());
        assert_eq!(blas_layout(&f.view()), Some((Op::Trans, 3)));
        // A column block of a wider matrix keeps the parent's leading dimension.
        assert_eq!(blas_layout(&a.slice(s![.., 1..3])), Some((Op::NoTrans, 4)));
        assert_eq!(blas_layout(&a.slice(s![.., ..;2])), None);
        assert_eq!(blas_layout(&a.slice(s![..;-1, ..])), None);
        // A single row or column works whatever its stride: one row with stride 2 is
        // the transpose of a 2 x 1 matrix with leading dimension 2.
        assert_eq!(blas_layout(&a.slice(s![1..2, ..;2])), Some((Op::Trans, 2)));
        assert_eq!(blas_layout(&a.slice(s![.., 2..3])), Some((Op::NoTrans, 4)));
    }

    #[test]
    fn gemm_matches_by_hand() {
        let a = array![[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]];
        let b = array![[1.0, 0.5], [0.0, 1.0], [2.0, -1.0]];
        let mut c = Array2::<f64>::zeros((2, 2));
        gemm(&a.view(), &b.view(), &mut c.view_mut());
        assert_eq!(c, array![[7.0, -0.5], [16.0, 1.0]]);
        // Transposed operands, f32.
        let at = a.t().mapv(|x| x as f32);
        let mut c32 = Array2::<f32>::zeros((3, 3));
        gemm(
            &at.view(),
            &a.mapv(|x| x as f32).view(),
            &mut c32.view_mut(),
        );
        assert_eq!(c32[[2, 2]], 45.0);
    }

    #[test]
    fn getrf_and_gesv() {
        // Column-major [[0, 1], [2, 3]]: pivoting must swap the rows.
        let mut a = vec![0.0_f64, 2.0, 1.0, 3.0];
        let mut ipiv = [0; 2];
        assert_eq!(getrf(2, &mut a, &mut ipiv), 0);
        assert_eq!(ipiv, [2, 2]);
        assert_eq!(a[0] * a[3], 2.0); // |det| = 2
        let mut a = vec![0.0_f32, 2.0, 1.0, 3.0];
        let mut b = vec![1.0_f32, 5.0];
        assert_eq!(gesv(2, 1, &mut a, &mut ipiv, &mut b), 0);
        assert_eq!(b, [1.0, 1.0]);
        let mut singular = vec![1.0_f64, 2.0, 2.0, 4.0];
        assert_eq!(getrf(2, &mut singular, &mut ipiv), 2);
    }
}
