// PENDING: RACE-FREE kernel rejected by #[parallel] (false positive).
// Not run by any test. Found by the classic-kernel suite (tests/kernels_norace.rs,
// tests/kernels_ui.rs); move it back there once #[parallel] handles it. Output:
//   error: parfor: `a[[k, k]]` reads an element of `a` that is not tied to the loop variable `i`, while the parallel loop at line 23 writes `a` through `a[[i, k]]`: the element read may be one another iteration is writing. Fix: read from a copy made before the loop, or write the results into a separate output array
//     --> tests/ui/kernels-pending/gaussian_elimination.rs:24:33
//      |
//   24 |             let f = a[[i, k]] / a[[k, k]];
//      |                                 ^^^^^^^^^
//   error: parfor: note: `a` is written here
//     --> tests/ui/kernels-pending/gaussian_elimination.rs:25:13
//      |
//   25 |             a[[i, k]] = f;
//      |             ^^^^^^^^^

use parfor::prelude::*;

// Gaussian elimination: for pivot k, rows k+1.. are updated in parallel from the pivot
// row k, which no iteration writes (textbook LU without pivoting).
#[parallel]
fn gaussian_elimination(a: &mut Array2<f64>) {
    let n = a.nrows();
    for k in 0..n - 1 {
        for i in prange(k + 1..n) {
            let f = a[[i, k]] / a[[k, k]];
            a[[i, k]] = f;
            for j in k + 1..n {
                a[[i, j]] -= f * a[[k, j]];
            }
        }
    }
}

fn gaussian_elimination_seq(a: &mut Array2<f64>) {
    let n = a.nrows();
    for k in 0..n - 1 {
        for i in k + 1..n {
            let f = a[[i, k]] / a[[k, k]];
            a[[i, k]] = f;
            for j in k + 1..n {
                a[[i, j]] -= f * a[[k, j]];
            }
        }
    }
}

#[test]
fn gaussian_elimination() {
    let mut a0 = Rng::new(62).array2(40, 40);
    for i in 0..40 {
        a0[[i, i]] += 40.0; // diagonally dominant: no pivoting needed
    }
    let mut want = a0.clone();
    gaussian_elimination_seq(&mut want);
    exact("gaussian_elimination", &want, || {
        let mut a = a0.clone();
        super::gaussian_elimination(&mut a);
        a
    });
}

fn main() {
    let a0 = Array2::from_shape_fn((40, 40), |(i, j)| {
        if i == j {
            40.0
        } else {
            ((i * 7 + j) % 5) as f64
        }
    });
    let (mut got, mut want) = (a0.clone(), a0);
    gaussian_elimination(&mut got);
    gaussian_elimination_seq(&mut want);
    assert_eq!(got, want);
}
