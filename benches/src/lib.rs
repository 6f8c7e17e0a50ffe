//! Shared code for parfor's benchmarks: a small timing harness, the C/OpenMP baselines
//! ([`c`]), and rayon thread-count control for the hand-written baselines.
//!
//! The harness is built for noisy, shared machines with few cores. The variants of a
//! [`Group`] run *interleaved*: each round times every variant once, so a burst of
//! load from another process hits all variants alike instead of one. Each variant's
//! figure is the median of its rounds, and a short pause between samples lets the
//! previous variant's threads (OpenMP's spin-waiting ones especially) go idle before
//! the next is timed.
//!
//! ```no_run
//! use parfor_benches::{Config, Group};
//!
//! let x: Vec<f64> = (0..1_000_000).map(f64::from).collect();
//! let mut group = Group::new("sum of 10^6 f64");
//! group.variant("sequential", || {
//!     std::hint::black_box(x.iter().sum::<f64>());
//! });
//! group.variant("sequential, 4 lanes", || {
//!     let mut s = [0.0; 4];
//!     for c in x.chunks_exact(4) {
//!         (0..4).for_each(|k| s[k] += c[k]);
//!     }
//!     std::hint::black_box(s.iter().sum::<f64>());
//! });
//! group.baseline("sequential");
//! let report = group.run(&Config::from_env());
//! print!("{report}");
//! ```

use std::fmt;
use std::hint::black_box;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rayon::{ThreadPool, ThreadPoolBuilder};

pub mod c;
pub mod data;
pub mod workloads;

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

/// The order in which round `round` times `count` variants: a permutation of
/// `0..count`, shuffled anew each round (the same for every run).
///
/// Rotating one order (`(round + k) % count`) puts each variant after the same
/// neighbour in almost every round, and on this machine a run right after one with
/// multithreaded BLAS was up to 20% slower, whoever ran there: the 100x100
/// determinants' `#[parallel]` loop took 1.08-1.14x rayon's time in that place, and
/// rayon's loop 1.13x `#[parallel]`'s when the two swapped places. Shuffled, every
/// variant follows each of the others in some rounds.
pub fn round_order(round: usize, count: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..count).collect();
    for j in (1..count).rev() {
        let u = data::uniform_at(ORDER_SEED.wrapping_add(round as u64), j as u64);
        order.swap(j, (u * (j + 1) as f64) as usize);
    }
    order
}

/// The stream [`round_order`] draws from.
const ORDER_SEED: u64 = 0x0D0E_0D0E;

/// Runs `f` on a rayon pool of `threads` threads: the global pool when it has that
/// size, else a pool built on first use and cached.
///
/// This is how the hand-written rayon baselines get the same thread count as the
/// `#[parallel]` variants (which use `parfor::with_num_threads`).
///
/// # Panics
///
/// If `threads` is zero or the pool cannot be built; and if `f` panics.
pub fn on_rayon_threads<R: Send>(threads: usize, f: impl FnOnce() -> R + Send) -> R {
    if rayon::current_num_threads() == threads {
        return f();
    }
    static POOLS: Mutex<Vec<(usize, Arc<ThreadPool>)>> = Mutex::new(Vec::new());
    let pool = {
        let mut pools = POOLS.lock().unwrap_or_else(|e| e.into_inner());
        match pools.iter().find(|(n, _)| *n == threads) {
            Some((_, pool)) => Arc::clone(pool),
            None => {
                let pool = Arc::new(
                    ThreadPoolBuilder::new()
                        .num_threads(threads)
                        .build()
                        .expect("cannot build a rayon pool"),
                );
                pools.push((threads, Arc::clone(&pool)));
                pool
            }
        }
    };
    pool.install(f)
}

/// `n` pseudo-random numbers, uniform in `[lo, hi)`, the same for the same `seed`
/// (SplitMix64: fast enough for 10^8 elements, and no dependency).
pub fn uniform(n: usize, seed: u64, lo: f64, hi: f64) -> Vec<f64> {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (0..n)
        .map(|_| {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^= z >> 31;
            // The top 53 bits as a fraction in [0, 1).
            let unit = (z >> 11) as f64 / (1u64 << 53) as f64;
            lo + (hi - lo) * unit
        })
        .collect()
}

