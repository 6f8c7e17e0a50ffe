// Missing privatisation of a temporary array declared outside the parallel loop (PolyBench doitgen as written in C).
use parfor::prelude::*;

#[parallel]
fn kernel(a: &mut Array3<f64>, c4: &Array2<f64>, sum: &mut [f64]) {
    let (nr, nq, np) = a.dim();
    for r in prange(nr) {
        for q in 0..nq {
            for p in 0..np {
                sum[p] = 0.0;
                for s in 0..np {
                    sum[p] += a[[r, q, s]] * c4[[s, p]];
                }
            }
            for p in 0..np {
                a[[r, q, p]] = sum[p];
            }
        }
    }
}

fn main() {}
