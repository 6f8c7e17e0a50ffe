// An `azip!` that reads the elements of the array it accumulates into.
use parfor::prelude::*;

#[parallel]
fn capped_sums(x: &Array2<f64>) -> Array1<f64> {
    let mut y = Array1::<f64>::zeros(x.ncols());
    for i in prange(x.nrows()) {
        azip!((a in &mut y, &b in &x.row(i)) if *a < 10.0 { *a += b });
    }
    y
}

fn main() {}