/// One way of computing a group's result.
struct Variant<'a> {
    name: String,
    run: Box<dyn FnMut() + 'a>,
}

/// Variants of one computation, timed interleaved on the same data.
///
/// Each variant is a closure that performs the whole computation once; wrap inputs
/// and results in [`std::hint::black_box`] so the optimiser cannot drop the work.
pub struct Group<'a> {
    title: String,
    variants: Vec<Variant<'a>>,
    baseline: Option<String>,
    references: Vec<(String, String)>,
}

impl<'a> Group<'a> {
    /// An empty group; `title` heads its table.
    pub fn new(title: impl Into<String>) -> Self {
        Group {
            title: title.into(),
            variants: Vec::new(),
            baseline: None,
            references: Vec::new(),
        }
    }

    /// Adds a variant named `name` that runs `f` once per call.
    pub fn variant(&mut self, name: impl Into<String>, f: impl FnMut() + 'a) -> &mut Self {
        self.variants.push(Variant {
            name: name.into(),
            run: Box::new(f),
        });
        self
    }

    /// Names the sequential variant: the table's `speedup` column is its time over each
    /// variant's.
    pub fn baseline(&mut self, name: impl Into<String>) -> &mut Self {
        self.baseline = Some(name.into());
        self
    }

    /// Adds a reference variant (hand-written rayon, C/OpenMP): the table gets a column
    /// `t / label` with each variant's time over the time of variant `name`.
    pub fn reference(&mut self, label: impl Into<String>, name: impl Into<String>) -> &mut Self {
        self.references.push((label.into(), name.into()));
        self
    }

    /// Times every variant: one untimed calibration round, then `config.rounds` rounds,
    /// each timing every variant once, starting from a different variant each round.
    ///
    /// # Panics
    ///
    /// If the baseline or a reference names no variant, or two variants share a name.
    pub fn run(mut self, config: &Config) -> Report {
        let names: Vec<String> = self.variants.iter().map(|v| v.name.clone()).collect();
        for (k, name) in names.iter().enumerate() {
            assert!(!names[..k].contains(name), "two variants named {name:?}");
        }
        let references = self.references.iter().map(|(_, name)| name);
        for name in self.baseline.iter().chain(references) {
            assert!(names.contains(name), "no variant named {name:?}");
        }
        // Calibration: how many calls make one sample last `min_sample`.
        let reps: Vec<u32> = self
            .variants
            .iter_mut()
            .map(|v| calibrate(&mut v.run, config.min_sample))
            .collect();
        let count = self.variants.len();
        let mut samples = vec![Vec::with_capacity(config.rounds); count];
        for round in 0..config.rounds {
            for v in round_order(round, count) {
                std::thread::sleep(config.settle);
                let elapsed = time(&mut self.variants[v].run, reps[v]);
                // In seconds, not a `Duration`: those stop at whole nanoseconds, and a
                // 5.4 ns call would read as 5 ns.
                samples[v].push(elapsed.as_secs_f64() / f64::from(reps[v]));
            }
        }
        let rows = names
            .into_iter()
            .zip(samples)
            .zip(reps)
            .map(|((name, mut samples), reps)| {
                samples.sort_by(f64::total_cmp);
                Row {
                    name,
                    median: samples[samples.len() / 2],
                    min: samples[0],
                    reps,
                }
            })
            .collect();
        Report {
            title: self.title,
            rounds: config.rounds,
            rows,
            baseline: self.baseline,
            references: self.references,
        }
    }
}

