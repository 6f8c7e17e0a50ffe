//! Where a bar draws, and keeping stderr readable when a panic is printed on it.
//!
//! One bar at a time is drawn on stderr, on its last line: a bar that would appear
//! while another is shown (a loop called from another loop's body, or loops running on
//! several threads at once) stays hidden, and the loop runs on without one.
//!
//! A panic's message is printed by the panic hook before unwinding starts, while the
//! bar is still on its line and other workers still redraw it. So the first bar drawn
//! on stderr installs a panic hook (once per process, chained to the hook set before)
//! that clears the bar's line and prints the message holding [`STDERR`], the lock every
//! frame on stderr takes: no frame lands inside a message or its backtrace. A frame
//! that finds the lock taken is skipped, so workers never wait on it.
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard, Once, TryLockError};
use std::time::{Duration, Instant};

use console::Term;
use indicatif::{ProgressDrawTarget, TermLike};

/// Where a bar draws.
#[derive(Debug, Clone)]
pub(crate) enum Screen {
    /// The process's stderr, drawn on whether or not it is a terminal.
    Stderr,
    /// A terminal emulated in memory, which tests read back.
    #[cfg(test)]
    Memory(indicatif::InMemoryTerm),
}

/// Whether a bar is drawn on stderr and not cleared yet: no other bar is drawn there
/// meanwhile, and the panic hook clears the line before the message.
static ON_STDERR: AtomicBool = AtomicBool::new(false);

/// Held by each frame drawn on stderr, and by the panic hook while it prints.
static STDERR: Mutex<()> = Mutex::new(());

impl Screen {
    /// Runs `f`, which draws on this screen, unless a panic message is being printed on
    /// it: then skips it and returns `None`.
    pub(super) fn frame<R>(&self, f: impl FnOnce() -> R) -> Option<R> {
        match self {
            Screen::Stderr => {
                // The lock guards nothing but the screen: a panic while it was held
                // leaves nothing to repair.
                let _frame = match STDERR.try_lock() {
                    Ok(guard) => guard,
                    Err(TryLockError::Poisoned(poisoned)) => poisoned.into_inner(),
                    Err(TryLockError::WouldBlock) => return None,
                };
                Some(f())
            }
            #[cfg(test)]
            Screen::Memory(_) => Some(f()),
        }
    }

    /// The draw target of a new bar on this screen; `None` while another bar is drawn
    /// on stderr. A bar given a target holds the screen until
    /// [`cleared`](Self::cleared).
    pub(super) fn target(&self) -> Option<ProgressDrawTarget> {
        // No refresh rate of indicatif's own: `Progress::advance` limits redraws.
        match self {
            Screen::Stderr => {
                // Acquire: the previous bar's last frame, its clearing, was written.
                (ON_STDERR.compare_exchange(false, true, Ordering::Acquire, Ordering::Relaxed))
                    .ok()?;
                clear_on_panic();
                // Buffered: indicatif flushes each frame in one write. Made here, not
                // with the `Screen`: it asks the OS whether stderr is a terminal.
                Some(ProgressDrawTarget::term_like(Box::new(
                    Term::buffered_stderr(),
                )))
            }
            #[cfg(test)]
            Screen::Memory(term) => Some(ProgressDrawTarget::term_like(Box::new(term.clone()))),
        }
    }

    /// Called when the bar of a [`target`](Self::target) was finished and cleared;
    /// clears its line too while a panic unwinds (indicatif draws nothing then), and
    /// hands the screen to the next bar.
    pub(super) fn cleared(&self) {
        match self {
            Screen::Stderr => {
                // The bar's own buffer was flushed with its last frame.
                clear_while_panicking(&Term::stderr());
                // Release: the next bar draws after this one's last frame.
                ON_STDERR.store(false, Ordering::Release);
            }
            #[cfg(test)]
            Screen::Memory(term) => clear_while_panicking(term),
        }
    }
}

/// Clears the line of a bar that was just finished, if a panic unwinds.
fn clear_while_panicking(term: &dyn TermLike) {
    if std::thread::panicking() {
        // The bar is one line and the cursor is on it: after the panic message, where
        // another worker may have drawn it again. Errors (stderr closed) have nowhere
        // to go from a `Drop` during a panic.
        let _ = term.clear_line();
        let _ = term.flush();
    }
}

/// Installs, once per process, the panic hook of the module docs.
fn clear_on_panic() {
    static INSTALLED: Once = Once::new();
    // `set_hook` panics on a panicking thread; a later bar installs the hook then.
    if std::thread::panicking() {
        return;
    }
    INSTALLED.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let _quiet = quiet_stderr();
            if ON_STDERR.load(Ordering::Relaxed) {
                let _ = Term::stderr().clear_line();
            }
            previous(info);
        }));
    });
}

/// [`STDERR`], waited for at most 100 ms.
///
/// A frame holds it for microseconds. The bound rules out a deadlock: this thread may
/// hold it itself (a panic inside a frame), or hold stderr's own lock (a panic inside
/// an `eprintln!`) that a frame waits on; then the message is printed all the same.
fn quiet_stderr() -> Option<MutexGuard<'static, ()>> {
    let deadline = Instant::now() + Duration::from_millis(100);
    loop {
        match STDERR.try_lock() {
            Ok(guard) => return Some(guard),
            Err(TryLockError::Poisoned(poisoned)) => return Some(poisoned.into_inner()),
            Err(TryLockError::WouldBlock) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_micros(100));
            }
            Err(TryLockError::WouldBlock) => return None,
        }
    }
}
