// Output dependence through an index chosen by a condition: `i` or `i + 1`.
use parfor::prelude::*;

#[parallel]
fn kernel(x: &[f64], a: &mut [f64]) {
    for i in prange(x.len()) {
        let j = if x[i] > 0.0 { i } else { i + 1 };
        a[j] = x[i];
    }
}

fn main() {}
