// A `Zip` update of a captured array that every iteration makes: a whole-array
// reduction written through a closure, which parfor cannot read.
use parfor::prelude::*;
use ndarray::Zip;

#[parallel]
fn col_sums(x: &Array2<f64>, y: &mut Array1<f64>) {
    for i in prange(x.nrows()) {
        Zip::from(&mut *y).and(&x.row(i)).for_each(|a, &b| *a += b);
    }
}

fn main() {}
