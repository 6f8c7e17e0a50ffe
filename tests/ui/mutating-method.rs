use parfor::prelude::*;

#[parallel]
fn collect(n: usize) -> Vec<usize> {
    let mut v = Vec::new();
    for i in prange(n) {
        v.push(i);
    }
    v
}

fn main() {}
