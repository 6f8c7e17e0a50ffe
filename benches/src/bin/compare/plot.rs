//! SVG plots of the curves: time against the number of matrices, log-log.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use parfor_benches::record::Record;
use plotters::prelude::*;

/// Plots the `dets` and `autocorr` curves into `dir`; returns the files written.
pub(crate) fn curves(
    dir: &Path,
    records: &[Record],
) -> Result<Vec<PathBuf>, Box<dyn std::error::Error>> {
    let mut written = Vec::new();
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
    Ok(written)
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
