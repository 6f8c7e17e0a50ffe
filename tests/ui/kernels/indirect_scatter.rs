// Output dependence through an index array: idx may repeat (DRB005-indirectaccess1-orig-yes, scatter form).
use parfor::prelude::*;

#[parallel]
fn kernel(x: &[f64], idx: &[usize], out: &mut [f64]) {
    for i in prange(idx.len()) {
        out[idx[i]] = x[i];
    }
}

fn main() {}
