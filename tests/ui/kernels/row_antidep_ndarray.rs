// Anti dependence through row views: row i is assigned from row i + 1 of the same array.
use parfor::prelude::*;

#[parallel]
fn kernel(a: &mut Array2<f64>) {
    let n = a.nrows();
    for i in prange(n - 1) {
        let next = a.row(i + 1).to_owned();
        a.row_mut(i).assign(&next);
    }
}

fn main() {}
