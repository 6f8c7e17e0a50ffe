// Python's negative indices ported as written: `k` is `i + n` for negative `i`, a
// one-to-one index, but not an affine one. parfor refuses it with the rewrite: run the
// loop over the array's own indices.
use parfor::prelude::*;

#[parallel]
fn scale_from_end(x: &[f64], out: &mut [f64]) {
    let n = out.len() as isize;
    for i in prange(-n..0) {
        let k = if i < 0 { i + n } else { i } as usize;
        out[k] = 2.0 * x[k];
    }
}

fn main() {}
