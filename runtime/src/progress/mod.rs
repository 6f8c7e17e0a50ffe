//! The progress bar of `#[parallel(progress)]` loops.
//!
//! A loop that asks for one calls [`Progress::start`] before its first chunk, has each
//! worker call [`Progress::advance`] when it finishes a chunk (a run of consecutive
//! iterations: for `#[parallel(progress)]`, each leaf, the fixed-size chunks a loop is
//! cut into, about 1/1024 of it by default), and drops the [`Progress`] when the loop
//! ends, normally or by a panic.
//!
//! The bar, on stderr, appears only once the loop has run for half a second, so quick
//! loops never flash one. It shows the loop's label, the time elapsed, the position out
//! of the total, the percentage and the time left, is redrawn at most 10 times a second,
//! and is cleared when the loop ends: the program's next output starts on a clean line.
//! A panic's message is printed on a line of its own, never cut by the bar. One bar is
//! shown at a time: a loop whose bar would appear while another loop's is shown (called
//! from that loop's body, or on another thread) runs on without one.
//!
//! Whether bars are shown is decided once per process: when stderr is a terminal (and
//! `TERM` is not `dumb`), unless the environment says otherwise with
//! `PARFOR_PROGRESS=1` (always, escape codes and all, e.g. for a CI log that renders
//! them) or `PARFOR_PROGRESS=0` (never). Other values are ignored with a warning.
//!
//! # Cost
//!
//! [`advance`](Progress::advance) adds to a count on cache lines of the calling
//! thread's own (an atomic load and store: no other thread writes there) and compares
//! it with the count at which to read the clock next: no lock, no allocation, no line
//! passed between cores. That count is planned from the loop's average rate to fall
//! halfway before the next redraw is due, so the clock is read a few times per redraw
//! rather than once per chunk. At a redraw, the first worker to claim it with a
//! compare-and-swap draws; the others go on. A loop that ends within half a second
//! never builds a bar: it pays for [`start`](Progress::start) (an allocation of 4 KiB)
//! and the calls of `advance` only. (Measurements: `benches/README.md`.)
//!
//! Private: `screen` (where a bar draws; the panic hook that keeps panic messages off
//! the bar's line), `mode` (`PARFOR_PROGRESS` and whether stderr is a terminal).
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use indicatif::{HumanDuration, ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};

mod mode;
mod screen;

pub(crate) use screen::Screen;

/// How long a loop runs before its bar appears.
const DELAY: Duration = Duration::from_millis(500);

/// The shortest time between two redraws: 10 a second is smooth to read and costs
/// next to nothing, also over a slow remote terminal.
const REDRAW_NS: u64 = 100_000_000;

/// One loop's progress report: the count of iterations done, and the bar on stderr once
/// the loop has run long enough.
///
/// Shared by reference among the loop's workers (it is `Sync`); dropping it clears the
/// bar, also while a panic unwinds.
///
/// # Examples
///
/// ```
/// use parfor_runtime::progress::Progress;
///
/// // `None` here: doctests' stderr is not a terminal.
/// let progress = Progress::start(1_000, "example.rs:4");
/// for _chunk in 0..10 {
///     // ... 100 iterations ...
///     if let Some(progress) = &progress {
///         progress.advance(100);
///     }
/// }
/// drop(progress); // clears the bar, if one was shown
/// ```
#[derive(Debug)]
pub struct Progress {
    total: usize,
    label: &'static str,
    /// Iterations finished so far, each thread counting in its slot.
    slots: Box<[Slot; SLOTS]>,
    started: Instant,
    /// Nanoseconds after `started` from which the next check redraws (the first one
    /// creates the bar): the delay at first, then 100 ms after each redraw.
    next_draw: AtomicU64,
    /// Where the bar draws; `None`: nowhere (it is still built and updated).
    screen: Option<Screen>,
    /// The bar, once the loop has run past the delay.
    bar: OnceLock<Bar>,
}

/// A report's bar, and whether it draws on the report's screen: not while another bar
/// is shown there (it is hidden then, for the rest of its loop).
#[derive(Debug)]
struct Bar {
    bar: ProgressBar,
    on_screen: bool,
}

