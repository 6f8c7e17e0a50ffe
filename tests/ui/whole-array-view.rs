// Whole-array read of the written array through `a.view()`: the sum sees other iterations' writes.
use parfor::prelude::*;

#[parallel]
fn normalise(a: &mut Array1<f64>) {
    for i in prange(a.len()) {
        let total = a.view().sum();
        a[i] /= total;
    }
}

fn main() {}
