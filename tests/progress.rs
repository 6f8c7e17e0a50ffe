//! `#[parallel(progress)]`: a progress bar on stderr for loops that run longer than half
//! a second, shown when stderr is a terminal (or with `PARFOR_PROGRESS=1`) and cleared
//! when the loop ends, also by a panic. The bar never changes what a loop computes.
//!
//! Whether bars are shown is decided once per process, so the bar itself is checked in
//! child processes: this test binary again, running only [`child_process_loop`], with
//! stderr on a pseudo-terminal (Linux) or a pipe, read back through a terminal
//! emulator.
#![allow(clippy::needless_range_loop)]

mod common;

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use common::{same, spin, vec_f64, vec_i64};
use parfor::prelude::*;

// ---------------------------------------------------------------------------------
// Results: the same with the bar as the sequential loop, at every thread count.

/// `out[i] = x[i].sqrt() * 2`, sequentially.
fn scale_seq(x: &[f64], out: &mut [f64]) {
    for i in 0..x.len() {
        out[i] = x[i].abs().sqrt() * 2.0;
    }
}

#[parallel(progress)]
fn scale(x: &[f64], out: &mut [f64]) {
    for i in prange(x.len()) {
        out[i] = x[i].abs().sqrt() * 2.0;
    }
}

#[parallel(progress, schedule = static, chunk = 7)]
fn scale_static(x: &[f64], out: &mut [f64]) {
    for i in prange(x.len()) {
        out[i] = x[i].abs().sqrt() * 2.0;
    }
}

#[parallel(progress, schedule = dynamic)]
fn scale_dynamic(x: &[f64], out: &mut [f64]) {
    for i in prange(x.len()) {
        out[i] = x[i].abs().sqrt() * 2.0;
    }
}

#[parallel(progress, schedule = guided, threads = 3)]
fn scale_guided(x: &[f64], out: &mut [f64]) {
    for i in prange(x.len()) {
        out[i] = x[i].abs().sqrt() * 2.0;
    }
}

/// Rows of a 2-D array, each written by its own iteration.
#[parallel(progress)]
fn rows(a: &Array2<f64>, out: &mut Array2<f64>) {
    for i in prange(a.nrows()) {
        for j in 0..a.ncols() {
            out[[i, j]] = a[[i, j]] * (i + j) as f64;
        }
    }
}

#[parallel(progress)]
fn int_sum(x: &[i64]) -> i64 {
    let mut s = 0;
    for i in prange(x.len()) {
        s += x[i] * 3 - 1;
    }
    s
}

#[parallel]
fn float_sum_plain(x: &[f64]) -> f64 {
    let mut s = 0.0;
    for i in prange(x.len()) {
        s += x[i] * x[i];
    }
    s
}

#[parallel(progress)]
fn float_sum(x: &[f64]) -> f64 {
    let mut s = 0.0;
    for i in prange(x.len()) {
        s += x[i] * x[i];
    }
    s
}

/// `v`, or `i` as an error when `v` is negative.
fn non_negative(v: i64, i: usize) -> Result<i64, usize> {
    if v < 0 { Err(i) } else { Ok(v) }
}

/// The index of the first negative value, as an error.
#[parallel(progress, chunk = 5)]
fn no_negative(x: &[i64], out: &mut [i64]) -> Result<(), usize> {
    for i in prange(x.len()) {
        out[i] = non_negative(x[i], i)? * 2;
    }
    Ok(())
}

fn no_negative_seq(x: &[i64], out: &mut [i64]) -> Result<(), usize> {
    for i in 0..x.len() {
        out[i] = non_negative(x[i], i)? * 2;
    }
    Ok(())
}

/// A loop writing `out` from `x`.
type Fill = fn(&[f64], &mut [f64]);