impl Progress {
    /// Starts the report of a loop of `total_iterations`, labelled `label` on the bar
    /// (the loop's `file:line`, say; `""` for none).
    ///
    /// `None` when progress bars are off for this process: stderr is not a terminal
    /// (or `TERM=dumb`) and `PARFOR_PROGRESS` is unset, or `PARFOR_PROGRESS=0`.
    /// Nothing is drawn before the loop has run half a second.
    pub fn start(total_iterations: usize, label: &'static str) -> Option<Progress> {
        started(total_iterations, label)
    }

    /// A report drawing on `screen` (nowhere when `None`) once `delay` has passed: what
    /// [`start`](Self::start) builds, and what this crate's tests build.
    pub(crate) fn new(
        total: usize,
        label: &'static str,
        delay: Duration,
        screen: Option<Screen>,
    ) -> Progress {
        Progress {
            total,
            label,
            slots: Box::default(),
            started: Instant::now(),
            next_draw: AtomicU64::new(nanos(delay)),
            screen,
            bar: OnceLock::new(),
        }
    }

    /// Records that a chunk of `iterations` finished; called from any worker thread.
    ///
    /// Cheap: a store to the calling thread's own slot (an atomic add for threads beyond
    /// the 31st alive) and a comparison. The clock is read a few times per redraw (at
    /// most 10 a second, from half a second into the loop), not per call.
    pub fn advance(&self, iterations: usize) {
        let index = slot_index();
        let slot = &self.slots[index];
        // Counted as `done` is, so that the count costs the overhead test nothing.
        #[cfg(test)]
        if index == SHARED {
            slot.advances.fetch_add(1, Ordering::Relaxed);
        } else {
            let advances = slot.advances.load(Ordering::Relaxed);
            slot.advances.store(advances + 1, Ordering::Relaxed);
        }
        let done = if index == SHARED {
            (slot.done.fetch_add(iterations, Ordering::Relaxed)).saturating_add(iterations)
        } else {
            // This thread alone writes this slot: no locked read-modify-write (about 9
            // of the 11 ns an `advance` took with one).
            let done = slot.done.load(Ordering::Relaxed).saturating_add(iterations);
            slot.done.store(done, Ordering::Relaxed);
            done
        };
        if done < slot.check_at.load(Ordering::Relaxed) {
            return;
        }
        self.check(slot, done);
    }

    /// Reads the clock at `done` iterations in `slot`: redraws if a redraw is due, and
    /// plans the slot's next check.
    #[cold]
    fn check(&self, slot: &Slot, done: usize) {
        let now = nanos(self.started.elapsed());
        let due = self.next_draw.load(Ordering::Relaxed);
        // One thread per redraw draws; the others go back to work at once.
        if now >= due
            && (self.next_draw)
                .compare_exchange(
                    due,
                    now.saturating_add(REDRAW_NS),
                    Ordering::Relaxed,
                    Ordering::Relaxed,
                )
                .is_ok()
        {
            self.redraw();
        }
        let next_draw = self.next_draw.load(Ordering::Relaxed);
        // Threads sharing a slot store nearly the same plan; whichever lands is fine.
        (slot.check_at).store(next_check(done, now, next_draw), Ordering::Relaxed);
    }

    /// Iterations finished so far, by all threads.
    fn done(&self) -> usize {
        (self.slots.iter())
            .map(|slot| slot.done.load(Ordering::Relaxed))
            .fold(0, usize::saturating_add)
    }

    /// Draws the bar at the current count, creating it on the first call; skipped
    /// while a panic message is printed on the bar's screen.
    #[cold]
    fn redraw(&self) {
        let draw = || {
            let bar = self.bar.get_or_init(|| self.create());
            bar.bar.set_position(self.done() as u64);
        };
        match (&self.screen, self.bar.get()) {
            (
                _,
                Some(Bar {
                    on_screen: false, ..
                }),
            )
            | (None, _) => draw(),
            (Some(screen), _) => {
                screen.frame(draw);
            }
        }
    }

