//! Thread control (issue 2, section 4): `with_num_threads` is scoped to the calling
//! thread and restored after a panic; `set_num_threads` / `get_num_threads`; loops
//! called inside a rayon pool use that pool; the environment (`PARFOR_NUM_THREADS`, then
//! `RAYON_NUM_THREADS`), checked in child processes of this test binary; and the
//! panics for zero threads or a zero chunk.

mod common;

use std::collections::BTreeSet;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::process::Command;

use common::{spin, worker};
use parfor::prelude::*;

/// Records which rayon worker ran each iteration (`usize::MAX`: the calling thread).
#[parallel(chunk = 1)]
fn who_runs(who: &mut [usize]) {
    for i in prange(who.len()) {
        spin(30);
        who[i] = worker();
    }
}

/// The pool workers that ran `who_runs` over `n` iterations.
fn workers(n: usize) -> BTreeSet<usize> {
    let mut who = vec![0; n];
    who_runs(&mut who);
    who.into_iter().filter(|&w| w != usize::MAX).collect()
}

#[test]
fn with_num_threads_is_scoped_nested_and_restored() {
    // (`set_num_threads_sets_the_default` may change the process-wide default while
    // this runs, so everything here is measured against scoped settings.)
    parfor::with_num_threads(2, || {
        parfor::with_num_threads(7, || {
            assert_eq!(parfor::get_num_threads(), 7);
            parfor::with_num_threads(5, || assert_eq!(parfor::get_num_threads(), 5));
            assert_eq!(parfor::get_num_threads(), 7);
            // Another thread does not see this thread's setting.
            let there = std::thread::spawn(parfor::get_num_threads).join().unwrap();
            assert_ne!(there, 7);
            assert!(workers(32).iter().all(|&w| w < 7));
            let r = catch_unwind(|| parfor::with_num_threads(6, || panic!("inside")));
            assert!(r.is_err());
            assert_eq!(parfor::get_num_threads(), 7, "restored after a panic");
        });
        assert_eq!(parfor::get_num_threads(), 2);
    });
}

#[test]
fn loops_inside_a_rayon_pool_use_that_pool() {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .unwrap();
    let (n, seen) = pool.install(|| (parfor::get_num_threads(), workers(32)));
    assert_eq!(n, 2);
    assert!(seen.iter().all(|&w| w < 2), "{seen:?}");
    // An explicit `with_num_threads` wins over the surrounding pool.
    assert_eq!(
        pool.install(|| parfor::with_num_threads(4, parfor::get_num_threads)),
        4
    );
}

#[test]
fn set_num_threads_sets_the_default() {
    // Only this test in this binary reads the default without `with_num_threads`.
    parfor::set_num_threads(3);
    assert_eq!(parfor::get_num_threads(), 3);
    assert!(workers(32).iter().all(|&w| w < 3));
    parfor::with_num_threads(2, || assert_eq!(parfor::get_num_threads(), 2));
    parfor::set_num_threads(1);
    assert_eq!(parfor::get_num_threads(), 1);
    assert!(workers(8).is_empty(), "one thread runs inline");
}

#[parallel(threads = n)]
fn with_threads_option(out: &mut [f64], n: usize) {
    for i in prange(out.len()) {
        out[i] = i as f64;
    }
}

#[parallel(chunk = c)]
fn with_chunk_option(out: &mut [f64], c: usize) {
    for i in prange(out.len()) {
        out[i] = i as f64;
    }
}

fn panic_message(f: impl FnOnce()) -> String {
    let err = catch_unwind(AssertUnwindSafe(f)).expect_err("expected a panic");
    err.downcast_ref::<String>()
        .cloned()
        .or_else(|| err.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default()
}

#[test]
fn zero_threads_or_zero_chunk_panic_with_a_message() {
    let mut out = vec![0.0; 10];
    let msg = panic_message(|| with_threads_option(&mut out, 0));
    assert!(msg.contains("threads = 0"), "{msg}");
    let msg = panic_message(|| with_chunk_option(&mut out, 0));
    assert!(msg.contains("chunk = 0"), "{msg}");
    let msg = panic_message(|| parfor::with_num_threads(0, || ()));
    assert!(msg.starts_with("parfor:"), "{msg}");
    let msg = panic_message(|| parfor::set_num_threads(0));
    assert!(msg.starts_with("parfor:"), "{msg}");
    // Nothing ran, and the options work with sensible values.
    assert_eq!(out, vec![0.0; 10]);
    with_threads_option(&mut out, 3);
    with_chunk_option(&mut out, 3);
    assert_eq!(out, (0..10).map(f64::from).collect::<Vec<_>>());
}

/// Runs `child_reports_thread_count` in a child process with the given environment and
/// returns the count it printed.
fn count_in_child(env: &[(&str, &str)]) -> usize {
    let mut cmd = Command::new(std::env::current_exe().unwrap());
    cmd.args([
        "child_reports_thread_count",
        "--exact",
        "--ignored",
        "--nocapture",
    ])
    .env_remove("PARFOR_NUM_THREADS")
    .env_remove("RAYON_NUM_THREADS")
    .env("PARFOR_TEST_CHILD", "1");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run the test binary");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "child failed: {stdout}");
    stdout
        .lines()
        .find_map(|l| l.strip_prefix("THREADS="))
        .unwrap_or_else(|| panic!("no count in: {stdout}"))
        .trim()
        .parse()
        .unwrap()
}

#[test]
fn environment_sets_the_thread_count() {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    assert_eq!(count_in_child(&[("PARFOR_NUM_THREADS", "3")]), 3);
    assert_eq!(count_in_child(&[("RAYON_NUM_THREADS", "5")]), 5);
    assert_eq!(
        count_in_child(&[("PARFOR_NUM_THREADS", "3"), ("RAYON_NUM_THREADS", "5")]),
        3
    );
    assert_eq!(
        count_in_child(&[("PARFOR_NUM_THREADS", "0"), ("RAYON_NUM_THREADS", "5")]),
        5,
        "an unusable PARFOR_NUM_THREADS falls through to RAYON_NUM_THREADS"
    );
    assert_eq!(count_in_child(&[("PARFOR_NUM_THREADS", "many")]), cores);
    assert_eq!(count_in_child(&[]), cores);
}

/// Not a test on its own: the child half of `environment_sets_the_thread_count`.
#[test]
#[ignore = "run by environment_sets_the_thread_count in a child process"]
fn child_reports_thread_count() {
    if std::env::var_os("PARFOR_TEST_CHILD").is_none() {
        return;
    }
    let n = parfor::get_num_threads();
    let seen = workers(24);
    assert!(seen.iter().all(|&w| w < n), "{n} threads, workers {seen:?}");
    println!("THREADS={n}");
}
