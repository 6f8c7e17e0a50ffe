//! `parfor::rng`: per-iteration streams that do not depend on the thread count or on
//! `#[parallel]`, distinct for distinct (seed, iteration) pairs, and uniform enough for
//! a Monte-Carlo estimate; rand's and rand_distr's samplers on them.
//!
//! Tolerances are 5 standard deviations of the statistic under the null hypothesis
//! (a chance of about 6e-7 of a false failure per check); the seeds are fixed, so a
//! failure is a change in the generator, not bad luck on one run.

mod common;

use common::{THREADS, same, spin, worker};
use parfor::prelude::*;
use parfor::rng::{self, RngCore, RngExt};
use rand_distr::{Distribution, Normal};

const SEED: u64 = 0x5EED;

/// One uniform draw per iteration.
#[parallel]
fn uniforms(seed: u64, out: &mut [f64]) {
    for i in prange(out.len()) {
        let mut rng = parfor::rng::for_iteration(seed, i);
        out[i] = rng.random::<f64>();
    }
}

/// `uniforms` without the attribute.
fn uniforms_seq(seed: u64, out: &mut [f64]) {
    for i in prange(out.len()) {
        let mut rng = parfor::rng::for_iteration(seed, i);
        out[i] = rng.random::<f64>();
    }
}

/// Several draws of different kinds per iteration, from a signed loop variable; a
/// distribution captured as shared.
#[parallel]
fn mixed(seed: u64, normal: Normal<f64>, out: &mut [f64]) {
    for i in prange(-(out.len() as i64) / 2..(out.len() as i64 + 1) / 2) {
        let mut rng = rng::for_iteration(seed, i);
        let k = (i + out.len() as i64 / 2) as usize;
        let u = rng.random::<f64>();
        let d = rng.random_range(0..6) as f64;
        let bits = (rng.next_u32() >> 8) as f64;
        out[k] = u + d + bits + normal.sample(&mut rng);
    }
}

/// `mixed` without the attribute.
fn mixed_seq(seed: u64, normal: Normal<f64>, out: &mut [f64]) {
    for i in prange(-(out.len() as i64) / 2..(out.len() as i64 + 1) / 2) {
        let mut rng = rng::for_iteration(seed, i);
        let k = (i + out.len() as i64 / 2) as usize;
        let u = rng.random::<f64>();
        let d = rng.random_range(0..6) as f64;
        let bits = (rng.next_u32() >> 8) as f64;
        out[k] = u + d + bits + normal.sample(&mut rng);
    }
}

/// A draw per iteration from iterations slow enough that the loop goes to the pool,
/// one per chunk, with the worker that ran each.
#[parallel(chunk = 1)]
fn slow_draws(seed: u64, out: &mut [u64], who: &mut [usize]) {
    for i in prange(out.len()) {
        spin(20);
        let mut rng = rng::for_iteration(seed, i);
        out[i] = rng.next_u64();
        who[i] = worker();
    }
}

/// Monte-Carlo π: how many of `n` points uniform in the unit square fall in the
/// quarter disc.
#[parallel]
fn inside(seed: u64, n: u64) -> u64 {
    let mut hits = 0u64;
    for i in prange(n) {
        let mut rng = rng::for_iteration(seed, i);
        let (x, y) = (rng.random::<f64>(), rng.random::<f64>());
        hits += u64::from(x * x + y * y < 1.0);
    }
    hits
}

/// `inside` without the attribute.
fn inside_seq(seed: u64, n: u64) -> u64 {
    let mut hits = 0u64;
    for i in prange(n) {
        let mut rng = rng::for_iteration(seed, i);
        let (x, y) = (rng.random::<f64>(), rng.random::<f64>());
        hits += u64::from(x * x + y * y < 1.0);
    }
    hits
}

/// The first four outputs of a stream.
fn head(mut rng: rng::Rng) -> [u64; 4] {
    [
        rng.next_u64(),
        rng.next_u64(),
        rng.next_u64(),
        rng.next_u64(),
    ]
}

