//! The benches' input data, one generator for all: the workloads' inputs are identical
//! in Rust and Python (`benches/WORKLOADS.md`).
//!
//! A counter-based generator: element `k` of a stream depends only on `k` and the seed,
//! so NumPy computes the same numbers vectorised (`benches/python/common.py`) and every
//! implementation of a workload reads bit-identical inputs. Arrays are filled in C
//! (row-major) order: element `k` of the flat array is `uniform(k)`.
//!
//! Inputs of 4 MiB or more sit on huge pages, as NumPy's arrays do
//! ([`parfor::pages`]): every implementation, Python's included, reads the same kind
//! of memory.

use ndarray::{Array2, Array3};

/// The `k`-th number of the stream `seed`: uniform in `[0, 1)`, 53 random bits.
#[inline]
pub fn uniform_at(seed: u64, k: u64) -> f64 {
    let mut x = seed
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .wrapping_add(k.wrapping_mul(0xD1B5_4A32_D192_ED03))
        .wrapping_add(0x632B_E59B_D9B4_E019);
    x ^= x >> 30;
    x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^= x >> 31;
    (x >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// The first `n` numbers of the stream `seed`, uniform in `[0, 1)`.
///
/// # Examples
///
/// ```
/// let u = parfor_benches::data::uniform(3, 1);
/// assert_eq!(u[0], 0.3623965548971775);
/// ```
pub fn uniform(n: usize, seed: u64) -> Vec<f64> {
    collect_huge(n, (0..n as u64).map(|k| uniform_at(seed, k)))
}

/// The first `n` numbers of the stream `seed`, scaled to `[lo, hi)`, in an ordinary
/// vector: the inputs of the `loops` and `numerics` benches, which time their kernels
/// on ordinary pages (the workloads' inputs sit on huge pages, as NumPy's do).
pub fn uniform_in(n: usize, seed: u64, lo: f64, hi: f64) -> Vec<f64> {
    (0..n as u64)
        .map(|k| lo + (hi - lo) * uniform_at(seed, k))
        .collect()
}

/// `n` zeros, on huge pages when large: an output buffer like NumPy's `np.zeros(n)`.
pub fn zeros(n: usize) -> Vec<f64> {
    collect_huge(n, std::iter::repeat_n(0.0, n))
}

/// The `n` items of `items` in a vector on huge pages when large.
fn collect_huge<T>(n: usize, items: impl Iterator<Item = T>) -> Vec<T> {
    let mut v = Vec::with_capacity(n);
    parfor::pages::advise(&mut v);
    v.extend(items);
    v
}

/// The first `n` integers of the stream `seed`, in `[lo, hi)`:
/// `lo + floor(uniform * (hi - lo))`.
///
/// # Panics
///
/// If `hi <= lo`.
pub fn uniform_ints(n: usize, seed: u64, lo: i64, hi: i64) -> Vec<i64> {
    assert!(hi > lo, "uniform_ints: empty range {lo}..{hi}");
    let width = (hi - lo) as f64;
    collect_huge(
        n,
        (0..n as u64).map(|k| lo + (uniform_at(seed, k) * width).floor() as i64),
    )
}

/// A `rows` x `cols` matrix of the stream `seed`, uniform in `[0, 1)`.
pub fn matrix(rows: usize, cols: usize, seed: u64) -> Array2<f64> {
    Array2::from_shape_vec((rows, cols), uniform(rows * cols, seed)).expect("rows * cols values")
}

/// The `dets` tensor: shape `(m, m, count)`, values `2 * uniform - 1` in `[-1, 1)`;
/// slice `i` is `t.index_axis(Axis(2), i)`.
pub fn tensor3(m: usize, count: usize, seed: u64) -> Array3<f64> {
    let n = m * m * count;
    let values = collect_huge(n, (0..n as u64).map(|k| 2.0 * uniform_at(seed, k) - 1.0));
    Array3::from_shape_vec((m, m, count), values).expect("m * m * count values")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Computed once with the formula in NumPy (uint64 arithmetic).
    #[test]
    fn first_values_of_seed_1_match_numpy() {
        let expected = [
            0.3623965548971775,
            0.35928268644838135,
            0.2971495415971992,
            0.9450293690821994,
            0.3766779140931974,
        ];
        assert_eq!(uniform(5, 1), expected);
    }

    #[test]
    fn integers_and_sums_match_numpy() {
        assert_eq!(uniform_ints(5, 100, -5, 5), [3, 2, 2, 3, 3]);
        // numpy: uniform(10**6, 6).sum() (pairwise summation; equal to 1e-9 here).
        let s: f64 = uniform(1_000_000, 6).iter().sum();
        assert!((s - 500114.56664530525).abs() < 1e-6, "{s}");
    }

    #[test]
    fn shapes_follow_c_order() {
        let t = tensor3(2, 3, 1);
        assert_eq!(t.dim(), (2, 2, 3));
        assert_eq!(t[[0, 0, 1]], 2.0 * uniform_at(1, 1) - 1.0);
        assert_eq!(t[[1, 0, 0]], 2.0 * uniform_at(1, 6) - 1.0);
        let m = matrix(2, 3, 4);
        assert_eq!(m[[1, 2]], uniform_at(4, 5));
    }

    #[test]
    fn uniform_is_seeded_and_in_range() {
        let a = uniform_in(1000, 7, -3.0, 3.0);
        assert_eq!(a, uniform_in(1000, 7, -3.0, 3.0));
        assert_ne!(a, uniform_in(1000, 8, -3.0, 3.0));
        assert!(a.iter().all(|v| (-3.0..3.0).contains(v)));
    }
}
