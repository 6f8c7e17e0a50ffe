//! Fills and copies with non-temporal ("streaming") stores: the writes go around the
//! caches straight to memory, as glibc's `memset` and `memcpy` do for large buffers.
//!
//! An ordinary store to a line that is not in cache first reads the line from memory
//! (to own it), then writes it back: filling a buffer larger than the cache moves every
//! byte twice. A streaming store of a whole line skips the read.
//!
//! The price: the written data is not in cache afterwards. Use these for outputs larger
//! than the last-level cache that are not read again right away; for anything that fits
//! in cache, `fill` and `assign` are faster.
//!
//! The per-type kernels, and their `unsafe`, live in `nontemporal`.

use ndarray::{ArrayView, ArrayViewMut, Axis, Dimension};

use crate::scalar::Scalar;

/// Sets every element of `dst` to `value` with streaming stores (see [the module docs](self)):
/// for arrays larger than the cache that are not read again soon.
///
/// Any array or view converts: `&mut Array2`, `a.row_mut(i)`, `a.slice_mut(s![..])`,
/// `&mut [f64]`, `&mut Vec<f64>`. The contiguous runs of `dst` (the whole array, else
/// each lane of its last axis) are streamed; an array with no contiguous axis is filled
/// with ordinary stores. In a `#[parallel]` function, each iteration writes its own
/// part (here one row; without the attribute `prange` runs sequentially):
///
/// ```
/// use ndarray::Array2;
/// use parfor_runtime::prange;
/// use parfor_runtime::stream::stream_fill;
///
/// let mut a = Array2::zeros((300, 500));
/// for i in prange(a.nrows()) {
///     stream_fill(a.row_mut(i), 1.0);
/// }
/// assert!(a.iter().all(|&x| x == 1.0));
/// ```
pub fn stream_fill<'a, A: Scalar, D: Dimension>(dst: impl Into<ArrayViewMut<'a, A, D>>, value: A) {
    let mut dst = dst.into();
    if let Some(run) = dst.as_slice_memory_order_mut() {
        A::stream_fill(run, value);
    } else {
        // Not contiguous, so at least one-dimensional (a 0-d array always is).
        let axis = Axis(dst.ndim() - 1);
        for mut lane in dst.lanes_mut(axis) {
            match lane.as_slice_mut() {
                Some(run) => A::stream_fill(run, value),
                None => lane.fill(value),
            }
        }
    }
    fence();
}

/// Copies `src` into `dst`, element by element at the same indices, with streaming
/// stores (see [the module docs](self)): for outputs larger than the cache.
///
/// # Panics
///
/// If the shapes differ (no broadcasting, unlike ndarray's `assign`).
///
/// # Examples
///
/// ```
/// use ndarray::Array2;
/// use parfor_runtime::prange;
/// use parfor_runtime::stream::stream_assign;
///
/// let x = Array2::from_shape_fn((200, 300), |(i, j)| (i * 300 + j) as f64);
/// let mut out = Array2::zeros((200, 300));
/// for i in prange(x.nrows()) {
///     stream_assign(out.row_mut(i), x.row(i));
/// }
/// assert_eq!(out, x);
/// ```
pub fn stream_assign<'a, 'b, A: Scalar, D: Dimension>(
    dst: impl Into<ArrayViewMut<'a, A, D>>,
    src: impl Into<ArrayView<'b, A, D>>,
) {
    let mut dst = dst.into();
    let src = src.into();
    assert!(
        dst.shape() == src.shape(),
        "parfor::stream::stream_assign: the destination's shape differs from the source's \
         ({:?} and {:?})",
        dst.shape(),
        src.shape()
    );
    let same_layout = dst.strides() == src.strides();
    if same_layout && let Some(run) = dst.as_slice_memory_order_mut() {
        // Same strides and both contiguous: the memory orders match element for element.
        let from = src
            .as_slice_memory_order()
            .expect("same strides as a contiguous array");
        A::stream_copy(run, from);
    } else {
        // At least one-dimensional: a 0-d pair has equal (empty) strides and is contiguous.
        let axis = Axis(dst.ndim() - 1);
        for (mut to, from) in dst.lanes_mut(axis).into_iter().zip(src.lanes(axis)) {
            match (to.as_slice_mut(), from.as_slice()) {
                (Some(to), Some(from)) => A::stream_copy(to, from),
                _ => to.assign(&from),
            }
        }
    }
    fence();
}

/// Orders the streaming stores before every later load and store: they are weakly
/// ordered, and the release store that ends a rayon task does not order them on its own.
/// A sequentially consistent fence is an `mfence` on x86-64, which does.
fn fence() {
    std::sync::atomic::fence(std::sync::atomic::Ordering::SeqCst);
}

#[cfg(test)]
mod tests {
    use ndarray::{Array1, Array2, Array3, s};

