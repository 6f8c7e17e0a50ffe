// `/=` reduces only floats: integer division does not regroup across chunks.
use parfor::prelude::*;

#[parallel]
fn divide(x: &[i64]) -> i64 {
    let mut q = 1_000_000_i64;
    for i in prange(x.len()) {
        q /= x[i];
    }
    q
}

fn main() {}
