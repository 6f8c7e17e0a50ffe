//! Shared helpers for the integration tests: a tiny deterministic random generator,
//! the thread counts every test runs under, and a busy-wait that makes a loop body
//! expensive enough for the scheduler to send it to the pool.
#![allow(dead_code)]

use std::time::{Duration, Instant};

use ndarray::{Array, Array2, Array3, Dimension, ShapeBuilder};

/// The thread counts every parallel result is checked under.
pub(crate) const THREADS: [usize; 4] = [1, 2, 3, 8];

/// xorshift64*: small, fast, deterministic; good enough for test data.
pub(crate) struct Rng(u64);

impl Rng {
    /// A generator from a seed (any value; zero is remapped).
    pub(crate) fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    /// The next 64 random bits.
    pub(crate) fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `[-1, 1)`.
    pub(crate) fn f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 * 2.0 - 1.0
    }

    /// Uniform in `[-1, 1)`.
    pub(crate) fn f32(&mut self) -> f32 {
        (self.next_u64() >> 40) as f32 / (1u32 << 24) as f32 * 2.0 - 1.0
    }

    /// Uniform in `0..n`.
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    /// Uniform in `lo..hi`.
    pub(crate) fn range_i64(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo) as u64) as i64
    }
}

/// `n` values uniform in `[-1, 1)`.
pub(crate) fn vec_f64(n: usize, seed: u64) -> Vec<f64> {
    let mut r = Rng::new(seed);
    (0..n).map(|_| r.f64()).collect()
}

/// `n` values uniform in `[-1, 1)`.
pub(crate) fn vec_f32(n: usize, seed: u64) -> Vec<f32> {
    let mut r = Rng::new(seed);
    (0..n).map(|_| r.f32()).collect()
}

/// `n` values uniform in `lo..hi`.
pub(crate) fn vec_i64(n: usize, lo: i64, hi: i64, seed: u64) -> Vec<i64> {
    let mut r = Rng::new(seed);
    (0..n).map(|_| r.range_i64(lo, hi)).collect()
}

/// `n` random 64-bit words.
pub(crate) fn vec_u64(n: usize, seed: u64) -> Vec<u64> {
    let mut r = Rng::new(seed);
    (0..n).map(|_| r.next_u64()).collect()
}

/// A random array of the given shape, values in `[-1, 1)`.
pub(crate) fn array<Sh: ShapeBuilder>(shape: Sh, seed: u64) -> Array<f64, Sh::Dim>
where
    Sh::Dim: Dimension,
{
    let mut r = Rng::new(seed);
    Array::from_shape_simple_fn(shape, || r.f64())
}

/// A random `rows x cols` array, values in `[-1, 1)`.
pub(crate) fn array2(rows: usize, cols: usize, seed: u64) -> Array2<f64> {
    array((rows, cols), seed)
}

/// A random 3-D array, values in `[-1, 1)`.
pub(crate) fn array3(shape: (usize, usize, usize), seed: u64) -> Array3<f64> {
    array(shape, seed)
}

/// Runs `f` under each of [`THREADS`] (via `parfor::with_num_threads`), passing the
/// thread count, and returns the results in that order.
pub(crate) fn each_thread_count<R>(mut f: impl FnMut(usize) -> R) -> Vec<R> {
    THREADS
        .iter()
        .map(|&t| parfor::with_num_threads(t, || f(t)))
        .collect()
}

/// Busy-waits about `us` microseconds: makes an iteration costly enough that the loop
/// goes to the pool instead of running inline.
pub(crate) fn spin(us: u64) {
    let until = Instant::now() + Duration::from_micros(us);
    while Instant::now() < until {
        std::hint::spin_loop();
    }
}

/// rayon's index of the current worker thread, or `usize::MAX` outside a pool.
pub(crate) fn worker() -> usize {
    rayon::current_thread_index().unwrap_or(usize::MAX)
}

/// Asserts that the values written by [`worker`] name at least two workers: the
/// loop's chunks ran on several threads, each writing its own share of one array.
pub(crate) fn assert_several_workers<T: Ord + std::fmt::Debug>(
    written: impl IntoIterator<Item = T>,
) {
    let mut workers: Vec<T> = written.into_iter().collect();
    workers.sort_unstable();
    workers.dedup();
    assert!(
        workers.len() >= 2,
        "one worker wrote everything: {workers:?}"
    );
}

/// Bitwise equality of two float slices (so `-0.0 != 0.0` and NaNs compare by bits).
pub(crate) fn same_bits(a: &[f64], b: &[f64]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.to_bits() == y.to_bits())
}

/// Relative closeness for float results that reassociate.
pub(crate) fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol * (1.0 + a.abs().max(b.abs()))
}

/// Runs `run` under each thread count of [`THREADS`] and checks it returns exactly
/// `want`.
pub(crate) fn same<T: PartialEq + std::fmt::Debug>(
    name: &str,
    want: &T,
    mut run: impl FnMut() -> T,
) {
    for t in THREADS {
        let got = parfor::with_num_threads(t, &mut run);
        assert!(
            &got == want,
            "{name}: {t} threads:\n got {got:?}\nwant {want:?}"
        );
    }
}
