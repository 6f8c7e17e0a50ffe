//! What a hostile but realistic user hit (issue 15), each fixed and held here: `max`
//! and `min` reductions over NaN, unsigned `-=` and signed `+=` reductions in debug
//! builds, index expressions of an empty loop, `a..=b` slices of a window, indices past
//! the array's end, and `det`/`slogdet` with subnormal pivots or of singular matrices.
#![allow(clippy::needless_range_loop, clippy::assign_op_pattern)]

mod common;

use common::{THREADS, each_thread_count};
use parfor::linalg::{Backend, det, det_with, slogdet, slogdet_with};
use parfor::prelude::*;

// ------------------------------------------------------------- max and min over NaN

#[parallel]
fn max_of(init: f64, x: &[f64]) -> f64 {
    let mut s = init;
    for i in prange(x.len()) {
        s = s.max(x[i]);
    }
    s
}

#[parallel]
fn min_of(init: f64, x: &[f64]) -> f64 {
    let mut s = init;
    for i in prange(x.len()) {
        s = f64::min(s, x[i]);
    }
    s
}

#[parallel]
fn max_of_f32(init: f32, x: &[f32]) -> f32 {
    let mut s = init;
    for i in prange(x.len()) {
        s = x[i].max(s);
    }
    s
}

fn seq_max(init: f64, x: &[f64]) -> f64 {
    x.iter().fold(init, |s, &v| s.max(v))
}

fn seq_min(init: f64, x: &[f64]) -> f64 {
    x.iter().fold(init, |s, &v| s.min(v))
}

/// Equal as the sequential loop's result: NaN for NaN, the same value otherwise
/// (the sign of a zero extremum is left to `f64::max`, which Rust does not specify).
fn same(a: f64, b: f64) -> bool {
    (a.is_nan() && b.is_nan()) || a == b
}

#[test]
fn max_and_min_of_all_nan_are_nan() {
    let nan = vec![f64::NAN; 10_000];
    for t in THREADS {
        parfor::with_num_threads(t, || {
            assert!(max_of(f64::NAN, &nan).is_nan(), "{t} threads");
            assert!(min_of(f64::NAN, &nan).is_nan(), "{t} threads");
            assert!(
                max_of_f32(f32::NAN, &[f32::NAN; 5000]).is_nan(),
                "{t} threads"
            );
        });
    }
}

#[test]
fn max_and_min_over_nan_infinities_and_zeros_match_the_sequential_loop() {
    let specials = [
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        0.0,
        -0.0,
        1.5,
        -2.5,
        f64::MIN_POSITIVE / 4.0,
    ];
    let mut rng = common::Rng::new(15);
    for n in [0, 1, 7, 100, 5000] {
        for _ in 0..20 {
            // Mostly NaN, sometimes nothing else: the identity must give way to every
            // value and to NaN.
            let x: Vec<f64> = (0..n)
                .map(|_| {
                    let v = specials[rng.below(specials.len() as u64) as usize];
                    if rng.below(4) == 0 { v } else { f64::NAN }
                })
                .collect();
            for init in specials {
                for t in THREADS {
                    let (mx, mn) =
                        parfor::with_num_threads(t, || (max_of(init, &x), min_of(init, &x)));
                    assert!(same(mx, seq_max(init, &x)), "max n={n} init={init} t={t}");
                    assert!(same(mn, seq_min(init, &x)), "min n={n} init={init} t={t}");
                }
            }
        }
    }
}

// ---------------------------------------- integer sums that must not overflow early

#[parallel]
fn budget_left(budget: u64, c: &[u64]) -> u64 {
    let mut left = budget;
    for i in prange(c.len()) {
        left -= c[i];
    }
    left
}

#[parallel]
fn budget_left_long_form(budget: u32, c: &[u32]) -> u32 {
    let mut left = budget;
    for i in prange(c.len()) {
        left = left - c[i];
    }
    left
}

#[parallel]
fn net_i8(start: i8, d: &[i8]) -> i8 {
    let mut s = start;
    for i in prange(d.len()) {
        s += d[i];
    }
    s
}

#[parallel]
fn net_mixed_usize(start: usize, up: &[usize], down: &[usize]) -> usize {
    let mut s = start;
    for i in prange(up.len()) {
        s += up[i];
        s -= down[i];
    }
    s
}

#[parallel]
fn count_positive(x: &[f64]) -> usize {
    let mut c = 0;
    for i in prange(x.len()) {
        if x[i] > 0.0 {
            c += 1;
        }
    }
    c
}

#[test]
fn unsigned_differences_do_not_underflow_in_chunks() {
    let c = vec![1_u64; 100];
    let c32 = vec![3_u32; 3000];
    for t in THREADS {
        parfor::with_num_threads(t, || {
            assert_eq!(budget_left(1000, &c), 900);
            assert_eq!(budget_left(100, &c), 0);
            assert_eq!(budget_left_long_form(9000, &c32), 0);
        });
    }
}

