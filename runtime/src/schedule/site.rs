//! What a loop's call site has learnt about its own cost, and the threshold below which
//! a loop is not worth the pool.
//!
//! Every `#[parallel]` loop has one [`Site`] (a `static` in the generated code). The
//! first run times a leaf; later runs read the estimate with one relaxed load, which is
//! all a short loop pays before running inline.

use std::sync::atomic::{AtomicU32, AtomicU64, AtomicUsize, Ordering};

/// Loops whose estimated work is below this many nanoseconds run on the calling thread.
///
/// Waking rayon's workers and joining them costs a few microseconds; a loop must save
/// several times that to be worth it.
pub const INLINE_NS: f64 = 20_000.0;

/// How often a loop that runs inline re-measures its cost.
pub(super) const REMEASURE_EVERY: u32 = 64;

/// What a loop site has learnt about its own cost.
#[derive(Debug)]
pub struct Site {
    /// Nanoseconds per iteration as `f64` bits; zero until measured.
    ns_per_iter: AtomicU64,
    /// The most iterations that take at most [`INLINE_NS`] by that estimate; zero until
    /// measured. An integer, so that a short loop decides with one comparison.
    inline_max: AtomicUsize,
    pub(super) runs: AtomicU32,
}

impl Site {
    /// A site that has not run yet.
    pub const fn new() -> Self {
        Site {
            ns_per_iter: AtomicU64::new(0),
            inline_max: AtomicUsize::new(0),
            runs: AtomicU32::new(0),
        }
    }

    pub(super) fn is_measured(&self) -> bool {
        self.ns_per_iter.load(Ordering::Relaxed) != 0
    }

    /// Whether a loop of `len` iterations is estimated to take at most [`INLINE_NS`].
    #[inline]
    pub(super) fn runs_inline(&self, len: usize) -> bool {
        len <= self.inline_max.load(Ordering::Relaxed)
    }

    /// The estimated time of `len` iterations in nanoseconds (zero until measured).
    pub(super) fn estimate_ns(&self, len: usize) -> f64 {
        f64::from_bits(self.ns_per_iter.load(Ordering::Relaxed)) * len as f64
    }

    pub(super) fn record(&self, ns: f64, iterations: usize) {
        if iterations > 0 {
            let per = (ns / iterations as f64).max(1e-3);
            self.ns_per_iter.store(per.to_bits(), Ordering::Relaxed);
            let max = (INLINE_NS / per) as usize; // at most 2·10^7: `per` >= 1 ps
            self.inline_max.store(max, Ordering::Relaxed);
        }
    }
}

impl Default for Site {
    fn default() -> Self {
        Site::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_site_inlines_what_its_estimate_puts_under_the_threshold() {
        let site = Site::new();
        assert!(!site.is_measured());
        assert!(!site.runs_inline(1), "an unmeasured loop is timed first");
        // 10 ns an iteration: 2000 iterations fit in INLINE_NS (20 us).
        site.record(10_000.0, 1000);
        assert!(site.is_measured());
        assert!(site.runs_inline(2000));
        assert!(!site.runs_inline(2001));
        // A slower estimate replaces it.
        site.record(1_000_000.0, 1000);
        assert!(site.runs_inline(20) && !site.runs_inline(21));
        // Nothing learnt from an empty run; a body measured as free counts a
        // picosecond an iteration.
        site.record(5.0, 0);
        assert!(!site.runs_inline(21));
        site.record(0.0, 1000);
        assert!(site.runs_inline(20_000_000) && !site.runs_inline(20_000_001));
    }
}
