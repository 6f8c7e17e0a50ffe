//! Array reductions: arrays whose elements a loop only updates with one operator at
//! indices iterations share (histograms, k-means sums). Each equals the sequential loop
//! on random data: integers exactly, floats bit for bit across thread counts and within
//! 1e-12 relative of the sequential loop.
// Loops as users port them: index loops, `&mut Vec` (a container under test) and the
// long form `a[k] = a[k] + e` (a pattern under test).
#![allow(
    clippy::needless_range_loop,
    clippy::ptr_arg,
    clippy::assign_op_pattern
)]

mod common;

use common::{Rng, THREADS, close, each_thread_count, vec_f64};
use parfor::prelude::*;

#[parallel]
fn histogram(x: &[f64], lo: f64, scale: f64, hist: &mut [u64]) {
    for i in prange(x.len()) {
        let b = ((x[i] - lo) * scale) as usize;
        if b < hist.len() {
            hist[b] += 1;
        }
    }
}

fn histogram_seq(x: &[f64], lo: f64, scale: f64, hist: &mut [u64]) {
    for i in 0..x.len() {
        let b = ((x[i] - lo) * scale) as usize;
        if b < hist.len() {
            hist[b] += 1;
        }
    }
}

#[test]
fn a_histogram_counts_every_value() {
    for n in [0, 1, 1000, 200_003] {
        let x = vec_f64(n, 7);
        let mut want = vec![3_u64; 64];
        histogram_seq(&x, -1.0, 32.0, &mut want);
        for got in each_thread_count(|_| {
            let mut hist = vec![3_u64; 64];
            histogram(&x, -1.0, 32.0, &mut hist);
            hist
        }) {
            assert_eq!(got, want, "n={n}");
        }
    }
}

/// One k-means step: labels split, counts and sums reduced as arrays, the inertia as a
/// scalar.
#[parallel]
fn kmeans_step(
    x: &Array2<f64>,
    centroids: &Array2<f64>,
    labels: &mut [usize],
    counts: &mut Vec<u64>,
    sums: &mut Array2<f64>,
) -> f64 {
    let mut inertia = 0.0;
    for i in prange(x.nrows()) {
        let mut best = 0;
        let mut best_d = f64::INFINITY;
        for k in 0..centroids.nrows() {
            let mut d = 0.0;
            for j in 0..x.ncols() {
                let t = x[[i, j]] - centroids[[k, j]];
                d += t * t;
            }
            if d < best_d {
                best_d = d;
                best = k;
            }
        }
        labels[i] = best;
        counts[best] += 1;
        for j in 0..x.ncols() {
            sums[[best, j]] += x[[i, j]];
        }
        inertia += best_d;
    }
    inertia
}

fn kmeans_step_seq(
    x: &Array2<f64>,
    centroids: &Array2<f64>,
    labels: &mut [usize],
    counts: &mut Vec<u64>,
    sums: &mut Array2<f64>,
) -> f64 {
    let mut inertia = 0.0;
    for i in 0..x.nrows() {
        let mut best = 0;
        let mut best_d = f64::INFINITY;
        for k in 0..centroids.nrows() {
            let mut d = 0.0;
            for j in 0..x.ncols() {
                let t = x[[i, j]] - centroids[[k, j]];
                d += t * t;
            }
            if d < best_d {
                best_d = d;
                best = k;
            }
        }
        labels[i] = best;
        counts[best] += 1;
        for j in 0..x.ncols() {
            sums[[best, j]] += x[[i, j]];
        }
        inertia += best_d;
    }
    inertia
}