    fn create(&self) -> Bar {
        let target = self.screen.as_ref().and_then(Screen::target);
        let on_screen = target.is_some();
        let target = target.unwrap_or_else(ProgressDrawTarget::hidden);
        let bar = ProgressBar::with_draw_target(Some(self.total as u64), target)
            .with_style(style(!self.label.is_empty()))
            .with_message(self.label)
            // The bar counts from the loop's start, not from its own.
            .with_elapsed(self.started.elapsed());
        Bar { bar, on_screen }
    }

    /// Iterations finished so far.
    #[cfg(test)]
    pub(crate) fn position(&self) -> usize {
        self.done()
    }

    /// Whether the bar exists (the loop ran past the delay), drawn or hidden.
    #[cfg(test)]
    pub(crate) fn is_shown(&self) -> bool {
        self.bar.get().is_some()
    }
}

/// [`Progress::start`]: a report drawing on stderr after [`DELAY`] when bars are on.
#[cfg(not(test))]
fn started(total: usize, label: &'static str) -> Option<Progress> {
    mode::enabled().then(|| Progress::new(total, label, DELAY, Some(Screen::Stderr)))
}

/// The crate's own tests draw where [`hook::forced`] says, never on the terminal that
/// runs them.
#[cfg(test)]
use hook::start as started;

impl Drop for Progress {
    /// Clears the bar, if one was shown: on a normal end and while a panic unwinds.
    fn drop(&mut self) {
        #[cfg(test)]
        hook::ended(self);
        let Some(Bar { bar, on_screen }) = self.bar.get() else {
            return;
        };
        // Cleared rather than left at 100%: the bar is a view of the loop running, and
        // the program's next output should start on a clean line.
        bar.finish_and_clear();
        if let (Some(screen), true) = (&self.screen, on_screen) {
            screen.cleared();
        }
    }
}

/// The bar's look: `label [00:00:03] [=====>    ] 4200/10000 (42%, ETA 4s)`.
fn style(labelled: bool) -> ProgressStyle {
    let template = if labelled {
        "{msg} [{elapsed_precise}] [{wide_bar}] {pos}/{len} ({percent}%, ETA {eta})"
    } else {
        "[{elapsed_precise}] [{wide_bar}] {pos}/{len} ({percent}%, ETA {eta})"
    };
    ProgressStyle::with_template(template)
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ")
        .with_key(
            "eta",
            |state: &ProgressState, w: &mut dyn std::fmt::Write| {
                let left = eta(state.elapsed(), state.pos(), state.len().unwrap_or(0));
                let _ = match left {
                    Some(left) => write!(w, "{:#}", HumanDuration(left)),
                    None => w.write_str("?"),
                };
            },
        )
}

/// Time left at the loop's average rate so far; `None` before anything is done.
///
/// Replaces indicatif's estimator, which starts when the bar is created: half a second
/// into the loop, it would count all the iterations done by then as done in its first
/// 100 ms, and promise an end far too early for a while. The loop's own average is
/// right for the even iterations loops usually have.
fn eta(elapsed: Duration, done: u64, total: u64) -> Option<Duration> {
    if done == 0 {
        return None;
    }
    let ratio = total.saturating_sub(done) as f64 / done as f64;
    Duration::try_from_secs_f64(elapsed.as_secs_f64() * ratio).ok()
}

/// Slots in a [`Progress`]: one per thread, up to 31 threads alive at once, and the
/// shared slot for the others.
const SLOTS: usize = 32;

/// The slot of threads that hold none of their own, counted in with atomic adds.
const SHARED: usize = 0;

/// A share of a [`Progress`]'s count, on cache lines of its own (two: the prefetcher
/// pulls lines in pairs): workers finishing chunks at the same moment do not pass one
/// line between their cores, which costs a loop of nanosecond iterations in 1000
/// chunks over 10% on two cores.
#[derive(Debug, Default)]
#[repr(align(128))]
struct Slot {
    /// Iterations finished by the threads counting here.
    done: AtomicUsize,
    /// This slot's count from which `advance` reads the clock again: see [`next_check`].
    check_at: AtomicUsize,
    /// Calls of `advance` counted here: how often the loop reported.
    #[cfg(test)]
    advances: AtomicUsize,
}

