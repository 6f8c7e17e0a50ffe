//! The result format of `WORKLOADS.md`: one [`Record`] per implementation and case,
//! one JSON object per line, written by both sides and read back by `compare`.
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
        serde_json::from_str(line).ok()
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
        assert!(r.checksum.is_nan());
        assert_eq!(
            Record::from_json(&r.to_json()).map(|b| b.seconds),
            Some(0.5)
        );
        assert_eq!(Record::from_json(r#"{"workload": "sum"}"#), None);
    }
}
