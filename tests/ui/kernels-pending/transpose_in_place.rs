// PENDING: RACE-FREE kernel rejected by #[parallel] (false positive).
// Not run by any test. Found by the classic-kernel suite (tests/kernels_norace.rs,
// tests/kernels_ui.rs); move it back there once #[parallel] handles it. Output:
//   error: parfor: the accesses to `a` in the parallel loop at line 22 pin the loop variable `i` on different axes or with different strides (e.g. `i` and `2*i`), so the element one iteration writes can be one another iteration touches. Fix: index every access to `a` by `i` on the same axis with the same stride
//     --> tests/ui/kernels-pending/transpose_in_place.rs:25:13
//      |
//   25 |             a[[i, j]] = a[[j, i]];
//      |             ^^^^^^^^^
//   error: parfor: note: another access to `a`
//     --> tests/ui/kernels-pending/transpose_in_place.rs:24:21
//      |
//   24 |             let t = a[[i, j]];
//      |                     ^^^^^^^^^

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