#[test]
fn a_kmeans_step_matches_the_sequential_loop() {
    let x = common::array2(20_000, 8, 11);
    let centroids = common::array2(16, 8, 12);
    let mut labels = vec![0; 20_000];
    let mut counts = vec![0_u64; 16];
    let mut sums = Array2::zeros((16, 8));
    let inertia = kmeans_step_seq(&x, &centroids, &mut labels, &mut counts, &mut sums);
    let runs = each_thread_count(|_| {
        let mut l = vec![0; 20_000];
        let mut c = vec![0_u64; 16];
        let mut s = Array2::zeros((16, 8));
        let e = kmeans_step(&x, &centroids, &mut l, &mut c, &mut s);
        (l, c, s, e)
    });
    for (l, c, s, e) in &runs {
        assert_eq!((l, c), (&labels, &counts));
        assert!(close(*e, inertia, 1e-12));
        for (a, b) in s.iter().zip(&sums) {
            assert!(close(*a, *b, 1e-12), "{a} vs {b}");
        }
        // Bit for bit the same on every thread count.
        assert!(common::same_bits(
            s.as_slice().unwrap(),
            runs[0].2.as_slice().unwrap()
        ));
        assert_eq!(e.to_bits(), runs[0].3.to_bits());
    }
}

/// Other operators, element types and containers: `-=` on unsigned counters (which
/// private copies start at 0 and must not underflow), `*=`, `|=`, an `ArrayViewMut`,
/// and a field of `self`.
#[parallel]
fn budgets(cost: &[u32], who: &[usize], left: &mut [u32]) {
    for i in prange(cost.len()) {
        left[who[i]] -= cost[i];
    }
}

#[parallel]
fn products_and_flags(x: &[f64], k: &[usize], mut prod: ArrayViewMut1<f64>, flags: &mut [u8]) {
    for i in prange(x.len()) {
        prod[k[i]] *= 1.0 + x[i] * 1e-3;
        flags[k[i] % 3] |= 1 << (i % 8);
    }
}

struct Tally {
    bins: Vec<i64>,
}

impl Tally {
    #[parallel]
    fn add(&mut self, v: &[i64]) {
        for i in prange(v.len()) {
            self.bins[(v[i].unsigned_abs() % 5) as usize] += v[i];
        }
    }
}

#[test]
fn other_operators_and_containers_match_the_sequential_loop() {
    let mut rng = Rng::new(5);
    let n = 50_000;
    let cost: Vec<u32> = (0..n).map(|_| rng.below(3) as u32).collect();
    let who: Vec<usize> = (0..n).map(|_| rng.below(7) as usize).collect();
    let x = vec_f64(n, 9);
    let k: Vec<usize> = (0..n).map(|_| rng.below(10) as usize).collect();
    let v = common::vec_i64(n, -1000, 1000, 4);

    let mut left_seq = vec![100_000_u32; 7];
    for i in 0..n {
        left_seq[who[i]] -= cost[i];
    }
    let mut prod_seq = Array1::<f64>::ones(10);
    let mut flags_seq = vec![0_u8; 3];
    for i in 0..n {
        prod_seq[k[i]] *= 1.0 + x[i] * 1e-3;
        flags_seq[k[i] % 3] |= 1 << (i % 8);
    }
    let mut bins_seq = vec![0_i64; 5];
    for i in 0..n {
        bins_seq[(v[i].unsigned_abs() % 5) as usize] += v[i];
    }

    let runs = each_thread_count(|_| {
        let mut left = vec![100_000_u32; 7];
        budgets(&cost, &who, &mut left);
        let mut prod = Array1::<f64>::ones(10);
        let mut flags = vec![0_u8; 3];
        products_and_flags(&x, &k, prod.view_mut(), &mut flags);
        let mut t = Tally { bins: vec![0; 5] };
        t.add(&v);
        (left, prod, flags, t.bins)
    });
    for (left, prod, flags, bins) in &runs {
        assert_eq!((left, flags, bins), (&left_seq, &flags_seq, &bins_seq));
        for (a, b) in prod.iter().zip(&prod_seq) {
            assert!(close(*a, *b, 1e-12), "{a} vs {b}");
        }
        assert!(common::same_bits(
            prod.as_slice().unwrap(),
            runs[0].1.as_slice().unwrap()
        ));
    }
    assert_eq!(THREADS.len(), runs.len());
}

/// A split array whose windows would overlap (`a[i]` and `a[i + 1]` both updated) is an
/// array reduction too, and a pinned update alone stays a split.
#[parallel]
fn spread(x: &[f64], out: &mut [f64]) {
    for i in prange(x.len()) {
        out[i] += 0.5 * x[i];
        out[i + 1] += 0.5 * x[i];
    }
}

