// PENDING: RACE-FREE kernel rejected by #[parallel] (false positive).
// Not run by any test. Found by the classic-kernel suite (tests/kernels_norace.rs,
// tests/kernels_ui.rs); move it back there once #[parallel] handles it. Output:
//   error: parfor: `a.swap(i, i + 1)` mutates `a`, which all iterations of the parallel loop at line 24 share (`swap` takes `&mut self`), so they would race. Fix: preallocate and write this iteration's element (`a[k] = ..`), collect per-iteration results in an array indexed by `k`, or use a `Mutex` you lock explicitly
//     --> tests/ui/kernels-pending/odd_even_sort.rs:27:21
//      |
//   27 |                     a.swap(i, i + 1);
//      |                     ^^^^^^^^^^^^^^^^
//   error: parfor: `a.swap(i, i + 1)` mutates `a`, which all iterations of the parallel loop at line 31 share (`swap` takes `&mut self`), so they would race. Fix: preallocate and write this iteration's element (`a[k] = ..`), collect per-iteration results in an array indexed by `k`, or use a `Mutex` you lock explicitly
//     --> tests/ui/kernels-pending/odd_even_sort.rs:34:21
//      |
//   34 |                     a.swap(i, i + 1);
//      |                     ^^^^^^^^^^^^^^^^

use parfor::prelude::*;

// Odd-even transposition sort: each phase compares disjoint pairs (2k, 2k+1) or
// (2k+1, 2k+2) and swaps them (textbook parallel sort).
#[parallel]
fn odd_even_sort(a: &mut [i64]) {
    let n = a.len();
    for phase in 0..n {
        if phase % 2 == 0 {
            for k in prange(n / 2) {
                let i = 2 * k;
                if a[i] > a[i + 1] {
                    a.swap(i, i + 1);
                }
            }
        } else {
            for k in prange((n - 1) / 2) {
                let i = 2 * k + 1;
                if a[i] > a[i + 1] {
                    a.swap(i, i + 1);
                }
            }
        }
    }
}

fn odd_even_sort_seq(a: &mut [i64]) {
    let n = a.len();
    for phase in 0..n {
        if phase % 2 == 0 {
            for k in 0..n / 2 {
                let i = 2 * k;
                if a[i] > a[i + 1] {
                    a.swap(i, i + 1);
                }
            }
        } else {
            for k in 0..(n - 1) / 2 {
                let i = 2 * k + 1;
                if a[i] > a[i + 1] {
                    a.swap(i, i + 1);
                }
            }
        }
    }
}

#[test]
fn odd_even_sort() {
    let mut rng = Rng::new(68);
    for n in [300, 301] {
        let a0: Vec<i64> = (0..n).map(|_| (rng.next_u64() % 1000) as i64).collect();
        let mut want = a0.clone();
        odd_even_sort_seq(&mut want);
        assert!(want.windows(2).all(|w| w[0] <= w[1]));
        exact("odd_even_sort", &want, || {
            let mut a = a0.clone();
            super::odd_even_sort(&mut a);
            a
        });
    }
}

fn main() {
    let a0: Vec<i64> = (0..301).map(|i| (i * 7919) % 1000).collect();
    let (mut got, mut want) = (a0.clone(), a0);
    odd_even_sort(&mut got);
    odd_even_sort_seq(&mut want);
    assert_eq!(got, want);
}