#[test]
fn signed_and_mixed_sums_that_fit_do_not_panic() {
    // Pairs (+100, -100): every prefix of the sequential loop fits an i8, but the
    // chunks' lanes see the +100s together.
    let d: Vec<i8> = (0..4000)
        .map(|k| if k % 2 == 0 { 100 } else { -100 })
        .collect();
    let up = vec![5_usize; 4000];
    let down = vec![5_usize; 4000];
    let x = common::vec_f64(10_000, 3);
    let positives = x.iter().filter(|&&v| v > 0.0).count();
    let results = each_thread_count(|_| {
        (
            net_i8(7, &d),
            net_mixed_usize(0, &up, &down),
            count_positive(&x),
        )
    });
    for r in results {
        assert_eq!(r, (7, 0, positives));
    }
}

#[test]
#[cfg(debug_assertions)]
fn an_unsigned_total_below_zero_panics_as_the_sequential_loop_does() {
    let c = vec![1_u64; 100];
    for t in THREADS {
        let r = std::panic::catch_unwind(|| parfor::with_num_threads(t, || budget_left(99, &c)));
        let msg = r.expect_err("the sequential loop panics here");
        let msg = msg.downcast_ref::<&str>().copied().unwrap_or_default();
        assert_eq!(msg, "attempt to subtract with overflow");
    }
}

#[test]
#[cfg(debug_assertions)]
fn a_signed_total_past_max_panics_as_the_sequential_loop_does() {
    let d = vec![1_i8; 200];
    let r = std::panic::catch_unwind(|| net_i8(0, &d));
    let msg = r.expect_err("the sequential loop panics here");
    let msg = msg.downcast_ref::<&str>().copied().unwrap_or_default();
    assert_eq!(msg, "attempt to add with overflow");
}

// ------------------------------------------------------------ an empty loop

#[parallel]
fn shifted(n: usize, base: &[usize], out: &mut [f64]) {
    for i in prange(n) {
        out[i + base[0]] = 1.0;
    }
}

#[test]
fn an_empty_loop_evaluates_no_index() {
    let mut out = vec![0.0; 4];
    shifted(0, &[], &mut out);
    assert_eq!(out, [0.0; 4]);
    shifted(2, &[1], &mut out);
    assert_eq!(out, [0.0, 1.0, 1.0, 0.0]);
}

// ------------------------------------------------------------ ranges of a window

#[parallel]
fn pairs(x: &[f64], out: &mut [f64]) {
    for i in prange(x.len()) {
        out[2 * i..=2 * i + 1].copy_from_slice(&[x[i], -x[i]]);
    }
}

#[test]
fn an_inclusive_range_slices_a_window() {
    let x = common::vec_f64(5000, 8);
    let mut want = vec![0.0; 10_000];
    for i in 0..x.len() {
        want[2 * i] = x[i];
        want[2 * i + 1] = -x[i];
    }
    each_thread_count(|_| {
        let mut out = vec![0.0; 10_000];
        pairs(&x, &mut out);
        assert_eq!(out, want);
    });
}

// ------------------------------------------------------- an index past the array

#[parallel]
fn fill_to(n: usize, out: &mut [f64]) {
    for i in prange(n) {
        out[i] = 1.0;
    }
}

#[test]
fn an_index_past_the_end_is_reported_as_out_of_bounds() {
    for t in THREADS {
        let mut out = vec![0.0; 99_999];
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            parfor::with_num_threads(t, || fill_to(100_000, &mut out))
        }));
        let msg = r.expect_err("index 99999 is past the end");
        let msg = msg
            .downcast_ref::<String>()
            .cloned()
            .unwrap_or_else(|| msg.downcast_ref::<&str>().unwrap().to_string());
        assert_eq!(
            msg, "parfor: index 99999 out of bounds for `out` of length 99999",
            "{t} threads"
        );
    }
}

// ------------------------------------------------ det and slogdet at the edges

#[test]
fn subnormal_pivots_above_the_crossover_are_exact() {
    let tiny = 1e-310_f64;
    for n in [49, 64, 100, 150] {
        let a = Array2::<f64>::eye(n) * tiny;
        let (sign, log) = slogdet(&a);
        let want = n as f64 * tiny.ln();
        assert_eq!(sign, 1.0, "n={n}");
        assert!(
            (log - want).abs() <= 1e-12 * want.abs(),
            "n={n}: {log} vs {want}"
        );
        // The same bits as the Rust route, which divides by subnormal pivots.
        assert_eq!((sign, log), slogdet_with(&a, Backend::Rust), "n={n}");

        // One subnormal pivot among ordinary ones, after a row swap: det = -1e-10.
        let mut b = Array2::<f64>::eye(n);
        b[[0, 0]] = 0.0;
        b[[1, 1]] = 0.0;
        b[[0, 1]] = tiny;
        b[[1, 0]] = 1e300;
        let d = det(&b);
        assert!((d + 1e-10).abs() <= 1e-15, "n={n}: {d}");
        assert_eq!(d.to_bits(), det_with(&b, Backend::Rust).to_bits(), "n={n}");
    }
}

