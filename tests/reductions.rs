//! Reductions in `#[parallel]` loops: every operator (`+= -= *= &= |= ^=`, `max`, `min`
//! in method, `f64::max(s, e)` and `max(s, e)` forms, and the long forms `s = s + e`)
//! on integers, floats and bools; several reductions in one loop; reductions beside
//! split writes and `continue` (plain and labelled).
//! Integer results equal the sequential loop exactly, float results closely; every
//! result is bitwise identical across 1, 2, 3 and 8 threads and across repeated runs,
//! and a float sum follows the documented association (8 accumulators per leaf, leaves
//! folded in order).
#![allow(clippy::needless_range_loop)]

mod common;

use std::fmt::Debug;

use common::{THREADS, close, vec_f32, vec_f64, vec_i64, vec_u64};
use parfor::__private::{MAX_LEAVES, TWO_STREAMS_MIN};
use parfor::prelude::*;

/// Bit patterns of reduction results, so floats compare bitwise.
trait Bits: Copy + Debug {
    type B: PartialEq + Debug;
    fn bits(self) -> Self::B;
}

impl Bits for f64 {
    type B = u64;
    fn bits(self) -> u64 {
        self.to_bits()
    }
}

impl Bits for f32 {
    type B = u32;
    fn bits(self) -> u32 {
        self.to_bits()
    }
}

macro_rules! exact_bits {
    ($($t:ty)*) => {$(
        impl Bits for $t {
            type B = $t;
            fn bits(self) -> $t {
                self
            }
        }
    )*};
}
exact_bits!(i64 u64 u32 usize bool);

impl<A: Bits, B: Bits> Bits for (A, B) {
    type B = (A::B, B::B);
    fn bits(self) -> Self::B {
        (self.0.bits(), self.1.bits())
    }
}

impl<A: Bits, B: Bits, C: Bits> Bits for (A, B, C) {
    type B = (A::B, B::B, C::B);
    fn bits(self) -> Self::B {
        (self.0.bits(), self.1.bits(), self.2.bits())
    }
}

impl<A: Bits, B: Bits, C: Bits, D: Bits> Bits for (A, B, C, D) {
    type B = (A::B, B::B, C::B, D::B);
    fn bits(self) -> Self::B {
        (self.0.bits(), self.1.bits(), self.2.bits(), self.3.bits())
    }
}

/// Runs `run` twice under each thread count; every result must have the same bits.
/// Returns the result.
fn reproducible<T: Bits>(what: &str, mut run: impl FnMut() -> T) -> T {
    let first = parfor::with_num_threads(THREADS[0], &mut run);
    for t in THREADS {
        for rep in 0..2 {
            let got = parfor::with_num_threads(t, &mut run);
            assert_eq!(
                got.bits(),
                first.bits(),
                "{what}: {t} threads (run {rep}) gave {got:?}, 1 thread gave {first:?}"
            );
        }
    }
    first
}

const N: usize = 200_003;

// ---------------------------------------------------------------- sums

#[parallel]
fn sum_f64(x: &[f64]) -> f64 {
    let mut s = 0.0;
    for i in prange(x.len()) {
        s += x[i];
    }
    s
}

#[parallel]
fn sum_f32(x: &[f32]) -> f32 {
    let mut s = 0.0f32;
    for i in prange(x.len()) {
        s += x[i];
    }
    s
}

#[parallel]
fn sum_i64(x: &[i64], init: i64) -> i64 {
    let mut s = init;
    for i in prange(x.len()) {
        s += x[i];
    }
    s
}

#[parallel]
fn sub_f64(x: &[f64], init: f64) -> f64 {
    let mut s = init;
    for i in prange(x.len()) {
        s -= x[i];
    }
    s
}

#[parallel]
fn sub_i64(x: &[i64], init: i64) -> i64 {
    let mut s = init;
    for i in prange(x.len()) {
        s -= x[i];
    }
    s
}

#[parallel]
fn add_and_sub(x: &[i64], y: &[f64]) -> (i64, f64) {
    let mut s = 10;
    let mut t = 0.5;
    for i in prange(x.len()) {
        s += x[i];
        s -= 2 * x[i];
        t -= y[i];
        t += 2.0 * y[i];
    }
    (s, t)
}

