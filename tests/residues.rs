//! 1-D arrays written at one residue class and read at the others: red-black
//! Gauss-Seidel (the even points from the odd ones, then the odd from the even), and
//! strides of three. Iterations never write what another reads, but a contiguous
//! window per chunk cannot hold the neighbours two chunks share; each chunk writes its
//! class within its range and reads the other classes everywhere. Each `#[parallel]`
//! function has a sequential twin; results must be the same bits under 1, 2, 3 and 8
//! threads, with the default schedule and chunks of a few iterations.
// `&mut Vec` is one of the containers under test.
#![allow(clippy::needless_range_loop, clippy::ptr_arg)]

mod common;

use common::{same, vec_f64};
use parfor::prelude::*;

/// One red-black sweep over a `&mut [f64]`: two loops, each a class.
#[parallel(chunk = 3)]
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

#[test]
fn red_black_sweeps_match() {
    for n in [3, 4, 5, 10, 2001, 4096] {
        let u0 = vec_f64(n, n as u64);
        let f = vec_f64(n, 7);
        let mut want = u0.clone();
        for _ in 0..3 {
            red_black_seq(&mut want, &f, 0.01);
        }
        let want: Vec<u64> = want.iter().map(|x| x.to_bits()).collect();
        same("red_black", &want, || {
            let mut u = u0.clone();
            for _ in 0..3 {
                red_black(&mut u, &f, 0.01);
            }
            u.iter().map(|x| x.to_bits()).collect::<Vec<_>>()
        });
    }
}

/// Every third element from its two neighbours of other classes and the first point
/// of the next triple, through a `Vec`, with `get` at the end of the array.
#[parallel]
fn thirds(u: &mut Vec<i64>) {
    let n = u.len() / 3;
    for k in prange(n) {
        let next = u.get(3 * k + 3).copied().unwrap_or(0);
        u[3 * k + 1] = 2 * u[3 * k] - u[3 * k + 2] + next;
    }
}

fn thirds_seq(u: &mut Vec<i64>) {
    let n = u.len() / 3;
    for k in 0..n {
        let next = u.get(3 * k + 3).copied().unwrap_or(0);
        u[3 * k + 1] = 2 * u[3 * k] - u[3 * k + 2] + next;
    }
}

/// The odd points of a reversed ndarray view (negative stride).
#[parallel(chunk = 2)]
fn odd_of_a_view(mut u: ArrayViewMut1<'_, f64>) {
    let n = u.len() / 2;
    for k in prange(n) {
        u[2 * k + 1] = u[2 * k] * 0.5 + 1.0;
    }
}

#[test]
fn other_strides_and_containers_match() {
    for n in [0, 1, 3, 7, 100, 1001] {
        let u0: Vec<i64> = (0..n as i64).map(|x| x * x % 17).collect();
        let mut want = u0.clone();
        thirds_seq(&mut want);
        same("thirds", &want, || {
            let mut u = u0.clone();
            thirds(&mut u);
            u
        });

        let a0 = Array1::from(vec_f64(n, 5));
        let mut want = a0.clone();
        {
            let mut v = want.slice_mut(s![..;-1]);
            for k in 0..n / 2 {
                v[2 * k + 1] = v[2 * k] * 0.5 + 1.0;
            }
        }
        same("odd_of_a_view", &want, || {
            let mut a = a0.clone();
            odd_of_a_view(a.slice_mut(s![..;-1]));
            a
        });
    }
}

/// Costly iterations go to the pool: several workers write the even elements of one
/// array at once, each reading odd elements its neighbours read too.
#[parallel]
fn who_wrote(u: &mut [f64]) {
    let n = u.len() / 2;
    for k in prange(n) {
        common::spin(100);
        u[2 * k] = u[2 * k + 1] + common::worker() as f64;
    }
}

#[test]
fn several_workers_share_one_array() {
    let n = 128;
    let u = parfor::with_num_threads(2, || {
        let mut u = vec![0.0; 2 * n];
        who_wrote(&mut u);
        u
    });
    common::assert_several_workers(u.iter().step_by(2).map(|w| w.to_bits()));
    assert!(
        u.iter().skip(1).step_by(2).all(|&x| x == 0.0),
        "odd elements untouched"
    );
}