    use super::*;

    /// Every offset and length around the 16-byte vectors: heads, tails, empty runs.
    #[test]
    fn fill_covers_every_alignment_and_length() {
        for offset in 0..4 {
            for len in 0..40 {
                let mut v = vec![0.0_f64; offset + len + 3];
                stream_fill(&mut v[offset..offset + len], 2.5);
                for (k, &x) in v.iter().enumerate() {
                    let inside = k >= offset && k < offset + len;
                    assert_eq!(
                        x,
                        if inside { 2.5 } else { 0.0 },
                        "offset {offset} len {len} k {k}"
                    );
                }
                let mut w = vec![0.0_f32; offset + len + 5];
                stream_fill(&mut w[offset..offset + len], -1.5);
                let ones = w.iter().filter(|&&x| x == -1.5).count();
                assert_eq!(ones, len);
                assert!(
                    w[..offset]
                        .iter()
                        .chain(&w[offset + len..])
                        .all(|&x| x == 0.0)
                );
            }
        }
    }

    #[test]
    fn assign_covers_every_alignment_and_length() {
        for dst_offset in 0..4 {
            for src_offset in 0..4 {
                for len in 0..40 {
                    let src: Vec<f64> = (0..len + src_offset).map(|k| k as f64 + 0.5).collect();
                    let mut dst = vec![-1.0; dst_offset + len + 2];
                    stream_assign(&mut dst[dst_offset..dst_offset + len], &src[src_offset..]);
                    assert_eq!(&dst[dst_offset..dst_offset + len], &src[src_offset..]);
                    assert!(dst[..dst_offset].iter().all(|&x| x == -1.0));
                    assert!(dst[dst_offset + len..].iter().all(|&x| x == -1.0));

                    let src: Vec<f32> = (0..len + src_offset).map(|k| k as f32 * 3.0).collect();
                    let mut dst = vec![-1.0_f32; dst_offset + len + 2];
                    stream_assign(&mut dst[dst_offset..dst_offset + len], &src[src_offset..]);
                    assert_eq!(&dst[dst_offset..dst_offset + len], &src[src_offset..]);
                    assert!(dst[dst_offset + len..].iter().all(|&x| x == -1.0));
                }
            }
        }
    }

    #[test]
    fn views_of_every_layout() {
        // Contiguous, a column (strided lanes), a sliced block (contiguous lanes),
        // a reversed axis, a transposed array, and three dimensions.
        let mut a = Array2::<f64>::zeros((7, 9));
        stream_fill(&mut a, 1.0);
        assert!(a.iter().all(|&x| x == 1.0));
        stream_fill(a.column_mut(3), 2.0);
        stream_fill(a.slice_mut(s![1..4, 2..7]), 3.0);
        stream_fill(a.slice_mut(s![5, ..;-1]), 4.0);
        let mut expected = Array2::<f64>::ones((7, 9));
        expected.column_mut(3).fill(2.0);
        expected.slice_mut(s![1..4, 2..7]).fill(3.0);
        expected.slice_mut(s![5, ..]).fill(4.0);
        assert_eq!(a, expected);

        let src = Array3::from_shape_fn((3, 4, 5), |(i, j, k)| (i * 100 + j * 10 + k) as f64);
        let mut dst = Array3::zeros((3, 4, 5));
        stream_assign(&mut dst, &src);
        assert_eq!(dst, src);
        let mut dst = Array3::zeros((5, 4, 3));
        stream_assign(dst.view_mut().reversed_axes(), &src);
        assert_eq!(dst.view().reversed_axes(), src);
        let mut dst = Array2::zeros((4, 5));
        stream_assign(
            dst.slice_mut(s![..;-1, ..]),
            src.index_axis(Axis(0), 2).slice(s![..;-1, ..]),
        );
        assert_eq!(dst, src.index_axis(Axis(0), 2));
        let mut col = Array1::zeros(7);
        stream_assign(&mut col, a.column(3));
        assert_eq!(col, expected.column(3));
    }

    #[test]
    fn zero_dimensional_and_empty() {
        let mut a = ndarray::arr0(0.0_f64);
        stream_fill(&mut a, 7.0);
        assert_eq!(a[()], 7.0);
        stream_assign(&mut a, &ndarray::arr0(8.0));
        assert_eq!(a[()], 8.0);
        let mut e = Array2::<f32>::zeros((0, 5));
        stream_fill(&mut e, 1.0);
        stream_assign(&mut e, &Array2::zeros((0, 5)));
    }

    #[test]
    #[should_panic(expected = "stream_assign: the destination's shape differs")]
    fn assign_refuses_other_shapes() {
        let mut dst = Array2::<f64>::zeros((3, 4));
        stream_assign(&mut dst, &Array2::zeros((4, 3)));
    }
}