#[test]
fn overlapping_updates_reduce() {
    let x = vec_f64(10_001, 2);
    let mut want = vec![1.0; 10_002];
    for i in 0..x.len() {
        want[i] += 0.5 * x[i];
        want[i + 1] += 0.5 * x[i];
    }
    let runs = each_thread_count(|_| {
        let mut out = vec![1.0; 10_002];
        spread(&x, &mut out);
        out
    });
    for out in &runs {
        assert!(out.iter().zip(&want).all(|(a, b)| close(*a, *b, 1e-12)));
        assert!(common::same_bits(out, &runs[0]));
    }
}

/// Element-wise extremes, `a[k] = a[k].max(e)` and `a[k] = f64::min(a[k], e)`, and the
/// long form of an update (`a[k] = a[k] + e`), on floats with NaN and on integers.
#[parallel]
fn extremes(x: &[f64], k: &[usize], hi: &mut [f64], lo: &mut Array1<f64>, total: &mut [i64]) {
    for i in prange(x.len()) {
        hi[k[i]] = hi[k[i]].max(x[i]);
        lo[k[i]] = f64::min(lo[k[i]], x[i]);
        total[k[i] % 2] = total[k[i] % 2] + (x[i] * 1000.0) as i64;
    }
}

#[parallel]
fn int_extremes(v: &[i64], best: &mut Vec<i64>, worst: &mut Array2<i64>) {
    for i in prange(v.len()) {
        let b = (v[i].unsigned_abs() % 6) as usize;
        best[b] = v[i].max(best[b]);
        worst[[b % 2, b / 2]] = worst[[b % 2, b / 2]].min(v[i]);
    }
}

#[test]
fn element_extremes_match_the_sequential_loop() {
    let mut rng = Rng::new(8);
    let n = 30_011;
    let mut x = vec_f64(n, 3);
    for j in (0..n).step_by(97) {
        x[j] = f64::NAN;
    }
    // Bin 7 is never updated: it keeps its value, NaN included.
    let k: Vec<usize> = (0..n).map(|_| rng.below(7) as usize).collect();
    let start_hi = vec![0.25, f64::NAN, -5.0, 0.0, 1.0, 0.5, -0.5, f64::NAN];
    let mut hi_seq = start_hi.clone();
    let mut lo_seq = Array1::from(start_hi.clone());
    let mut total_seq = vec![7_i64, -7];
    for i in 0..n {
        hi_seq[k[i]] = hi_seq[k[i]].max(x[i]);
        lo_seq[k[i]] = f64::min(lo_seq[k[i]], x[i]);
        total_seq[k[i] % 2] = total_seq[k[i] % 2] + (x[i] * 1000.0) as i64;
    }
    let v = common::vec_i64(n, -1_000_000, 1_000_000, 6);
    let mut best_seq = vec![0_i64; 6];
    let mut worst_seq = Array2::<i64>::zeros((2, 3));
    for i in 0..n {
        let b = (v[i].unsigned_abs() % 6) as usize;
        best_seq[b] = v[i].max(best_seq[b]);
        worst_seq[[b % 2, b / 2]] = worst_seq[[b % 2, b / 2]].min(v[i]);
    }
    for (hi, lo, total, best, worst) in each_thread_count(|_| {
        let mut hi = start_hi.clone();
        let mut lo = Array1::from(start_hi.clone());
        let mut total = vec![7_i64, -7];
        extremes(&x, &k, &mut hi, &mut lo, &mut total);
        let mut best = vec![0_i64; 6];
        let mut worst = Array2::<i64>::zeros((2, 3));
        int_extremes(&v, &mut best, &mut worst);
        (hi, lo, total, best, worst)
    }) {
        assert!(common::same_bits(&hi, &hi_seq), "{hi:?} vs {hi_seq:?}");
        assert!(common::same_bits(
            lo.as_slice().unwrap(),
            lo_seq.as_slice().unwrap()
        ));
        assert_eq!(
            (total, best, worst),
            (total_seq.clone(), best_seq.clone(), worst_seq.clone())
        );
    }
}