/// Slots held by live threads, bit `i` for slot `i` (never [`SHARED`]'s).
static HELD: AtomicU32 = AtomicU32::new(1 << SHARED);
const _: () = assert!(SLOTS == u32::BITS as usize, "a bit of `HELD` per slot");

/// A thread's hold on a slot index, in all [`Progress`]es at once; released when the
/// thread exits.
struct Hold(usize);

impl Hold {
    /// The lowest free slot, or [`SHARED`] when all are held.
    fn claim() -> Hold {
        let mut held = HELD.load(Ordering::Acquire);
        while held != u32::MAX {
            let index = held.trailing_ones();
            // Acquire: this thread's first counts follow the last of the slot's
            // previous holder.
            match HELD.compare_exchange_weak(
                held,
                held | 1 << index,
                Ordering::Acquire,
                Ordering::Acquire,
            ) {
                Ok(_) => return Hold(index as usize),
                Err(now) => held = now,
            }
        }
        Hold(SHARED)
    }
}

impl Drop for Hold {
    fn drop(&mut self) {
        if self.0 != SHARED {
            // Release: the next holder's counts follow this thread's last.
            HELD.fetch_and(!(1 << self.0), Ordering::Release);
        }
    }
}

/// The calling thread's slot, claimed on its first `advance`.
fn slot_index() -> usize {
    thread_local! {
        static HOLD: Hold = Hold::claim();
    }
    // In a thread-local's destructor, after `HOLD`'s: the shared slot.
    HOLD.try_with(|hold| hold.0).unwrap_or(SHARED)
}

/// The count of a slot at which to read the clock again, after reading `now`
/// (nanoseconds into the loop) at `done` iterations counted there, with the next redraw
/// due at `next_draw`.
///
/// Halfway to the redraw at the slot's average rate so far, and no later than where the
/// count doubles: a clock read (about 45 ns in a VM) per chunk would cost a loop of
/// nanosecond iterations several percent; this is a few reads per redraw, and about
/// log2(total) more. The doubling bound catches a first chunk that finished far faster
/// than the rest; a loop that slows down sharply late is redrawn less often until its
/// average catches up.
fn next_check(done: usize, now: u64, next_draw: u64) -> usize {
    let until = u128::from(next_draw.saturating_sub(now));
    let at_rate = done as u128 * until / (2 * u128::from(now.max(1)));
    let step = usize::try_from(at_rate).unwrap_or(usize::MAX).min(done);
    done.saturating_add(step)
}

/// `d` in nanoseconds, saturated (a delay of `Duration::MAX`: never).
fn nanos(d: Duration) -> u64 {
    u64::try_from(d.as_nanos()).unwrap_or(u64::MAX)
}

/// The test hook: what [`Progress::start`] builds in the crate's own tests, and what
/// the reports it built ended with.
#[cfg(test)]
pub(crate) mod hook {
    use std::cell::RefCell;
    use std::sync::atomic::Ordering;
    use std::time::Duration;

    use super::{Progress, Screen};

    /// How a report started by [`forced`]'s closure ended: its state when dropped.
    #[derive(Clone, Debug, PartialEq, Eq)]
    pub(crate) struct Ended {
        pub(crate) label: &'static str,
        pub(crate) total: usize,
        /// Iterations counted.
        pub(crate) position: usize,
        /// Calls of `advance`.
        pub(crate) advances: usize,
        /// Whether the bar was built (the loop ran past the delay).
        pub(crate) shown: bool,
        /// Whether it was dropped while a panic unwound.
        pub(crate) panicking: bool,
    }

    struct Forced {
        screen: Option<super::Screen>,
        delay: Duration,
        ended: Vec<Ended>,
    }

    thread_local! {
        /// Set while [`forced`] runs on this thread.
        static FORCED: RefCell<Option<Forced>> = const { RefCell::new(None) };
    }

