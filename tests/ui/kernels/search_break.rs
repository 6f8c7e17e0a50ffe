// Linear search that records the position and breaks out of the parallel loop.
use parfor::prelude::*;

#[parallel]
fn kernel(x: &[i64], target: i64) -> Option<usize> {
    let mut pos = None;
    for i in prange(x.len()) {
        if x[i] == target {
            pos = Some(i);
            break;
        }
    }
    pos
}

fn main() {}