/// The fix the diagnostic offers for an array reduction parfor cannot take (here the
/// array is also read): a private partial per chunk, combined after the loop.
#[parallel]
fn chunked_histogram(x: &[usize], parts: &mut Vec<Vec<u64>>) {
    let n = x.len();
    for c in prange(64) {
        for i in c * n / 64..(c + 1) * n / 64 {
            parts[c][x[i]] += 1;
        }
    }
}

#[test]
fn the_chunked_fix_the_diagnostic_offers_compiles_and_counts() {
    let mut rng = Rng::new(9);
    let x: Vec<usize> = (0..10_000).map(|_| rng.below(16) as usize).collect();
    let mut want = vec![0_u64; 16];
    for &b in &x {
        want[b] += 1;
    }
    for parts in each_thread_count(|_| {
        let mut parts = vec![vec![0_u64; 16]; 64];
        chunked_histogram(&x, &mut parts);
        parts
    }) {
        let got: Vec<u64> = (0..16).map(|b| parts.iter().map(|p| p[b]).sum()).collect();
        assert_eq!(got, want);
    }
}

/// `/=` on a captured float, Numba's documented reduction: `s` ends as `s / prod(x)` up
/// to rounding, the same bits on every thread count; mixed with `*=` it stays one
/// product. Array elements reduce the same way.
#[parallel]
fn divide(x: &[f64], k: &[usize], s0: f64, parts: &mut [f64]) -> (f64, f64) {
    let mut s = s0;
    let mut t = s0;
    for i in prange(x.len()) {
        s /= x[i];
        t *= x[i];
        t = t / (x[i] * x[i]);
        parts[k[i]] /= x[i];
    }
    (s, t)
}

#[test]
fn division_reduces_to_the_quotient_by_the_product() {
    let mut rng = Rng::new(10);
    let n = 20_000;
    // Factors near one keep the product in range.
    let x: Vec<f64> = (0..n).map(|_| 1.0 + (rng.f64() - 0.5) * 1e-3).collect();
    let k: Vec<usize> = (0..n).map(|_| rng.below(5) as usize).collect();
    let (mut s, mut t) = (3.0_f64, 3.0_f64);
    let mut parts_seq = vec![2.0; 6];
    for i in 0..n {
        s /= x[i];
        t *= x[i];
        t = t / (x[i] * x[i]);
        parts_seq[k[i]] /= x[i];
    }
    let runs = each_thread_count(|_| {
        let mut parts = vec![2.0; 6];
        let st = divide(&x, &k, 3.0, &mut parts);
        (st, parts)
    });
    for ((gs, gt), parts) in &runs {
        assert!(close(*gs, s, 1e-12), "{gs} vs {s}");
        assert!(close(*gt, t, 1e-12), "{gt} vs {t}");
        assert_eq!(
            parts[5], 2.0,
            "an element no iteration divides keeps its value"
        );
        assert!(
            parts
                .iter()
                .zip(&parts_seq)
                .all(|(a, b)| close(*a, *b, 1e-12))
        );
        assert_eq!(gs.to_bits(), runs[0].0.0.to_bits());
        assert!(common::same_bits(parts, &runs[0].1));
    }
}

/// Numba's whole-array reductions: `y += &x.row(i)` into a local array, `*y -= &e`
/// through a `&mut`, `self.acc *= &e` on a field, and a 2-D outer product.
#[parallel]
fn col_sums(x: &Array2<f64>) -> Array1<f64> {
    let mut y = Array1::<f64>::zeros(x.ncols());
    for i in prange(x.nrows()) {
        y += &x.row(i);
    }
    y
}

#[parallel]
fn take_rows(x: &Array2<f64>, y: &mut Array1<f64>, scatter: &mut Array2<f64>) {
    for i in prange(x.nrows()) {
        *y -= &x.row(i);
        let r = x.row(i);
        let outer = &r.view().insert_axis(Axis(1)) * &r.view().insert_axis(Axis(0));
        *scatter += &outer;
    }
}

struct Scale {
    acc: Array1<f64>,
}

impl Scale {
    #[parallel]
    fn apply(&mut self, f: &Array2<f64>) {
        for i in prange(f.nrows()) {
            self.acc *= &f.row(i);
        }
    }
}

