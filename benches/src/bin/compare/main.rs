//! One command for the seed workloads: Rust (sequential, `#[parallel]`, hand-written
//! rayon, C/OpenMP) beside the Python references, with checksums checked, a table per
//! workload, SVG plots of the curves and every result as JSON lines.
//!
//! ```text
//! cargo run --release -p parfor-benches --bin compare [-- --quick] [--no-python] [--out DIR] [--only NAME,..]
//! ```
//!
//! The Python side (unless `--no-python`) runs `benches/python/run_all.py [--quick] --json`,
//! which prints JSON lines in the format of `benches/WORKLOADS.md`, with `PARFOR_PYTHON`,
//! else `python3` when it has NumPy, SciPy and Numba, else a virtual environment
//! `target/parfor-venv` it creates once with `benches/python/requirements.txt`
//! (see [`python::resolve`]). Progress lines go to stderr, the tables to stdout.
//!
//! Everything, Rust and Python alike (the Python child inherits the setting), runs with
//! glibc's malloc told to keep freed memory ([`MALLOC_TUNABLES`]; `--default-malloc`
//! leaves glibc's defaults). See `benches/README.md`.

mod plot;
mod progress;
mod python;
mod summary;
mod table;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use parfor_benches::record::Record;
use parfor_benches::workloads::{self, Workload};
use parfor_benches::{Config, load_average};

/// glibc's malloc settings every implementation runs with: keep up to 256 MiB of freed
/// memory instead of handing it back to the kernel, and serve blocks up to 32 MiB from
/// the heap. The seed workloads allocate fresh arrays of megabytes in their loops
/// (`blas_x_workers`: three 8 MB matrices per task); with glibc's defaults each such
/// allocation faults in fresh pages, about 5 600 faults per task and a quarter of the
/// workload's time, a cost of the allocator rather than of the loop.
const MALLOC_TUNABLES: &str =
    "glibc.malloc.trim_threshold=268435456:glibc.malloc.mmap_threshold=33554432";

/// The command line.
struct Args {
    quick: bool,
    default_malloc: bool,
    python: bool,
    out: PathBuf,
    /// The workloads to run, in the registry's order.
    workloads: Vec<&'static Workload>,
}

fn parse_args() -> Args {
    let mut args = Args {
        quick: false,
        default_malloc: false,
        python: true,
        out: PathBuf::from("target/parfor-compare"),
        workloads: workloads::ALL.to_vec(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--quick" => args.quick = true,
            "--default-malloc" => args.default_malloc = true,
            "--no-python" => args.python = false,
            "--out" => match it.next() {
                Some(dir) => args.out = dir.into(),
                None => usage_error("--out needs a directory"),
            },
            "--only" => {
                let Some(names) = it.next() else {
                    usage_error("--only needs workload names, e.g. --only dets,fft2")
                };
                let names: Vec<&str> = names.split(',').collect();
                for name in &names {
                    if workloads::find(name).is_none() {
                        usage_error(&format!("no workload named {name:?}"));
                    }
                }
                args.workloads.retain(|w| names.contains(&w.name));
            }
            "-h" | "--help" => {
                println!(
                    "compare [--quick] [--no-python] [--default-malloc] [--out DIR] [--only NAME,..]\n\
                     workloads: {}",
                    workloads::ALL.map(|w| w.name).join(", ")
                );
                std::process::exit(0);
            }
            other => usage_error(&format!("unknown argument {other:?}")),
        }
    }
    args
}

/// Says what is wrong with the command line, lists the workloads and exits with 2.
fn usage_error(message: &str) -> ! {
    eprintln!(
        "compare: {message}\nusage: compare [--quick] [--no-python] [--default-malloc] [--out DIR] [--only NAME,..]\nworkloads: {}",
        workloads::ALL.map(|w| w.name).join(", ")
    );
    std::process::exit(2)
}

