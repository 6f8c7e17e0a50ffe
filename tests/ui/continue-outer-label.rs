use parfor::prelude::*;

#[parallel]
fn rows(a: &Array2<f64>, out: &mut Array2<f64>) {
    'outer: for r in 0..2 {
        for i in prange(a.nrows()) {
            if a[[i, 0]] < 0.0 {
                continue 'outer;
            }
            out[[i, r]] = a[[i, r]];
        }
    }
}

fn main() {}
