// Anti dependence through a mutable ndarray view taken in the body: v[i] reads v[i + 1].
use parfor::prelude::*;

#[parallel]
fn kernel(a: &mut Array1<f64>) {
    let n = a.len();
    for i in prange(n - 1) {
        let mut v = a.view_mut();
        v[i] = v[i + 1];
    }
}

fn main() {}
