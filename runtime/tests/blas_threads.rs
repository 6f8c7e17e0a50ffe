//! BLAS thread control: the count inside and after parallel regions, nested, concurrent,
//! unwinding, and with the rule turned off.
//!
//! OpenBLAS's thread count is global to the process, so the tests of this binary take a
//! lock and run one at a time.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Barrier, Mutex, MutexGuard};

use ndarray::Array2;
use parfor_runtime::blas::{
    enter_parallel_region, get_num_threads, set_num_threads, set_single_threaded_in_loops,
    single_threaded_in_loops,
};
use parfor_runtime::linalg::matmul;
use rayon::prelude::*;

static SERIAL: Mutex<()> = Mutex::new(());

fn serial() -> MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|e| e.into_inner())
}

#[test]
fn set_and_get_round_trip() {
    let _s = serial();
    for n in [1, 3, 2] {
        set_num_threads(n);
        assert_eq!(get_num_threads(), n);
    }
}

#[test]
#[should_panic(expected = "blas::set_num_threads: the thread count must be at least 1, got 0")]
fn zero_threads_is_refused() {
    let _s = serial();
    set_num_threads(0);
}

#[test]
fn a_region_is_single_threaded_and_restores_the_count() {
    let _s = serial();
    set_num_threads(3);
    {
        let _region = enter_parallel_region();
        assert_eq!(get_num_threads(), 1);
        {
            let _nested = enter_parallel_region();
            assert_eq!(get_num_threads(), 1);
        }
        assert_eq!(get_num_threads(), 1, "the outer region is still running");
    }
    assert_eq!(get_num_threads(), 3);
}

/// A parallel loop as the scheduler runs one: a guard around rayon work whose body calls
/// BLAS.
#[test]
fn inside_a_parallel_loop_and_after_it() {
    let _s = serial();
    set_num_threads(2);
    let a = Array2::<f64>::eye(64);
    let seen: Vec<usize> = {
        let _region = enter_parallel_region();
        (0..32)
            .into_par_iter()
            .map(|_| {
                std::hint::black_box(matmul(&a, &a));
                get_num_threads()
            })
            .collect()
    };
    assert!(seen.iter().all(|&n| n == 1), "{seen:?}");
    assert_eq!(get_num_threads(), 2);
}

#[test]
fn a_panicking_loop_body_still_restores_the_count() {
    let _s = serial();
    set_num_threads(3);
    let result = catch_unwind(AssertUnwindSafe(|| {
        let _region = enter_parallel_region();
        (0..16).into_par_iter().for_each(|i| {
            assert_eq!(get_num_threads(), 1);
            if i == 7 {
                panic!("loop body panics");
            }
        });
    }));
    assert!(result.is_err());
    assert_eq!(get_num_threads(), 3);
    // And a region works normally afterwards.
    {
        let _region = enter_parallel_region();
        assert_eq!(get_num_threads(), 1);
    }
    assert_eq!(get_num_threads(), 3);
}

#[test]
fn concurrent_regions_on_several_threads_share_one_single_threaded_period() {
    let _s = serial();
    set_num_threads(2);
    for _ in 0..20 {
        let entered = Barrier::new(4);
        let checked = Barrier::new(4);
        std::thread::scope(|scope| {
            for t in 0..4 {
                let (entered, checked) = (&entered, &checked);
                scope.spawn(move || {
                    let region = enter_parallel_region();
                    entered.wait();
                    assert_eq!(get_num_threads(), 1);
                    checked.wait();
                    // Leave in a staggered order: the count comes back only at the end.
                    if t % 2 == 0 {
                        drop(region);
                    } else {
                        std::thread::yield_now();
                        drop(region);
                    }
                });
            }
        });
        assert_eq!(get_num_threads(), 2);
    }
    // Overlapping but not simultaneous regions, with guards dropped on other threads.
    let guards: Vec<_> = (0..8).map(|_| enter_parallel_region()).collect();
    std::thread::scope(|scope| {
        for g in guards {
            scope.spawn(move || drop(g));
        }
    });
    assert_eq!(get_num_threads(), 2);
}

