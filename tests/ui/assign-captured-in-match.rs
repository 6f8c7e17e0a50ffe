// A captured scalar assigned in a `match` arm: the last matching iteration wins.
use parfor::prelude::*;

#[parallel]
fn last_negative(x: &[f64]) -> usize {
    let mut last = usize::MAX;
    for i in prange(x.len()) {
        match x[i] < 0.0 {
            true => last = i,
            false => {}
        }
    }
    last
}

fn main() {}
