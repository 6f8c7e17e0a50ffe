//! The result format of `WORKLOADS.md`: one [`Record`] per implementation and case,
//! one JSON object per line, written by both sides and read back by `compare`; and each
//! implementation's [`Role`], which decides the ratios it takes part in.
//!
//! serde_json writes and reads the lines. The layout is Python's `json.dumps` (`", "`
//! and `": "` between items), so that the two sides' lines in `results.jsonl` read
//! alike; floats are written in exponent notation with every digit, integral checksums
//! as integers.

use std::io;

use serde::{Deserialize, Serialize};

/// One timed implementation of one case: a line of the JSON result format.
///
/// The fields a Python line may leave out take the defaults `compare` has always
/// given them: `lang` "python", `threads` and `rounds` 1, no checksum.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// The workload, e.g. `dets`.
    pub workload: String,
    /// The case, e.g. `10x10x100000` (the strings of `WORKLOADS.md`).
    pub case: String,
    /// The implementation, e.g. `#[parallel]` or `numba prange`.
    #[serde(rename = "impl")]
    pub implementation: String,
    /// `rust`, `c` or `python`.
    #[serde(default = "python")]
    pub lang: String,
    /// Threads the implementation used.
    #[serde(default = "one")]
    pub threads: usize,
    /// Median seconds of one run.
    pub seconds: f64,
    /// The workload's checksum of the result; NaN (`null` in JSON) for a reference
    /// that computes something else, such as a memset's bandwidth.
    #[serde(default = "no_checksum", with = "checksum")]
    pub checksum: f64,
    /// Timed runs behind the median.
    #[serde(default = "one")]
    pub rounds: usize,
    /// What the implementation is in the comparison. Not in the JSON: a line read back
    /// is the Python side's, and [`Record::from_json`] gives it its role.
    #[serde(skip, default = "python_role")]
    pub role: Role,
}

/// What an implementation is in the comparison: the role decides which rows are the
/// baselines and references of which ratios, so that those never hang on the wording
/// of a name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// The plain sequential Rust loop: the baseline of the speed-ups (`vs seq`).
    Sequential,
    /// A `#[parallel]` loop: what the comparison is about.
    Parallel,
    /// Hand-written rayon/ndarray: the `rayon` reference.
    Rayon,
    /// A plain C loop on one thread.
    CSequential,
    /// A C/OpenMP loop: the `OpenMP` reference of a case's table.
    OpenMp,
    /// A bound that computes something else (a `memset`'s bandwidth): timed, its
    /// checksum neither compared nor recorded.
    Bandwidth,
    /// A Rust library call timed on its own (`parfor::matmul`).
    Library,
    /// Numba's `prange` loop: the `numba` reference.
    Numba,
    /// Any other Python implementation (NumPy, SciPy, pools, Numba's first call).
    Python,
}

impl Role {
    /// The record's `lang`.
    pub fn lang(self) -> &'static str {
        match self {
            Role::Sequential | Role::Parallel | Role::Rayon | Role::Library => "rust",
            Role::CSequential | Role::OpenMp | Role::Bandwidth => "c",
            Role::Numba | Role::Python => "python",
        }
    }

    /// Whether the implementation's checksum must agree with the baseline's.
    pub fn checked(self) -> bool {
        self != Role::Bandwidth
    }

    /// The role of the Python implementation `implementation`: the JSON carries names
    /// only, and `numba prange` (or a variant of it, `numba prange, tiles`) is the one
    /// the tables hold the others against.
    pub fn of_python(implementation: &str) -> Role {
        if implementation == "numba prange" || implementation.starts_with("numba prange, ") {
            Role::Numba
        } else {
            Role::Python
        }
    }
}

fn python() -> String {
    "python".to_owned()
}

fn one() -> usize {
    1
}

fn no_checksum() -> f64 {
    f64::NAN
}

fn python_role() -> Role {
    Role::Python
}

