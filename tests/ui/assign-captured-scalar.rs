use parfor::prelude::*;

#[parallel]
fn last_index(n: usize) -> usize {
    let mut last = 0;
    for i in prange(n) {
        last = i;
    }
    last
}

fn main() {}
