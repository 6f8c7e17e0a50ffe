// Output dependence: the symmetric write cov[[j, i]] for all j also hits elements iteration j writes as cov[[j, i]].
use parfor::prelude::*;

#[parallel]
fn kernel(data: &Array2<f64>, cov: &mut Array2<f64>) {
    let (n, m) = data.dim();
    for i in prange(m) {
        for j in 0..m {
            let mut s = 0.0;
            for k in 0..n {
                s += data[[k, i]] * data[[k, j]];
            }
            cov[[i, j]] = s;
            cov[[j, i]] = s;
        }
    }
}

fn main() {}
