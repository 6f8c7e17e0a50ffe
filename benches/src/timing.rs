//! The one timing layer: variants of a computation timed interleaved, round by round.
//!
//! The harness is built for noisy, shared machines with few cores. The variants of a
//! [`Group`] run *interleaved*: each round times every variant once, so a burst of
//! load from another process hits all variants alike instead of one. Each variant's
//! figure is the median of its rounds, and a short pause between samples lets the
//! previous variant's threads (OpenMP's spin-waiting ones especially) go idle before
//! the next is timed.

use std::hint::black_box;
use std::time::{Duration, Instant};

use crate::report::{Report, Row};
use crate::{Config, data};

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
    /// each timing every variant once, in an order shuffled anew each round
    /// ([`round_order`]).
    ///
    /// # Panics
    ///
    /// If the baseline or a reference names no variant, or two variants share a name.
    pub fn run(mut self, config: &Config) -> Report {
        self.check_names();
        // Calibration: how many calls make one sample last `min_sample`.
        let reps: Vec<u32> = self
            .variants
            .iter_mut()
            .map(|v| calibrate(&mut v.run, config.min_sample))
            .collect();
        self.sample(config, reps)
    }

    /// Times every variant as [`Group::run`] does, but one call per sample and without
    /// the calibration round: for variants that have just run once (their warm-up) and
    /// each take long enough to be timed alone, where calibrating would only repeat
    /// runs of seconds.
    ///
    /// # Panics
    ///
    /// As [`Group::run`].
    pub fn run_single_calls(self, config: &Config) -> Report {
        self.check_names();
        let reps = vec![1; self.variants.len()];
        self.sample(config, reps)
    }

    fn check_names(&self) {
        let names: Vec<&String> = self.variants.iter().map(|v| &v.name).collect();
        for (k, name) in names.iter().enumerate() {
            assert!(!names[..k].contains(name), "two variants named {name:?}");
        }
        let references = self.references.iter().map(|(_, name)| name);
        for name in self.baseline.iter().chain(references) {
            assert!(names.contains(&name), "no variant named {name:?}");
        }
    }

    /// `config.rounds` interleaved rounds, `reps[v]` calls of variant `v` per sample.
    fn sample(mut self, config: &Config, reps: Vec<u32>) -> Report {
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
        let rows = self
            .variants
            .into_iter()
            .zip(samples)
            .zip(reps)
            .map(|((variant, mut samples), reps)| {
                samples.sort_by(f64::total_cmp);
                Row {
                    name: variant.name,
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
}
