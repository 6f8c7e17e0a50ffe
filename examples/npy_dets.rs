//! Determinants of a tensor saved by NumPy, computed by a `#[parallel]` loop and saved
//! for NumPy to read back (the seed's `dets` workload on your own data).
//!
//! ```text
//! cargo run --release --example npy_dets -- IN.npy OUT.npy
//! cargo run --release --example npy_dets     # a demo on a random tensor in a temp dir
//! ```
//!
//! `IN.npy` holds a float64 array of shape `(n, n, m)`: `m` matrices, the slices
//! `a[:, :, k]`, as in the seed. `OUT.npy` gets the float64 vector of their `m`
//! determinants, so that in Python
//!
//! ```text
//! np.allclose(np.load("OUT.npy"), np.linalg.det(np.moveaxis(np.load("IN.npy"), 2, 0)))
//! ```
//!
//! A stack in NumPy's own layout, shape `(m, n, n)`, is saved for this example as
//! `np.save("IN.npy", np.moveaxis(stack, 0, 2))`. Errors (a missing file, another dtype
//! or shape, a truncated file) print one message naming the file and exit with status 1.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use parfor::prelude::*;
use parfor::rng::RngExt;

/// The seed's loop: the determinant of each slice `t[:, :, k]`.
#[parallel]
pub(crate) fn dets(t: &Array3<f64>, out: &mut Array1<f64>) {
    for k in prange(t.len_of(Axis(2))) {
        out[k] = det(t.index_axis(Axis(2), k));
    }
}

/// Loads `input`, computes the determinants of its slices in parallel and saves them
/// to `output`; returns the one-line summary `main` prints.
pub(crate) fn run(input: &Path, output: &Path) -> Result<String, String> {
    let t: Array3<f64> = parfor::io::read_npy(input).map_err(|e| e.to_string())?;
    let (n, c, m) = t.dim();
    if n != c {
        return Err(format!(
            "{}: shape ({n}, {c}, {m}): the matrices a[:, :, k] must be square, shape \
             (n, n, m); for a stack of shape (m, n, n), save np.moveaxis(stack, 0, 2)",
            input.display()
        ));
    }
    let mut out = Array1::zeros(m);
    let start = Instant::now();
    dets(&t, &mut out);
    let seconds = start.elapsed().as_secs_f64();
    parfor::io::write_npy(output, &out).map_err(|e| e.to_string())?;
    let (lo, hi) = out
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &d| {
            (lo.min(d), hi.max(d))
        });
    Ok(format!(
        "{m} determinants of {n}x{n} matrices from {} in {:.3} ms on {} threads \
         (min {lo:.6e}, max {hi:.6e}) -> {}",
        input.display(),
        seconds * 1e3,
        parfor::get_num_threads(),
        output.display()
    ))
}

/// No files given: a random `(10, 10, 1000)` tensor round-trips through a temp dir,
/// and the determinants read back are checked against those computed in memory.
fn demo() -> Result<String, String> {
    let dir = std::env::temp_dir().join(format!("parfor-npy-dets-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let (input, output): (PathBuf, PathBuf) = (dir.join("tensor.npy"), dir.join("dets.npy"));
    let t = Array3::from_shape_fn((10, 10, 1000), |(i, j, k)| {
        let mut r = parfor::rng::for_iteration(7, (k * 10 + i) * 10 + j);
        r.random_range(-1.0..1.0)
    });
    parfor::io::write_npy(&input, &t).map_err(|e| e.to_string())?;
    let summary = run(&input, &output)?;
    let back: Array1<f64> = parfor::io::read_npy(&output).map_err(|e| e.to_string())?;
    let mut direct = Array1::zeros(t.len_of(Axis(2)));
    dets(&t, &mut direct);
    if back != direct {
        return Err(format!(
            "{}: does not hold the determinants computed",
            output.display()
        ));
    }
    Ok(format!(
        "{summary}\nread back {} equal determinants; files kept in {}",
        back.len(),
        dir.display()
    ))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.as_slice() {
        [] => {
            eprintln!("npy_dets: no files given, a demo (usage: npy_dets IN.npy OUT.npy)");
            demo()
        }
        [h] if h == "-h" || h == "--help" => {
            println!("usage: npy_dets IN.npy OUT.npy\n  IN.npy: float64, shape (n, n, m)");
            return ExitCode::SUCCESS;
        }
        [input, output] => run(Path::new(input), Path::new(output)),
        _ => {
            eprintln!("usage: npy_dets IN.npy OUT.npy");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(summary) => {
            println!("{summary}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("npy_dets: {message}");
            ExitCode::FAILURE
        }
    }
}
