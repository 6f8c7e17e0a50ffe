//! Reductions over a generic element type, bounded the way ndarray code is: by
//! num-traits' traits (`Zero`, `One`) for `+=` and `*=`, and by parfor's own
//! `reduce::Bits` and `reduce::Extremum` for the identities num-traits lacks. The
//! results match the same functions on concrete types, bit for bit, on every thread
//! count.

mod common;

use std::fmt::Debug;
use std::ops::{AddAssign, BitOrAssign, MulAssign, SubAssign};

use common::{THREADS, vec_f32, vec_f64, vec_i64, vec_u64};
use parfor::prelude::*;
use parfor::reduce::{Bits, Extremum};

#[parallel]
fn total<T: Copy + Send + Sync + num_traits::Zero + AddAssign>(x: &[T]) -> T {
    let mut s = T::zero();
    for i in prange(x.len()) {
        s += x[i];
    }
    s
}

#[parallel]
fn total_f64(x: &[f64]) -> f64 {
    let mut s = 0.0;
    for i in prange(x.len()) {
        s += x[i];
    }
    s
}

#[parallel]
fn difference<T: Copy + Send + Sync + num_traits::Zero + SubAssign>(init: T, x: &[T]) -> T {
    let mut s = init;
    for i in prange(x.len()) {
        s -= x[i];
    }
    s
}

#[parallel]
fn product<T: Copy + Send + Sync + num_traits::One + MulAssign>(x: &[T]) -> T {
    let mut p = T::one();
    for i in prange(x.len()) {
        p *= x[i];
    }
    p
}

#[parallel]
fn any_bits<T: Copy + Send + Sync + Bits + BitOrAssign>(x: &[T]) -> T {
    let mut b = T::no_bits();
    for i in prange(x.len()) {
        b |= x[i];
    }
    b
}

#[parallel]
fn largest<T: Copy + Send + Sync + Extremum + Ord>(x: &[T]) -> T {
    let mut m = T::lowest();
    for i in prange(x.len()) {
        m = m.max(x[i]);
    }
    m
}

/// `run`'s result on every thread count, checked equal (by `same`) to one thread's.
fn on_every_thread_count<T: Debug>(run: impl Fn() -> T, same: impl Fn(&T, &T) -> bool) -> T {
    let first = parfor::with_num_threads(1, &run);
    for t in THREADS {
        let got = parfor::with_num_threads(t, &run);
        assert!(
            same(&got, &first),
            "{t} threads: {got:?}, 1 thread: {first:?}"
        );
    }
    first
}

#[test]
fn a_sum_bounded_by_num_traits_zero_is_the_concrete_sum_bit_for_bit() {
    let x = vec_f64(100_003, 1);
    let generic = on_every_thread_count(|| total(&x), |a, b| a.to_bits() == b.to_bits());
    assert_eq!(generic.to_bits(), total_f64(&x).to_bits());

    let y = vec_f32(20_001, 2);
    let got = on_every_thread_count(|| total(&y), |a, b| a.to_bits() == b.to_bits());
    let exact: f64 = y.iter().map(|&v| f64::from(v)).sum();
    assert!(
        (f64::from(got) - exact).abs() <= 1e-5 * exact.abs(),
        "{got} vs {exact}"
    );

    let z = vec_i64(50_000, -1_000, 1_000, 3);
    let got = on_every_thread_count(|| total(&z), |a, b| a == b);
    assert_eq!(got, z.iter().sum::<i64>());
    assert_eq!(total::<u8>(&[]), 0);
}

#[test]
fn generic_differences_products_bits_and_maxima() {
    let z = vec_i64(30_000, -50, 50, 4);
    let got = on_every_thread_count(|| difference(7, &z), |a, b| a == b);
    assert_eq!(got, 7 - z.iter().sum::<i64>());

    let factors: Vec<u64> = (0..64).map(|k| if k % 9 == 0 { 3 } else { 1 }).collect();
    let got = on_every_thread_count(|| product(&factors), |a, b| a == b);
    assert_eq!(got, 3u64.pow(8));

    let words = vec_u64(10_000, 5);
    let got = on_every_thread_count(|| any_bits(&words), |a, b| a == b);
    assert_eq!(got, words.iter().fold(0, |a, &w| a | w));

    let got = on_every_thread_count(|| largest(&z), |a, b| a == b);
    assert_eq!(got, *z.iter().max().unwrap());
    assert_eq!(largest::<i32>(&[]), i32::MIN);
}
