// PENDING: RACE-FREE kernel rejected by #[parallel] (false positive).
// Not run by any test. Found by the classic-kernel suite (tests/kernels_norace.rs,
// tests/kernels_ui.rs); move it back there once #[parallel] handles it. Output:
//   error: parfor: `x[n - 1 - i]` and `x[i]` tie `x` to the loop variable `i` on different axes or with different strides, so the element one iteration of the parallel loop at line 21 touches through one can be the element another iteration touches through the other. Fix: index every access to `x` by `i` on the same axis with the same stride, or read from a copy made before the loop
//     --> tests/ui/kernels-pending/reverse_in_place.rs:23:16
//      |
//   23 |         x[i] = x[n - 1 - i];
//      |                ^^^^^^^^^^^^
//   error: parfor: note: the other access to `x`
//     --> tests/ui/kernels-pending/reverse_in_place.rs:23:9
//      |
//   23 |         x[i] = x[n - 1 - i];
//      |         ^^^^

use parfor::prelude::*;

// In-place reversal over the first half, swapping x[i] and x[n - 1 - i].
#[parallel]
fn reverse_in_place(x: &mut [f64]) {
    let n = x.len();
    for i in prange(n / 2) {
        let t = x[i];
        x[i] = x[n - 1 - i];
        x[n - 1 - i] = t;
    }
}

fn reverse_in_place_seq(x: &mut [f64]) {
    let n = x.len();
    for i in 0..n / 2 {
        let t = x[i];
        x[i] = x[n - 1 - i];
        x[n - 1 - i] = t;
    }
}

#[test]
fn reverse_in_place() {
    for n in [2000, 2001] {
        let x0 = Rng::new(65).vec(n);
        let mut want = x0.clone();
        reverse_in_place_seq(&mut want);
        exact("reverse_in_place", &want, || {
            let mut x = x0.clone();
            super::reverse_in_place(&mut x);
            x
        });
    }
}

fn main() {
    for n in [2000, 2001] {
        let x0: Vec<f64> = (0..n).map(|i| i as f64).collect();
        let (mut got, mut want) = (x0.clone(), x0);
        reverse_in_place(&mut got);
        reverse_in_place_seq(&mut want);
        assert_eq!(got, want);
    }
}
