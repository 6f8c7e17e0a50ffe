//! Leaves: the fixed-size chunks a loop's iterations are cut into.
//!
//! The leaf size depends only on the trip count (or the `chunk = N` option), never on
//! the thread count: that is what makes reductions reproducible, since every reduction
//! combines one partial per leaf, left to right.

use std::ops::Range;

use crate::range::{Int, Span, Stride};

/// Upper bound on the number of leaves of a loop without a `chunk` option.
///
/// Enough for load balance on any machine, few enough that the per-leaf partials of a
/// reduction cost nothing.
pub const MAX_LEAVES: usize = 1024;

/// The leaf size of a loop of `len` iterations.
///
/// # Panics
///
/// If `chunk` is `Some(0)`.
pub(super) fn leaf_size(len: usize, chunk: Option<usize>) -> usize {
    match chunk {
        Some(0) => panic!("parfor: `chunk = 0`: a chunk needs at least one iteration"),
        Some(c) => c,
        None => len.div_ceil(MAX_LEAVES).max(1),
    }
}

/// Where the leaves (fixed-size chunks) of a loop start.
#[derive(Clone, Copy, Debug)]
pub struct Leaves<'s, T, S> {
    /// The loop's iteration space.
    pub(crate) span: &'s Span<T, S>,
    /// Iterations per leaf.
    pub(crate) leaf: usize,
    /// Number of leaves.
    pub(crate) count: usize,
}

impl<T: Int, S: Stride> Leaves<'_, T, S> {
    /// Iterations of leaf `k`.
    pub fn iterations(&self, k: usize) -> Range<usize> {
        let start = k * self.leaf;
        start..(start + self.leaf).min(self.span.len())
    }
}
