//! The side-by-side table of a workload: every implementation of every case, with its
//! speed-up and its time over the references its role picks.

use std::fmt::Write as _;

use parfor_benches::format_seconds;
use parfor_benches::record::{Record, Role, checksums_agree, variant_tag};
use parfor_benches::workloads::Workload;

/// The cases of `workload` in the order first seen (Rust's order, then Python's).
pub(crate) fn cases<'a>(workload: &str, records: &'a [Record]) -> Vec<&'a str> {
    let mut cases: Vec<&str> = Vec::new();
    for r in records.iter().filter(|r| r.workload == workload) {
        if !cases.contains(&r.case.as_str()) {
            cases.push(&r.case);
        }
    }
    cases
}

/// The row in `role` that `r` is held against among the rows `rs` of its case: a
/// variant (`#[parallel], det_stack`) is held against the row of the same variant when
/// there is one, else against the first row in `role`.
pub(crate) fn paired<'a>(rs: &[&'a Record], role: Role, r: &Record) -> Option<&'a Record> {
    let row = |tag: Option<&str>| {
        rs.iter().copied().find(|p| {
            p.role == role && tag.is_none_or(|t| variant_tag(&p.implementation) == Some(t))
        })
    };
    variant_tag(&r.implementation)
        .and_then(|t| row(Some(t)))
        .or_else(|| row(None))
}

/// Appends the side-by-side table of `workload` to `out`; false if any checksum of a
/// case disagrees with the sequential Rust loop's.
pub(crate) fn table(out: &mut String, workload: &Workload, records: &[Record]) -> bool {
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
        let rs: Vec<&Record> = all.iter().copied().filter(|r| r.case == case).collect();
        let reference = rs
            .iter()
            .find(|r| r.role == Role::Sequential)
            .or_else(|| rs.iter().find(|r| r.checksum.is_finite()))
            .map(|r| r.checksum);
        for r in &rs {
            let paired = |role: Role| paired(&rs, role, r).map(|p| p.seconds);
            let seq = paired(Role::Sequential).or(fallback);
            let rayon = paired(Role::Rayon);
            let numba = paired(Role::Numba);
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
        assert!(table(
            &mut out,
            &parfor_benches::workloads::dets::WORKLOAD,
            &records
        ));
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