impl Record {
    /// The record as one line of JSON, in the format of `WORKLOADS.md`.
    pub fn to_json(&self) -> String {
        let mut line = Vec::new();
        let mut serializer = serde_json::Serializer::with_formatter(&mut line, Layout);
        self.serialize(&mut serializer)
            .expect("a record has no map keys that could fail");
        String::from_utf8(line).expect("serde_json writes UTF-8")
    }

    /// The record of one JSON line, or `None` if the line is not in the format.
    pub fn from_json(line: &str) -> Option<Record> {
        let mut record: Record = serde_json::from_str(line).ok()?;
        record.role = Role::of_python(&record.implementation);
        Some(record)
    }
}

/// The checksum field: `null` for NaN (no checksum), integral values below 2^53 as
/// integers (the exact checksums of integer workloads), others as floats.
mod checksum {
    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
        if x.is_finite() && x.fract() == 0.0 && x.abs() < 9e15 {
            s.serialize_i64(*x as i64)
        } else {
            // serde_json writes non-finite floats as `null`.
            s.serialize_f64(*x)
        }
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
        Ok(Option::<f64>::deserialize(d)?.unwrap_or(f64::NAN))
    }
}

/// serde_json's output in the layout of the Python side's lines.
struct Layout;

impl serde_json::ser::Formatter for Layout {
    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        if first { Ok(()) } else { w.write_all(b", ") }
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }

    fn write_f64<W: ?Sized + io::Write>(&mut self, w: &mut W, value: f64) -> io::Result<()> {
        write!(w, "{value:e}")
    }
}

/// Whether `a` and `b` agree as checksums: exactly for integer checksums, else to a
/// relative `1e-9`.
pub fn checksums_agree(a: f64, b: f64, exact: bool) -> bool {
    if exact {
        a == b
    } else {
        a == b || (a - b).abs() <= 1e-9 * a.abs().max(b.abs())
    }
}

/// The variant named after the comma of an implementation (`det_stack` in
/// `#[parallel], det_stack`).
pub fn variant_tag(implementation: &str) -> Option<&str> {
    implementation.split_once(", ").map(|(_, tag)| tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_are_json_lines() {
        let r = Record {
            workload: "dets".into(),
            case: "10x10x1000".into(),
            implementation: "#[parallel] \"x\"".into(),
            lang: "rust".into(),
            threads: 2,
            seconds: 0.25,
            checksum: 12.0,
            rounds: 3,
            role: Role::Parallel,
        };
        assert_eq!(
            r.to_json(),
            "{\"workload\": \"dets\", \"case\": \"10x10x1000\", \"impl\": \"#[parallel] \\\"x\\\"\", \
             \"lang\": \"rust\", \"threads\": 2, \"seconds\": 2.5e-1, \"checksum\": 12, \"rounds\": 3}"
        );
    }

    #[test]
    fn checksums_agree_to_one_part_in_a_billion() {
        assert!(checksums_agree(1.0, 1.0 + 1e-12, false));
        assert!(!checksums_agree(1.0, 1.0 + 1e-6, false));
        assert!(!checksums_agree(1.0, 1.0 + 1e-12, true));
    }

    #[test]
    fn python_lines_read_back_with_their_defaults() {
        let line = r#"{"workload": "sum", "case": "1e8", "impl": "numba prange", "seconds": 0.5, "checksum": null, "extra": 1}"#;
        let r = Record::from_json(line).expect("a line in the format");
        assert_eq!((r.lang.as_str(), r.threads, r.rounds), ("python", 1, 1));
        assert_eq!(r.role, Role::Numba);
        assert!(r.checksum.is_nan());
        assert_eq!(
            Record::from_json(&r.to_json()).map(|b| b.seconds),
            Some(0.5)
        );
        assert_eq!(Record::from_json(r#"{"workload": "sum"}"#), None);
    }

    #[test]
    fn numba_variants_are_numba_rows() {
        assert_eq!(Role::of_python("numba prange"), Role::Numba);
        assert_eq!(Role::of_python("numba prange, tiles"), Role::Numba);
        assert_eq!(Role::of_python("numba prange (first call)"), Role::Python);
        assert_eq!(Role::of_python("numpy"), Role::Python);
    }
}
