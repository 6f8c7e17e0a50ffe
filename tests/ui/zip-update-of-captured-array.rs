// A `Zip` that overwrites a captured array in every iteration: not an update with one
// operator, so not a reduction.
use parfor::prelude::*;

#[parallel]
fn last_row(x: &Array2<f64>, y: &mut Array1<f64>) {
    for i in prange(x.nrows()) {
        Zip::from(&mut *y).and(&x.row(i)).for_each(|a, &b| *a = b);
    }
}

fn main() {}