#[test]
fn whole_array_updates_match_the_sequential_loop() {
    let x = common::array2(5_003, 6, 21);
    let f = x.mapv(|v| 1.0 + v * 1e-3);
    let mut y_seq = Array1::<f64>::zeros(6);
    let mut down_seq = Array1::<f64>::ones(6);
    let mut scatter_seq = Array2::<f64>::zeros((6, 6));
    let mut acc_seq = Array1::<f64>::from_elem(6, 2.0);
    for i in 0..x.nrows() {
        y_seq += &x.row(i);
        down_seq -= &x.row(i);
        let r = x.row(i);
        scatter_seq += &(&r.view().insert_axis(Axis(1)) * &r.view().insert_axis(Axis(0)));
        acc_seq *= &f.row(i);
    }
    let runs = each_thread_count(|_| {
        let y = col_sums(&x);
        let mut down = Array1::<f64>::ones(6);
        let mut scatter = Array2::<f64>::zeros((6, 6));
        take_rows(&x, &mut down, &mut scatter);
        let mut s = Scale {
            acc: Array1::from_elem(6, 2.0),
        };
        s.apply(&f);
        (y, down, scatter, s.acc)
    });
    for (y, down, scatter, acc) in &runs {
        for (got, want) in [(y, &y_seq), (down, &down_seq), (acc, &acc_seq)] {
            assert!(
                got.iter().zip(want).all(|(a, b)| close(*a, *b, 1e-12)),
                "{got} vs {want}"
            );
        }
        assert!(
            scatter
                .iter()
                .zip(&scatter_seq)
                .all(|(a, b)| close(*a, *b, 1e-12))
        );
        assert!(common::same_bits(
            y.as_slice().unwrap(),
            runs[0].0.as_slice().unwrap()
        ));
        assert!(common::same_bits(
            scatter.as_slice().unwrap(),
            runs[0].2.as_slice().unwrap()
        ));
    }
}

/// `azip!` over the iteration's own row is read like code: the row is split, the whole
/// array reduced beside it.
#[parallel]
fn doubled_rows_and_sum(x: &Array2<f64>, out: &mut Array2<f64>) -> Array1<f64> {
    let mut total = Array1::<f64>::zeros(x.ncols());
    for i in prange(x.nrows()) {
        azip!((o in &mut out.row_mut(i), &b in &x.row(i)) *o = 2.0 * b);
        total += &x.row(i);
    }
    total
}

#[test]
fn azip_on_the_own_row_splits() {
    let x = common::array2(1_001, 5, 31);
    let want_total = x.sum_axis(Axis(0));
    for (out, total) in each_thread_count(|_| {
        let mut out = Array2::zeros((1_001, 5));
        let t = doubled_rows_and_sum(&x, &mut out);
        (out, t)
    }) {
        assert_eq!(out, &x * 2.0);
        assert!(
            total
                .iter()
                .zip(&want_total)
                .all(|(a, b)| close(*a, *b, 1e-12))
        );
    }
}

/// The same whole-array updates written with `Zip` and `azip!`.
#[parallel]
fn zipped_sums(x: &Array2<f64>, y: &mut Array1<f64>) -> Array1<f64> {
    let mut z = Array1::<f64>::zeros(x.ncols());
    for i in prange(x.nrows()) {
        Zip::from(&mut *y)
            .and(&x.row(i))
            .for_each(|a, &b| *a += 2.0 * b);
        azip!((c in &mut z, &b in &x.row(i)) *c -= b);
    }
    z
}

#[test]
fn zip_and_azip_updates_of_a_whole_array_reduce() {
    let x = common::array2(3_001, 4, 41);
    let want = x.sum_axis(Axis(0));
    let runs = each_thread_count(|_| {
        let mut y = Array1::<f64>::ones(4);
        let z = zipped_sums(&x, &mut y);
        (y, z)
    });
    for (y, z) in &runs {
        for k in 0..4 {
            assert!(close(y[k], 1.0 + 2.0 * want[k], 1e-12), "{y} vs {want}");
            assert!(close(z[k], -want[k], 1e-12), "{z} vs {want}");
        }
        assert!(common::same_bits(
            y.as_slice().unwrap(),
            runs[0].0.as_slice().unwrap()
        ));
    }
}
