//! The Python side: `benches/python/run_all.py --json`, its lines read back as records.

use std::path::Path;
use std::process::{Command, Stdio};

use parfor_benches::record::Record;
use parfor_benches::workloads::Workload;

/// The Python references' records, or none (with the reason) when Python, NumPy or
/// SciPy is missing or the run fails.
pub(crate) fn records(quick: bool, workloads: &[&Workload]) -> Vec<Record> {
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
    if quick {
        cmd.arg("--quick");
    }
    // The registry decides which workloads run, and in which order, on both sides.
    let names: Vec<&str> = workloads.iter().map(|w| w.name).collect();
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
