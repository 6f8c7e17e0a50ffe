//! Shared code for parfor's benchmarks: a small timing harness, the C/OpenMP baselines
//! ([`c`]), and rayon thread-count control for the hand-written baselines.
//!
//! The harness is built for noisy, shared machines with few cores: the variants of a
//! [`Group`] run interleaved, round by round, and each variant's figure is the median
//! of its rounds.
//!
//! ```no_run
//! use parfor_benches::{Config, Group};
//!
//! let x: Vec<f64> = (0..1_000_000).map(f64::from).collect();
//! let mut group = Group::new("sum of 10^6 f64");
//! group.variant("sequential", || {
//!     std::hint::black_box(x.iter().sum::<f64>());
//! });
//! group.variant("sequential, 4 lanes", || {
//!     let mut s = [0.0; 4];
//!     for c in x.chunks_exact(4) {
//!         (0..4).for_each(|k| s[k] += c[k]);
//!     }
//!     std::hint::black_box(s.iter().sum::<f64>());
//! });
//! group.baseline("sequential");
//! let report = group.run(&Config::from_env());
//! print!("{report}");
//! ```

pub mod c;
pub mod data;
pub mod workloads;

mod config;
mod report;
mod threads;
mod timing;

pub use config::{Config, load_average};
pub use report::{Report, Row, format_seconds, target};
pub use threads::on_rayon_threads;
pub use timing::{Group, round_order};

/// `n` pseudo-random numbers, uniform in `[lo, hi)`, the same for the same `seed`
/// (SplitMix64: fast enough for 10^8 elements, and no dependency).
pub fn uniform(n: usize, seed: u64, lo: f64, hi: f64) -> Vec<f64> {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (0..n)
        .map(|_| {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^= z >> 31;
            // The top 53 bits as a fraction in [0, 1).
            let unit = (z >> 11) as f64 / (1u64 << 53) as f64;
            lo + (hi - lo) * unit
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uniform_is_seeded_and_in_range() {
        let a = uniform(1000, 7, -3.0, 3.0);
        assert_eq!(a, uniform(1000, 7, -3.0, 3.0));
        assert_ne!(a, uniform(1000, 8, -3.0, 3.0));
        assert!(a.iter().all(|v| (-3.0..3.0).contains(v)));
    }
}
