//! BLAS threads and `#[parallel]` loops (issue 4, section 5): while a loop runs on the
//! pool, BLAS calls in its body see one BLAS thread; after the loop, and after a loop
//! whose body panicked, the count the user set is back. Its own test binary, because
//! the BLAS thread count is process-wide.

mod common;

use std::panic::{AssertUnwindSafe, catch_unwind};

use common::spin;
use parfor::prelude::*;

/// Records the BLAS thread count each iteration sees; panics at iteration `fail_at`.
#[parallel(chunk = 1)]
fn blas_threads_seen(seen: &mut [usize], fail_at: usize) {
    for i in prange(seen.len()) {
        spin(30);
        assert!(i != fail_at, "iteration {i} fails");
        seen[i] = parfor::blas::get_num_threads();
    }
}

#[test]
fn blas_is_single_threaded_inside_parallel_loops_and_restored_after() {
    parfor::blas::set_num_threads(2);
    parfor::with_num_threads(2, || {
        // The first call times its first chunk on this thread before it knows the loop
        // is worth the pool: that chunk sees one BLAS thread too.
        for call in ["first", "second"] {
            let mut seen = vec![0; 64];
            blas_threads_seen(&mut seen, usize::MAX);
            assert!(
                seen.iter().all(|&t| t == 1),
                "BLAS threads seen in the loop's {call} call: {seen:?}"
            );
        }
        assert_eq!(
            parfor::blas::get_num_threads(),
            2,
            "restored after the loop"
        );

        let mut seen = vec![0; 64];
        let failed = catch_unwind(AssertUnwindSafe(|| blas_threads_seen(&mut seen, 40)));
        assert!(failed.is_err(), "the panic reaches the caller");
        assert_eq!(parfor::blas::get_num_threads(), 2, "restored after a panic");
    });
}