#[test]
fn add_assign_on_floats_and_ints() {
    let x = vec_f64(N, 1);
    let seq: f64 = x.iter().sum();
    let got = reproducible("f64 +=", || sum_f64(&x));
    assert!(close(got, seq, 1e-12), "{got} vs {seq}");

    let x32 = vec_f32(N, 2);
    let seq: f32 = x32.iter().sum();
    let got = reproducible("f32 +=", || sum_f32(&x32));
    assert!((got - seq).abs() < 1e-2, "{got} vs {seq}");

    let xi = vec_i64(N, -1_000, 1_000, 3);
    let seq: i64 = 77 + xi.iter().sum::<i64>();
    assert_eq!(reproducible("i64 +=", || sum_i64(&xi, 77)), seq);
}

#[test]
fn sub_assign_on_floats_and_ints() {
    let x = vec_f64(N, 4);
    let mut seq = 3.25;
    for v in &x {
        seq -= v;
    }
    let got = reproducible("f64 -=", || sub_f64(&x, 3.25));
    assert!(close(got, seq, 1e-12), "{got} vs {seq}");

    let xi = vec_i64(N, -1_000, 1_000, 5);
    let mut seq = -12;
    for v in &xi {
        seq -= v;
    }
    assert_eq!(reproducible("i64 -=", || sub_i64(&xi, -12)), seq);
}

#[test]
fn add_and_sub_mixed_on_one_variable() {
    let xi = vec_i64(N, -1_000, 1_000, 6);
    let y = vec_f64(N, 7);
    let (mut s, mut t) = (10i64, 0.5f64);
    for i in 0..N {
        s += xi[i];
        s -= 2 * xi[i];
        t -= y[i];
        t += 2.0 * y[i];
    }
    let (gs, gt) = reproducible("+= and -= mixed", || add_and_sub(&xi, &y));
    assert_eq!(gs, s);
    assert!(close(gt, t, 1e-12), "{gt} vs {t}");
}

// ---------------------------------------------------------------- products

#[parallel]
fn product_f64(x: &[f64]) -> f64 {
    let mut p = 1.0;
    for i in prange(x.len()) {
        p *= 1.0 + x[i] * 1e-3;
    }
    p
}

#[parallel]
fn product_i64(signs: &[i64]) -> i64 {
    let mut p = 3;
    for i in prange(signs.len()) {
        p *= signs[i];
    }
    p
}

#[test]
fn mul_assign_on_floats_and_ints() {
    let x = vec_f64(N, 8);
    let mut seq = 1.0;
    for v in &x {
        seq *= 1.0 + v * 1e-3;
    }
    let got = reproducible("f64 *=", || product_f64(&x));
    assert!(close(got, seq, 1e-9), "{got} vs {seq}");

    let signs: Vec<i64> = vec_i64(N, 0, 2, 9).into_iter().map(|b| 2 * b - 1).collect();
    let seq = 3 * signs.iter().product::<i64>();
    assert_eq!(reproducible("i64 *=", || product_i64(&signs)), seq);
}

// ---------------------------------------------------------------- bitwise and bool

#[parallel]
fn bits_u64(x: &[u64]) -> (u64, u64, u64) {
    let mut and = u64::MAX;
    let mut or = 0;
    let mut xor = 0x5555;
    for i in prange(x.len()) {
        and &= x[i] | (1 << (i % 64));
        or |= x[i] & 0xF0F0;
        xor ^= x[i];
    }
    (and, or, xor)
}

#[parallel]
fn bools(x: &[f64]) -> (bool, bool, bool) {
    let mut all_small = true;
    let mut any_big = false;
    let mut parity = false;
    for i in prange(x.len()) {
        all_small &= x[i] < 0.9999;
        any_big |= x[i] > 0.99;
        parity ^= x[i] > 0.0;
    }
    (all_small, any_big, parity)
}

#[test]
fn bitwise_reductions_on_integers_and_bools() {
    let x = vec_u64(N, 10);
    let (mut and, mut or, mut xor) = (u64::MAX, 0u64, 0x5555u64);
    for (i, &v) in x.iter().enumerate() {
        and &= v | (1 << (i % 64));
        or |= v & 0xF0F0;
        xor ^= v;
    }
    assert_eq!(
        reproducible("u64 &= |= ^=", || bits_u64(&x)),
        (and, or, xor)
    );

    let f = vec_f64(N, 11);
    let (mut a, mut b, mut c) = (true, false, false);
    for &v in &f {
        a &= v < 0.9999;
        b |= v > 0.99;
        c ^= v > 0.0;
    }
    assert!(!a && b, "the data should make `&=` false and `|=` true");
    assert_eq!(reproducible("bool &= |= ^=", || bools(&f)), (a, b, c));
    let ones = vec![0.5; 1_000];
    assert_eq!(
        reproducible("bool &= all true", || bools(&ones)),
        (true, false, false)
    );
}

