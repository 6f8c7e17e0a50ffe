//! What a run measures and how carefully, from the environment, and the machine's load
//! printed beside the tables.

use std::time::Duration;

/// How long and how carefully to measure, from the environment.
#[derive(Clone, Debug)]
pub struct Config {
    /// Smaller problems and fewer rounds, for CI-like runs (`PARFOR_BENCH_QUICK=1`).
    pub quick: bool,
    /// Timed rounds per group; every variant is timed once per round
    /// (`PARFOR_BENCH_ROUNDS`, default 11, or 3 when quick).
    pub rounds: usize,
    /// Threads for the parallel variants (`PARFOR_BENCH_THREADS`, default 2).
    pub threads: usize,
    /// A sample repeats its variant until at least this long has passed, so that fast
    /// variants are not timed below the clock's resolution (default 20 ms, 5 ms quick).
    pub min_sample: Duration,
    /// Pause before each sample, letting the previous variant's threads go idle
    /// (default 10 ms, 2 ms quick).
    pub settle: Duration,
    /// Run only the benchmarks whose name contains this (`PARFOR_BENCH_FILTER`).
    pub filter: Option<String>,
}

impl Config {
    /// The configuration from `PARFOR_BENCH_QUICK`, `PARFOR_BENCH_ROUNDS`,
    /// `PARFOR_BENCH_THREADS` and `PARFOR_BENCH_FILTER`.
    ///
    /// # Panics
    ///
    /// If `PARFOR_BENCH_ROUNDS` or `PARFOR_BENCH_THREADS` is set but is not a positive
    /// integer.
    pub fn from_env() -> Self {
        let quick = std::env::var("PARFOR_BENCH_QUICK").is_ok_and(|v| !v.is_empty() && v != "0");
        Config {
            quick,
            rounds: positive_env("PARFOR_BENCH_ROUNDS").unwrap_or(if quick { 3 } else { 11 }),
            threads: positive_env("PARFOR_BENCH_THREADS").unwrap_or(2),
            min_sample: Duration::from_millis(if quick { 5 } else { 20 }),
            settle: Duration::from_millis(if quick { 2 } else { 10 }),
            filter: std::env::var("PARFOR_BENCH_FILTER")
                .ok()
                .filter(|f| !f.is_empty()),
        }
    }

    /// Whether the benchmark `name` should run: no filter, or `name` contains it.
    pub fn selected(&self, name: &str) -> bool {
        self.filter.as_deref().is_none_or(|f| name.contains(f))
    }

    /// `full` normally, `quick` in quick mode: for problem sizes.
    pub fn size(&self, full: usize, quick: usize) -> usize {
        if self.quick { quick } else { full }
    }

    /// This configuration with at most `rounds` timed rounds: for cases whose single
    /// run takes seconds.
    pub fn at_most_rounds(&self, rounds: usize) -> Config {
        let mut config = self.clone();
        config.rounds = config.rounds.min(rounds).max(1);
        config
    }
}

/// A positive integer from the environment variable `name`, if set.
fn positive_env(name: &str) -> Option<usize> {
    let value = std::env::var(name).ok()?;
    match value.trim().parse::<usize>() {
        Ok(n) if n > 0 => Some(n),
        _ => panic!("{name}={value:?}: expected a positive integer"),
    }
}

/// The 1-, 5- and 15-minute load averages (Linux only): other work on the machine
/// makes timings noisy, so benchmarks print it beside their tables.
pub fn load_average() -> Option<String> {
    let text = std::fs::read_to_string("/proc/loadavg").ok()?;
    Some(
        text.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" "),
    )
}
