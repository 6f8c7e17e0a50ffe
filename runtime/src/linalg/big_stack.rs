//! A helper thread with a large stack, for the LAPACK calls OpenBLAS runs threaded.
//!
//! OpenBLAS 0.3.21's threaded LU (`getrf_parallel`, behind `?getrf` and `?gesv`) keeps an
//! array of 64 job records, 512 KiB, in each of its recursion levels: about 2.5 MiB of
//! the caller's stack. Rust gives spawned threads 2 MiB (test threads and rayon's workers
//! included), so such a call from one of them dies of a segmentation fault. Which calls
//! go threaded, measured on Debian's 0.3.21 with two threads:
//!
//! - `?getrf` from `n² >= 10⁴` (`f64`) or `n² >= 4·10⁴` (`f32`), as its source says;
//! - `?gesv` for every `n`: this version has no size threshold there.
//!
//! Those calls (and only those: never while BLAS is single-threaded, so never inside a
//! parallel loop) are handed to one long-lived thread with a 16 MiB stack and awaited:
//! a hand-over costs a few microseconds, far less than spawning a thread per call, and
//! OpenBLAS runs concurrent threaded calls one at a time anyway.

use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::OnceLock;
use std::sync::mpsc::{Sender, channel, sync_channel};

use crate::ffi;

type Job = Box<dyn FnOnce() + Send>;

static HELPER: OnceLock<Sender<Job>> = OnceLock::new();

/// Whether OpenBLAS runs `?getrf` on an `n × n` matrix of `elem_size`-byte elements
/// threaded (when it has more than one thread).
pub(crate) fn getrf_threads(n: usize, elem_size: usize) -> bool {
    n * n >= if elem_size == 4 { 40_000 } else { 10_000 }
}

/// Runs `f`, a LAPACK call that OpenBLAS runs threaded when `threaded` and it has more
/// than one thread, where its stack use is safe: on this thread when OpenBLAS is
/// single-threaded or `!threaded`, else on the helper thread. OpenBLAS's thread count
/// cannot change between that choice and the end of `f` (it is held, see
/// `ffi::holding_thread_count`). A panic in `f` resumes here.
pub(crate) fn run<R: Send + 'static>(threaded: bool, f: impl FnOnce() -> R + Send + 'static) -> R {
    ffi::holding_thread_count(|blas_threads| {
        if !threaded || blas_threads == 1 {
            return f();
        }
        let helper = HELPER.get_or_init(|| {
            let (jobs, inbox) = channel::<Job>();
            std::thread::Builder::new()
                .name("parfor-lapack".into())
                .stack_size(16 << 20)
                .spawn(move || inbox.into_iter().for_each(|job| job()))
                .expect("parfor: cannot start the LAPACK helper thread");
            jobs
        });
        let (reply, answer) = sync_channel(1);
        let job: Job = Box::new(move || {
            // The receiver waits below, so the send cannot fail.
            let _ = reply.send(catch_unwind(AssertUnwindSafe(f)));
        });
        helper
            .send(job)
            .expect("parfor: the LAPACK helper thread has stopped");
        match answer
            .recv()
            .expect("parfor: the LAPACK helper thread has stopped")
        {
            Ok(r) => r,
            Err(panic) => resume_unwind(panic),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds() {
        assert!(!getrf_threads(99, 8) && getrf_threads(100, 8));
        assert!(!getrf_threads(199, 4) && getrf_threads(200, 4));
    }

    #[test]
    fn answers_and_panics_come_back() {
        // Whatever OpenBLAS's thread count, both paths give the closure's result.
        assert_eq!(run(true, || 6 * 7), 42);
        assert_eq!(run(false, || "inline"), "inline");
        let caught = std::panic::catch_unwind(|| run(true, || -> u8 { panic!("in a job") }));
        assert!(caught.is_err());
        assert_eq!(run(true, || 1), 1, "the helper survives a panicking job");
    }
}
