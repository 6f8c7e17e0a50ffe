// PENDING: RACE-FREE kernel rejected by #[parallel] (false positive).
// Not run by any test. Found by the classic-kernel suite (tests/kernels_norace.rs,
// tests/kernels_ui.rs); move it back there once #[parallel] handles it. Output:
//   error: parfor: `a[[j, i]]` and `a[[i, j]]` tie `a` to the loop variable `i` on different axes or with different strides, so the element one iteration of the parallel loop at line 22 touches through one can be the element another iteration touches through the other. Fix: index every access to `a` by `i` on the same axis with the same stride, or read from a copy made before the loop
//     --> tests/ui/kernels-pending/symmetrize_lower.rs:24:25
//      |
//   24 |             a[[i, j]] = a[[j, i]];
//      |                         ^^^^^^^^^
//   error: parfor: note: the other access to `a`
//     --> tests/ui/kernels-pending/symmetrize_lower.rs:24:13
//      |
//   24 |             a[[i, j]] = a[[j, i]];
//      |             ^^^^^^^^^

use parfor::prelude::*;

// Copy the strict upper triangle into the lower one: writes below the diagonal, reads
// above it (symmetrise a matrix).
#[parallel]
fn symmetrize_lower(a: &mut Array2<f64>) {
    let n = a.nrows();
    for i in prange(n) {
        for j in 0..i {
            a[[i, j]] = a[[j, i]];
        }
    }
}

fn symmetrize_lower_seq(a: &mut Array2<f64>) {
    let n = a.nrows();
    for i in 0..n {
        for j in 0..i {
            a[[i, j]] = a[[j, i]];
        }
    }
}

#[test]
fn symmetrize_lower() {
    let a0 = Rng::new(63).array2(50, 50);
    let mut want = a0.clone();
    symmetrize_lower_seq(&mut want);
    exact("symmetrize_lower", &want, || {
        let mut a = a0.clone();
        super::symmetrize_lower(&mut a);
        a
    });
}

fn main() {
    let a0 = Array2::from_shape_fn((50, 50), |(i, j)| (i * 50 + j) as f64);
    let (mut got, mut want) = (a0.clone(), a0);
    symmetrize_lower(&mut got);
    symmetrize_lower_seq(&mut want);
    assert_eq!(got, want);
}
