//! One case of a workload: its variants checked against the baseline's checksum, then
//! timed interleaved by the crate's [`Group`] harness, giving one [`Record`] each.

use std::cell::RefCell;
use std::hint::black_box;
use std::time::{Duration, Instant};

use super::Workload;
use crate::record::{Record, Role, checksums_agree, variant_tag};
use crate::{Config, Group, Report};

/// A variant of a case: runs the computation into the case's output.
type Run<'a, O> = Box<dyn FnMut(&mut O) + 'a>;

/// One variant of a [`Case`].
struct Entry<'a, O> {
    name: String,
    role: Role,
    threads: usize,
    run: Run<'a, O>,
}

/// The variants of one case of a workload, on the same data, writing into one output
/// (or each into its own: [`Case::output_per_variant`]).
///
/// The first variant is the reference (the plain sequential loop): every other checked
/// variant must reproduce its checksum before anything is timed, exactly if the
/// workload says so ([`Workload::exact`]).
pub struct Case<'a, O> {
    workload: &'static Workload,
    case: String,
    out: O,
    checksum: fn(&O) -> f64,
    reset: fn(&mut O),
    /// Copies `out` for each variant, when every variant keeps its own output.
    copy_out: Option<fn(&O) -> O>,
    /// The pause before each sample, when longer than the configuration's.
    settle: Duration,
    variants: Vec<Entry<'a, O>>,
}

impl<'a, O> Case<'a, O> {
    /// A case with no variants yet. `out` is the output buffer every variant writes;
    /// `checksum` reads the workload's checksum from it; `reset` wipes it between the
    /// checking runs so that a variant that writes nothing cannot pass.
    pub fn new(
        workload: &'static Workload,
        case: impl Into<String>,
        out: O,
        checksum: fn(&O) -> f64,
        reset: fn(&mut O),
    ) -> Self {
        Case {
            workload,
            case: case.into(),
            out,
            checksum,
            reset,
            copy_out: None,
            settle: Duration::ZERO,
            variants: Vec::new(),
        }
    }

    /// Pauses long enough before each sample for OpenBLAS's worker threads to go to
    /// sleep, in cases where some variants run multithreaded BLAS calls.
    ///
    /// After a multithreaded call, OpenBLAS 0.3.21's workers spin (yielding) for 2^28
    /// time-stamp counter ticks, about 100 ms here (`OPENBLAS_THREAD_TIMEOUT`, read
    /// when the library loads, sets it). A variant timed within that window shares the
    /// cores with them: the 100x100 determinants of `#[parallel]`, right after the
    /// sequential loop whose LAPACK calls use 2 threads, took 35 ms in some runs and
    /// 69-73 ms in others, and 34-40 ms in every run with the spinning turned off.
    pub fn after_blas_threads(mut self) -> Self {
        self.settle = BLAS_SPIN;
        self
    }

    /// Gives every variant its own copy of the output, for workloads whose variants
    /// allocate their results (`out[i] = fft2(&mats[i])`) rather than write into `out`.
    ///
    /// With one shared output, each timed run frees the arrays the previous variant
    /// allocated, on other threads, into other threads' malloc arenas, and takes its
    /// own from arenas glibc may have trimmed in the meantime: the page faults it pays
    /// depend on which variant ran before it, not on the variant (`fft2`: up to 200 000
    /// faults, and twice the time, for a loop that faults almost never when run alone).
    /// With its own output, a variant only ever frees what its own previous run
    /// allocated: each is timed in the steady state of running alone, as a program
    /// that repeats the loop would see it. Costs one output per variant in memory.
    pub fn output_per_variant(mut self) -> Self
    where
        O: Clone,
    {
        self.copy_out = Some(O::clone);
        self
    }

    /// Adds the variant `name`, in the role `role`, using `threads` threads.
    pub fn variant(
        mut self,
        role: Role,
        name: impl Into<String>,
        threads: usize,
        f: impl FnMut(&mut O) + 'a,
    ) -> Self {
        let name = name.into();
        assert!(
            self.variants.iter().all(|v| v.name != name),
            "two variants named {name:?}"
        );
        self.variants.push(Entry {
            name,
            role,
            threads,
            run: Box::new(f),
        });
        self
    }

    /// [`Case::variant`] when `include`, else nothing.
    pub fn variant_if(
        self,
        include: bool,
        role: Role,
        name: impl Into<String>,
        threads: usize,
        f: impl FnMut(&mut O) + 'a,
    ) -> Self {
        if include {
            self.variant(role, name, threads, f)
        } else {
            self
        }
    }