/// The number of calls of `f` that last at least `min_sample` (at least 1).
///
/// The time per call is the best of three batches, so that one burst of load from
/// another process cannot leave a fast variant with too few calls per sample.
fn calibrate(f: &mut dyn FnMut(), min_sample: Duration) -> u32 {
    const MAX_REPS: f64 = (1u32 << 24) as f64;
    f(); // first touch: page faults, pool start-up, a parfor loop's first measurement
    let min_sample = min_sample.as_secs_f64();
    let mut batch = 1u32;
    let mut per_call = f64::INFINITY;
    let mut trials = 0;
    while trials < 3 {
        let elapsed = time(f, batch).as_secs_f64();
        if batch == 1 && elapsed >= min_sample {
            return 1; // a slow variant: one call per sample, no more calibration
        }
        if elapsed < min_sample / 8.0 && f64::from(batch) < MAX_REPS {
            batch *= 4; // too short to trust: grow the batch first
            continue;
        }
        per_call = per_call.min(elapsed / f64::from(batch));
        trials += 1;
    }
    (min_sample / per_call).ceil().clamp(1.0, MAX_REPS) as u32
}

/// Wall time of `reps` calls of `f`.
fn time(f: &mut dyn FnMut(), reps: u32) -> Duration {
    let start = Instant::now();
    for _ in 0..reps {
        f();
    }
    black_box(start.elapsed())
}

/// One variant's measurements.
#[derive(Clone, Debug)]
pub struct Row {
    /// The variant's name.
    pub name: String,
    /// Median time of one call over the rounds, in seconds.
    pub median: f64,
    /// Fastest round's time of one call, in seconds.
    pub min: f64,
    /// Calls per sample.
    pub reps: u32,
}

/// The measurements of a [`Group`]; `Display` prints them as a table.
#[derive(Clone, Debug)]
pub struct Report {
    /// The group's title.
    pub title: String,
    /// Timed rounds.
    pub rounds: usize,
    /// One row per variant, in the order they were added.
    pub rows: Vec<Row>,
    /// The sequential variant, if named.
    pub baseline: Option<String>,
    /// The reference variants: (column label, variant name).
    pub references: Vec<(String, String)>,
}

impl Report {
    /// The median time of one call of variant `name`, in seconds.
    ///
    /// # Panics
    ///
    /// If no variant has that name.
    pub fn median(&self, name: &str) -> f64 {
        self.rows
            .iter()
            .find(|r| r.name == name)
            .unwrap_or_else(|| panic!("no variant named {name:?}"))
            .median
    }

