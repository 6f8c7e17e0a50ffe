//! The Python side: finds a Python with NumPy, SciPy and Numba (installing them once into
//! a virtual environment under `target/` when `python3` lacks them), runs
//! `benches/python/run_all.py --json` with it and reads its lines back as records.
//!
//! Which Python, in order: `PARFOR_PYTHON` when set (used as it is, never installed
//! into); `python3` when it imports `numpy, scipy, numba`; `target/parfor-venv` when it
//! does and holds the pinned `requirements.txt`; else that venv is created from `python3`
//! and the pins installed into it. Every failure is a message on stderr that names what
//! is missing and what to do; the Rust side runs either way.

use std::fmt;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use parfor_benches::record::Record;
use parfor_benches::workloads::Workload;

/// The modules the references need; run_all.py skips what needs a missing optional one
/// (threadpoolctl), but without these the comparison loses its point.
const MODULES: [&str; 3] = ["numpy", "scipy", "numba"];

/// The `benches/python` directory.
fn python_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("python")
}

/// The virtual environment `compare` installs into: `target/parfor-venv` of the
/// workspace, or of `CARGO_TARGET_DIR` when set.
fn venv_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let benches = Path::new(env!("CARGO_MANIFEST_DIR"));
            benches.parent().unwrap_or(benches).join("target")
        });
    target.join("parfor-venv")
}

/// `path` relative to the working directory when it lies under it, for shorter messages.
fn shown(path: &Path) -> String {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf())
        .display()
        .to_string()
}

/// The interpreter that runs the references.
#[derive(Debug)]
pub(crate) struct Python {
    program: PathBuf,
}

impl fmt::Display for Python {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&shown(&self.program))
    }
}

/// What [`probe`] found when it ran `python`.
enum Probe {
    /// It imports every one of [`MODULES`].
    Complete,
    /// It runs, but these modules fail to import (each with its error).
    Missing(Vec<String>),
    /// It does not run at all.
    NotRunnable(String),
}

/// Imports [`MODULES`] with `python`, one at a time, so a message can name the missing
/// ones (a broken install fails on import, not only on lookup).
fn probe(python: &Path) -> Probe {
    let code = format!(
        // Not installed: its name; installed but broken (or missing a dependency): the
        // name and the error's first line.
        "for m in {MODULES:?}:\n    try:\n        __import__(m)\n    except ModuleNotFoundError as e:\n        print(m if e.name == m else f'{{m}} ({{e}})')\n    except Exception as e:\n        print(f'{{m}} ({{type(e).__name__}}: {{str(e).splitlines()[0] if str(e) else \"\"}})')\n"
    );
    match Command::new(python)
        .args(["-c", &code])
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
    {
        Err(e) => Probe::NotRunnable(e.to_string()),
        Ok(out) if !out.status.success() => {
            Probe::NotRunnable(format!("it exited with {}", out.status))
        }
        Ok(out) => {
            let missing: Vec<String> = String::from_utf8_lossy(&out.stdout)
                .lines()
                .map(|l| l.trim().to_owned())
                .filter(|l| !l.is_empty())
                .collect();
            if missing.is_empty() {
                Probe::Complete
            } else {
                Probe::Missing(missing)
            }
        }
    }
}

/// What to do instead, said after every failure.
const OR_ELSE: &str = "or set PARFOR_PYTHON=/path/to/python, a Python with NumPy, SciPy and Numba";

/// The Python that runs the references, found or made; none (after a message on stderr
/// that says why and what to do) when there is none to be had.
pub(crate) fn resolve() -> Option<Python> {
    match find_or_install() {
        Ok(python) => Some(python),
        Err(e) => {
            eprintln!(
                "compare: {e}\ncompare: the Python side is skipped; the Rust side runs (--no-python skips Python without this message)"
            );
            None
        }
    }
}

