//! `overhead`: the cost of entering a `#[parallel]` loop, body `a[i] = b[i] * 2.0`
//! (see `parfor_benches::workloads::overhead`).
//!
//! `cargo run --release -p parfor-benches --example overhead`

use std::time::Instant;

use parfor_benches::data;
use parfor_benches::workloads::overhead::twice_par;

fn main() {
    for n in [100, 10_000, 1_000_000] {
        let b = data::uniform(n, 7);
        let mut a = vec![0.0; n];
        twice_par(&mut a, &b); // warm the pool
        let reps = 10_000_000 / n;
        let start = Instant::now();
        for _ in 0..reps {
            twice_par(&mut a, &b);
        }
        let per_call = start.elapsed().as_secs_f64() / reps as f64;
        println!(
            "overhead n={n}: checksum {:?}, {:.3} us per loop",
            a.iter().sum::<f64>(),
            per_call * 1e6
        );
    }
}
