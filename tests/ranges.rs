//! Iteration spaces of `#[parallel]` loops: empty ranges (no iteration; reductions
//! keep their initial value), one-element ranges, trip counts not divisible by
//! `chunk`, descending ranges (`.rev()`, `.rev().step_by(k)`, `.step_by(k).rev()`),
//! signed ranges crossing zero, inclusive ranges ending at the type's maximum, and the
//! type inference case of DESIGN.md with and without the attribute; and a property
//! test over random bounds, offsets, chunk sizes and range shapes. Every result is
//! compared with the same loop over a plain range, under 1, 2, 3 and 8 threads.
#![allow(clippy::needless_range_loop)]
// Window bounds generated for `out[i - lo]` contain `-1 * lo`, which this lint flags in
// user crates (reported as a macro bug).
#![allow(clippy::neg_multiply)]

mod common;

use std::fmt::Debug;

use common::{THREADS, spin, vec_f64};
use parfor::prelude::*;

/// Runs `run` under each thread count and checks it returns `expected`.
fn check<T: PartialEq + Debug>(what: &str, expected: &T, mut run: impl FnMut() -> T) {
    for t in THREADS {
        let got = parfor::with_num_threads(t, &mut run);
        assert!(
            &got == expected,
            "{what}: wrong result with {t} threads:\n got {got:?}\nwant {expected:?}"
        );
    }
}

// ---------------------------------------------------------------- empty ranges

#[parallel]
fn write_range(out: &mut [f64], a: usize, b: usize) {
    for i in prange(a..b) {
        out[i] = 1.0;
    }
}

#[parallel]
fn write_inclusive(out: &mut [f64], a: usize, b: usize) {
    for i in prange(a..=b) {
        out[i] = 1.0;
    }
}

#[parallel]
fn write_n(out: &mut Array1<f64>, n: usize) {
    for i in prange(n) {
        out[i] = 1.0;
    }
}

#[parallel]
fn reductions_over(x: &[f64], a: usize, b: usize) -> (f64, f64, i64, u32, f64, bool) {
    let mut s = 1.5;
    let mut p = -2.0;
    let mut c = 7i64;
    let mut bits = 0xF0u32;
    let mut hi = -3.0f64;
    let mut all = false;
    for i in prange(a..b) {
        s += x[i];
        p *= x[i];
        c -= 1;
        bits ^= i as u32;
        hi = hi.max(x[i]);
        all &= x[i] > 0.0;
    }
    (s, p, c, bits, hi, all)
}

/// Empty ranges of several shapes and types; `hi < lo` at run time.
#[parallel]
fn empty_shapes(x: &[f64], lo: usize, hi: usize) -> (f64, usize) {
    let mut s = 0.25;
    let mut n = 0;
    for i in prange((lo..lo).step_by(3)) {
        s += x[i];
    }
    for i in prange((lo..hi).rev()) {
        s += x[i];
    }
    for i in prange((hi..hi).rev().step_by(2)) {
        s += x[i];
    }
    for _ in prange(0u8) {
        n += 1;
    }
    for _ in prange(i64::MAX..i64::MAX) {
        n += 1;
    }
    for _ in prange(-(hi as i32)..=-(lo as i32)) {
        n += 1;
    }
    (s, n)
}

#[test]
fn empty_ranges_run_nothing_and_keep_initial_values() {
    let x = vec_f64(100, 1);
    check("a..b with a == b", &vec![0.0; 10], || {
        let mut out = vec![0.0; 10];
        write_range(&mut out, 4, 4);
        out
    });
    check("a..b with a > b", &vec![0.0; 10], || {
        let mut out = vec![0.0; 10];
        write_range(&mut out, 7, 3);
        out
    });
    check("a..=b with a > b", &vec![0.0; 10], || {
        let mut out = vec![0.0; 10];
        write_inclusive(&mut out, 5, 4);
        out
    });
    check(
        "prange(0) on an empty array",
        &Array1::<f64>::zeros(0),
        || {
            let mut out = Array1::zeros(0);
            write_n(&mut out, 0);
            out
        },
    );
    check("prange(0) on an empty slice", &Vec::<f64>::new(), || {
        let mut out: Vec<f64> = Vec::new();
        write_range(&mut out, 0, 0);
        out
    });
    let initial = (1.5, -2.0, 7, 0xF0, -3.0, false);
    check("reductions over an empty range", &initial, || {
        reductions_over(&x, 30, 30)
    });
    check(
        "empty stepped, reversed and typed ranges",
        &(0.25, 0),
        || empty_shapes(&x, 9, 4),
    );
}

