// Shared induction variable used as an index: j is incremented by every iteration (DRB111-linearmissing-orig-yes).
use parfor::prelude::*;

#[parallel]
fn kernel(a: &mut [f64], b: &[f64], c: &[f64]) {
    let mut j = 0;
    for i in prange(b.len()) {
        a[j] = a[j] + b[i] * c[i];
        j += 1;
    }
}

fn main() {}
