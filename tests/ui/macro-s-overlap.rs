// Anti dependence through `s!`: iteration i reads a[i + 1..i + 3], which the next two iterations write.
use parfor::prelude::*;

#[parallel]
fn lookahead(a: &mut Array1<f64>) {
    let n = a.len();
    for i in prange(n - 2) {
        let ahead = a.slice(s![i + 1..i + 3]).sum();
        a[i] = ahead;
    }
}

fn main() {}