// ---------------------------------------------------------------- one element

#[parallel]
fn one_element_shapes(x: &[f64], out: &mut [f64], k: usize) {
    for i in prange(k..k + 1) {
        out[i] += x[i];
    }
    for i in prange(k..=k) {
        out[i] += 2.0 * x[i];
    }
    for i in prange((k..k + 1).rev()) {
        out[i] += 4.0 * x[i];
    }
    for i in prange((k..k + 50).step_by(100)) {
        out[i] += 8.0 * x[i];
    }
}

#[test]
fn one_element_ranges() {
    let x = vec_f64(100, 2);
    for k in [0, 42, 99] {
        let mut want = vec![0.0; 100];
        want[k] = ((x[k] + 2.0 * x[k]) + 4.0 * x[k]) + 8.0 * x[k];
        check(&format!("one element at {k}"), &want, || {
            let mut out = vec![0.0; 100];
            one_element_shapes(&x, &mut out, k);
            out
        });
    }
    check("prange(1)", &Array1::ones(1), || {
        let mut out = Array1::zeros(1);
        write_n(&mut out, 1);
        out
    });
    let want = (
        1.5 + x[17],
        -2.0 * x[17],
        6,
        0xF0 ^ 17,
        x[17].max(-3.0),
        false,
    );
    check("reductions over one element", &want, || {
        reductions_over(&x, 17, 18)
    });
}

// ---------------------------------------------------------------- chunk remainders

#[parallel(chunk = 7)]
fn sum_and_mark_7(x: &[f64], out: &mut [u8]) -> (f64, usize) {
    let mut s = 0.0;
    let mut count = 0;
    for i in prange(x.len()) {
        out[i] += 1;
        s += x[i];
        count += 1;
    }
    (s, count)
}

#[parallel(chunk = 1)]
fn mark_chunk_1(out: &mut [u8], a: usize, b: usize) {
    for i in prange(a..b) {
        out[i] += 1;
    }
}

#[parallel(chunk = 64)]
fn mark_chunk_64(out: &mut [u8]) {
    for i in prange(out.len()) {
        out[i] += 1;
    }
}

#[test]
fn trip_counts_not_divisible_by_the_chunk() {
    for n in [1, 2, 6, 7, 8, 13, 15, 20, 699, 7_001, 100_002] {
        let x = vec_f64(n, 3 + n as u64);
        let first = parfor::with_num_threads(1, || sum_and_mark_7(&x, &mut vec![0; n]));
        assert_eq!(first.1, n);
        check(
            &format!("chunk = 7, n = {n}"),
            &(vec![1u8; n], first),
            || {
                let mut out = vec![0; n];
                let r = sum_and_mark_7(&x, &mut out);
                (out, r)
            },
        );
        let mut want = vec![0u8; n + 3];
        want[1..n + 1].iter_mut().for_each(|v| *v = 1);
        check(&format!("chunk = 1, 1..{}", n + 1), &want, || {
            let mut out = vec![0; n + 3];
            mark_chunk_1(&mut out, 1, n + 1);
            out
        });
        check(&format!("chunk = 64, n = {n}"), &vec![1u8; n], || {
            let mut out = vec![0; n];
            mark_chunk_64(&mut out);
            out
        });
    }
}

// ---------------------------------------------------------------- descending and signed

#[parallel]
fn rev_write(x: &[f64], out: &mut [f64], a: usize, b: usize) {
    for i in prange((a..b).rev()) {
        out[i] = x[i] + i as f64;
    }
}

#[parallel]
fn rev_step_write(x: &[f64], out: &mut [f64], a: usize, b: usize) {
    for i in prange((a..b).rev().step_by(3)) {
        out[i] = x[i] + i as f64;
    }
}

#[parallel]
fn step_rev_write(x: &[f64], out: &mut [f64], a: usize, b: usize) {
    for i in prange((a..b).step_by(5).rev()) {
        out[i] = x[i] + i as f64;
    }
}

#[parallel]
fn inclusive_rev_write(x: &[f64], out: &mut [f64], a: usize, b: usize) {
    for i in prange((a..=b).rev()) {
        out[i] = x[i] + i as f64;
    }
}

