// A tree-reduction step reading one element too low: `x[i + half - 1]` for the last
// iteration is `x[half - 1]`, which that loop also writes (reads outside the written
// part are only accepted when the loop bounds prove them outside).
use parfor::prelude::*;

#[parallel]
fn step(x: &mut [f64], half: usize) {
    for i in prange(half) {
        x[i] += x[i + half - 1];
    }
}

fn main() {}
