// PENDING: RACE-FREE kernel rejected by #[parallel] (false positive; it used to compile and panic at run time).
// Not run by any test. Found by the classic-kernel suite (tests/kernels_norace.rs,
// tests/kernels_ui.rs); move it back there once #[parallel] handles it. Output:
//   error: parfor: `u[i + 1]` and `u[i - 1]` read elements of `u` that neighbouring iterations of the parallel loop at line 32 also read, while the loop writes `u`; each chunk of iterations owns a contiguous part of `u`, so an element cannot be given to two chunks. Fix: read from a copy made before the loop (`let u_old = u.to_owned();`), or write into a separate output array
//     --> tests/ui/kernels-pending/red_black.rs:34:34
//      |
//   34 |         u[i] = 0.5 * (u[i - 1] + u[i + 1] - h2 * f[i]);
//      |                                  ^^^^^^^^
//   error: parfor: note: the conflicting read of `u`
//     --> tests/ui/kernels-pending/red_black.rs:34:23
//      |
//   34 |         u[i] = 0.5 * (u[i - 1] + u[i + 1] - h2 * f[i]);
//      |                       ^^^^^^^^
//   error: parfor: `u[i + 1]` and `u[i - 1]` read elements of `u` that neighbouring iterations of the parallel loop at line 36 also read, while the loop writes `u`; each chunk of iterations owns a contiguous part of `u`, so an element cannot be given to two chunks. Fix: read from a copy made before the loop (`let u_old = u.to_owned();`), or write into a separate output array
//     --> tests/ui/kernels-pending/red_black.rs:38:34
//      |
//   38 |         u[i] = 0.5 * (u[i - 1] + u[i + 1] - h2 * f[i]);
//      |                                  ^^^^^^^^
//   error: parfor: note: the conflicting read of `u`
//     --> tests/ui/kernels-pending/red_black.rs:38:23
//      |
//   38 |         u[i] = 0.5 * (u[i - 1] + u[i + 1] - h2 * f[i]);
//      |                       ^^^^^^^^

use parfor::prelude::*;

// Red-black Gauss-Seidel in 1-D: even points from odd neighbours, then odd points from
// even neighbours; within each loop no element read is written (textbook red-black SOR).
#[parallel]
fn red_black(u: &mut [f64], f: &[f64], h2: f64) {
    let half = (u.len() - 1) / 2;
    for k in prange(1..half) {
        let i = 2 * k;
        u[i] = 0.5 * (u[i - 1] + u[i + 1] - h2 * f[i]);
    }
    for k in prange(half) {
        let i = 2 * k + 1;
        u[i] = 0.5 * (u[i - 1] + u[i + 1] - h2 * f[i]);
    }
}

fn red_black_seq(u: &mut [f64], f: &[f64], h2: f64) {
    let half = (u.len() - 1) / 2;
    for k in 1..half {
        let i = 2 * k;
        u[i] = 0.5 * (u[i - 1] + u[i + 1] - h2 * f[i]);
    }
    for k in 0..half {
        let i = 2 * k + 1;
        u[i] = 0.5 * (u[i - 1] + u[i + 1] - h2 * f[i]);
    }
}

fn main() {
    let u0: Vec<f64> = (0..2001).map(|i| (i % 11) as f64).collect();
    let f: Vec<f64> = (0..2001).map(|i| (i % 3) as f64).collect();
    let mut want = u0.clone();
    red_black_seq(&mut want, &f, 0.01);
    for t in [1, 2, 3, 8] {
        let mut got = u0.clone();
        parfor::with_num_threads(t, || red_black(&mut got, &f, 0.01));
        assert_eq!(got, want, "{t} threads");
    }
}