fn main() -> ExitCode {
    let args = parse_args();
    if !args.default_malloc && std::env::var_os("GLIBC_TUNABLES").is_none() {
        // glibc reads its tunables once, at start-up: run again with them set (the
        // Python child inherits them).
        return rerun_with_malloc_tunables();
    }
    let env = Config::from_env();
    let rounds = std::env::var("PARFOR_BENCH_ROUNDS").is_ok();
    let config = Config {
        quick: args.quick,
        rounds: if rounds {
            env.rounds
        } else if args.quick {
            3
        } else {
            5
        },
        threads: env.threads,
        min_sample: Duration::from_millis(if args.quick { 5 } else { 20 }),
        settle: Duration::from_millis(if args.quick { 2 } else { 10 }),
        filter: None,
    };
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let load_before = load_average().unwrap_or_else(|| "unknown".into());
    let malloc = std::env::var("GLIBC_TUNABLES").unwrap_or_else(|_| "glibc's defaults".into());
    // OpenBLAS (ours and NumPy's alike) reads this once when it loads: a pinned kernel
    // family changes every BLAS timing, on both sides.
    let kernels = std::env::var("OPENBLAS_CORETYPE").map_or_else(
        |_| "OpenBLAS picks its kernels for this CPU".to_owned(),
        |v| format!("OPENBLAS_CORETYPE={v} (Rust and Python sides)"),
    );
    println!(
        "parfor compare: {} threads for parallel variants, {cores} cores{}; load average {load_before}; malloc: {malloc}; BLAS: {kernels}",
        config.threads,
        if args.quick { ", quick mode" } else { "" },
    );
    // Before the timings: a venv install must not run beside them, and a failure shows
    // at once.
    let python = if args.python { python::resolve() } else { None };
    let mut progress = progress::Progress::new(&args.workloads, args.quick, python.is_some());
    let start = Instant::now();
    let mut records = Vec::new();
    for (k, w) in args.workloads.iter().enumerate() {
        progress.start(k);
        let t = Instant::now();
        records.extend((w.cases)(&config));
        println!("[{}: {:.1} s]", w.name, t.elapsed().as_secs_f64());
        progress.finish(k);
    }
    println!("\nRust side: {:.1} s", start.elapsed().as_secs_f64());
    if let Some(python) = &python {
        records.extend(python::records(
            python,
            args.quick,
            &args.workloads,
            progress.elapsed(),
            &progress.python_weights(),
        ));
    }
    let mut ok = true;
    let mut tables = String::new();
    let _ = writeln!(
        tables,
        "\n# parfor compare{}: {} threads, {cores} cores, load average {} (before) {} (after)\n# malloc: {malloc}\n# BLAS: {kernels}",
        if args.quick { " (quick)" } else { "" },
        config.threads,
        load_before,
        load_average().unwrap_or_else(|| "unknown".into()),
    );
    for w in workloads::ALL {
        ok &= table::table(&mut tables, w, &records);
    }
    print!("{tables}");
    if let Err(e) = write_outputs(&args.out, &records, &tables) {
        eprintln!("cannot write the results into {}: {e}", args.out.display());
        ok = false;
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        eprintln!("\nCHECKSUM MISMATCH: see the rows marked MISMATCH above");
        ExitCode::FAILURE
    }
}

/// Runs this program again, with the same arguments and [`MALLOC_TUNABLES`] set.
fn rerun_with_malloc_tunables() -> ExitCode {
    let exe = std::env::current_exe().expect("the path of this program");
    let status = Command::new(exe)
        .args(std::env::args_os().skip(1))
        .env("GLIBC_TUNABLES", MALLOC_TUNABLES)
        .status()
        .expect("cannot run compare again with GLIBC_TUNABLES set");
    match status.code() {
        Some(0) => ExitCode::SUCCESS,
        Some(c) => ExitCode::from(u8::try_from(c).unwrap_or(1)),
        None => ExitCode::FAILURE,
    }
}

/// Writes `results.jsonl`, `tables.txt` and the SVG plots into `dir`.
fn write_outputs(
    dir: &Path,
    records: &[Record],
    tables: &str,
) -> Result<(), Box<dyn std::error::Error>> {
    std::fs::create_dir_all(dir)?;
    let lines: String = records.iter().map(|r| r.to_json() + "\n").collect();
    std::fs::write(dir.join("results.jsonl"), lines)?;
    std::fs::write(dir.join("tables.txt"), tables)?;
    let mut written = vec![dir.join("results.jsonl"), dir.join("tables.txt")];
    written.extend(plot::curves(dir, records)?);
    written.extend(summary::chart(dir, records)?);
    println!("\nwrote:");
    for path in written {
        println!("  {}", path.display());
    }
    Ok(())
}