#[test]
fn same_numbers_on_any_thread_count_and_without_the_attribute() {
    let n = 100_003;
    let mut want = vec![0.0; n];
    uniforms_seq(SEED, &mut want);
    same("uniforms", &want, || {
        let mut out = vec![0.0; n];
        uniforms(SEED, &mut out);
        out
    });

    let normal = Normal::new(0.0, 1.0).unwrap();
    let mut want = vec![0.0; n];
    mixed_seq(SEED, normal, &mut want);
    same("mixed", &want, || {
        let mut out = vec![0.0; n];
        mixed(SEED, normal, &mut out);
        out
    });

    let want = inside_seq(SEED, 200_000);
    same("inside", &want, || inside(SEED, 200_000));
}

#[test]
fn same_numbers_when_the_pool_runs_the_loop() {
    let n = 64;
    let want: Vec<u64> = (0..n)
        .map(|i| rng::for_iteration(SEED, i).next_u64())
        .collect();
    for t in THREADS {
        let (mut out, mut who) = (vec![0; n], vec![0; n]);
        parfor::with_num_threads(t, || slow_draws(SEED, &mut out, &mut who));
        assert_eq!(out, want, "{t} threads");
        if t > 1 {
            assert!(
                who.iter().any(|&w| w != usize::MAX),
                "{t} threads: ran inline"
            );
        }
    }
}

#[test]
fn distinct_pairs_give_distinct_streams() {
    // The same value through different types is the same stream...
    assert_eq!(
        head(rng::for_iteration(1, -1i8)),
        head(rng::for_iteration(1, -1i64))
    );
    assert_eq!(
        head(rng::for_iteration(1, -1i64)),
        head(rng::for_iteration(1, -1i128))
    );
    assert_eq!(
        head(rng::for_iteration(1, u64::MAX)),
        head(rng::for_iteration(1, u128::from(u64::MAX)))
    );
    assert_eq!(
        head(rng::for_iteration(1, 7u8)),
        head(rng::for_iteration(1, 7usize))
    );

    // ... and different values or seeds are different streams, also where the bits
    // agree (-1 and u64::MAX, i64::MIN and 2^63) or the seed and iteration swap.
    let mut heads = Vec::new();
    for seed in [0, 1, 2, u64::MAX, 1 << 32] {
        heads.push(head(rng::for_iteration(seed, -1i64)));
        heads.push(head(rng::for_iteration(seed, u64::MAX)));
        heads.push(head(rng::for_iteration(seed, i64::MIN)));
        heads.push(head(rng::for_iteration(seed, 1u64 << 63)));
        heads.push(head(rng::for_iteration(seed, u32::MAX)));
        heads.push(head(rng::for_iteration(seed, -2i128)));
        heads.push(head(rng::for_iteration(seed, u128::MAX)));
        heads.push(head(rng::for_iteration(seed, i128::MIN)));
        heads.push(head(rng::for_iteration(seed, i128::MAX)));
        heads.push(head(rng::for_iteration(seed, 1u128 << 64)));
        heads.push(head(rng::for_iteration(seed, 1u128 << 96)));
        heads.push(head(rng::for_iteration(seed, (1u128 << 96) | 5)));
        heads.push(head(rng::for_iteration(seed, -(1i128 << 96))));
        for i in 0..2_000u64 {
            heads.push(head(rng::for_iteration(seed, i)));
        }
    }
    let n = heads.len();
    heads.sort_unstable();
    heads.dedup();
    assert_eq!(
        heads.len(),
        n,
        "two (seed, iteration) pairs gave the same stream"
    );

    // Even the first outputs alone differ (a 64-bit collision among these few
    // thousand would have probability about 1e-12).
    let mut firsts: Vec<u64> = heads.iter().map(|h| h[0]).collect();
    firsts.sort_unstable();
    firsts.dedup();
    assert_eq!(firsts.len(), n);
}