    /// Runs `f` with progress bars on for the reports it starts on this thread,
    /// drawing on `screen` (nowhere when `None`) after `delay`; returns what `f`
    /// returned (or its panic) and how each of those reports ended, in drop order.
    pub(crate) fn forced<R>(
        screen: Option<Screen>,
        delay: Duration,
        f: impl FnOnce() -> R,
    ) -> (std::thread::Result<R>, Vec<Ended>) {
        FORCED.set(Some(Forced {
            screen,
            delay,
            ended: Vec::new(),
        }));
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
        let ended = FORCED.take().map(|f| f.ended).unwrap_or_default();
        (result, ended)
    }

    /// [`Progress::start`] in tests: a report while [`forced`] runs, else `None`.
    pub(super) fn start(total: usize, label: &'static str) -> Option<Progress> {
        FORCED.with_borrow(|forced| {
            (forced.as_ref()).map(|f| Progress::new(total, label, f.delay, f.screen.clone()))
        })
    }

    /// Records how `progress` ended, if [`forced`] runs on this thread.
    pub(super) fn ended(progress: &Progress) {
        let _ = FORCED.try_with(|forced| {
            if let Some(forced) = forced.borrow_mut().as_mut() {
                forced.ended.push(Ended {
                    label: progress.label,
                    total: progress.total,
                    position: progress.done(),
                    advances: (progress.slots.iter())
                        .map(|slot| slot.advances.load(Ordering::Relaxed))
                        .sum(),
                    shown: progress.bar.get().is_some(),
                    panicking: std::thread::panicking(),
                });
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use indicatif::InMemoryTerm;

    /// A report drawing on a fresh 80-column in-memory terminal from the first chunk.
    fn on_memory(total: usize, label: &'static str) -> (Progress, InMemoryTerm) {
        let term = InMemoryTerm::new(4, 80);
        let progress = Progress::new(
            total,
            label,
            Duration::ZERO,
            Some(Screen::Memory(term.clone())),
        );
        (progress, term)
    }

    #[test]
    fn is_sync_and_send() {
        fn check<T: Sync + Send>() {}
        check::<Progress>();
    }

    #[test]
    fn advances_from_several_threads_sum_exactly() {
        // More threads alive at once than slots: some count in the shared one.
        const THREADS: usize = 40;
        let progress = Progress::new(THREADS * 30_000, "", Duration::ZERO, None);
        let all_alive = std::sync::Barrier::new(THREADS);
        std::thread::scope(|s| {
            for _ in 0..THREADS {
                s.spawn(|| {
                    all_alive.wait();
                    for _ in 0..10_000 {
                        progress.advance(3);
                    }
                    all_alive.wait();
                });
            }
        });
        assert_eq!(progress.position(), THREADS * 30_000);
        assert!(progress.is_shown());
    }

    #[test]
    fn a_slot_passes_to_the_next_thread_with_its_count() {
        let progress = Progress::new(100, "", Duration::from_secs(3600), None);
        for _ in 0..50 {
            std::thread::scope(|s| {
                s.spawn(|| progress.advance(2));
            });
        }
        assert_eq!(progress.position(), 100);
    }

    #[test]
    fn not_shown_before_the_delay() {
        let term = InMemoryTerm::new(4, 80);
        let progress = Progress::new(
            10,
            "a.rs:1",
            Duration::from_secs(3600),
            Some(Screen::Memory(term.clone())),
        );
        for _ in 0..10 {
            progress.advance(1);
        }
        assert_eq!(progress.position(), 10);
        assert!(!progress.is_shown());
        drop(progress);
        assert_eq!(term.contents(), "");
    }

    #[test]
    fn shown_after_the_delay_with_label_position_and_percentage() {
        let (progress, term) = on_memory(10, "a.rs:7");
        progress.advance(4);
        assert!(progress.is_shown());
        let line = term.contents();
        assert!(line.starts_with("a.rs:7 [00:00:00] [===="), "{line:?}");
        assert!(line.ends_with("4/10 (40%, ETA 0s)"), "{line:?}");
    }

    #[test]
    fn shown_after_a_short_delay() {
        let progress = Progress::new(10, "", Duration::from_millis(20), None);
        progress.advance(1);
        assert!(!progress.is_shown());
        std::thread::sleep(Duration::from_millis(30));
        progress.advance(1);
        assert!(progress.is_shown());
    }

    #[test]
    fn redraws_at_most_every_100_ms() {
        let (progress, term) = on_memory(1000, "");
        progress.advance(1);
        let drawn = Instant::now();
        assert!(term.contents().contains(" 1/1000 "));
        progress.advance(1);
        // Unless this slow machine took 100 ms between the two calls.
        if drawn.elapsed() < Duration::from_millis(90) {
            assert!(
                term.contents().contains(" 1/1000 "),
                "{:?}",
                term.contents()
            );
        }
        assert_eq!(progress.position(), 2);
    }

    #[test]
    fn cleared_when_the_loop_ends() {
        let (progress, term) = on_memory(10, "a.rs:7");
        progress.advance(3);
        let bar = progress.bar.get().map(|b| b.bar.clone()).unwrap();
        assert_ne!(term.contents(), "");
        drop(progress);
        assert!(bar.is_finished());
        assert_eq!(term.contents(), "");
    }

    #[test]
    fn cleared_when_an_iteration_panics() {
        let (progress, term) = on_memory(10, "a.rs:7");
        progress.advance(3);
        let bar = progress.bar.get().map(|b| b.bar.clone()).unwrap();
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || {
            let progress = progress;
            progress.advance(1);
            panic!("an iteration panics");
        }));
        assert!(result.is_err());
        assert!(bar.is_finished());
        assert_eq!(term.contents(), "");
    }

    #[test]
    fn a_hidden_bar_is_updated_and_finished() {
        let progress = Progress::new(10, "", Duration::ZERO, None);
        progress.advance(2);
        let bar = progress.bar.get().map(|b| b.bar.clone()).unwrap();
        assert!(bar.is_hidden());
        assert_eq!(bar.position(), 2);
        drop(progress);
        assert!(bar.is_finished());
    }

    #[test]
    fn eta_from_the_average_rate() {
        let s = Duration::from_secs;
        assert_eq!(eta(s(2), 0, 10), None);
        assert_eq!(eta(s(2), 5, 10), Some(s(2)));
        assert_eq!(eta(s(3), 1, 4), Some(s(9)));
        assert_eq!(eta(s(3), 4, 4), Some(s(0)));
        assert_eq!(eta(Duration::MAX, 1, u64::MAX), None);
    }

    #[test]
    fn plans_the_next_check_halfway_to_the_redraw() {
        let ms = 1_000_000;
        // 1e6 iterations in 400 ms, the redraw due at 500 ms: 50 ms more at this rate.
        assert_eq!(next_check(1_000_000, 400 * ms, 500 * ms), 1_125_000);
        // At most where the count doubles.
        assert_eq!(next_check(1000, ms, 500 * ms), 2000);
        // Past due (another worker just claimed the redraw): the next chunk checks.
        assert_eq!(next_check(10, 600 * ms, 500 * ms), 10);
        assert_eq!(next_check(5, 0, 100), 10);
        assert_eq!(next_check(usize::MAX, 1, u64::MAX), usize::MAX);
    }

    #[test]
    fn reads_the_clock_again_only_when_planned() {
        let progress = Progress::new(1 << 20, "", Duration::from_secs(3600), None);
        let check_at = || {
            progress.slots[slot_index()]
                .check_at
                .load(Ordering::Relaxed)
        };
        progress.advance(1000);
        assert_eq!(check_at(), 2000);
        progress.advance(500);
        assert_eq!(check_at(), 2000);
        progress.advance(500);
        assert_eq!(check_at(), 4000);
    }

    #[test]
    fn nanos_saturate() {
        assert_eq!(nanos(Duration::from_millis(500)), 500_000_000);
        assert_eq!(nanos(Duration::MAX), u64::MAX);
    }

    /// The overhead on a loop of a million cheap iterations (about 1 ns each) in 1000
    /// chunks, on the rayon pool and on one thread; prints the medians of 301 loops per
    /// variant, interleaved. Run in release mode with stderr thrown away (the `stderr`
    /// variants draw on it, not a terminal then):
    ///
    /// `cargo test --release -p parfor-runtime --lib progress::tests::overhead -- --ignored --nocapture 2>/dev/null`
    ///
    /// Variants: `none`, no report; `pending`, a report made in the timed loop whose bar
    /// is not due yet (every loop under half a second); `hidden` and `stderr`, a report
    /// whose bar was built before the timed loop (the steady state of a long loop),
    /// drawing nowhere or on stderr; `stderr 1st`, a report made in the timed loop with
    /// no delay (the one-off cost of building, drawing and clearing a bar included);
    /// `none again`, the noise.
    #[test]
    #[ignore = "a benchmark: run by hand in release mode"]
    fn overhead() {
        use rayon::prelude::*;
        use std::hint::black_box;

        const CHUNKS: usize = 1000;
        const CHUNK: usize = 1000;
        const SAMPLES: usize = 301;

        // Not inlined: the loop over chunks is unswitched on `progress`, and two inlined
        // copies of this loop, aligned differently, differ by up to 10% by themselves.
        #[inline(never)]
        fn chunk(c: usize) -> u64 {
            let mut acc = 0u64;
            for i in c * CHUNK..(c + 1) * CHUNK {
                acc = acc.wrapping_add((black_box(i) as u64).wrapping_mul(0x9E37_79B9));
            }
            acc
        }
        fn report(delay: Duration, screen: Option<Screen>) -> Option<Progress> {
            Some(Progress::new(CHUNKS * CHUNK, "bench", delay, screen))
        }
        /// A name, the report, and whether its bar is built before the timed loop.
        type Variant = (&'static str, fn() -> Option<Progress>, bool);
        let variants: [Variant; 6] = [
            ("none", || None, false),
            ("pending", || report(DELAY, Some(Screen::Stderr)), false),
            ("hidden", || report(Duration::ZERO, None), true),
            (
                "stderr",
                || report(Duration::ZERO, Some(Screen::Stderr)),
                true,
            ),
            (
                "stderr 1st",
                || report(Duration::ZERO, Some(Screen::Stderr)),
                false,
            ),
            ("none again", || None, false),
        ];
        // The hot path alone, on one thread: a report whose bar is not due.
        for _ in 0..3 {
            const CALLS: usize = 10_000_000;
            let progress = report(Duration::from_secs(3600), None).unwrap();
            let begin = Instant::now();
            for _ in 0..CALLS {
                black_box(&progress).advance(black_box(CHUNK));
            }
            let ns = begin.elapsed().as_secs_f64() * 1e9 / CALLS as f64;
            println!("advance alone: {ns:.1} ns a call");
        }
        for parallel in [true, false] {
            let mut times = vec![Vec::with_capacity(SAMPLES); variants.len()];
            for sample in 0..SAMPLES {
                // Rotated, so that no variant always follows the same one.
                for k in 0..variants.len() {
                    let v = (sample + k) % variants.len();
                    let (_, make, built_before) = variants[v];
                    let early = if built_before { make() } else { None };
                    if let Some(p) = &early {
                        p.advance(0); // builds and draws the bar
                    }
                    if parallel {
                        // Wakes the workers: every variant starts with them spinning,
                        // however long it took to get here.
                        rayon::broadcast(|_| ());
                    }
                    let begin = Instant::now();
                    let late = if built_before { None } else { make() };
                    let progress = early.as_ref().or(late.as_ref());
                    let body = |c| {
                        let acc = chunk(c);
                        if let Some(p) = progress {
                            p.advance(CHUNK);
                        }
                        acc
                    };
                    let sum: u64 = if parallel {
                        (0..CHUNKS).into_par_iter().map(body).sum()
                    } else {
                        (0..CHUNKS).map(body).sum()
                    };
                    drop(late);
                    times[v].push(begin.elapsed());
                    drop(early);
                    black_box(sum);
                }
            }
            let medians: Vec<Duration> = (times.iter_mut())
                .map(|t| {
                    t.sort();
                    t[t.len() / 2]
                })
                .collect();
            let threads = if parallel {
                rayon::current_num_threads()
            } else {
                1
            };
            for ((name, ..), median) in variants.iter().zip(&medians) {
                println!(
                    "{threads} thread(s) {name:>10}: median {median:>10.1?}, ratio {:.4}",
                    median.as_secs_f64() / medians[0].as_secs_f64()
                );
            }
        }
    }
}
