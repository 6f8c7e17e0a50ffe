// Shared output counter: out_len is read as an index and incremented (DRB018-plusplus-orig-yes).
use parfor::prelude::*;

#[parallel]
fn kernel(input: &[i32], output: &mut [i32]) -> usize {
    let mut out_len = 0;
    for i in prange(input.len()) {
        output[out_len] = input[i];
        out_len += 1;
    }
    out_len
}

fn main() {}
