//! One command for the seed workloads: Rust (sequential, `#[parallel]`, hand-written
//! rayon, C/OpenMP) beside the Python references, with checksums checked, a table per
//! workload, SVG plots of the curves and every result as JSON lines.
//!
//! ```text
//! cargo run --release -p parfor-benches --bin compare [-- --quick] [--no-python] [--out DIR] [--only NAME,..]
//! ```
//!
//! Python runs when `python3 -c "import numpy, scipy"` works: `benches/python/run_all.py
//! [--quick] --json` prints JSON lines in the format of `benches/WORKLOADS.md`.
//!
//! Everything, Rust and Python alike (the Python child inherits the setting), runs with
//! glibc's malloc told to keep freed memory ([`MALLOC_TUNABLES`]; `--default-malloc`
//! leaves glibc's defaults). See `benches/README.md`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use parfor_benches::record::{Record, Role, checksums_agree, variant_tag};
use parfor_benches::workloads::{self, Workload};
use parfor_benches::{Config, format_seconds, load_average};
use plotters::prelude::*;

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
            "--out" => args.out = it.next().expect("--out needs a directory").into(),
            "--only" => {
                let names = it.next().expect("--only needs workload names");
                let names: Vec<&str> = names.split(',').collect();
                for name in &names {
                    assert!(
                        workloads::find(name).is_some(),
                        "no workload named {name:?} (try --help)"
                    );
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
            other => panic!("unknown argument {other:?} (try --help)"),
        }
    }
    args
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
    let start = Instant::now();
    let mut records = Vec::new();
    for w in &args.workloads {
        let t = Instant::now();
        records.extend((w.cases)(&config));
        println!("[{}: {:.1} s]", w.name, t.elapsed().as_secs_f64());
    }
    println!("\nRust side: {:.1} s", start.elapsed().as_secs_f64());
    if args.python {
        records.extend(python(&args));
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
        ok &= table(&mut tables, w, &records);
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

/// The Python references' records, or none (with the reason) when Python, NumPy or
/// SciPy is missing or the run fails.
fn python(args: &Args) -> Vec<Record> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("python/run_all.py");
    let probe = Command::new("python3")
        .args(["-c", "import numpy, scipy"])
        .stderr(Stdio::null())
        .status();
    if !probe.is_ok_and(|s| s.success()) {
        println!(
            "\nPython references skipped: `python3` with NumPy and SciPy not found.\n\
             Install them with `pip install numpy scipy numba threadpoolctl` and run again."
        );
        return Vec::new();
    }
    if !script.exists() {
        println!(
            "\nPython references skipped: {} not found.",
            script.display()
        );
        return Vec::new();
    }
    println!("\nrunning {} ..", script.display());
    let mut cmd = Command::new("python3");
    cmd.arg(&script);
    if args.quick {
        cmd.arg("--quick");
    }
    // The registry decides which workloads run, and in which order, on both sides.
    let names: Vec<&str> = args.workloads.iter().map(|w| w.name).collect();
    cmd.args(["--only", &names.join(",")]);
    let output = match cmd.arg("--json").stderr(Stdio::inherit()).output() {
        Ok(output) => output,
        Err(e) => {
            println!("Python references failed to start: {e}");
            return Vec::new();
        }
    };
    if !output.status.success() {
        println!(
            "Python references exited with {}; using the lines they printed",
            output.status
        );
    }
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter(|l| l.trim_start().starts_with('{'))
        .filter_map(|l| match Record::from_json(l) {
            Some(r) => Some(r),
            None => {
                println!("ignoring a Python line not in the result format: {l}");
                None
            }
        })
        .collect()
}

/// The cases of `workload` in the order first seen (Rust's order, then Python's).
fn cases<'a>(workload: &str, records: &'a [Record]) -> Vec<&'a str> {
    let mut cases: Vec<&str> = Vec::new();
    for r in records.iter().filter(|r| r.workload == workload) {
        if !cases.contains(&r.case.as_str()) {
            cases.push(&r.case);
        }
    }
    cases
}