#[test]
fn loops_with_a_bar_compute_what_the_sequential_loop_does() {
    for n in [0, 1, 100, 10_000, 100_003] {
        let x = vec_f64(n, 1);
        let mut want = vec![0.0; n];
        scale_seq(&x, &mut want);
        let variants: [(&str, Fill); 4] = [
            ("scale", scale),
            ("static", scale_static),
            ("dynamic", scale_dynamic),
            ("guided", scale_guided),
        ];
        for (name, f) in variants {
            same(&format!("{name} n={n}"), &want, || {
                let mut out = vec![f64::NAN; n];
                f(&x, &mut out);
                out
            });
        }
    }
}

#[test]
fn rows_with_a_bar_compute_what_the_sequential_loop_does() {
    let a = common::array2(301, 17, 2);
    let want = Array2::from_shape_fn(a.dim(), |(i, j)| a[[i, j]] * (i + j) as f64);
    same("rows", &want, || {
        let mut out = Array2::zeros(a.dim());
        rows(&a, &mut out);
        out
    });
}

#[test]
fn reductions_with_a_bar_keep_their_results() {
    for n in [0, 1, 1000, 100_003] {
        let x = vec_i64(n, -1000, 1000, 3);
        let want: i64 = x.iter().map(|v| v * 3 - 1).sum();
        same(&format!("int_sum n={n}"), &want, || int_sum(&x));
        // Bitwise the same as without the bar: the same leaves, combined in order.
        let x = vec_f64(n, 4);
        let want = float_sum_plain(&x).to_bits();
        same(&format!("float_sum n={n}"), &want, || {
            float_sum(&x).to_bits()
        });
    }
}

#[test]
fn a_fallible_loop_with_a_bar_fails_as_the_sequential_loop_does() {
    for bad in [None, Some(0), Some(4321), Some(9999)] {
        let mut x = vec_i64(10_000, 0, 1000, 5);
        if let Some(b) = bad {
            x[b] = -1;
        }
        let mut want_out = vec![0; x.len()];
        let want = no_negative_seq(&x, &mut want_out);
        same(&format!("bad={bad:?}"), &want, || {
            let mut out = vec![0; x.len()];
            let got = no_negative(&x, &mut out);
            if got.is_ok() {
                assert_eq!(out, want_out);
            }
            got
        });
    }
}

// ---------------------------------------------------------------------------------
// The bar: a child process runs a loop of about a second, stderr on a terminal or pipe.

/// What [`child_process_loop`] does, from this variable: `ok` runs a loop of 250
/// iterations of 8 ms on 2 threads (a second); `panic` the same loop, where the first
/// iteration to start 0.75 s into the loop panics (the bar shown from 0.5 s). Unset:
/// nothing (the test is then a no-op).
const CHILD: &str = "PARFOR_PROGRESS_TEST_CHILD";

/// The loop the child runs: its label is this attribute's `file:line`. The first
/// iteration to start `panic_after` after `start` or later panics.
#[parallel(progress)]
fn slow(start: Instant, panic_after: Duration, panicked: &AtomicBool, out: &mut [u64]) {
    for i in prange(out.len()) {
        if first_late(start, panic_after, panicked) {
            panic!("an iteration panics");
        }
        spin(8_000);
        out[i] = i as u64;
    }
}

/// Whether `after` has passed since `start` and no one else saw it yet (`seen`).
fn first_late(start: Instant, after: Duration, seen: &AtomicBool) -> bool {
    start.elapsed() >= after && !seen.swap(true, Ordering::Relaxed)
}

/// Another loop with a bar, for two at once: each iteration 8 ms.
#[parallel(progress)]
fn slow_too(out: &mut [u64]) {
    for i in prange(out.len()) {
        spin(8_000);
        out[i] = i as u64;
    }
}

/// Not a test of its own: the child process's loop, run when [`CHILD`] is set.
#[test]
fn child_process_loop() {
    let panic_after = match std::env::var(CHILD).as_deref() {
        Ok("ok") => Duration::MAX,
        Ok("panic") => Duration::from_millis(750),
        Ok("two") => return two_at_once(),
        _ => return,
    };
    let mut out = vec![0; 250];
    let start = Instant::now();
    let panicked = AtomicBool::new(false);
    parfor::with_num_threads(2, || slow(start, panic_after, &panicked, &mut out));
    assert!(out.iter().enumerate().all(|(i, &v)| v == i as u64));
    // Where the program's next output lands: on a clean line.
    eprintln!("after the loop");
}

