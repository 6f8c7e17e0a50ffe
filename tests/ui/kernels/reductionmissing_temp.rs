// Missing privatisation of the temporary in a sum of squares (DRB021-reductionmissing-orig-yes: temp shared).
use parfor::prelude::*;

#[parallel]
fn kernel(u: &Array2<f64>) -> f64 {
    let (n, m) = u.dim();
    let mut temp;
    let mut sum = 0.0;
    for i in prange(n) {
        for j in 0..m {
            temp = u[[i, j]];
            sum = sum + temp * temp;
        }
    }
    sum
}

fn main() {}