    /// Median time of `variant` over median time of `reference` (below 1: faster).
    pub fn ratio(&self, variant: &str, reference: &str) -> f64 {
        self.median(variant) / self.median(reference)
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut header = vec![
            "variant".to_owned(),
            "median".to_owned(),
            "min".to_owned(),
            "calls".to_owned(),
        ];
        if self.baseline.is_some() {
            header.push("speedup".to_owned());
        }
        header.extend(
            self.references
                .iter()
                .map(|(label, _)| format!("t / {label}")),
        );
        let mut table = vec![header];
        for row in &self.rows {
            let mut line = vec![
                row.name.clone(),
                format_seconds(row.median),
                format_seconds(row.min),
                row.reps.to_string(),
            ];
            if let Some(base) = &self.baseline {
                line.push(format!("{:.2}x", self.ratio(base, &row.name)));
            }
            for (_, name) in &self.references {
                line.push(format!("{:.3}", self.ratio(&row.name, name)));
            }
            table.push(line);
        }
        let widths: Vec<usize> = (0..table[0].len())
            .map(|c| {
                table
                    .iter()
                    .map(|l| l[c].chars().count())
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        writeln!(f, "\n## {} (median of {} rounds)", self.title, self.rounds)?;
        if let Some(base) = &self.baseline {
            writeln!(f, "speedup: time of `{base}` / time of the variant")?;
        }
        for (label, name) in &self.references {
            writeln!(f, "t / {label}: time of the variant / time of `{name}`")?;
        }
        for (k, line) in table.iter().enumerate() {
            for (c, cell) in line.iter().enumerate() {
                if c == 0 {
                    write!(f, "{cell:<w$}", w = widths[c])?;
                } else {
                    write!(f, "  {cell:>w$}", w = widths[c])?;
                }
            }
            writeln!(f)?;
            if k == 0 {
                let total = widths.iter().sum::<usize>() + 2 * (widths.len() - 1);
                writeln!(f, "{}", "-".repeat(total))?;
            }
        }
        Ok(())
    }
}

/// A time in seconds with three significant digits and a unit from ns to s.
pub fn format_seconds(seconds: f64) -> String {
    let ns = seconds * 1e9;
    let (value, unit) = match ns {
        ns if ns < 1e3 => (ns, "ns"),
        ns if ns < 1e6 => (ns / 1e3, "us"),
        ns if ns < 1e9 => (ns / 1e6, "ms"),
        ns => (ns / 1e9, "s"),
    };
    let decimals = if value < 10.0 {
        2
    } else if value < 100.0 {
        1
    } else {
        0
    };
    format!("{value:.decimals$} {unit}")
}

/// Prints one line comparing a measured `value` with an issue's target `bound`
/// (`value <= bound` passes), e.g. `target("#[parallel] / rayon", r, 1.05)`.
pub fn target(what: &str, value: f64, bound: f64) {
    let verdict = if value <= bound { "ok" } else { "MISSED" };
    println!("  target {what}: {value:.3} <= {bound:.3}  {verdict}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_shuffle_the_order_so_each_variant_follows_several_others() {
        let count = 6;
        let orders: Vec<Vec<usize>> = (0..11).map(|r| round_order(r, count)).collect();
        for order in &orders {
            let mut sorted = order.clone();
            sorted.sort_unstable();
            assert_eq!(sorted, (0..count).collect::<Vec<_>>(), "not a permutation");
        }
        let seq: Vec<usize> = orders.concat();
        for v in 0..count {
            let mut before: Vec<usize> =
                seq.windows(2).filter(|w| w[1] == v).map(|w| w[0]).collect();
            before.sort_unstable();
            before.dedup();
            assert!(
                before.len() >= 3,
                "variant {v} only ever follows {before:?}"
            );
        }
        assert_eq!(round_order(4, count), orders[4], "the same every run");
    }

    #[test]
    fn durations_have_three_digits() {
        assert_eq!(format_seconds(42e-9), "42.0 ns");
        assert_eq!(format_seconds(1.234e-6), "1.23 us");
        assert_eq!(format_seconds(0.4567), "457 ms");
        assert_eq!(format_seconds(2.5), "2.50 s");
        assert_eq!(format_seconds(5.4e-9), "5.40 ns");
    }

    #[test]
    fn a_group_reports_every_variant_with_ratios() {
        let config = Config {
            quick: true,
            rounds: 3,
            threads: 1,
            min_sample: Duration::from_micros(200),
            settle: Duration::ZERO,
            filter: None,
        };
        let mut group = Group::new("spin");
        group.variant("slow", || std::thread::sleep(Duration::from_micros(400)));
        group.variant("fast", || {
            black_box((0..100u64).sum::<u64>());
        });
        group.baseline("slow").reference("s", "slow");
        let report = group.run(&config);
        assert_eq!(report.rows.len(), 2);
        assert!(report.ratio("fast", "slow") < 1.0);
        assert!(
            report.rows[1].reps > 1,
            "a fast variant repeats within a sample"
        );
        let table = report.to_string();
        assert!(table.contains("t / s") && table.contains("fast"));
    }

    #[test]
    fn uniform_is_seeded_and_in_range() {
        let a = uniform(1000, 7, -3.0, 3.0);
        assert_eq!(a, uniform(1000, 7, -3.0, 3.0));
        assert_ne!(a, uniform(1000, 8, -3.0, 3.0));
        assert!(a.iter().all(|v| (-3.0..3.0).contains(v)));
    }

    #[test]
    fn rayon_threads_are_scoped() {
        assert_eq!(on_rayon_threads(3, rayon::current_num_threads), 3);
        assert_eq!(on_rayon_threads(1, rayon::current_num_threads), 1);
    }
}
