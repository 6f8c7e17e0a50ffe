// Missing privatisation of the inner loop index declared outside the parallel loop, C89 style (DRB073-doall2-orig-yes).
use parfor::prelude::*;

#[parallel]
fn kernel(a: &mut Array2<i32>) {
    let (n, m) = a.dim();
    let mut j;
    for i in prange(n) {
        j = 0;
        while j < m {
            a[[i, j]] += 1;
            j += 1;
        }
    }
}

fn main() {}
