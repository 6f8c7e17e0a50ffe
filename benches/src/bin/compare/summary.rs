//! The summary chart, `summary.svg`: for every workload, how many times faster
//! `#[parallel]` ran than the fastest Python implementation and than hand-written
//! rayon, as horizontal bars from 1x on a log scale.
//!
//! Each workload is shown at one case: its last (in the workloads' order, the largest)
//! that Python also ran, else its last with a rayon row. `#[parallel]` is the seed's
//! loop (the row without a variant after the comma), held against the rayon row the
//! tables pair it with ([`table::paired`]).

use std::path::{Path, PathBuf};

use parfor_benches::record::{Record, Role, variant_tag};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::plot::{FONT, format_tick, log_grid, log_ticks, text_width};
use crate::table;

/// One workload's bars: the speed-ups of `#[parallel]` over the references.
#[derive(Debug)]
struct Row {
    workload: String,
    case: String,
    /// The fastest Python implementation: its name and time over `#[parallel]`'s.
    python: Option<(String, f64)>,
    /// The paired rayon row: its name and time over `#[parallel]`'s.
    rayon: Option<(String, f64)>,
}

/// The rows of `records`, one per workload with a `#[parallel]` loop, in the order the
/// workloads ran; and the workloads left out for want of one.
fn rows(records: &[Record]) -> (Vec<Row>, Vec<String>) {
    let mut workloads: Vec<&str> = Vec::new();
    for r in records {
        if !workloads.contains(&r.workload.as_str()) {
            workloads.push(&r.workload);
        }
    }
    let (mut rows, mut skipped) = (Vec::new(), Vec::new());
    for w in workloads {
        let mut python_case = None;
        let mut rayon_case = None;
        for case in table::cases(w, records) {
            let rs: Vec<&Record> = records
                .iter()
                .filter(|r| r.workload == w && r.case == case)
                .collect();
            let parallel = rs
                .iter()
                .copied()
                .filter(|r| r.role == Role::Parallel)
                .min_by_key(|r| variant_tag(&r.implementation).is_some());
            let Some(parallel) = parallel else { continue };
            let python = rs
                .iter()
                .filter(|r| r.lang == "python" && r.checksum.is_finite())
                .min_by(|a, b| a.seconds.total_cmp(&b.seconds));
            let rayon = table::paired(&rs, Role::Rayon, parallel);
            let ratio = |r: &Record| (r.implementation.clone(), r.seconds / parallel.seconds);
            let row = Row {
                workload: w.to_owned(),
                case: case.to_owned(),
                python: python.map(|r| ratio(r)),
                rayon: rayon.map(ratio),
            };
            if row.python.is_some() {
                python_case = Some(row);
            } else if row.rayon.is_some() {
                rayon_case = Some(row);
            }
        }
        match python_case.or(rayon_case) {
            Some(row) => rows.push(row),
            None => skipped.push(w.to_owned()),
        }
    }
    (rows, skipped)
}

/// A speed-up as its label: three significant digits at most, no more than two
/// decimals (`0.82x`, `3.31x`, `14.2x`, `1810x`).
fn format_speedup(v: f64) -> String {
    if v < 10.0 {
        format!("{v:.2}x")
    } else if v < 100.0 {
        format!("{v:.1}x")
    } else {
        format!("{v:.0}x")
    }
}

/// The canvas and its parts, in pixels.
const WIDTH: u32 = 1000;
const LABELS: u32 = 330;
const HEADER: u32 = 130;
const AXIS: u32 = 58;
const MARGIN: u32 = 16;
/// A bar's row and a workload's heading row.
const ROW: u32 = 22;
const GAP: u32 = 10;
const VALUE_FONT: f64 = 13.0;

/// The colours of the two bars: Python's green and rayon's blue, as in the curves.
const PYTHON: RGBColor = RGBColor(0x2c, 0xa0, 0x2c);
const RAYON: RGBColor = RGBColor(0x1f, 0x77, 0xb4);
const GREY: RGBColor = RGBColor(0x55, 0x55, 0x55);

