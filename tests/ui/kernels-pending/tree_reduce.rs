// PENDING: RACE-FREE kernel rejected by #[parallel] (false positive).
// Not run by any test. Found by the classic-kernel suite (tests/kernels_norace.rs,
// tests/kernels_ui.rs); move it back there once #[parallel] handles it. Output:
//   error: parfor: `x[i + half]` reads an element of `x` that another iteration of the parallel loop at line 23 writes through `x[i]` (a loop-carried dependence); iterations run in any order, so the read could see the old or the new value. Fix: read from a copy made before the loop (`let x_old = x.to_owned();`), or write the results into a separate output array
//     --> tests/ui/kernels-pending/tree_reduce.rs:24:21
//      |
//   24 |             x[i] += x[i + half];
//      |                     ^^^^^^^^^^^
//   error: parfor: note: the conflicting write of `x`
//     --> tests/ui/kernels-pending/tree_reduce.rs:24:13
//      |
//   24 |             x[i] += x[i + half];
//      |             ^^^^

use parfor::prelude::*;

// One step of a pairwise tree reduction: x[i] += x[i + half] for i < half
// (textbook parallel reduction / GPU shared-memory reduction).
#[parallel]
fn tree_reduce(x: &mut [f64]) -> f64 {
    let mut half = x.len() / 2;
    while half > 0 {
        for i in prange(half) {
            x[i] += x[i + half];
        }
        half /= 2;
    }
    x[0]
}

fn tree_reduce_seq(x: &mut [f64]) -> f64 {
    let mut half = x.len() / 2;
    while half > 0 {
        for i in 0..half {
            x[i] += x[i + half];
        }
        half /= 2;
    }
    x[0]
}

#[test]
fn tree_reduce() {
    let x0 = Rng::new(67).vec(4096);
    let mut want = x0.clone();
    let want_sum = tree_reduce_seq(&mut want);
    exact("tree_reduce", &(want_sum, want), || {
        let mut x = x0.clone();
        (super::tree_reduce(&mut x), x)
    });
}

fn main() {
    let x0: Vec<f64> = (0..4096).map(|i| (i % 9) as f64).collect();
    let (mut got, mut want) = (x0.clone(), x0);
    assert_eq!(tree_reduce(&mut got), tree_reduce_seq(&mut want));
    assert_eq!(got, want);
}
