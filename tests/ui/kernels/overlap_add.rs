// Overlapping windows accumulate into the same output elements (overlap-add with hop < window length).
use parfor::prelude::*;

#[parallel]
fn kernel(frames: &Array2<f64>, out: &mut [f64], hop: usize) {
    let (nframes, len) = frames.dim();
    for w in prange(nframes) {
        for k in 0..len {
            out[w * hop + k] += frames[[w, k]];
        }
    }
}

fn main() {}
