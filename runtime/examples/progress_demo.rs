//! A loop of about 2 seconds on the rayon pool reporting each chunk to a
//! [`Progress`]: what `#[parallel(progress)]` does, by hand.
//!
//! ```text
//! cargo run -q -p parfor-runtime --example progress_demo            # the bar, on a terminal
//! cargo run -q -p parfor-runtime --example progress_demo -- panic   # a chunk panics at 60%
//! cargo run -q -p parfor-runtime --example progress_demo 2>err.txt  # nothing drawn
//! PARFOR_PROGRESS=1 cargo run -q -p parfor-runtime --example progress_demo 2>err.txt  # drawn
//! ```
//!
//! Either way the bar is gone when the program prints its last line.
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use parfor_runtime::progress::Progress;
use rayon::prelude::*;

const CHUNKS: usize = 200;
const CHUNK: usize = 50;

fn main() {
    let panic_at = match std::env::args().nth(1).as_deref() {
        Some("panic") => Some(CHUNKS * 3 / 5),
        None => None,
        Some(other) => {
            eprintln!("usage: progress_demo [panic], not {other:?}");
            std::process::exit(2);
        }
    };
    let progress = Progress::start(CHUNKS * CHUNK, concat!(file!(), ":", line!()));
    let started = AtomicUsize::new(0);
    (0..CHUNKS).into_par_iter().for_each(|_| {
        let nth = started.fetch_add(1, Ordering::Relaxed);
        // 20 ms a chunk: with two workers, 2 s in all.
        std::thread::sleep(Duration::from_millis(20));
        if Some(nth) == panic_at {
            panic!("the chunk started {nth}th panics");
        }
        if let Some(progress) = &progress {
            progress.advance(CHUNK);
        }
    });
    drop(progress);
    eprintln!("done: {} iterations", CHUNKS * CHUNK);
}
