// PENDING: RACE-FREE kernel rejected by #[parallel] (false positive).
// Not run by any test. Found by the classic-kernel suite (tests/kernels_norace.rs,
// tests/kernels_ui.rs); move it back there once #[parallel] handles it. Output:
//   error: parfor: `a[[j, i]]` and `a[[i, j]]` tie `a` to the loop variable `i` on different axes or with different strides, so the element one iteration of the parallel loop at line 22 touches through one can be the element another iteration touches through the other. Fix: index every access to `a` by `i` on the same axis with the same stride, or read from a copy made before the loop
//     --> tests/ui/kernels-pending/transpose_in_place.rs:25:25
//      |
//   25 |             a[[i, j]] = a[[j, i]];
//      |                         ^^^^^^^^^
//   error: parfor: note: the other access to `a`
//     --> tests/ui/kernels-pending/transpose_in_place.rs:25:13
//      |
//   25 |             a[[i, j]] = a[[j, i]];
//      |             ^^^^^^^^^

use parfor::prelude::*;

// In-place transpose by swapping (i, j) with (j, i) for j > i: each pair is touched by
// iteration i only.
#[parallel]
fn transpose_in_place(a: &mut Array2<f64>) {
    let n = a.nrows();
    for i in prange(n) {
        for j in i + 1..n {
            let t = a[[i, j]];
            a[[i, j]] = a[[j, i]];
            a[[j, i]] = t;
        }
    }
}

fn transpose_in_place_seq(a: &mut Array2<f64>) {
    let n = a.nrows();
    for i in 0..n {
        for j in i + 1..n {
            let t = a[[i, j]];
            a[[i, j]] = a[[j, i]];
            a[[j, i]] = t;
        }
    }
}

#[test]
fn transpose_in_place() {
    let a0 = Rng::new(64).array2(50, 50);
    let mut want = a0.clone();
    transpose_in_place_seq(&mut want);
    exact("transpose_in_place", &want, || {
        let mut a = a0.clone();
        super::transpose_in_place(&mut a);
        a
    });
}

fn main() {
    let a0 = Array2::from_shape_fn((50, 50), |(i, j)| (i * 50 + j) as f64);
    let (mut got, mut want) = (a0.clone(), a0);
    transpose_in_place(&mut got);
    transpose_in_place_seq(&mut want);
    assert_eq!(got, want);
}