#[test]
fn a_singular_matrix_has_a_positive_zero_determinant() {
    // An odd row swap before the zero pivot: the product of the pivots would be -0.0.
    let small = array![[0.0, 1.0, 2.0], [1.0, 0.0, 3.0], [0.0, 0.0, 0.0]];
    let mut big = Array2::<f64>::eye(60);
    big.row_mut(0).fill(0.0);
    big[[0, 1]] = -1.0;
    big[[1, 0]] = 1.0;
    big[[1, 1]] = 0.0;
    big.row_mut(59).fill(0.0);
    for a in [small, big] {
        for backend in [Backend::Auto, Backend::Rust, Backend::Lapack] {
            let d = det_with(&a, backend);
            assert_eq!(d.to_bits(), 0.0_f64.to_bits(), "{backend:?}: {d}");
            assert_eq!(slogdet_with(&a, backend), (0.0, f64::NEG_INFINITY));
        }
    }
    let s = Array3::<f64>::zeros((3, 3, 40));
    assert!(
        parfor::linalg::det_stack(&s, Axis(2))
            .iter()
            .all(|d| d.to_bits() == 0)
    );
}

// -------------------------------------------------------- thread counts

/// Run by [`thread_count_in`] in a child process: prints the thread count a loop gets
/// (after `set_num_threads(PARFOR_TEST_SET)` when that is set) and runs one loop.
#[test]
#[ignore = "run by thread_count_in in a child process"]
fn child_prints_thread_count() {
    if let Some(n) = std::env::var_os("PARFOR_TEST_SET") {
        parfor::set_num_threads(n.to_str().unwrap().parse().unwrap());
    }
    let mut out = vec![0.0; 1000];
    fill_to(1000, &mut out);
    println!("threads={}", parfor::get_num_threads());
}

/// The thread count and stderr of a child process with the environment `env`.
fn thread_count_in(env: &[(&str, &str)]) -> (usize, String) {
    let mut cmd = std::process::Command::new(std::env::current_exe().unwrap());
    cmd.args([
        "--ignored",
        "--exact",
        "child_prints_thread_count",
        "--nocapture",
    ])
    .env_remove("PARFOR_NUM_THREADS")
    .env_remove("RAYON_NUM_THREADS");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{out:?}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    let n = stdout
        .lines()
        .find_map(|l| l.strip_prefix("threads="))
        .unwrap_or_else(|| panic!("no count in {stdout}"))
        .parse()
        .unwrap();
    (n, String::from_utf8(out.stderr).unwrap())
}

#[test]
fn invalid_thread_counts_in_the_environment_are_named_and_ignored() {
    let cores = std::thread::available_parallelism().unwrap().get();
    let (n, err) = thread_count_in(&[]);
    assert_eq!((n, err.contains("parfor:")), (cores, false), "{err}");
    for bad in ["0", "-1", "abc", ""] {
        let (n, err) = thread_count_in(&[("PARFOR_NUM_THREADS", bad)]);
        assert_eq!(n, cores, "PARFOR_NUM_THREADS={bad:?}");
        let want = format!(
            "parfor: ignoring PARFOR_NUM_THREADS={bad:?}: not a positive integer; using {cores} threads"
        );
        assert_eq!(err.matches(&want).count(), 1, "{err}");
    }
    // An invalid PARFOR_NUM_THREADS falls back to a valid RAYON_NUM_THREADS.
    let (n, err) = thread_count_in(&[("PARFOR_NUM_THREADS", "x"), ("RAYON_NUM_THREADS", "3")]);
    assert_eq!(n, 3);
    assert!(err.contains("using 3 threads"), "{err}");
    let (n, _) = thread_count_in(&[("PARFOR_NUM_THREADS", " 2 ")]);
    assert_eq!(n, 2);
}

#[test]
fn thread_counts_far_beyond_the_cores_are_capped_with_a_warning() {
    let max = parfor::max_threads();
    assert!(max >= 64);
    let (n, err) = thread_count_in(&[("PARFOR_NUM_THREADS", "100000")]);
    assert_eq!(n, max);
    assert_eq!(
        err.matches("PARFOR_NUM_THREADS asks for 100000 threads; using")
            .count(),
        1
    );
    let (n, err) = thread_count_in(&[("PARFOR_TEST_SET", &usize::MAX.to_string())]);
    assert_eq!(n, max);
    assert!(err.contains("set_num_threads asks for"), "{err}");
    // A count under the cap is used as given.
    let (n, err) = thread_count_in(&[("PARFOR_NUM_THREADS", "40")]);
    assert_eq!((n, err.contains("parfor:")), (40, false), "{err}");
    assert_eq!(
        parfor::with_num_threads(usize::MAX, parfor::get_num_threads),
        max
    );
}