/// Two loops with a bar at once, on two threads, of 125 iterations of 8 ms each.
fn two_at_once() {
    std::thread::scope(|s| {
        s.spawn(|| {
            let (mut out, panicked) = (vec![0; 125], AtomicBool::new(false));
            let start = Instant::now();
            parfor::with_num_threads(1, || slow(start, Duration::MAX, &panicked, &mut out));
        });
        s.spawn(|| parfor::with_num_threads(1, || slow_too(&mut [0; 125])));
    });
    eprintln!("after the loop");
}

/// Where the child's stderr goes.
#[derive(Clone, Copy, Debug)]
enum Stderr {
    /// A pseudo-terminal of 80 x 24 (Linux).
    #[cfg(target_os = "linux")]
    Terminal,
    /// A pipe.
    Pipe,
}

/// What a child wrote on stderr: the raw bytes, and the screen they leave on a
/// terminal of 80 columns (every line kept: 200 rows, nothing scrolled off).
struct Written {
    raw: String,
    screen: String,
    success: bool,
}

impl Written {
    /// Whether a bar was drawn: its label, and a count out of the loop's 250
    /// iterations.
    fn drew_a_bar(&self) -> bool {
        self.raw.contains("tests/progress.rs:") && self.raw.contains("/250 (")
    }

    /// The labels of the frames drawn, in order.
    fn labels(&self) -> Vec<&str> {
        (self.raw.split("\x1b[2K"))
            .filter_map(|frame| frame.strip_prefix("tests/progress.rs:"))
            .filter_map(|rest| rest.split(' ').next())
            .collect()
    }
}

/// Runs [`child_process_loop`] in a child process as `mode` (see [`CHILD`]) with
/// `PARFOR_PROGRESS` set to `progress` (unset for `None`) and `TERM=xterm`.
fn child(mode: &str, progress: Option<&str>, stderr: Stderr) -> Written {
    let mut command = std::process::Command::new(std::env::current_exe().unwrap());
    command
        .args(["child_process_loop", "--exact", "--nocapture"])
        .args(["--test-threads", "1"])
        .env(CHILD, mode)
        .env("TERM", "xterm")
        .env_remove("PARFOR_PROGRESS")
        .env_remove("PARFOR_NUM_THREADS")
        .env_remove("PARFOR_SCHEDULE")
        .env_remove("RUST_BACKTRACE")
        .stdout(std::process::Stdio::null());
    if let Some(p) = progress {
        command.env("PARFOR_PROGRESS", p);
    }
    let (raw, success) = match stderr {
        #[cfg(target_os = "linux")]
        Stderr::Terminal => pty::run(command),
        Stderr::Pipe => {
            let out = command.output().unwrap();
            (out.stderr, out.status.success())
        }
    };
    let mut terminal = vt100::Parser::new(200, 80, 0);
    // A pipe has no line discipline to turn `\n` into `\r\n`; a terminal would.
    let cooked = match stderr {
        Stderr::Pipe => String::from_utf8_lossy(&raw).replace('\n', "\r\n"),
        #[cfg(target_os = "linux")]
        Stderr::Terminal => String::from_utf8_lossy(&raw).into_owned(),
    };
    terminal.process(cooked.as_bytes());
    Written {
        raw: String::from_utf8_lossy(&raw).into_owned(),
        screen: terminal.screen().contents(),
        success,
    }
}

/// The screen of a finished child: the program's own output alone, no trace of a bar.
fn assert_clean(written: &Written, want: &[&str]) {
    let lines: Vec<&str> = written.screen.lines().filter(|l| !l.is_empty()).collect();
    assert!(
        !written.screen.contains("ETA") && !written.screen.contains("[00:"),
        "a bar is left on screen:\n{}",
        written.screen
    );
    for w in want {
        assert!(
            lines.iter().any(|l| l.starts_with(w)),
            "no line starts with {w:?}:\n{}",
            written.screen
        );
    }
}

