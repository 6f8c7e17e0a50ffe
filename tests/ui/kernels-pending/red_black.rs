// PENDING: RACE-FREE kernel accepted by #[parallel] that panics at run time (window too narrow).
// Not run by any test. Found by the classic-kernel suite (tests/kernels_norace.rs,
// tests/kernels_ui.rs); move it back there once #[parallel] handles it. Output:
//   compiles; running main() panics:
//   thread '<unnamed>' panicked at tests/ui/kernels-pending/red_black.rs:17:35:
//   parfor: index 127 of `u` (axis 0) is outside this chunk's window 3..127: an iteration touched an element assigned to another chunk

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
