// Anti dependence through column views: column j assigned from column j + 1 of the same array.
use parfor::prelude::*;

#[parallel]
fn kernel(a: &mut Array2<f64>) {
    let m = a.ncols();
    for j in prange(m - 1) {
        let next = a.column(j + 1).to_owned();
        a.column_mut(j).assign(&next);
    }
}

fn main() {}
