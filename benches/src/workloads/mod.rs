//! The seed workloads of `benches/WORKLOADS.md`, and [`ALL`], the one list of them that
//! the `compare` binary, the `workloads` bench and (through `compare`) the Python side
//! read.
//!
//! Each module holds one workload: its `#[parallel]` kernel exactly as the example
//! program (`benches/examples/NAME.rs`) uses it, the plain sequential loop, the
//! hand-written rayon/ndarray code, its [`Workload`] entry and a `cases` function that
//! builds the workload's data and returns [`Record`]s. A [`Case`] runs every variant
//! once, checks its checksum against the first variant's (the sequential loop) and
//! aborts on a mismatch, then times all variants interleaved with the crate's
//! [`Group`](crate::Group) harness.
//!
//! The `compare` binary and the `workloads` bench both drive these functions, so the
//! bench, the examples and the comparison always time the same code.

use crate::Config;
use crate::record::Record;

pub mod autocorr;
pub mod blas_x_workers;
mod case;
pub mod dets;
pub mod fft2;
pub mod fill;
pub mod kernels;
pub mod matmul;
pub mod overhead;
pub mod sum;

pub use case::Case;

/// A workload of `WORKLOADS.md`.
#[derive(Debug)]
pub struct Workload {
    /// Its name: the records' `workload`, the Python script's file name
    /// (`benches/python/NAME.py`) and the word `--only` takes.
    pub name: &'static str,
    /// Runs every case (the plot curves included) and returns their records.
    ///
    /// Panics if a variant's checksum disagrees with the baseline's.
    pub cases: fn(&Config) -> Vec<Record>,
    /// Whether its checksums are integers, compared exactly (else to a relative 1e-9).
    pub exact: bool,
}

/// Every workload, in the order `compare` runs them.
pub const ALL: [&Workload; 9] = [
    &dets::WORKLOAD,
    &fill::WORKLOAD,
    &autocorr::WORKLOAD,
    &fft2::WORKLOAD,
    &matmul::WORKLOAD,
    &blas_x_workers::WORKLOAD,
    &sum::WORKLOAD,
    &overhead::WORKLOAD,
    &kernels::WORKLOAD,
];

/// The workload named `name`, if there is one.
pub fn find(name: &str) -> Option<&'static Workload> {
    ALL.into_iter().find(|w| w.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_workload_has_its_own_name_and_a_python_script() {
        let python = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("python");
        for (k, w) in ALL.iter().enumerate() {
            assert_eq!(find(w.name).map(|f| f.exact), Some(w.exact));
            assert!(
                ALL[..k].iter().all(|o| o.name != w.name),
                "{} twice",
                w.name
            );
            let script = std::fs::read_to_string(python.join(format!("{}.py", w.name)))
                .unwrap_or_else(|e| panic!("python/{}.py: {e}", w.name));
            assert!(script.contains(&format!("WORKLOAD = \"{}\"", w.name)));
        }
    }
}