/// The x range of the bars, from `lo` to `hi` times, wide enough that every bar's value
/// label (`(speed-up, label width)`) fits beside its end, in `pixels`.
fn x_range(bars: &[(f64, f64)], pixels: f64) -> (f64, f64) {
    let (mut lo, mut hi) = bars
        .iter()
        .fold((1.0f64, 1.0f64), |(lo, hi), &(v, _)| (lo.min(v), hi.max(v)));
    // At least 0.43x to 2.3x, so that 1x sits inside the frame with a tick (0.5x, 2x)
    // either side, clear of the edges.
    (lo, hi) = ((lo / 1.15).min(0.43), (hi * 1.15).max(2.3));
    for _ in 0..200 {
        let at = |v: f64| (v / lo).ln() / (hi / lo).ln() * pixels;
        let right = bars
            .iter()
            .any(|&(v, w)| v >= 1.0 && at(v) + 8.0 + w > pixels);
        let left = bars.iter().any(|&(v, w)| v < 1.0 && at(v) - 8.0 - w < 0.0);
        if !(left || right) {
            break;
        }
        if right {
            hi *= 1.05;
        }
        if left {
            lo /= 1.05;
        }
    }
    (lo, hi)
}

/// Writes `summary.svg` into `dir`; `None` if no workload has a `#[parallel]` loop with
/// a reference to hold it against.
pub(crate) fn chart(
    dir: &Path,
    records: &[Record],
) -> Result<Option<PathBuf>, Box<dyn std::error::Error>> {
    let (rows, skipped) = rows(records);
    if rows.is_empty() {
        return Ok(None);
    }
    let path = dir.join("summary.svg");
    let threads = records
        .iter()
        .filter(|r| r.role == Role::Parallel)
        .map(|r| r.threads)
        .max()
        .unwrap_or(1);
    let any_python = rows.iter().any(|r| r.python.is_some());
    // A heading and a bar per reference; no Python slot in a run without Python.
    let slots: u32 = if any_python { 3 } else { 2 };
    let group = slots * ROW + GAP;
    let footer = if skipped.is_empty() { 0 } else { ROW };
    let rows_height = u32::try_from(rows.len())? * group;
    let height = HEADER + rows_height + AXIS + footer + MARGIN;
    let root = SVGBackend::new(&path, (WIDTH, height)).into_drawing_area();
    root.fill(&WHITE)?;
    header(&root, threads, any_python)?;

    // The bars' x axis: log, fitted to the bars and their value labels.
    let plot_width = f64::from(WIDTH - LABELS - 2 * MARGIN);
    let bars: Vec<(f64, f64)> = rows
        .iter()
        .flat_map(|r| [&r.python, &r.rayon])
        .flatten()
        .map(|(_, v)| (*v, text_width(&format_speedup(*v), VALUE_FONT)))
        .collect();
    let (lo, hi) = x_range(&bars, plot_width);
    let ticks = log_ticks(lo, hi, plot_width, text_width("1000x", 13.0) + 18.0);
    let (_, body) = root.split_vertically(HEADER);
    let (body, notes) = body.split_vertically(rows_height + AXIS);
    // y counts pixel rows from the top of the bars' area down.
    let rows_px = f64::from(rows_height);
    let mut chart = ChartBuilder::on(&body)
        .margin_left(MARGIN)
        .margin_right(MARGIN)
        .x_label_area_size(AXIS)
        .y_label_area_size(LABELS)
        .build_cartesian_2d(
            (lo..hi)
                .log_scale()
                .with_key_points(ticks)
                .with_light_points(log_grid(lo, hi)),
            rows_px..0.0,
        )?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .disable_y_axis()
        .x_desc(format!(
            "speed-up of #[parallel]: the other's time over #[parallel]'s ({threads} threads; log scale)"
        ))
        .axis_desc_style((FONT, 15))
        .x_label_style((FONT, 13))
        .x_label_formatter(&|x| format!("{}x", format_tick(*x)))
        .bold_line_style(RGBColor(0xc8, 0xc8, 0xc8))
        .light_line_style(RGBColor(0xee, 0xee, 0xee))
        .draw()?;
    // The 1x line: right of it #[parallel] is faster.
    chart.draw_series(LineSeries::new(
        [(1.0, 0.0), (1.0, rows_px)],
        BLACK.stroke_width(2),
    ))?;

    let label_right = i32::try_from(MARGIN + LABELS)? - 12;
    let left = Pos::new(HPos::Left, VPos::Center);
    let right = Pos::new(HPos::Right, VPos::Center);
    for (i, row) in rows.iter().enumerate() {
        let top = f64::from(u32::try_from(i)? * group);
        let y_at = |slot: f64| top + (slot + 0.5) * f64::from(ROW);
        let (_, heading_y) = chart.backend_coord(&(1.0, y_at(0.0)));
        root.draw(&Text::new(
            format!("{}: {}", row.workload, row.case),
            (i32::try_from(MARGIN)? + 4, heading_y),
            (FONT, 15)
                .into_font()
                .style(FontStyle::Bold)
                .color(&BLACK)
                .pos(left),
        ))?;
        let bars = [
            (1.0, &row.python, PYTHON, "Python"),
            (f64::from(slots) - 1.0, &row.rayon, RAYON, "rayon"),
        ];
        for (slot, bar, color, what) in bars.into_iter().skip(usize::from(!any_python)) {
            let y = y_at(slot);
            let (one_x, py) = chart.backend_coord(&(1.0, y));
            let Some((name, v)) = bar else {
                root.draw(&Text::new(
                    format!("no {what} run of this case"),
                    (one_x + 8, py),
                    (FONT, 12).into_font().color(&GREY).pos(left),
                ))?;
                continue;
            };
            root.draw(&Text::new(
                format!("over {name}"),
                (label_right, py),
                (FONT, 13).into_font().color(&color).pos(right),
            ))?;
            let half = f64::from(ROW) * 0.36;
            chart.draw_series([Rectangle::new(
                [(1.0, y - half), (*v, y + half)],
                color.filled(),
            )])?;
            let (end_x, _) = chart.backend_coord(&(*v, y));
            let (at, anchor) = if *v >= 1.0 {
                (end_x + 8, left)
            } else {
                (end_x - 8, right)
            };
            root.draw(&Text::new(
                format_speedup(*v),
                (at, py),
                (FONT, VALUE_FONT)
                    .into_font()
                    .style(FontStyle::Bold)
                    .color(&BLACK)
                    .pos(anchor),
            ))?;
        }
    }
    if !skipped.is_empty() {
        notes.draw(&Text::new(
            format!(
                "not shown: {} (no #[parallel] loop with a rayon or Python row to hold it against)",
                skipped.join(", ")
            ),
            (i32::try_from(MARGIN)? + 4, i32::try_from(ROW / 2)?),
            (FONT, 12).into_font().color(&GREY).pos(left),
        ))?;
    }
    root.present()?;
    Ok(Some(path.clone()))
}

