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

use crate::scalar::Scalar;

/// Columns transformed per strip. A strip's rows are `STRIP × 16` bytes (`f64`) of each
/// matrix row: 8 was the fastest measured (`benches/README.md`); wider strips suffer as
/// the gathered lines, a power of two apart, stop fitting in L1's sets.
pub(super) const STRIP: usize = 8;

/// The unscaled 2-D transform of the `m × n` row-major buffer, in place: the rows in one
/// call, then the columns [`STRIP`] at a time through a strip buffer that stays in cache
/// (a full transposed copy would double the memory the transform streams through).
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
            let mut strip = cache.buffer(STRIP * m);
            for c0 in (0..n).step_by(STRIP) {
                let strip = &mut strip[..STRIP.min(n - c0) * m];
                gather_columns(buf, n, c0, strip, m);
                cache.run(m, inverse, strip);
                scatter_columns(strip, m, c0, buf, n);
            }
            cache.give_back(strip);
        }
    });
}

/// Copies columns `c0..c0 + w` of the row-major `m × n` matrix `src` into the rows of
/// `strip` (`w × m`, `w = strip.len() / m`).
pub(super) fn gather_columns<T: Copy>(src: &[T], n: usize, c0: usize, strip: &mut [T], m: usize) {
    let width = strip.len() / m;
    for r in 0..m {
        let row = &src[r * n + c0..r * n + c0 + width];
        for (j, &x) in row.iter().enumerate() {
            strip[j * m + r] = x;
        }
    }
}

/// The inverse of [`gather_columns`]: the rows of `strip` back into columns `c0..` of
/// `dst` (`m × n`).
pub(super) fn scatter_columns<T: Copy>(strip: &[T], m: usize, c0: usize, dst: &mut [T], n: usize) {
    let width = strip.len() / m;
    for r in 0..m {
        let row = &mut dst[r * n + c0..r * n + c0 + width];
        for (j, x) in row.iter_mut().enumerate() {
            *x = strip[j * m + r];
        }
    }
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

    /// A buffer of `len` elements holding whatever its last use left, for callers that
    /// write every element before reading it: zeroing megabytes per call costs.
    pub(super) fn overwritten_buffer(&mut self, len: usize) -> Vec<Complex<R>> {
        let mut v = self.spare.pop().unwrap_or_default();
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
    fn columns_round_trip_through_strips() {
        let (m, n) = (35, 17);
        let src: Vec<usize> = (0..m * n).collect();
        let mut back = vec![0; m * n];
        for c0 in (0..n).step_by(STRIP) {
            let width = STRIP.min(n - c0);
            let mut strip = vec![0; width * m];
            gather_columns(&src, n, c0, &mut strip, m);
            for (j, r) in (0..width).flat_map(|j| (0..m).map(move |r| (j, r))) {
                assert_eq!(strip[j * m + r], src[r * n + c0 + j]);
            }
            scatter_columns(&strip, m, c0, &mut back, n);
        }
        assert_eq!(back, src);
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