// ---------------------------------------------------------------- max and min

#[parallel]
fn extremes_method(x: &[f64]) -> (f64, f64) {
    let mut hi = f64::NEG_INFINITY;
    let mut lo = f64::INFINITY;
    for i in prange(x.len()) {
        hi = hi.max(x[i]);
        lo = lo.min(x[i]);
    }
    (hi, lo)
}

#[parallel]
fn extremes_path(x: &[f64]) -> (f64, f64) {
    let mut hi = -10.0;
    let mut lo = 10.0;
    for i in prange(x.len()) {
        hi = f64::max(hi, x[i]);
        lo = f64::min(lo, x[i] * 2.0);
    }
    (hi, lo)
}

#[parallel]
fn extremes_int(x: &[i64]) -> (i64, i64, i64) {
    let mut hi = i64::MIN;
    let mut lo = i64::MAX;
    let mut cmp_hi = 0;
    for i in prange(x.len()) {
        hi = hi.max(x[i]);
        lo = i64::min(lo, x[i]);
        cmp_hi = std::cmp::max(cmp_hi, x[i] / 2);
    }
    (hi, lo, cmp_hi)
}

/// The running value as the second argument: `max(e, s)`.
#[parallel]
fn extremes_swapped(x: &[f64]) -> f64 {
    let mut hi = f64::NEG_INFINITY;
    for i in prange(x.len()) {
        hi = f64::max(x[i] - 0.5, hi);
    }
    hi
}

#[test]
fn max_and_min_in_every_form() {
    let x = vec_f64(N, 12);
    let seq_hi = x.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let seq_lo = x.iter().copied().fold(f64::INFINITY, f64::min);
    assert_eq!(
        reproducible("s = s.max(e), s.min(e)", || extremes_method(&x)),
        (seq_hi, seq_lo)
    );
    assert_eq!(
        reproducible("f64::max(s, e)", || extremes_path(&x)),
        (seq_hi, 2.0 * seq_lo)
    );
    assert_eq!(
        reproducible("f64::max(e, s)", || extremes_swapped(&x)),
        seq_hi - 0.5
    );
    let xi = vec_i64(N, -1_000_000, 1_000_000, 13);
    let hi = *xi.iter().max().unwrap();
    let lo = *xi.iter().min().unwrap();
    let cmp_hi = xi.iter().map(|v| v / 2).fold(0, i64::max);
    assert_eq!(
        reproducible("i64 max / min", || extremes_int(&xi)),
        (hi, lo, cmp_hi)
    );
    // Extremes that sit in the last element and the first.
    let mut y = vec![0.25; N];
    y[N - 1] = 0.75;
    y[0] = -0.75;
    assert_eq!(
        reproducible("extremes at the ends", || extremes_method(&y)),
        (0.75, -0.75)
    );
}

// ---------------------------------------------------------------- combinations

#[parallel]
fn several(x: &[f64], k: &[i64]) -> (f64, i64, f64) {
    let mut sum = 0.0;
    let mut count = 0i64;
    let mut hi = f64::NEG_INFINITY;
    for i in prange(x.len()) {
        let v = x[i] * x[i];
        sum += v;
        count += k[i];
        hi = hi.max(v);
    }
    (sum, count, hi)
}

#[test]
fn several_reductions_in_one_loop() {
    let x = vec_f64(N, 14);
    let k = vec_i64(N, 0, 5, 15);
    let seq_sum: f64 = x.iter().map(|v| v * v).sum();
    let seq_count: i64 = k.iter().sum();
    let seq_hi = x.iter().map(|v| v * v).fold(f64::NEG_INFINITY, f64::max);
    let (s, c, h) = reproducible("three reductions", || several(&x, &k));
    assert!(close(s, seq_sum, 1e-12));
    assert_eq!((c, h), (seq_count, seq_hi));
    // The sum of a loop with several reductions is the same as alone.
    let squares: Vec<f64> = x.iter().map(|v| v * v).collect();
    assert_eq!(s.to_bits(), sum_f64(&squares).to_bits());
}