/// The title, what the bars are, and their legend.
fn header(
    root: &DrawingArea<SVGBackend, Shift>,
    threads: usize,
    any_python: bool,
) -> Result<(), Box<dyn std::error::Error>> {
    let x = i32::try_from(MARGIN)?;
    let case = if any_python {
        "that Python also ran"
    } else {
        "with a rayon row"
    };
    root.draw(&Text::new(
        if any_python {
            "parfor #[parallel]: speed-up over the fastest Python and over hand-written rayon"
        } else {
            "parfor #[parallel]: speed-up over hand-written rayon (no Python results in this run)"
        },
        (x, 12),
        (FONT, 21).into_font().color(&BLACK),
    ))?;
    for (k, line) in [
        format!(
            "median times, parallel variants on {threads} threads; right of 1x: #[parallel] is \
             faster"
        ),
        format!(
            "each workload at its last (largest) case {case}, with its seed loop (the \
             #[parallel] row without a variant)"
        ),
    ]
    .into_iter()
    .enumerate()
    {
        root.draw(&Text::new(
            line,
            (x, 40 + 18 * i32::try_from(k)?),
            (FONT, 13).into_font().color(&GREY),
        ))?;
    }
    let swatch = |k: i32, color: RGBColor, text: &str| {
        let y = 94 + 20 * k;
        root.draw(&Rectangle::new(
            [(x + 4, y - 6), (x + 30, y + 6)],
            color.filled(),
        ))?;
        root.draw(&Text::new(
            text.to_owned(),
            (x + 38, y),
            (FONT, 13)
                .into_font()
                .color(&BLACK)
                .pos(Pos::new(HPos::Left, VPos::Center)),
        ))
    };
    if any_python {
        swatch(
            0,
            PYTHON,
            "over the fastest Python implementation of the same case (NumPy, SciPy, Numba, pools ..)",
        )?;
    }
    swatch(
        i32::from(any_python),
        RAYON,
        "over the hand-written rayon loop the tables pair #[parallel] with",
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(case: &str, implementation: &str, role: Role, seconds: f64) -> Record {
        Record {
            workload: "dets".into(),
            case: case.into(),
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
    fn rows_hold_the_seed_loop_against_the_fastest_python_and_the_paired_rayon() {
        let mut records = vec![
            record("10x10x1000", "#[parallel]", Role::Parallel, 1.0),
            record("10x10x1000", "rayon", Role::Rayon, 1.0),
            record("10x10x10000", "sequential", Role::Sequential, 8.0),
            record("10x10x10000", "#[parallel]", Role::Parallel, 2.0),
            record("10x10x10000", "#[parallel], det_stack", Role::Parallel, 0.5),
            record("10x10x10000", "rayon, BLAS 1 by hand", Role::Rayon, 3.0),
            record("10x10x10000", "rayon, det_stack", Role::Rayon, 0.4),
            record("10x10x10000", "numpy", Role::Python, 12.0),
            record("10x10x10000", "numba prange", Role::Numba, 5.0),
            record("100x100x100", "#[parallel]", Role::Parallel, 1.0),
            record("100x100x100", "rayon", Role::Rayon, 1.0),
        ];
        // A Python line that times something else counts for nothing.
        let mut memset = record("10x10x10000", "memset", Role::Python, 0.1);
        memset.checksum = f64::NAN;
        records.push(memset);
        let mut other = record("n=100", "parfor::matmul", Role::Library, 1.0);
        other.workload = "matmul".into();
        records.push(other);
        let (found, skipped) = rows(&records);
        assert_eq!(skipped, ["matmul"]);
        assert_eq!(found.len(), 1);
        let row = &found[0];
        // The last case Python ran, not the last case.
        assert_eq!(row.case, "10x10x10000");
        assert_eq!(row.python, Some(("numba prange".to_owned(), 2.5)));
        assert_eq!(row.rayon, Some(("rayon, BLAS 1 by hand".to_owned(), 1.5)));

        // Without Python: the last case with a rayon row.
        records.retain(|r| r.lang != "python");
        let (found, _) = rows(&records);
        assert_eq!(found[0].case, "100x100x100");
        assert_eq!(found[0].python, None);
    }

    #[test]
    fn speedups_read_to_three_digits() {
        assert_eq!(format_speedup(0.8249), "0.82x");
        assert_eq!(format_speedup(3.314), "3.31x");
        assert_eq!(format_speedup(14.24), "14.2x");
        assert_eq!(format_speedup(1810.4), "1810x");
    }

    #[test]
    fn the_x_range_leaves_room_for_every_label() {
        let bars = [(0.5, 40.0), (1.01, 40.0), (1800.0, 50.0)];
        let (lo, hi) = x_range(&bars, 600.0);
        let at = |v: f64| (v / lo).ln() / (hi / lo).ln() * 600.0;
        assert!(at(0.5) - 8.0 - 40.0 >= 0.0);
        assert!(at(1800.0) + 8.0 + 50.0 <= 600.0);
        assert!(lo < 0.5 && hi > 1800.0);
    }

    #[test]
    fn the_chart_names_every_workload_and_value() {
        let records = [
            record("10x10x10000", "#[parallel]", Role::Parallel, 2.0),
            record("10x10x10000", "rayon", Role::Rayon, 3.0),
            record("10x10x10000", "numba prange", Role::Numba, 5.0),
        ];
        let dir = std::env::temp_dir().join(format!("parfor-summary-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = chart(&dir, &records).unwrap().expect("a chart");
        let svg = std::fs::read_to_string(&path).unwrap();
        for text in [
            "dets: 10x10x10000",
            "2.50x",
            "1.50x",
            "over numba prange",
            "0.5x",
            "1x",
            "2x",
        ] {
            assert!(
                svg.contains(&format!("\n{text}\n</text>")),
                "no {text:?} in {svg}"
            );
        }
        // Without Python the chart says so once, not on every row.
        let path = chart(&dir, &records[..2]).unwrap().expect("a chart");
        let svg = std::fs::read_to_string(&path).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(svg.contains("(no Python results in this run)"));
        assert!(!svg.contains("fastest Python implementation"));
        assert!(!svg.contains("no Python run"));
        assert_eq!(chart(Path::new("/nonexistent"), &[]).unwrap(), None);
    }
}
