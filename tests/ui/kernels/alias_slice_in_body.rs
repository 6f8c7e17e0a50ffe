// Anti dependence through a re-borrowed slice taken in the body: s[i] reads s[i + 1].
use parfor::prelude::*;

#[parallel]
fn kernel(a: &mut Vec<f64>) {
    let n = a.len();
    for i in prange(n - 1) {
        let s = &mut a[..];
        s[i] = s[i + 1];
    }
}

fn main() {}