/// Mean and ten-bin histogram of `n` draws uniform in `[0, 1)`, checked to 5 sigma:
/// the mean's sigma is `sqrt(1/12 / n)`, a bin count's `sqrt(n * 0.1 * 0.9)`.
fn check_uniform(name: &str, draws: impl Iterator<Item = f64>) {
    let (mut n, mut sum, mut bins) = (0usize, 0.0, [0usize; 10]);
    for x in draws {
        assert!((0.0..1.0).contains(&x), "{name}: {x} outside [0, 1)");
        n += 1;
        sum += x;
        bins[(x * 10.0) as usize] += 1;
    }
    let nf = n as f64;
    let mean = sum / nf;
    let tol = 5.0 * (1.0 / 12.0 / nf).sqrt();
    assert!(
        (mean - 0.5).abs() < tol,
        "{name}: mean {mean}, want 0.5 ± {tol}"
    );
    let tol = 5.0 * (nf * 0.1 * 0.9).sqrt();
    for (b, &count) in bins.iter().enumerate() {
        let off = (count as f64 - nf / 10.0).abs();
        assert!(
            off < tol,
            "{name}: bin {b} has {count} of {n}, want {} ± {tol}",
            n / 10
        );
    }
}

#[test]
fn uniform_draws_are_uniform() {
    let n = 1_000_000u64;
    // Across streams: the first draw of each of a million iterations (the usual use).
    check_uniform(
        "first draws",
        (0..n).map(|i| rng::for_iteration(SEED, i).random::<f64>()),
    );
    // Within one stream: a million successive draws.
    let mut r = rng::for_iteration(SEED, -5i32);
    check_uniform("one stream", (0..n).map(|_| r.random::<f64>()));
    // f32 too, through next_u32.
    let mut r = rng::for_iteration(SEED, 5u8);
    check_uniform("f32", (0..n).map(|_| f64::from(r.random::<f32>())));
}

#[test]
fn random_range_stays_in_range() {
    let mut seen = [0usize; 10];
    for i in 0..100_000u32 {
        let mut r = rng::for_iteration(SEED, i);
        let k = r.random_range(-3..7);
        assert!((-3..7).contains(&k), "{k}");
        seen[(k + 3) as usize] += 1;
        let d = r.random_range(1..=6u8);
        assert!((1..=6).contains(&d), "{d}");
        let x = r.random_range(0.25..0.75);
        assert!((0.25..0.75).contains(&x), "{x}");
        let y = r.random_range(-1.0..=1.0);
        assert!((-1.0..=1.0).contains(&y), "{y}");
    }
    // Each of the ten values about 10_000 times: 5 sigma is 5 * sqrt(1e5 * 0.1 * 0.9).
    let tol = 5.0 * (100_000.0 * 0.1 * 0.9f64).sqrt();
    for (k, &c) in seen.iter().enumerate() {
        assert!(
            (c as f64 - 10_000.0).abs() < tol,
            "value {}: {c} times",
            k as i32 - 3
        );
    }
}

#[test]
fn normal_samples_have_mean_zero_and_variance_one() {
    let n = 200_000;
    let normal = Normal::new(0.0, 1.0).unwrap();
    let xs: Vec<f64> = (0..n)
        .map(|i| normal.sample(&mut rng::for_iteration(SEED, i)))
        .collect();
    let nf = n as f64;
    let mean = xs.iter().sum::<f64>() / nf;
    let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (nf - 1.0);
    // sigma of the mean: 1/sqrt(n); of the sample variance: sqrt(2 / (n - 1)).
    assert!(mean.abs() < 5.0 / nf.sqrt(), "mean {mean}");
    assert!(
        (var - 1.0).abs() < 5.0 * (2.0 / (nf - 1.0)).sqrt(),
        "variance {var}"
    );
}

#[test]
fn monte_carlo_pi() {
    let n = 1_000_000u64;
    let hits = parfor::with_num_threads(2, || inside(SEED, n));
    assert_eq!(hits, inside_seq(SEED, n));
    let pi = 4.0 * hits as f64 / n as f64;
    // hits ~ Binomial(n, p = π/4): the estimate's sigma is 4 sqrt(p (1 - p) / n).
    let p = std::f64::consts::FRAC_PI_4;
    let tol = 5.0 * 4.0 * (p * (1.0 - p) / n as f64).sqrt();
    assert!(
        (pi - std::f64::consts::PI).abs() < tol,
        "π ≈ {pi}, want within {tol}"
    );
}