/// [`resolve`]'s work, in the order of the module documentation.
fn find_or_install() -> Result<Python, String> {
    let requirements = python_dir().join("requirements.txt");
    if let Some(p) = std::env::var_os("PARFOR_PYTHON").filter(|p| !p.is_empty()) {
        let program = PathBuf::from(p);
        let name = program.display();
        return match probe(&program) {
            Probe::Complete => Ok(Python { program }),
            Probe::Missing(m) => Err(format!(
                "PARFOR_PYTHON={name} cannot import {}.\n  Install them with `{name} -m pip install -r {}`,\n  or unset PARFOR_PYTHON to let compare install them into its own environment.",
                m.join(", "),
                shown(&requirements),
            )),
            Probe::NotRunnable(e) => Err(format!(
                "PARFOR_PYTHON={name} does not run ({e}).\n  Point it at a Python interpreter, or unset it."
            )),
        };
    }
    let system = PathBuf::from("python3");
    let system_probe = probe(&system);
    if let Probe::Complete = system_probe {
        return Ok(Python { program: system });
    }
    let venv = venv_dir();
    let program = venv.join("bin/python");
    let pins = std::fs::read_to_string(&requirements)
        .map_err(|e| format!("cannot read {}: {e}.", requirements.display()))?;
    let stamp = venv.join("requirements.installed");
    if program.exists()
        && matches!(probe(&program), Probe::Complete)
        && std::fs::read_to_string(&stamp).is_ok_and(|s| s == pins)
    {
        return Ok(Python { program });
    }
    if let Probe::NotRunnable(e) = system_probe {
        return Err(format!(
            "no `python3` to run the Python references ({e}).\n  Install Python 3.10 or newer (Debian/Ubuntu: `sudo apt-get install python3 python3-venv`) and run again,\n  {OR_ELSE}."
        ));
    }
    install(&venv, &requirements, &pins, &stamp)?;
    Ok(Python { program })
}

