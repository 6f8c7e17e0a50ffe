//! Progress lines on stderr: which workload, n of m, the time elapsed and an estimate of
//! what is left, for the whole run (the Python side included).

use std::time::Instant;

use parfor_benches::workloads::Workload;

/// Each workload's expected seconds: Rust quick, Rust full, Python quick, Python full.
/// They are the weights of the estimate: what is left is the remaining weights times
/// (elapsed / weights done), so the pace of the machine at hand corrects them after the
/// first workload.
// Where the weights come from: benches/README.md, "Compare with Python".
const SECONDS: [(&str, [f64; 4]); 9] = [
    ("dets", [5.3, 11.0, 6.4, 27.0]),
    ("fill", [0.9, 4.1, 3.5, 35.1]),
    ("autocorr", [4.2, 10.2, 37.6, 243.1]),
    ("fft2", [1.5, 8.2, 1.5, 31.2]),
    ("matmul", [1.4, 25.7, 0.4, 18.1]),
    ("blas_x_workers", [19.4, 125.8, 2.8, 84.1]),
    ("sum", [1.2, 3.3, 3.2, 12.6]),
    ("overhead", [0.7, 1.2, 0.8, 2.4]),
    ("kernels", [2.7, 7.5, 3.9, 9.4]),
];

/// The expected seconds of `name` on one side (`python`) at one size (`quick`); a
/// workload missing from [`SECONDS`] weighs as much as the average one.
fn weight(name: &str, quick: bool, python: bool) -> f64 {
    let column = usize::from(!quick) + 2 * usize::from(python);
    SECONDS.iter().find(|(n, _)| *n == name).map_or_else(
        || SECONDS.iter().map(|(_, s)| s[column]).sum::<f64>() / SECONDS.len() as f64,
        |(_, s)| s[column],
    )
}

/// The run's progress: the Rust workloads one by one, then the Python side as one
/// block (whose own lines run_all.py prints, with [`Progress::python_weights`]).
pub(crate) struct Progress {
    start: Instant,
    names: Vec<&'static str>,
    rust: Vec<f64>,
    python: Vec<f64>,
    done: f64,
}

impl Progress {
    /// The progress of running `workloads` (also on the Python side when `python`).
    pub(crate) fn new(workloads: &[&Workload], quick: bool, python: bool) -> Self {
        let names: Vec<&'static str> = workloads.iter().map(|w| w.name).collect();
        Progress {
            start: Instant::now(),
            rust: names.iter().map(|n| weight(n, quick, false)).collect(),
            python: if python {
                names.iter().map(|n| weight(n, quick, true)).collect()
            } else {
                Vec::new()
            },
            names,
            done: 0.0,
        }
    }

    /// Seconds since [`Progress::new`].
    pub(crate) fn elapsed(&self) -> f64 {
        self.start.elapsed().as_secs_f64()
    }

    /// How much slower than [`SECONDS`] this run goes, from the workloads done so far.
    fn scale(&self) -> f64 {
        let elapsed = self.elapsed();
        if self.done > 0.0 && elapsed > 0.0 {
            elapsed / self.done
        } else {
            1.0
        }
    }

    /// Prints the line for the Rust workload `k` (from 0), about to start, on stderr.
    pub(crate) fn start(&self, k: usize) {
        let left: f64 = self.rust[k..].iter().chain(&self.python).sum::<f64>() * self.scale();
        eprintln!(
            "{}",
            line(
                &format!("[{}/{}]", k + 1, self.names.len()),
                self.names[k],
                self.elapsed(),
                Some(left)
            )
        );
    }

    /// Records that the Rust workload `k` is done.
    pub(crate) fn finish(&mut self, k: usize) {
        self.done += self.rust[k];
    }

    /// The Python workloads' expected seconds, scaled to this machine's pace so far.
    pub(crate) fn python_weights(&self) -> Vec<f64> {
        let scale = self.scale();
        self.python
            .iter()
            .map(|w| (w * scale * 10.0).round() / 10.0)
            .collect()
    }
}

/// `[k/m] name — elapsed 1m12s, about 4m left` (no estimate: without the last part).
/// run_all.py prints the same format.
fn line(tag: &str, name: &str, elapsed: f64, left: Option<f64>) -> String {
    let mut s = format!("{tag} {name} — elapsed {}", clock(elapsed));
    if let Some(left) = left {
        s += &format!(", about {} left", about(left));
    }
    s
}

/// `42s`, `1m12s`, `1h03m`.
fn clock(seconds: f64) -> String {
    let s = seconds.max(0.0).round() as u64;
    match s {
        0..60 => format!("{s}s"),
        60..3600 => format!("{}m{:02}s", s / 60, s % 60),
        _ => format!("{}h{:02}m", s / 3600, s % 3600 / 60),
    }
}

/// An estimate, as precise as it deserves: tens of seconds under two minutes, whole
/// minutes above.
fn about(seconds: f64) -> String {
    if seconds < 120.0 {
        format!("{}s", ((seconds / 10.0).round() as u64).max(1) * 10)
    } else {
        clock((seconds / 60.0).round() * 60.0).replace("m00s", "m")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use parfor_benches::workloads;

    #[test]
    fn every_workload_has_its_weights() {
        for w in workloads::ALL {
            assert!(
                SECONDS.iter().any(|(n, _)| *n == w.name),
                "{} has no entry in SECONDS",
                w.name
            );
        }
        assert_eq!(weight("no such workload", true, false), {
            SECONDS.iter().map(|(_, s)| s[0]).sum::<f64>() / SECONDS.len() as f64
        });
        assert_eq!(weight("matmul", false, false), 25.7);
        assert_eq!(weight("matmul", true, true), 0.4);
    }

    #[test]
    fn lines_read_as_the_issue_shows_them() {
        assert_eq!(
            line("[3/9]", "fft2", 72.4, Some(241.0)),
            "[3/9] fft2 — elapsed 1m12s, about 4m left"
        );
        assert_eq!(line("[1/9]", "dets", 0.0, None), "[1/9] dets — elapsed 0s");
        assert_eq!(about(3.0), "10s");
        assert_eq!(about(44.0), "40s");
        assert_eq!(about(150.0), "3m");
        assert_eq!(clock(3725.0), "1h02m");
    }

    #[test]
    fn the_estimate_scales_with_the_pace_so_far() {
        let all: Vec<&Workload> = workloads::ALL.to_vec();
        let mut p = Progress::new(&all, true, true);
        // Nothing done: the weights as they are.
        assert_eq!(p.scale(), 1.0);
        p.finish(0);
        // Done in (much) less time than its weight: the rest is scaled down.
        assert!(p.scale() < 1.0);
        assert!(p.python_weights().iter().all(|&w| w <= 38.0));
    }
}