    /// Checks every variant's checksum against the first's, times them all, prints the
    /// table and returns one [`Record`] per variant.
    ///
    /// # Panics
    ///
    /// If the case has no variants, or a checked variant's checksum disagrees with the
    /// first variant's (the message names both).
    pub fn run(self, config: &Config) -> Vec<Record> {
        let Case {
            workload,
            case,
            out,
            checksum,
            reset,
            copy_out,
            settle,
            mut variants,
        } = self;
        let (exact, workload) = (workload.exact, workload.name);
        let config = &Config {
            settle: config.settle.max(settle),
            ..config.clone()
        };
        assert!(!variants.is_empty(), "{workload} {case}: no variants");
        let outs: Vec<RefCell<O>> = match copy_out {
            Some(copy) => variants.iter().map(|_| RefCell::new(copy(&out))).collect(),
            None => vec![RefCell::new(out)],
        };
        let mut sums = Vec::with_capacity(variants.len());
        let mut fastest_first = Duration::MAX;
        for (k, v) in variants.iter_mut().enumerate() {
            let out = &mut *output(&outs, k).borrow_mut();
            reset(out);
            let start = Instant::now();
            (v.run)(out);
            fastest_first = fastest_first.min(start.elapsed());
            let sum = checksum(out);
            if v.role.checked() {
                let (first, expected) = sums.first().map_or((&v.name, sum), |(n, s)| (n, *s));
                assert!(
                    checksums_agree(sum, expected, exact),
                    "CHECKSUM MISMATCH in {workload} {case}: {} gives {sum:?}, {first} gives {expected:?}",
                    v.name
                );
            }
            sums.push((v.name.clone(), sum));
        }
        let mut group = Group::new(format!("{workload}: {case}"));
        // One reference column per rayon variant: "#[parallel], det_stack" is to be
        // read against "rayon axis_chunks, det_stack", not against the per-slice loop.
        let rayons: Vec<(String, String)> = variants
            .iter()
            .filter(|v| v.role == Role::Rayon)
            .map(|v| {
                let label = match variant_tag(&v.name) {
                    Some(tag) => format!("rayon, {tag}"),
                    None => "rayon".to_owned(),
                };
                (label, v.name.clone())
            })
            .collect();
        let omp = variants
            .iter()
            .find(|v| v.role == Role::OpenMp)
            .map(|v| v.name.clone());
        let first = variants[0].name.clone();
        for (k, v) in variants.iter_mut().enumerate() {
            let out = output(&outs, k);
            let run = &mut v.run;
            group.variant(v.name.clone(), move || {
                run(black_box(&mut out.borrow_mut()))
            });
        }
        group.baseline(&first);
        for (label, rayon) in &rayons {
            group.reference(label, rayon);
        }
        if let Some(omp) = &omp {
            group.reference("OpenMP", omp);
        }
        // When every variant takes long, the checking run was its warm-up, and
        // calibrating would only add more runs of that length.
        let report = if fastest_first >= SLOW {
            group.run_single_calls(config)
        } else {
            group.run(config)
        };
        print!("{report}");
        records(workload, &case, &report, &variants, &sums, config)
    }
}

/// Longer than OpenBLAS's workers spin after a multithreaded call (see
/// [`Case::after_blas_threads`]).
const BLAS_SPIN: Duration = Duration::from_millis(150);

/// A first run at least this long marks a slow case (see [`Case::run`]).
const SLOW: Duration = Duration::from_millis(150);

/// Variant `k`'s output: its own, or the one output all variants share.
fn output<O>(outs: &[RefCell<O>], k: usize) -> &RefCell<O> {
    if outs.len() == 1 { &outs[0] } else { &outs[k] }
}

/// The records of a timed case.
fn records<O>(
    workload: &str,
    case: &str,
    report: &Report,
    variants: &[Entry<'_, O>],
    sums: &[(String, f64)],
    config: &Config,
) -> Vec<Record> {
    variants
        .iter()
        .zip(sums)
        .map(|(v, (_, sum))| Record {
            workload: workload.to_owned(),
            case: case.to_owned(),
            implementation: v.name.clone(),
            lang: v.role.lang().to_owned(),
            threads: v.threads,
            seconds: report.median(&v.name),
            // A bandwidth bound computes something else: no checksum to compare.
            checksum: if v.role.checked() { *sum } else { f64::NAN },
            rounds: config.rounds,
            role: v.role,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEST: Workload = Workload {
        name: "t",
        cases: |_| Vec::new(),
        exact: false,
    };

    #[test]
    #[should_panic(expected = "CHECKSUM MISMATCH")]
    fn a_wrong_variant_aborts() {
        let config = Config {
            quick: true,
            rounds: 1,
            threads: 1,
            min_sample: std::time::Duration::ZERO,
            settle: std::time::Duration::ZERO,
            filter: None,
        };
        Case::new(&TEST, "c", 0.0, |o: &f64| *o, |o| *o = f64::NAN)
            .variant(Role::Sequential, "sequential", 1, |o| *o = 1.0)
            .variant(Role::Parallel, "wrong", 1, |o| *o = 2.0)
            .run(&config);
    }

    #[test]
    fn output_per_variant_keeps_the_variants_outputs_apart() {
        let config = Config {
            quick: true,
            rounds: 2,
            threads: 1,
            min_sample: std::time::Duration::ZERO,
            settle: std::time::Duration::ZERO,
            filter: None,
        };
        // Each variant only ever finds the reset value or its own result.
        Case::new(&TEST, "c", 0.0, |o: &f64| o.abs(), |o| *o = f64::NAN)
            .output_per_variant()
            .variant(Role::Sequential, "plus", 1, |o| {
                assert!(o.is_nan() || *o == 1.0, "found {o}");
                *o = 1.0;
            })
            .variant(Role::Parallel, "minus", 1, |o| {
                assert!(o.is_nan() || *o == -1.0, "found {o}");
                *o = -1.0;
            })
            .run(&config);
    }
}
