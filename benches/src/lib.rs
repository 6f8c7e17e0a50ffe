//! Shared code for parfor's benchmarks: the seed workloads and their registry
//! ([`workloads`]), the one data generator ([`data`]), the result records and the roles
//! that decide their ratios ([`record`]), the C/OpenMP baselines ([`c`]), a small timing
//! harness ([`Group`]) and rayon thread-count control for the hand-written baselines.
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
pub mod record;
pub mod workloads;

mod config;
mod report;
mod threads;
mod timing;

pub use config::{Config, load_average};
pub use report::{Report, Row, format_seconds, target};
pub use threads::on_rayon_threads;
pub use timing::{Group, round_order};
