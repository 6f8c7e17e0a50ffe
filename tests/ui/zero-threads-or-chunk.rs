// `threads = 0` and `chunk = 0` written as literals: no loop can run on no thread or in
// chunks of no iteration, so the attribute refuses them before the program runs.
use parfor::prelude::*;

#[parallel(threads = 0)]
fn on_no_thread(out: &mut [f64]) {
    for i in prange(out.len()) {
        out[i] = 1.0;
    }
}

#[parallel(chunk = 0usize)]
fn in_empty_chunks(out: &mut [f64]) {
    for i in prange(out.len()) {
        out[i] = 1.0;
    }
}

fn main() {}
