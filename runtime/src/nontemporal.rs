//! The per-type kernels behind `stream_fill` and `stream_assign`: non-temporal
//! ("streaming") stores of 16-byte vectors.
//!
//! This module holds the streaming stores' `unsafe`: viewing a slice of floats as 16-byte
//! vectors (`align_to_mut`), calling the SSE2 loops (SSE2 is in every x86-64 CPU), and
//! the intrinsics `_mm_stream_pd` / `_mm_stream_ps`, which take a raw pointer: each
//! writes one 16-byte vector through a pointer made from a `&mut` to that vector (valid,
//! aligned, exclusively borrowed). On targets other than x86-64 the kernels fall back to
//! ordinary stores.
//!
//! The stores are weakly ordered: `stream_fill` and `stream_assign` end with a fence, so
//! the writes are ordered before whatever publishes them to another thread. The trait is
//! sealed (public, in a private module) so that it can bound the public `Scalar`.

/// The per-type streaming kernels. Callers fence afterwards.
#[allow(
    unreachable_pub,
    reason = "sealed-trait pattern: public so it can bound the public `Scalar`, unnameable outside the crate"
)]
pub trait Streaming: Copy {
    /// Sets every element of `dst` to `value`.
    fn stream_fill(dst: &mut [Self], value: Self);
    /// Copies `src` into `dst`; the lengths are equal.
    fn stream_copy(dst: &mut [Self], src: &[Self]);
}

#[cfg(target_arch = "x86_64")]
macro_rules! streaming {
    ($t:ty, $vector:ty, $fill:ident, $copy:ident) => {
        impl Streaming for $t {
            fn stream_fill(dst: &mut [$t], value: $t) {
                // SAFETY: every bit pattern of `[$t; N]` is a valid `$vector` and back.
                let (head, body, tail) = unsafe { dst.align_to_mut::<$vector>() };
                head.fill(value);
                tail.fill(value);
                // SAFETY: SSE2 is part of the x86-64 baseline: every x86-64 CPU has it.
                unsafe { sse2::$fill(body, value) };
            }

            fn stream_copy(dst: &mut [$t], src: &[$t]) {
                assert_eq!(dst.len(), src.len());
                // SAFETY: as in `stream_fill`.
                let (head, body, tail) = unsafe { dst.align_to_mut::<$vector>() };
                let (src_head, rest) = src.split_at(head.len());
                let (src_body, src_tail) = rest.split_at(rest.len() - tail.len());
                head.copy_from_slice(src_head);
                tail.copy_from_slice(src_tail);
                // SAFETY: as in `stream_fill`.
                unsafe { sse2::$copy(body, src_body) };
            }
        }
    };
}

#[cfg(target_arch = "x86_64")]
streaming!(f64, std::arch::x86_64::__m128d, fill_f64, copy_f64);
#[cfg(target_arch = "x86_64")]
streaming!(f32, std::arch::x86_64::__m128, fill_f32, copy_f32);

/// The streaming loops over 16-byte aligned vectors. Each store goes through a pointer
/// made from a `&mut` to the vector it writes: valid for 16 bytes, 16-byte aligned, and
/// not aliased while the call runs.
#[cfg(target_arch = "x86_64")]
mod sse2 {
    use std::arch::x86_64::{
        __m128, __m128d, _mm_set_pd, _mm_set_ps, _mm_set1_pd, _mm_set1_ps, _mm_stream_pd,
        _mm_stream_ps,
    };
    use std::ptr::from_mut;

    #[target_feature(enable = "sse2")]
    pub(super) fn fill_f64(body: &mut [__m128d], value: f64) {
        let splat = _mm_set1_pd(value);
        for vector in body {
            // SAFETY: see the module docs.
            unsafe { _mm_stream_pd(from_mut(vector).cast(), splat) };
        }
    }

    #[target_feature(enable = "sse2")]
    pub(super) fn fill_f32(body: &mut [__m128], value: f32) {
        let splat = _mm_set1_ps(value);
        for vector in body {
            // SAFETY: see the module docs.
            unsafe { _mm_stream_ps(from_mut(vector).cast(), splat) };
        }
    }

    /// `src` holds two `f64`s per vector of `body`, at any alignment.
    #[target_feature(enable = "sse2")]
    pub(super) fn copy_f64(body: &mut [__m128d], src: &[f64]) {
        for (vector, x) in body.iter_mut().zip(src.chunks_exact(2)) {
            let value = _mm_set_pd(x[1], x[0]);
            // SAFETY: see the module docs.
            unsafe { _mm_stream_pd(from_mut(vector).cast(), value) };
        }
    }

    /// `src` holds four `f32`s per vector of `body`, at any alignment.
    #[target_feature(enable = "sse2")]
    pub(super) fn copy_f32(body: &mut [__m128], src: &[f32]) {
        for (vector, x) in body.iter_mut().zip(src.chunks_exact(4)) {
            let value = _mm_set_ps(x[3], x[2], x[1], x[0]);
            // SAFETY: see the module docs.
            unsafe { _mm_stream_ps(from_mut(vector).cast(), value) };
        }
    }
}

#[cfg(not(target_arch = "x86_64"))]
macro_rules! streaming {
    ($t:ty) => {
        impl Streaming for $t {
            fn stream_fill(dst: &mut [$t], value: $t) {
                dst.fill(value);
            }
            fn stream_copy(dst: &mut [$t], src: &[$t]) {
                dst.copy_from_slice(src);
            }
        }
    };
}

#[cfg(not(target_arch = "x86_64"))]
streaming!(f64);
#[cfg(not(target_arch = "x86_64"))]
streaming!(f32);