/// The order of a descending loop's iterations, recorded in a reduction-free way: each
/// iteration stores its own position in the sequential order.
#[parallel(chunk = 1)]
fn rev_slow(out: &mut [usize], a: usize, b: usize) {
    for i in prange((a..b).rev()) {
        spin(20);
        out[i] = b - 1 - i;
    }
}

#[test]
fn descending_ranges() {
    let n = 120_000;
    let x = vec_f64(n, 4);
    let (a, b) = (11, n - 13);
    type Kernel = fn(&[f64], &mut [f64], usize, usize);
    let shapes: [(&str, Kernel, Vec<usize>); 4] = [
        ("(a..b).rev()", rev_write, (a..b).rev().collect()),
        (
            "(a..b).rev().step_by(3)",
            rev_step_write,
            (a..b).rev().step_by(3).collect(),
        ),
        (
            "(a..b).step_by(5).rev()",
            step_rev_write,
            (a..b).step_by(5).rev().collect(),
        ),
        (
            "(a..=b).rev()",
            inclusive_rev_write,
            (a..=b).rev().collect(),
        ),
    ];
    for (what, kernel, indices) in shapes {
        let mut want = vec![-1.0; n];
        for i in indices {
            want[i] = x[i] + i as f64;
        }
        check(what, &want, || {
            let mut out = vec![-1.0; n];
            kernel(&x, &mut out, a, b);
            out
        });
    }
    let want: Vec<usize> = (0..40).map(|i| if i < 3 { 0 } else { 39 - i }).collect();
    check("slow (3..40).rev() with chunk = 1", &want, || {
        let mut out = vec![0; 40];
        rev_slow(&mut out, 3, 40);
        out
    });
}

#[parallel]
fn signed(out: &mut [i64], lo: i64, hi: i64) -> i64 {
    let mut s = 0;
    for i in prange((lo..hi).rev()) {
        out[(i - lo) as usize] = i * 3;
        s += i;
    }
    s
}

#[parallel]
fn signed_step(out: &mut [i64], lo: i64, hi: i64) {
    for i in prange((lo..=hi).rev().step_by(4)) {
        out[(i - lo) as usize] = i;
    }
}

#[parallel(chunk = 3)]
fn all_i8(out: &mut [i16]) -> i32 {
    let mut s = 0;
    for i in prange(i8::MIN..=i8::MAX) {
        out[(i as i16 + 128) as usize] = i as i16 * 2;
        s += i as i32;
    }
    s
}

#[test]
fn signed_ranges_crossing_zero() {
    let (lo, hi) = (-50_000i64, 70_001i64);
    let len = (hi - lo) as usize;
    let mut want = vec![0; len];
    let mut s = 0;
    for i in (lo..hi).rev() {
        want[(i - lo) as usize] = i * 3;
        s += i;
    }
    check("(-50000..70001).rev()", &(want, s), || {
        let mut out = vec![0; len];
        let s = signed(&mut out, lo, hi);
        (out, s)
    });
    let mut want = vec![0; len + 1];
    for i in (lo..=hi).rev().step_by(4) {
        want[(i - lo) as usize] = i;
    }
    check("(lo..=hi).rev().step_by(4)", &want, || {
        let mut out = vec![0; len + 1];
        signed_step(&mut out, lo, hi);
        out
    });
    let want: Vec<i16> = (-128..=127).map(|i| i * 2).collect();
    check("i8::MIN..=i8::MAX", &(want, -128), || {
        let mut out = vec![0; 256];
        let s = all_i8(&mut out);
        (out, s)
    });
}

// ---------------------------------------------------------------- ranges ending at MAX

#[parallel(chunk = 1)]
fn top_of_u8(out: &mut [u8]) -> u32 {
    let mut s = 0;
    for i in prange(250u8..=255) {
        spin(20);
        out[(i - 250) as usize] = i;
        s += i as u32;
    }
    s
}

#[parallel(chunk = 1)]
fn top_of_u8_rev(out: &mut [u8]) {
    for i in prange((250u8..=u8::MAX).rev()) {
        spin(20);
        out[(i - 250) as usize] = i;
    }
}

#[parallel]
fn all_of_u8(out: &mut [u8]) -> (u8, u8, u64) {
    let mut hi = 0;
    let mut x = 0;
    let mut s = 0u64;
    for i in prange(0u8..=u8::MAX) {
        out[i as usize] = i.wrapping_mul(3);
        hi = hi.max(i);
        x ^= i;
        s += i as u64;
    }
    (hi, x, s)
}

