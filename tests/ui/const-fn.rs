// A const fn cannot run loops on a thread pool: one parfor error, no rustc cascade.
use parfor::prelude::*;

#[parallel]
const fn fill(out: &mut [u8]) {
    let mut k = 0;
    while k < out.len() {
        out[k] = 1;
        k += 1;
    }
}

fn main() {}
