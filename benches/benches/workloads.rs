//! The seed workloads of `benches/WORKLOADS.md`, each case timed as the plain
//! sequential loop, `#[parallel]`, hand-written rayon/ndarray and (for dets, fill,
//! window copy and sum) C/OpenMP, on the same data in the same run. Every variant's
//! checksum is checked against the sequential loop's before anything is timed.
//!
//! ```text
//! cargo bench -p parfor-benches --bench workloads
//! PARFOR_BENCH_QUICK=1 cargo bench -p parfor-benches --bench workloads    # small sizes
//! PARFOR_BENCH_FILTER=dets cargo bench -p parfor-benches --bench workloads # one workload
//! ```
//!
//! The workloads are those of `parfor_benches::workloads::ALL`. `cargo run --release -p parfor-benches --bin compare` runs the
//! same cases and puts them beside the Python references.

use parfor_benches::workloads::ALL;
use parfor_benches::{Config, load_average};

fn main() {
    let config = Config::from_env();
    println!(
        "parfor seed workloads: {} threads for parallel variants{}; load average {}",
        config.threads,
        if config.quick { ", quick mode" } else { "" },
        load_average().unwrap_or_else(|| "unknown".into()),
    );
    for w in ALL {
        if config.selected(w.name) {
            (w.cases)(&config);
        }
    }
}
