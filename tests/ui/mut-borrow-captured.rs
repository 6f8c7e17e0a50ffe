use parfor::prelude::*;

fn bump(counter: &mut usize) {
    *counter += 1;
}

#[parallel]
fn count(n: usize) -> usize {
    let mut counter = 0;
    for _i in prange(n) {
        bump(&mut counter);
    }
    counter
}

fn main() {}