/// Creates the venv at `venv` when it has no working pip, installs `requirements` into
/// it with pip's output in a log file there, and records `pins` in `stamp` on success.
fn install(venv: &Path, requirements: &Path, pins: &str, stamp: &Path) -> Result<(), String> {
    let python = venv.join("bin/python");
    let has_pip = |python: &Path| {
        Command::new(python)
            .args(["-m", "pip", "--version"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    eprintln!(
        "compare: installing NumPy, SciPy, Numba into {} (once; --no-python skips)",
        shown(venv)
    );
    if !has_pip(&python) {
        // `--clear`: a venv left without pip (Debian without python3-venv) is rebuilt.
        let out = Command::new("python3")
            .args(["-m", "venv", "--clear"])
            .arg(venv)
            .stdin(Stdio::null())
            .output()
            .map_err(|e| format!("cannot run `python3 -m venv`: {e}."))?;
        if !out.status.success() || !has_pip(&python) {
            let said = String::from_utf8_lossy(&out.stdout) + String::from_utf8_lossy(&out.stderr);
            let what = if said.contains("ensurepip")
                || !out.status.success() && said.contains("venv")
            {
                "Install Python's venv module (Debian/Ubuntu: `sudo apt-get install python3-venv`) and run again"
            } else {
                "Fix what it says and run again"
            };
            return Err(format!(
                "`python3 -m venv {}` failed:{}\n  {what},\n  {OR_ELSE}.",
                shown(venv),
                indent(&said),
            ));
        }
    }
    let log_path = venv.join("pip-install.log");
    let log = File::create(&log_path)
        .map_err(|e| format!("cannot create {}: {e}.", log_path.display()))?;
    let err_log = log
        .try_clone()
        .map_err(|e| format!("cannot write {}: {e}.", log_path.display()))?;
    let status = Command::new(&python)
        .args(["-m", "pip", "install", "--disable-pip-version-check", "-r"])
        .arg(requirements)
        .stdin(Stdio::null())
        .stdout(log)
        .stderr(err_log)
        .status()
        .map_err(|e| format!("cannot run pip in {}: {e}.", shown(venv)))?;
    if !status.success() {
        let said = std::fs::read_to_string(&log_path).unwrap_or_default();
        let (what, retry) = pip_diagnosis(&said, &python);
        return Err(format!(
            "`pip install -r {}` into {} failed: {what}.\n  pip's output: {}\n  {retry},\n  {OR_ELSE}.",
            shown(requirements),
            shown(venv),
            shown(&log_path),
        ));
    }
    match probe(&python) {
        Probe::Complete => {}
        Probe::Missing(m) => {
            return Err(format!(
                "pip installed {} into {}, but {} fail to import.\n  pip's output: {}\n  Remove {} and run again,\n  {OR_ELSE}.",
                shown(requirements),
                shown(venv),
                m.join(", "),
                shown(&log_path),
                shown(venv),
            ));
        }
        Probe::NotRunnable(e) => {
            return Err(format!(
                "{} does not run after the install ({e}).\n  Remove {} and run again,\n  {OR_ELSE}.",
                shown(&python),
                shown(venv),
            ));
        }
    }
    std::fs::write(stamp, pins).map_err(|e| format!("cannot write {}: {e}.", stamp.display()))
}

/// What went wrong in pip's output `said`, naming the package pip gave up on, and what
/// to do about it.
fn pip_diagnosis(said: &str, python: &Path) -> (String, String) {
    // "ERROR: No matching distribution found for numpy==2.4.6", or the build or
    // download of one package failing ("... for numpy==2.4.6 ..." in other wordings).
    let package = said
        .lines()
        .filter(|l| l.starts_with("ERROR"))
        .find_map(|l| {
            [
                "distribution found for ",
                "the requirement ",
                "Failed to build ",
            ]
            .iter()
            .find_map(|key| l.split(key).nth(1))
            .and_then(|rest| rest.split_whitespace().next())
            .map(str::to_owned)
        })
        .unwrap_or_else(|| "NumPy, SciPy or Numba".into());
    let network = [
        "NewConnectionError",
        "Failed to establish a new connection",
        "Temporary failure in name resolution",
        "Name or service not known",
        "Network is unreachable",
        "ConnectTimeoutError",
        "Read timed out",
        "ProxyError",
        "Could not fetch URL",
    ]
    .iter()
    .any(|s| said.contains(s));
    let python_version =
        said.contains("Requires-Python") || said.contains("require a different python version");
    let retry = "Run compare again to retry the install".to_owned();
    if network {
        (
            format!("pip could not reach the package index for {package} (no network?)"),
            format!("{retry} once online (a proxy: set HTTPS_PROXY)"),
        )
    } else if python_version {
        let version = Command::new(python)
            .arg("--version")
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
            .unwrap_or_default();
        (
            format!("{package} has no release for this Python ({version}; the pins need Python 3.10 to 3.14)"),
            "Install a newer Python and point PARFOR_PYTHON at it after installing the packages there".to_owned(),
        )
    } else {
        (
            format!("pip could not install {package}"),
            format!(
                "Fix what the end of pip's output says, then {}",
                retry.to_lowercase()
            ),
        )
    }
}

/// `text`'s lines, indented by four spaces, after a newline (empty text: "no output").
fn indent(text: &str) -> String {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    if lines.is_empty() {
        return "no output".into();
    }
    lines.iter().map(|l| format!("\n    {l}")).collect()
}

/// The Python references' records (none when the run fails to start), run by `python`
/// for `workloads`. `elapsed` (the seconds compare ran before) and `weights` (each
/// workload's expected seconds) feed run_all.py's progress lines.
pub(crate) fn records(
    python: &Python,
    quick: bool,
    workloads: &[&Workload],
    elapsed: f64,
    weights: &[f64],
) -> Vec<Record> {
    let script = python_dir().join("run_all.py");
    if !script.exists() {
        eprintln!(
            "compare: {} not found; the Python side is skipped",
            script.display()
        );
        return Vec::new();
    }
    eprintln!(
        "\npython: running {} workload{} with {python}",
        workloads.len(),
        if workloads.len() == 1 { "" } else { "s" }
    );
    let mut cmd = Command::new(&python.program);
    cmd.arg(&script);
    if quick {
        cmd.arg("--quick");
    }
    // The registry decides which workloads run, and in which order, on both sides.
    let names: Vec<&str> = workloads.iter().map(|w| w.name).collect();
    cmd.args(["--only", &names.join(",")]);
    let weights: Vec<String> = names
        .iter()
        .zip(weights)
        .map(|(n, w)| format!("{n}={w}"))
        .collect();
    cmd.args(["--weights", &weights.join(",")]);
    cmd.args(["--elapsed", &format!("{elapsed:.0}")]);
    let output = match cmd.arg("--json").stderr(Stdio::inherit()).output() {
        Ok(output) => output,
        Err(e) => {
            eprintln!("compare: the Python references failed to start ({python}: {e})");
            return Vec::new();
        }
    };
    if !output.status.success() {
        eprintln!(
            "compare: the Python references exited with {}; using the lines they printed",
            output.status
        );
    }
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter(|l| l.trim_start().starts_with('{'))
        .filter_map(|l| match Record::from_json(l) {
            Some(r) => Some(r),
            None => {
                eprintln!("compare: ignoring a Python line not in the result format: {l}");
                None
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// pip 23's output without network (PIP_INDEX_URL pointing at a closed port).
    const OFFLINE: &str = "WARNING: Retrying (Retry(total=0, connect=None, read=None, redirect=None, status=None)) after connection broken by 'NewConnectionError('<pip._vendor.urllib3.connection.HTTPConnection object at 0x7f75f7cd59d0>: Failed to establish a new connection: [Errno 111] Connection refused')': /simple/numpy/
ERROR: Could not find a version that satisfies the requirement numpy==2.4.6 (from versions: none)
ERROR: No matching distribution found for numpy==2.4.6
";

    #[test]
    fn pip_failures_name_the_package_and_the_cause() {
        let (what, retry) = pip_diagnosis(OFFLINE, Path::new("python3"));
        assert_eq!(
            what,
            "pip could not reach the package index for numpy==2.4.6 (no network?)"
        );
        assert!(retry.contains("once online"), "{retry}");

        let old = "ERROR: Ignored the following versions that require a different python version: 2.1.0 Requires-Python >=3.10\nERROR: Could not find a version that satisfies the requirement numpy==2.4.6 (from versions: 1.26.4)\nERROR: No matching distribution found for numpy==2.4.6\n";
        let (what, _) = pip_diagnosis(old, Path::new("python3"));
        assert!(
            what.starts_with("numpy==2.4.6 has no release for this Python"),
            "{what}"
        );

        let (what, retry) = pip_diagnosis("ERROR: Failed to build scipy\n", Path::new("python3"));
        assert_eq!(what, "pip could not install scipy");
        assert!(
            retry.starts_with("Fix what the end of pip's output says"),
            "{retry}"
        );
    }

    #[test]
    fn the_venv_lives_in_the_target_directory() {
        let venv = venv_dir();
        assert!(venv.ends_with("parfor-venv"));
        match std::env::var_os("CARGO_TARGET_DIR").filter(|d| !d.is_empty()) {
            Some(dir) => assert_eq!(venv.parent(), Some(Path::new(&dir))),
            None => assert!(venv.parent().is_some_and(|t| t.ends_with("target"))),
        }
    }

    #[test]
    fn a_missing_interpreter_is_reported_not_run() {
        assert!(matches!(
            probe(Path::new("/nonexistent/python")),
            Probe::NotRunnable(_)
        ));
    }
}
