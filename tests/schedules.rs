//! `#[parallel(schedule = ..)]` and `PARFOR_SCHEDULE` (issue 19): every schedule, with
//! and without `chunk`, gives the sequential loop's results at every thread count, and
//! reductions are bitwise the same under all of them.
#![allow(clippy::needless_range_loop)]

mod common;

use common::{THREADS, same, same_bits, spin, vec_f64, worker};
use parfor::prelude::*;

/// One function per schedule and chunk option: `out[i]` from a body whose cost grows
/// with `i` (a triangular loop), and a float sum of the same values.
macro_rules! uneven {
    ($name:ident, $($opt:tt)*) => {
        #[parallel($($opt)*)]
        fn $name(x: &[f64], out: &mut [f64]) -> f64 {
            let mut total = 0.0;
            for i in prange(x.len()) {
                let mut s = 0.0;
                for j in 0..=i {
                    s += x[j] * (j % 7) as f64;
                }
                out[i] = s;
                total += s;
            }
            total
        }
    };
}
uneven!(adaptive,);
uneven!(adaptive_named, schedule = adaptive);
uneven!(static_blocks, schedule = static);
uneven!(static_3, schedule = static, chunk = 3);
uneven!(static_threads, schedule = "static", threads = 3);
uneven!(dynamic, schedule = dynamic);
uneven!(dynamic_1, schedule = dynamic, chunk = 1);
uneven!(guided, schedule = guided);
uneven!(guided_5, schedule = guided, chunk = 5);

type Uneven = fn(&[f64], &mut [f64]) -> f64;

const EVERY: [(&str, Uneven); 9] = [
    ("adaptive", adaptive),
    ("adaptive named", adaptive_named),
    ("static", static_blocks),
    ("static, chunk = 3", static_3),
    ("static, threads = 3", static_threads),
    ("dynamic", dynamic),
    ("dynamic, chunk = 1", dynamic_1),
    ("guided", guided),
    ("guided, chunk = 5", guided_5),
];

#[test]
fn every_schedule_gives_the_sequential_outputs() {
    let x = vec_f64(3_000, 21);
    let mut want = vec![0.0; x.len()];
    for i in 0..x.len() {
        want[i] = (0..=i).map(|j| x[j] * (j % 7) as f64).sum();
    }
    for (name, f) in EVERY {
        same(name, &want, || {
            let mut out = vec![0.0; x.len()];
            f(&x, &mut out);
            out
        });
    }
}

#[test]
fn reductions_are_bitwise_the_same_under_every_schedule_and_thread_count() {
    let x = vec_f64(3_000, 22);
    // The leaf boundaries depend on the trip count and `chunk` only, so the sums of
    // loops with the same `chunk` option are the same bits.
    let by_chunk = |f: Uneven| common::each_thread_count(|_| f(&x, &mut vec![0.0; x.len()]));
    let default: Vec<f64> = [
        adaptive,
        adaptive_named,
        static_blocks,
        static_threads,
        dynamic,
        guided,
    ]
    .into_iter()
    .flat_map(by_chunk)
    .collect();
    assert!(
        same_bits(&default, &vec![default[0]; default.len()]),
        "{default:?}"
    );
    for f in [static_3, dynamic_1, guided_5] {
        let sums = by_chunk(f);
        assert!(same_bits(&sums, &vec![sums[0]; sums.len()]), "{sums:?}");
    }
}

/// Which thread ran each leaf of 1 iteration: the caller (`usize::MAX`) or a worker.
#[parallel(schedule = static, chunk = 1)]
fn who_static(ran: &mut [usize]) {
    for i in prange(ran.len()) {
        spin(200);
        ran[i] = worker();
    }
}

/// The same loop without a schedule: under `PARFOR_SCHEDULE=static` (see
/// [`environment_sets_the_schedule_of_loops_that_name_none`]) it deals as `who_static`.
#[parallel(chunk = 1)]
fn who_default(ran: &mut [usize]) {
    for i in prange(ran.len()) {
        spin(200);
        ran[i] = worker();
    }
}

/// Whether `ran` shows leaves dealt round-robin over `threads`: leaf `k` on the caller
/// when `k % threads == 0`, on a worker otherwise, the same worker every `threads`.
fn dealt_round_robin(ran: &[usize], threads: usize) -> bool {
    ran.iter().enumerate().all(|(k, &w)| {
        let on_caller = w == usize::MAX;
        on_caller == (k % threads == 0) && (k < threads || w == ran[k - threads])
    })
}

#[test]
fn static_with_chunk_deals_leaves_round_robin() {
    for t in THREADS.into_iter().filter(|&t| t > 1) {
        let mut ran = vec![0; 8 * t];
        parfor::with_num_threads(t, || who_static(&mut ran));
        assert!(dealt_round_robin(&ran, t), "{t} threads: {ran:?}");
    }
}

/// Run by [`environment_sets_the_schedule_of_loops_that_name_none`] in a child process.
#[test]
#[ignore = "run in a child process with PARFOR_SCHEDULE set"]
fn child_deals_by_the_environment() {
    let mut ran = vec![0; 24];
    parfor::with_num_threads(3, || who_default(&mut ran));
    println!("round-robin={}", dealt_round_robin(&ran, 3));
}

/// Whether a child process with `PARFOR_SCHEDULE=value` dealt round-robin, and its
/// stderr.
fn dealt_in_child(value: &str) -> (bool, String) {
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--ignored",
            "--exact",
            "child_deals_by_the_environment",
            "--nocapture",
        ])
        .env("PARFOR_SCHEDULE", value)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    let dealt = stdout
        .lines()
        .find_map(|l| l.strip_prefix("round-robin="))
        .unwrap_or_else(|| panic!("no verdict in {stdout}"))
        == "true";
    (dealt, String::from_utf8(out.stderr).unwrap())
}

#[test]
fn environment_sets_the_schedule_of_loops_that_name_none() {
    let (dealt, err) = dealt_in_child(" Static ");
    assert!(dealt && !err.contains("parfor:"), "{err}");
    // (Other schedules may happen to deal the same way, so only the warning is checked.)
    let (_, err) = dealt_in_child("sometimes");
    assert!(
        err.contains("parfor: ignoring PARFOR_SCHEDULE=\"sometimes\""),
        "{err}"
    );
}
