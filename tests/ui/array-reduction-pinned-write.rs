// An update through an index array beside a write pinned to the loop variable.
use parfor::prelude::*;

#[parallel]
fn scatter_add(idx: &[usize], x: &[f64], a: &mut Array1<f64>) {
    for i in prange(x.len()) {
        a[idx[i]] += x[i];
        a[i] = 0.0;
    }
}

fn main() {}
