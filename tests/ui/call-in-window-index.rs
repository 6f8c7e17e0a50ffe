// A call in the loop-invariant part of a written index: parfor evaluates that part once
// more before the loop to cut the chunks' windows, so `next_offset()` would run n + 1
// times instead of n. Hoist the call.
use parfor::prelude::*;
use std::cell::Cell;

#[parallel]
fn shifted(out: &mut [f64], calls: &Cell<usize>) {
    let next_offset = || {
        calls.set(calls.get() + 1);
        1
    };
    for i in prange(out.len() - 1) {
        out[i + next_offset()] = 1.0;
    }
}

fn main() {}