#[parallel]
fn scale_and_sum(x: &[f64], out: &mut [f64], m: &mut Array2<f64>) -> (f64, usize) {
    let mut total = 0.0;
    let mut nonzero = 0;
    for i in prange(x.len()) {
        out[i] = 2.0 * x[i];
        total += out[i];
        m[[i, 0]] = x[i];
        m[[i, 1]] = -x[i];
        if x[i] != 0.0 {
            nonzero += 1;
        }
    }
    (total, nonzero)
}

#[test]
fn reduction_beside_split_writes() {
    let x = vec_f64(N, 16);
    let mut out0 = vec![0.0; N];
    let mut m0 = Array2::<f64>::zeros((N, 2));
    let first = scale_and_sum(&x, &mut out0, &mut m0);
    let (total, nz) = reproducible("reduction + split", || {
        let mut out = vec![0.0; N];
        let mut m = Array2::zeros((N, 2));
        let r = scale_and_sum(&x, &mut out, &mut m);
        assert_eq!(out, out0);
        assert_eq!(m, m0);
        r
    });
    assert_eq!((total.to_bits(), nz), (first.0.to_bits(), first.1));
    let want: Vec<f64> = x.iter().map(|v| 2.0 * v).collect();
    assert_eq!(out0, want);
    assert!(close(total, want.iter().sum(), 1e-12));
    assert_eq!(nz, N);
    for i in 0..N {
        assert_eq!((m0[[i, 0]], m0[[i, 1]]), (x[i], -x[i]));
    }
}

#[parallel]
fn positive_sum(x: &[f64]) -> (f64, u32) {
    let mut s = 0.0;
    let mut n = 0u32;
    for i in prange(x.len()) {
        if x[i] <= 0.0 {
            continue;
        }
        s += x[i];
        n += 1;
    }
    (s, n)
}

#[test]
fn reduction_with_continue() {
    let x = vec_f64(N, 17);
    let pos: Vec<f64> = x.iter().copied().filter(|&v| v > 0.0).collect();
    let (s, n) = reproducible("continue + reductions", || positive_sum(&x));
    assert_eq!(n as usize, pos.len());
    assert!(close(s, pos.iter().sum(), 1e-12));
}

/// The long forms are what this tests, so clippy's preference is switched off.
#[allow(clippy::assign_op_pattern)]
#[parallel]
fn long_form(x: &[f64], k: &[u64]) -> (f64, f64, u64, f64) {
    let mut s = 0.0;
    let mut p = 1.0;
    let mut b = 0;
    let mut d = 5.0;
    for i in prange(x.len()) {
        s = s + x[i];
        p = p * (1.0 + x[i] * 1e-3);
        b = b ^ k[i];
        d = d - x[i];
    }
    (s, p, b, d)
}

#[test]
fn long_form_updates_are_reductions() {
    let x = vec_f64(N, 20);
    let k = vec_u64(N, 21);
    let (s, p, b, d) = reproducible("s = s + e, p = p * e, b = b ^ e, d = d - e", || {
        long_form(&x, &k)
    });
    assert!(close(s, x.iter().sum(), 1e-12));
    assert!(close(p, product_f64(&x), 1e-12));
    assert_eq!(b, k.iter().fold(0, |a, v| a ^ v));
    assert!(close(d, 5.0 - x.iter().sum::<f64>(), 1e-12));
    // The long form gives the very bits of the compound form.
    assert_eq!(s.to_bits(), sum_f64(&x).to_bits());
}

#[parallel]
fn labelled_sum(a: &Array2<f64>) -> (f64, usize) {
    let mut s = 0.0;
    let mut kept = 0;
    'rows: for i in prange(a.nrows()) {
        for j in 0..a.ncols() {
            if a[[i, j]] > 0.99 {
                continue 'rows;
            }
        }
        s += a[[i, 0]];
        kept += 1;
    }
    (s, kept)
}

#[test]
fn reduction_with_labelled_continue() {
    let a = common::array2(5_000, 40, 22);
    let kept: Vec<f64> = a
        .rows()
        .into_iter()
        .filter(|r| !r.iter().any(|&v| v > 0.99))
        .map(|r| r[0])
        .collect();
    let (s, n) = reproducible("continue 'rows + reductions", || labelled_sum(&a));
    assert_eq!(n, kept.len());
    assert!(n > 0 && n < 5_000);
    assert!(close(s, kept.iter().sum(), 1e-12));
}

