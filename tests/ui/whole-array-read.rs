use parfor::prelude::*;

#[parallel]
fn normalise(a: &mut Array1<f64>) {
    for i in prange(a.len()) {
        a[i] = a[i] / a.sum();
    }
}

fn main() {}
