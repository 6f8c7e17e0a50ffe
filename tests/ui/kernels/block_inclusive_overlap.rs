// Output dependence from an off-by-one block bound: `b*bs..=(b + 1)*bs` shares one element with the next block.
use parfor::prelude::*;

#[parallel]
fn kernel(x: &[f64], out: &mut [f64], bs: usize) {
    let nblocks = (x.len() - 1) / bs;
    for b in prange(nblocks) {
        for k in b * bs..=(b + 1) * bs {
            out[k] = x[k] * b as f64;
        }
    }
}

fn main() {}
