// PENDING: RACE-FREE kernel rejected by #[parallel] (false positive).
// Not run by any test. Found by the classic-kernel suite (tests/kernels_norace.rs,
// tests/kernels_ui.rs); move it back there once #[parallel] handles it. Output:
//   error: parfor: `cov[[j, i]]` and `cov[[i, j]]` tie `cov` to the loop variable `i` on different axes or with different strides, so the element one iteration of the parallel loop at line 22 touches through one can be the element another iteration touches through the other. Fix: index every access to `cov` by `i` on the same axis with the same stride, or read from a copy made before the loop
//     --> tests/ui/kernels-pending/covariance.rs:29:13
//      |
//   29 |             cov[[j, i]] = cov[[i, j]];
//      |             ^^^^^^^^^^^
//   error: parfor: note: the other access to `cov`
//     --> tests/ui/kernels-pending/covariance.rs:24:13
//      |
//   24 |             cov[[i, j]] = 0.0;
//      |             ^^^^^^^^^^^

use parfor::prelude::*;

// Covariance with the symmetric write `cov[j][i] = cov[i][j]` for j >= i: iteration i
// owns row i right of the diagonal and column i below it (PolyBench covariance).
#[parallel]
fn covariance(data: &Array2<f64>, cov: &mut Array2<f64>) {
    let (n, m) = data.dim();
    for i in prange(m) {
        for j in i..m {
            cov[[i, j]] = 0.0;
            for k in 0..n {
                cov[[i, j]] += data[[k, i]] * data[[k, j]];
            }
            cov[[i, j]] /= (n - 1) as f64;
            cov[[j, i]] = cov[[i, j]];
        }
    }
}

fn covariance_seq(data: &Array2<f64>, cov: &mut Array2<f64>) {
    let (n, m) = data.dim();
    for i in 0..m {
        for j in i..m {
            cov[[i, j]] = 0.0;
            for k in 0..n {
                cov[[i, j]] += data[[k, i]] * data[[k, j]];
            }
            cov[[i, j]] /= (n - 1) as f64;
            cov[[j, i]] = cov[[i, j]];
        }
    }
}

#[test]
fn covariance() {
    let data = Rng::new(61).array2(40, 30);
    let mut want = Array2::zeros((30, 30));
    covariance_seq(&data, &mut want);
    exact("covariance", &want, || {
        let mut cov = Array2::zeros((30, 30));
        super::covariance(&data, &mut cov);
        cov
    });
}

fn main() {
    let data = Array2::from_shape_fn((40, 30), |(i, j)| ((i * 31 + j * 7) % 13) as f64);
    let (mut got, mut want) = (Array2::zeros((30, 30)), Array2::zeros((30, 30)));
    covariance(&data, &mut got);
    covariance_seq(&data, &mut want);
    assert_eq!(got, want);
}
