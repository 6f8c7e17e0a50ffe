// A fold whose read part starts at `n / 3`, inside the written part `0..n / 2`:
// iteration `i` reads the element iteration `n / 3 + i` writes.
use parfor::prelude::*;

#[parallel]
fn fold(x: &mut [f64]) {
    let n = x.len();
    for i in prange(n / 2) {
        x[i] += x[n / 3 + i];
    }
}

fn main() {}