#[cfg(target_os = "linux")]
#[test]
fn on_a_terminal_a_long_loop_shows_a_bar_and_clears_it() {
    let written = child("ok", None, Stderr::Terminal);
    assert!(written.success, "{}", written.raw);
    assert!(written.drew_a_bar(), "no bar drawn: {:?}", written.raw);
    assert_clean(&written, &["after the loop"]);
    assert_eq!(written.screen.trim(), "after the loop");
}

#[cfg(target_os = "linux")]
#[test]
fn a_panic_under_a_bar_leaves_the_terminal_clean() {
    let written = child("panic", None, Stderr::Terminal);
    assert!(!written.success, "the loop panics: {}", written.raw);
    assert!(written.drew_a_bar(), "no bar drawn: {:?}", written.raw);
    // The panic message on lines of its own, whole.
    assert_clean(&written, &["thread '", "an iteration panics"]);
    assert!(!written.screen.contains("after the loop"));
}

#[cfg(target_os = "linux")]
#[test]
fn parfor_progress_0_hides_the_bar_on_a_terminal() {
    let written = child("ok", Some("0"), Stderr::Terminal);
    assert!(written.success, "{}", written.raw);
    assert_eq!(written.raw.replace("\r\n", "\n"), "after the loop\n");
}

#[test]
fn two_loops_at_once_draw_one_bar_at_a_time() {
    let written = child("two", Some("1"), Stderr::Pipe);
    assert!(written.success, "{}", written.raw);
    let mut labels = written.labels();
    assert!(!labels.is_empty(), "no bar drawn: {:?}", written.raw);
    // The first bar shown keeps the line until its loop ends; the other bar may appear
    // only then.
    labels.dedup();
    assert!(labels.len() <= 2, "bars interleaved: {:?}", written.raw);
    assert_clean(&written, &["after the loop"]);
}

#[test]
fn no_bar_on_a_pipe_unless_parfor_progress_is_1() {
    let written = child("ok", None, Stderr::Pipe);
    assert!(written.success, "{}", written.raw);
    assert_eq!(written.raw, "after the loop\n");

    let written = child("ok", Some("1"), Stderr::Pipe);
    assert!(written.success, "{}", written.raw);
    assert!(written.drew_a_bar(), "no bar drawn: {:?}", written.raw);
    assert_clean(&written, &["after the loop"]);
}

/// Running a child with stderr on a pseudo-terminal.
#[cfg(target_os = "linux")]
mod pty {
    use std::io::Read;
    use std::os::fd::AsFd;
    use std::process::{Command, Stdio};

    use rustix::pty::{OpenptFlags, grantpt, openpt, ptsname, unlockpt};
    use rustix::termios::{Winsize, tcsetwinsize};

    /// Runs `command` with stderr on a new pseudo-terminal of 80 x 24; returns what it
    /// wrote there, as the terminal received it, and whether it succeeded.
    pub(super) fn run(mut command: Command) -> (Vec<u8>, bool) {
        let master = openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY | OpenptFlags::CLOEXEC)
            .expect("a pseudo-terminal");
        grantpt(&master).unwrap();
        unlockpt(&master).unwrap();
        let name = ptsname(&master, Vec::new()).unwrap();
        let size = Winsize {
            ws_row: 24,
            ws_col: 80,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        tcsetwinsize(master.as_fd(), size).unwrap();
        let terminal = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(name.to_str().unwrap())
            .unwrap();
        command.stderr(Stdio::from(terminal));
        let mut process = command.spawn().unwrap();
        // Closes this process's handle on the terminal: reading the master ends (EIO)
        // once the child's is closed too.
        drop(command);
        let mut master = std::fs::File::from(master);
        let reader = std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let mut buf = [0u8; 4096];
            loop {
                match master.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => bytes.extend_from_slice(&buf[..n]),
                }
            }
            bytes
        });
        let status = process.wait().unwrap();
        (reader.join().unwrap(), status.success())
    }
}