#[test]
fn a_count_set_inside_a_region_applies_after_it() {
    let _s = serial();
    set_num_threads(2);
    {
        let _region = enter_parallel_region();
        set_num_threads(3);
        assert_eq!(get_num_threads(), 1);
    }
    assert_eq!(get_num_threads(), 3);
}

#[test]
fn the_rule_can_be_turned_off() {
    let _s = serial();
    set_num_threads(2);
    assert!(single_threaded_in_loops());
    set_single_threaded_in_loops(false);
    {
        let _region = enter_parallel_region();
        assert_eq!(get_num_threads(), 2);
        set_num_threads(3); // applies at once: no region is pinning BLAS
        assert_eq!(get_num_threads(), 3);
    }
    assert_eq!(get_num_threads(), 3);
    // A region entered while the rule was on keeps its effect if the rule is turned off.
    set_single_threaded_in_loops(true);
    let region = enter_parallel_region();
    set_single_threaded_in_loops(false);
    assert_eq!(get_num_threads(), 1);
    drop(region);
    assert_eq!(get_num_threads(), 3);
    set_single_threaded_in_loops(true);
}

/// OpenBLAS 0.3.21's threaded LU needs ~2.5 MiB of stack (`getrf` from n = 100, `gesv`
/// at every size); threads with less (Rust's default for spawned threads is 2 MiB) must
/// still get correct LAPACK results.
#[test]
fn lapack_calls_work_on_threads_with_small_stacks() {
    use parfor_runtime::linalg::{Backend, det_with, inv_with, solve_with};
    let _s = serial();
    set_num_threads(2);
    for n in [60, 300] {
        let a = Array2::from_shape_fn((n, n), |(i, j)| {
            if i == j {
                2.0
            } else {
                1.0 / (1.0 + (i + 2 * j) as f64)
            }
        });
        let b = Array2::<f64>::eye(n);
        let run = |stack: usize| {
            let (a, b) = (a.clone(), b.clone());
            std::thread::Builder::new()
                .stack_size(stack)
                .spawn(move || {
                    (
                        det_with(&a, Backend::Lapack),
                        solve_with(&a, &b, Backend::Lapack).unwrap(),
                        inv_with(&a.mapv(|x| x as f32), Backend::Lapack).unwrap(),
                    )
                })
                .unwrap()
                .join()
                .unwrap()
        };
        let want = run(64 << 20);
        let got = run(512 << 10);
        assert!((got.0 - want.0).abs() <= 1e-10 * want.0.abs(), "n = {n}");
        assert!(
            (&got.1 - &want.1).iter().all(|e| e.abs() < 1e-12),
            "n = {n}"
        );
        assert!((&got.2 - &want.2).iter().all(|e| e.abs() < 1e-5), "n = {n}");
    }
}

/// Loops starting and ending on one thread (each pins BLAS to one thread, then restores
/// the count) while another thread, with a small stack, runs LAPACK calls that go
/// threaded above one thread: the count must not change between a call's choice of
/// stack and its end, nor while its worker threads run. This crashed with a segmentation
/// fault before the count was held across each call.
#[test]
fn lapack_calls_beside_loops_that_start_and_end() {
    use parfor_runtime::linalg::{Backend, det_with};
    use std::sync::atomic::{AtomicBool, Ordering};
    let _s = serial();
    set_num_threads(2);
    let n = 300;
    let a = Array2::from_shape_fn((n, n), |(i, j)| {
        if i == j {
            2.0
        } else {
            1.0 / (1.0 + (i + 2 * j) as f64)
        }
    });
    let want = det_with(&a, Backend::Lapack);
    let done = AtomicBool::new(false);
    std::thread::scope(|s| {
        s.spawn(|| {
            while !done.load(Ordering::Relaxed) {
                let _region = enter_parallel_region();
                std::hint::spin_loop();
            }
        });
        let dets = std::thread::Builder::new()
            .stack_size(512 << 10)
            .spawn_scoped(s, || {
                let got: Vec<f64> = (0..40).map(|_| det_with(&a, Backend::Lapack)).collect();
                done.store(true, Ordering::Relaxed);
                got
            })
            .unwrap();
        for got in dets.join().unwrap() {
            assert!((got - want).abs() <= 1e-10 * want.abs(), "{got} vs {want}");
        }
    });
    assert_eq!(get_num_threads(), 2);
}
