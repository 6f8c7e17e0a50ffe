// Anti dependence inside `format!` arguments: the neighbour a[i + 1] is read while the next iteration writes it.
use parfor::prelude::*;

#[parallel]
fn widths(a: &mut [f64]) {
    for i in prange(a.len() - 1) {
        let s = format!("{:.3}", a[i + 1]);
        a[i] = s.len() as f64;
    }
}

fn main() {}