#[parallel(chunk = 2)]
fn top_of_i64(out: &mut [i64]) -> (i64, i64, i64) {
    let mut offsets = 0;
    let mut hi = i64::MIN;
    let mut bits = 0;
    for i in prange((i64::MAX - 10)..=i64::MAX) {
        spin(20);
        out[(i - (i64::MAX - 10)) as usize] = i;
        offsets += i - (i64::MAX - 10);
        hi = hi.max(i);
        bits ^= i;
    }
    (offsets, hi, bits)
}

#[parallel]
fn top_of_u64(out: &mut [u64]) -> u64 {
    let mut m = u64::MAX;
    for i in prange((u64::MAX - 1_000)..=u64::MAX) {
        out[(i - (u64::MAX - 1_000)) as usize] = i;
        m = m.min(i);
    }
    m
}

#[parallel(chunk = 1)]
fn top_of_usize(out: &mut [usize]) -> usize {
    let mut c = 0;
    for i in prange((usize::MAX - 3)..=usize::MAX) {
        spin(20);
        out[i - (usize::MAX - 3)] = i;
        c += 1;
    }
    c
}

#[test]
fn inclusive_ranges_ending_at_the_type_maximum() {
    let want_u8: Vec<u8> = (250..=255).collect();
    check("250u8..=255", &(want_u8.clone(), 1515), || {
        let mut out = vec![0; 6];
        let s = top_of_u8(&mut out);
        (out, s)
    });
    check("(250u8..=u8::MAX).rev()", &want_u8, || {
        let mut out = vec![0; 6];
        top_of_u8_rev(&mut out);
        out
    });
    let want: Vec<u8> = (0..=255u8).map(|i| i.wrapping_mul(3)).collect();
    let xor = (0..=255u8).fold(0, |a, b| a ^ b);
    check("0u8..=u8::MAX", &(want, (255, xor, 255 * 128)), || {
        let mut out = vec![0; 256];
        let r = all_of_u8(&mut out);
        (out, r)
    });

    let top = i64::MAX - 10;
    let want: Vec<i64> = (top..=i64::MAX).collect();
    let bits = (top..=i64::MAX).fold(0, |a, b| a ^ b);
    check(
        "(i64::MAX - 10)..=i64::MAX",
        &(want, (55, i64::MAX, bits)),
        || {
            let mut out = vec![0; 11];
            let r = top_of_i64(&mut out);
            (out, r)
        },
    );
    let want: Vec<u64> = ((u64::MAX - 1_000)..=u64::MAX).collect();
    check(
        "(u64::MAX - 1000)..=u64::MAX",
        &(want, u64::MAX - 1_000),
        || {
            let mut out = vec![0; 1_001];
            let m = top_of_u64(&mut out);
            (out, m)
        },
    );
    let want: Vec<usize> = ((usize::MAX - 3)..=usize::MAX).collect();
    check("(usize::MAX - 3)..=usize::MAX", &(want, 4), || {
        let mut out = vec![0; 4];
        let c = top_of_usize(&mut out);
        (out, c)
    });
}

// ---------------------------------------------------------------- type inference

/// DESIGN.md: `prange(n)` must leave the type to rustc, so `i: usize` is inferred from
/// `a[i]` exactly as with `0..n`.
#[parallel]
fn inferred_parallel() -> Vec<i32> {
    let n = 100;
    let mut a = vec![0; 100];
    for i in prange(n) {
        a[i] = 1;
    }
    a
}

fn inferred_sequential() -> Vec<i32> {
    let n = 100;
    let mut a = vec![0; 100];
    for i in prange(n) {
        a[i] = 1;
    }
    a
}

/// The same with a range and a reduction: the literal bounds become `usize`.
#[parallel]
fn inferred_range_parallel() -> (Vec<u8>, usize) {
    let (lo, hi) = (10, 90);
    let mut a = vec![0; 100];
    let mut s = 0;
    for i in prange(lo..hi) {
        a[i] = 2;
        s += i;
    }
    (a, s)
}

fn inferred_range_sequential() -> (Vec<u8>, usize) {
    let (lo, hi) = (10, 90);
    let mut a = vec![0; 100];
    let mut s = 0;
    for i in prange(lo..hi) {
        a[i] = 2;
        s += i;
    }
    (a, s)
}

