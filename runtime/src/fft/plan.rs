//! The per-thread plan cache and the row-column 2-D transform on top of it.
//!
//! Each thread keeps, per float type, a map from (length, direction) to the rustfft plan,
//! the planner that made them and the scratch buffers. No lock is ever taken, and a
//! thread plans each length once.

use std::any::{Any, TypeId};
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

use num_complex::Complex;
use rustfft::{Fft, FftPlanner};

use crate::Scalar;

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
                let mut work = cache.buffer(m * n);
                transpose(buf, &mut work, m, n);
                cache.run(m, inverse, &mut work);
                transpose(&work, buf, n, m);
                cache.give_back(work);
            }
        }
    });
}

/// Plans and buffers of one thread, for one float type.
pub(super) struct PlanCache<R: Scalar> {
    planner: FftPlanner<R>,
    plans: HashMap<(usize, bool), Arc<dyn Fft<R>>>,
    scratch: Vec<Complex<R>>,
    /// Work buffers between calls: a fresh multi-megabyte buffer per call would cost
    /// more in page faults than the transform itself.
    spare: Vec<Vec<Complex<R>>>,
}

impl<R: Scalar> PlanCache<R> {
    fn new() -> Self {
        PlanCache {
            planner: FftPlanner::new(),
            plans: HashMap::new(),
            scratch: Vec::new(),
            spare: Vec::new(),
        }
    }

    /// A buffer of `len` zeros, reusing a spare one.
    pub(super) fn buffer(&mut self, len: usize) -> Vec<Complex<R>> {
        let mut v = self.spare.pop().unwrap_or_default();
        v.clear();
        v.resize(len, Complex::new(R::zero(), R::zero()));
        v
    }

    /// Keeps `v` for a later [`buffer`](Self::buffer) call.
    pub(super) fn give_back(&mut self, v: Vec<Complex<R>>) {
        self.spare.push(v);
    }

    /// Transforms every `len`-long row of `buf` in place.
    pub(super) fn run(&mut self, len: usize, inverse: bool, buf: &mut [Complex<R>]) {
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

/// The number of plans cached on this thread, both float types.
pub(super) fn cached_plans() -> usize {
    CACHE_F32.with(|c| c.borrow().plans.len()) + CACHE_F64.with(|c| c.borrow().plans.len())
}

thread_local! {
    static CACHE_F32: RefCell<PlanCache<f32>> = RefCell::new(PlanCache::new());
    static CACHE_F64: RefCell<PlanCache<f64>> = RefCell::new(PlanCache::new());
}

/// Runs `f` on this thread's cache for `R`.
pub(super) fn with_cache<R: Scalar, Out>(f: impl FnOnce(&mut PlanCache<R>) -> Out) -> Out {
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
pub(super) fn transpose<T: Copy>(src: &[T], dst: &mut [T], rows: usize, cols: usize) {
    transpose_into(src, rows, cols, dst, rows);
}

/// [`transpose`] into rows of `dst` that are `dst_stride` apart: `dst[c * dst_stride + r]
/// = src[r * cols + c]`.
pub(super) fn transpose_into<T: Copy>(
    src: &[T],
    rows: usize,
    cols: usize,
    dst: &mut [T],
    dst_stride: usize,
) {
    // 8 × 8 blocks: 16-element blocks put 16 lines 8 KiB apart (power-of-two rows) in
    // one L1 set and thrash; fft2 of 512 × 512 took 1.9 ms with them, 1.2 ms with 8.
    const B: usize = 8;
    for r0 in (0..rows).step_by(B) {
        let r1 = (r0 + B).min(rows);
        for c0 in (0..cols).step_by(B) {
            let c1 = (c0 + B).min(cols);
            for r in r0..r1 {
                let src_row = &src[r * cols + c0..r * cols + c1];
                for (c, &x) in (c0..c1).zip(src_row) {
                    dst[c * dst_stride + r] = x;
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