#[parallel(chunk = 5)]
fn sum_chunk_5(x: &[f64]) -> f64 {
    let mut s = 0.0;
    for i in prange(x.len()) {
        s += x[i];
    }
    s
}

#[parallel(threads = 3)]
fn sum_threads_3(x: &[f64]) -> f64 {
    let mut s = 0.0;
    for i in prange(x.len()) {
        s += x[i];
    }
    s
}

#[test]
fn options_keep_reductions_reproducible() {
    let x = vec_f64(N, 18);
    let a = reproducible("chunk = 5", || sum_chunk_5(&x));
    let b = reproducible("threads = 3", || sum_threads_3(&x));
    // `threads` does not change the association; `chunk` may.
    assert_eq!(b.to_bits(), sum_f64(&x).to_bits());
    assert!(close(a, b, 1e-12));
}

/// The association the runtime documents for a float `+=`: each leaf of
/// `ceil(n / MAX_LEAVES)` iterations (or `chunk`) runs `LANES` accumulators over its
/// full groups, lane `l` taking the `l`-th value of each group (in leaves of at least
/// `TWO_STREAMS_MIN` iterations, the first `LANES / 2` lanes take the first half of the
/// full groups' values, `LANES / 2` at a time, and the others the second half), then the
/// leftover values in order into one more; lanes fold left to right, then the leftover;
/// leaves fold left to right; last the initial value.
fn documented_sum(x: &[f64], init: f64, leaf: usize) -> f64 {
    let lanes = parfor::__private::reduce::LANES;
    let half = lanes / 2;
    let mut total: Option<f64> = None;
    for part in x.chunks(leaf) {
        let groups = part.len() / lanes;
        let two_streams = part.len() >= TWO_STREAMS_MIN;
        let mut acc = vec![0.0; lanes];
        for g in 0..groups {
            for l in 0..lanes {
                let k = match (two_streams, l < half) {
                    (false, _) => g * lanes + l,
                    (true, true) => g * half + l,
                    (true, false) => groups * half + g * half + (l - half),
                };
                acc[l] += part[k];
            }
        }
        let mut rest = 0.0;
        for v in &part[groups * lanes..] {
            rest += v;
        }
        let mut r = acc[0];
        for a in &acc[1..] {
            r += a;
        }
        let p = r + rest;
        total = Some(total.map_or(p, |t| t + p));
    }
    total.map_or(init, |t| init + t)
}

#[test]
fn float_sums_follow_the_documented_association() {
    for n in [1, 7, 8, 9, 1_000, 1_024, 1_025, 50_000, N] {
        let x = vec_f64(n, 19 + n as u64);
        let leaf = n.div_ceil(MAX_LEAVES).max(1);
        let want = documented_sum(&x, 0.0, leaf);
        let got = reproducible(&format!("sum of {n}"), || sum_f64(&x));
        assert_eq!(got.to_bits(), want.to_bits(), "n = {n}: {got} vs {want}");
        let want5 = documented_sum(&x, 0.0, 5);
        let got5 = reproducible(&format!("chunk = 5, sum of {n}"), || sum_chunk_5(&x));
        assert_eq!(got5.to_bits(), want5.to_bits(), "n = {n}, chunk = 5");
    }
}

#[parallel(chunk = 70_000)]
fn sum_chunk_70k(x: &[f64]) -> f64 {
    let mut s = 0.0;
    for i in prange(x.len()) {
        s += x[i];
    }
    s
}

#[test]
fn long_leaves_sum_two_streams_as_documented() {
    // Three leaves of 70 000 (two streams each), then one of 40 003 (one stream).
    const { assert!(70_000 >= TWO_STREAMS_MIN && 40_003 < TWO_STREAMS_MIN) };
    let x = vec_f64(250_003, 23);
    let want = documented_sum(&x, 0.0, 70_000);
    let got = reproducible("chunk = 70 000", || sum_chunk_70k(&x));
    assert_eq!(got.to_bits(), want.to_bits(), "{got} vs {want}");
    assert!(close(got, x.iter().sum(), 1e-12));
}
