// PENDING: RACE-FREE kernel (with an array reduction) rejected by #[parallel] (false positive, by design for now).
// Not run by any test. Found by the classic-kernel suite (tests/kernels_norace.rs,
// tests/kernels_ui.rs); move it back there once #[parallel] handles it. Output:
//   error: parfor: `s[j]` updates an element of `s` that several iterations of the parallel loop at line 17 may update too (an array reduction), which parfor does not support: the updates would race. Fix: give each iteration its own slot (e.g. a 2-D `s_parts[[i, k]]`) and sum the slots after the loop, or, when `s` is a temporary, declare it inside the loop body
//     --> tests/ui/kernels-pending/bicg.rs:20:13
//      |
//   20 |             s[j] += r[i] * a[[i, j]];
//      |             ^^^^

use parfor::prelude::*;

// BiCG sub-kernel: q[i] is owned by row i, s[j] accumulates across rows (array
// reduction) (PolyBench bicg).
#[parallel]
fn bicg(a: &Array2<f64>, r: &[f64], p: &[f64], s: &mut [f64], q: &mut [f64]) {
    let (n, m) = a.dim();
    for i in prange(n) {
        q[i] = 0.0;
        for j in 0..m {
            s[j] += r[i] * a[[i, j]];
            q[i] += a[[i, j]] * p[j];
        }
    }
}

fn bicg_seq(a: &Array2<f64>, r: &[f64], p: &[f64], s: &mut [f64], q: &mut [f64]) {
    let (n, m) = a.dim();
    for i in 0..n {
        q[i] = 0.0;
        for j in 0..m {
            s[j] += r[i] * a[[i, j]];
            q[i] += a[[i, j]] * p[j];
        }
    }
}

fn main() {
    let a = Array2::from_shape_fn((200, 30), |(i, j)| ((i * 3 + j) % 7) as f64);
    let r: Vec<f64> = (0..200).map(|i| (i % 5) as f64).collect();
    let p: Vec<f64> = (0..30).map(|j| (j % 3) as f64).collect();
    let (mut s, mut q) = (vec![0.0; 30], vec![0.0; 200]);
    let (mut want_s, mut want_q) = (vec![0.0; 30], vec![0.0; 200]);
    bicg(&a, &r, &p, &mut s, &mut q);
    bicg_seq(&a, &r, &p, &mut want_s, &mut want_q);
    assert_eq!((s, q), (want_s, want_q)); // small integers: exact in any order
}