#[test]
fn literal_bounds_infer_usize_with_and_without_the_attribute() {
    let want = vec![1; 100];
    assert_eq!(inferred_sequential(), want);
    check("inferred prange(n)", &want, inferred_parallel);
    let want = inferred_range_sequential();
    assert_eq!(want.1, (10..90).sum::<usize>());
    check("inferred prange(lo..hi)", &want, inferred_range_parallel);
}

/// Without `#[parallel]`, `prange` is the sequential iterator its argument denotes.
#[test]
fn prange_without_the_attribute_is_the_plain_iterator() {
    assert_eq!(prange(5).collect::<Vec<usize>>(), [0, 1, 2, 3, 4]);
    assert_eq!(prange(3i8..=5).collect::<Vec<_>>(), [3, 4, 5]);
    assert_eq!(prange((0u32..10).step_by(4)).collect::<Vec<_>>(), [0, 4, 8]);
    assert_eq!(
        prange((0u16..10).rev().step_by(3)).collect::<Vec<_>>(),
        [9, 6, 3, 0]
    );
    assert_eq!(prange(250u8..=255).count(), 6);
    assert_eq!(prange(0usize).count(), 0);
}

// ---------------------------------------------------------------- random shapes

mod random_shapes {
    //! Random bounds, offsets, chunk sizes and range shapes: the parallel loop writes and
    //! reduces exactly what the sequential loop does. Each iteration costs about a
    //! microsecond so that loops of a few hundred iterations go to the pool.

    use super::*;
    use proptest::prelude::*;

    macro_rules! shape {
        ($name:ident, |$lo:ident, $hi:ident| $range:expr) => {
            #[parallel(chunk = c)]
            fn $name(
                out: &mut [usize],
                $lo: usize,
                $hi: usize,
                off: usize,
                c: usize,
            ) -> (usize, usize) {
                let mut s = 0;
                let mut m = 0;
                for i in prange($range) {
                    spin(1);
                    out[i + off] = i + 1;
                    s += i;
                    m = m.max(i);
                }
                (s, m)
            }
        };
    }
    shape!(ascending, |lo, hi| lo..hi);
    shape!(inclusive, |lo, hi| lo..=hi);
    shape!(descending, |lo, hi| (lo..hi).rev());
    shape!(stepped, |lo, hi| (lo..hi).step_by(3));
    shape!(rev_stepped, |lo, hi| (lo..hi).rev().step_by(3));
    shape!(stepped_rev, |lo, hi| (lo..hi).step_by(3).rev());

    type Kernel = fn(&mut [usize], usize, usize, usize, usize) -> (usize, usize);
    const SHAPES: [(&str, Kernel); 6] = [
        ("lo..hi", ascending),
        ("lo..=hi", inclusive),
        ("(lo..hi).rev()", descending),
        ("(lo..hi).step_by(3)", stepped),
        ("(lo..hi).rev().step_by(3)", rev_stepped),
        ("(lo..hi).step_by(3).rev()", stepped_rev),
    ];

    fn indices(shape: usize, lo: usize, hi: usize) -> Vec<usize> {
        match shape {
            0 => (lo..hi).collect(),
            1 => (lo..=hi).collect(),
            2 => (lo..hi).rev().collect(),
            3 => (lo..hi).step_by(3).collect(),
            4 => (lo..hi).rev().step_by(3).collect(),
            _ => (lo..hi).step_by(3).rev().collect(),
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]
        #[test]
        fn parallel_equals_sequential(
            shape in 0..SHAPES.len(),
            lo in 0usize..50,
            len in 0usize..300,
            off in 0usize..5,
            chunk in 1usize..17,
        ) {
            let hi = lo + len;
            let (what, kernel) = SHAPES[shape];
            let size = hi + off + 1;
            let mut want = vec![0; size];
            let (mut s, mut m) = (0, 0);
            for i in indices(shape, lo, hi) {
                want[i + off] = i + 1;
                s += i;
                m = m.max(i);
            }
            for t in THREADS {
                let mut out = vec![0; size];
                let got = parfor::with_num_threads(t, || kernel(&mut out, lo, hi, off, chunk));
                prop_assert_eq!(&out, &want, "{} with {} threads, chunk {}", what, t, chunk);
                prop_assert_eq!(got, (s, m), "{} with {} threads, chunk {}", what, t, chunk);
            }
        }
    }
}
