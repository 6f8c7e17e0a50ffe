// PENDING: RACE-FREE kernel rejected by #[parallel] (false positive).
// Not run by any test. Found by the classic-kernel suite (tests/kernels_norace.rs,
// tests/kernels_ui.rs); move it back there once #[parallel] handles it. Output:
//   error: parfor: `out[j * n + i]` writes a range of `out` wider than the distance between iterations of the parallel loop at line 16, so neighbouring iterations write the same elements. Fix: make each iteration write only its own elements (e.g. `out[i*k..(i + 1)*k]` for a block of `k`)
//     --> tests/ui/kernels-pending/transpose_flat.rs:18:13
//      |
//   18 |             out[j * n + i] = a[i * m + j];
//      |             ^^^^^^^^^^^^^^

use parfor::prelude::*;

// Flat row-major transpose: out[j * n + i], iteration i owns the elements congruent to
// i modulo n (C port of an out-of-place transpose).
#[parallel]
fn transpose_flat(a: &[f64], out: &mut [f64], n: usize, m: usize) {
    for i in prange(n) {
        for j in 0..m {
            out[j * n + i] = a[i * m + j];
        }
    }
}

fn transpose_flat_seq(a: &[f64], out: &mut [f64], n: usize, m: usize) {
    for i in 0..n {
        for j in 0..m {
            out[j * n + i] = a[i * m + j];
        }
    }
}

#[test]
fn transpose_flat() {
    let (n, m) = (70, 33);
    let a = Rng::new(60).vec(n * m);
    let mut want = vec![0.0; n * m];
    transpose_flat_seq(&a, &mut want, n, m);
    exact("transpose_flat", &want, || {
        let mut out = vec![0.0; n * m];
        super::transpose_flat(&a, &mut out, n, m);
        out
    });
}

fn main() {
    let (n, m) = (70, 33);
    let a: Vec<f64> = (0..n * m).map(|k| k as f64).collect();
    let (mut got, mut want) = (vec![0.0; n * m], vec![0.0; n * m]);
    transpose_flat(&a, &mut got, n, m);
    transpose_flat_seq(&a, &mut want, n, m);
    assert_eq!(got, want);
}
