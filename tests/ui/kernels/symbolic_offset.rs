// Anti dependence at a runtime offset: a[i] reads a[i + off] (a lag/shift in place).
use parfor::prelude::*;

#[parallel]
fn kernel(a: &mut [f64], off: usize) {
    let n = a.len();
    for i in prange(n - off) {
        a[i] = a[i + off];
    }
}

fn main() {}