/// Appends the side-by-side table of `workload` to `out`; false if any checksum of a
/// case disagrees with the sequential Rust loop's.
fn table(out: &mut String, workload: &Workload, records: &[Record]) -> bool {
    let mut ok = true;
    let all: Vec<&Record> = records
        .iter()
        .filter(|r| r.workload == workload.name)
        .collect();
    if all.is_empty() {
        return true;
    }
    let _ = writeln!(out, "\n## {}", workload.name);
    let header = [
        "case",
        "implementation",
        "lang",
        "thr",
        "time",
        "vs seq",
        "/ numba",
        "/ rayon",
        "checksum",
    ];
    let mut rows = vec![header.map(str::to_owned).to_vec()];
    // The workload's first sequential Rust loop: the baseline of cases without one
    // (the blas_x_workers grid).
    let fallback = all
        .iter()
        .find(|r| r.role == Role::Sequential)
        .map(|r| r.seconds);
    for case in cases(workload.name, records) {
        let rs: Vec<&&Record> = all.iter().filter(|r| r.case == case).collect();
        // The first row in `role`, of the variant `tag` if given.
        let row = |role: Role, tag: Option<&str>| {
            rs.iter()
                .find(|r| {
                    r.role == role && tag.is_none_or(|t| variant_tag(&r.implementation) == Some(t))
                })
                .map(|r| r.seconds)
        };
        let numba = row(Role::Numba, None);
        let reference = rs
            .iter()
            .find(|r| r.role == Role::Sequential)
            .or_else(|| rs.iter().find(|r| r.checksum.is_finite()))
            .map(|r| r.checksum);
        for r in &rs {
            // A variant ("#[parallel], det_stack") is held against the sequential and
            // rayon rows of the same variant when there are such, else the first ones.
            let tag = variant_tag(&r.implementation);
            let paired = |role: Role| {
                tag.and_then(|t| row(role, Some(t)))
                    .or_else(|| row(role, None))
            };
            let seq = paired(Role::Sequential).or(fallback);
            let rayon = paired(Role::Rayon);
            let ratio = |base: Option<f64>, inverse: bool| match base {
                Some(b) if inverse => format!("{:.2}x", b / r.seconds),
                Some(b) => format!("{:.3}", r.seconds / b),
                None => "-".to_owned(),
            };
            let check = match reference {
                _ if !r.checksum.is_finite() => "(reference)".to_owned(),
                Some(expected) if !checksums_agree(r.checksum, expected, workload.exact) => {
                    ok = false;
                    format!("MISMATCH {:.12e} vs {expected:.12e}", r.checksum)
                }
                _ => format!("{:.12e}", r.checksum),
            };
            rows.push(vec![
                case.to_owned(),
                r.implementation.clone(),
                r.lang.clone(),
                r.threads.to_string(),
                format_seconds(r.seconds),
                ratio(seq, true),
                ratio(numba, false),
                ratio(rayon, false),
                check,
            ]);
        }
    }
    let widths: Vec<usize> = (0..header.len())
        .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    for (k, row) in rows.iter().enumerate() {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(c, cell)| match c {
                0..=2 | 8 => format!("{cell:<w$}", w = widths[c]),
                _ => format!("{cell:>w$}", w = widths[c]),
            })
            .collect();
        let _ = writeln!(out, "{}", cells.join("  ").trim_end());
        if k == 0 {
            let _ = writeln!(
                out,
                "{}",
                "-".repeat(widths.iter().sum::<usize>() + 2 * (widths.len() - 1))
            );
        }
    }
    let _ = writeln!(
        out,
        "vs seq: speed-up over the sequential Rust loop; / numba, / rayon: time over Numba prange's, hand-written rayon's (of the same variant, named after the comma, where there is one)"
    );
    ok
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
    for m in [10, 100] {
        let prefix = format!("{m}x{m}x");
        let curve = curve(records, "dets", |case| {
            case.strip_prefix(&prefix)?.parse().ok()
        });
        let path = dir.join(format!("dets_{m}x{m}.svg"));
        if plot(
            &path,
            &format!("dets: {m}x{m} determinants"),
            "matrices",
            &curve,
        )? {
            written.push(path);
        }
    }
    let curve = curve(records, "autocorr", |case| {
        case.strip_prefix("100x100 x")?.parse().ok()
    });
    let path = dir.join("autocorr.svg");
    if plot(
        &path,
        "autocorr: correlate2d(a, a) of 100x100 integer matrices",
        "matrices",
        &curve,
    )? {
        written.push(path);
    }
    println!("\nwrote:");
    for path in written {
        println!("  {}", path.display());
    }
    Ok(())
}

