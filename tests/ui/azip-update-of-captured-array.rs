// An `azip!` update of a captured array that every iteration makes.
use parfor::prelude::*;
use ndarray::azip;

#[parallel]
fn col_sums(x: &Array2<f64>) -> Array1<f64> {
    let mut y = Array1::<f64>::zeros(x.ncols());
    for i in prange(x.nrows()) {
        azip!((a in &mut y, &b in &x.row(i)) *a += b);
    }
    y
}

fn main() {}