/// One line per implementation: (problem size, seconds), for the cases `size` parses.
type Curve = BTreeMap<String, Vec<(f64, f64)>>;

fn curve(records: &[Record], workload: &str, size: impl Fn(&str) -> Option<f64>) -> Curve {
    let mut lines = Curve::new();
    for r in records.iter().filter(|r| r.workload == workload) {
        if let Some(x) = size(&r.case) {
            let name = format!("{} ({})", r.implementation, r.lang);
            lines.entry(name).or_default().push((x, r.seconds));
        }
    }
    for points in lines.values_mut() {
        points.sort_by(|a, b| a.0.total_cmp(&b.0));
    }
    lines
}

/// Plots `curve` on log-log axes into the SVG `path`; false if there is nothing to plot.
fn plot(
    path: &Path,
    title: &str,
    x_desc: &str,
    curve: &Curve,
) -> Result<bool, Box<dyn std::error::Error>> {
    let points = || curve.values().flatten();
    if points().count() < 2 {
        return Ok(false);
    }
    let (x0, x1) = points().fold((f64::INFINITY, 0.0f64), |(lo, hi), p| {
        (lo.min(p.0), hi.max(p.0))
    });
    let (y0, y1) = points().fold((f64::INFINITY, 0.0f64), |(lo, hi), p| {
        (lo.min(p.1), hi.max(p.1))
    });
    let root = SVGBackend::new(path, (900, 560)).into_drawing_area();
    root.fill(&WHITE)?;
    let mut chart = ChartBuilder::on(&root)
        .caption(title, ("sans-serif", 20))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(70)
        .build_cartesian_2d(
            (x0 / 1.2..x1 * 1.2).log_scale(),
            (y0 / 1.5..y1 * 1.5).log_scale(),
        )?;
    chart
        .configure_mesh()
        .x_desc(x_desc)
        .y_desc("seconds (median)")
        .y_label_formatter(&|y| format!("{y:.0e}"))
        .draw()?;
    for (k, (name, line)) in curve.iter().enumerate() {
        let color = Palette99::pick(k).to_rgba();
        chart
            .draw_series(LineSeries::new(line.iter().copied(), color.stroke_width(2)))?
            .label(name.as_str())
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 20, y)], color.stroke_width(2))
            });
        chart.draw_series(line.iter().map(|&p| Circle::new(p, 3, color.filled())))?;
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .draw()?;
    root.present()?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(implementation: &str, role: Role, seconds: f64) -> Record {
        Record {
            workload: "dets".into(),
            case: "10x10x1000".into(),
            implementation: implementation.into(),
            lang: role.lang().into(),
            threads: 2,
            seconds,
            checksum: 1.0,
            rounds: 3,
            role,
        }
    }

    #[test]
    fn roles_pick_the_references_of_the_same_variant() {
        let records = [
            record("sequential", Role::Sequential, 8.0),
            record("#[parallel]", Role::Parallel, 4.0),
            record("rayon Zip::par_for_each", Role::Rayon, 2.0),
            record("sequential, det_stack", Role::Sequential, 4.0),
            record("#[parallel], det_stack", Role::Parallel, 1.0),
            record("rayon axis_chunks, det_stack", Role::Rayon, 0.5),
            record("numba prange", Role::Numba, 16.0),
        ];
        let mut out = String::new();
        assert!(table(&mut out, &workloads::dets::WORKLOAD, &records));
        let row = |name: &str| {
            let line = out.lines().find(|l| l.contains(name)).expect("a row");
            line.split_whitespace().collect::<Vec<_>>().join(" ")
        };
        // vs seq, / numba, / rayon
        assert!(row("#[parallel]  ").contains("2.00x 0.250 2.000"), "{out}");
        assert!(
            row("#[parallel], det_stack").contains("4.00x 0.062 2.000"),
            "{out}"
        );
    }
}
