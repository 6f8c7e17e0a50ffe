//! SVG plots of the curves: time against the number of matrices, log-log, one line per
//! implementation, the legend in a panel of its own right of the data.
//!
//! The SVG backend has no font library, so plotters only estimates text widths; the
//! layout here (tick spacing, the legend panel, the labels of one-point series) works
//! from its own generous estimate, [`text_width`], rather than from plotters'.

use std::path::{Path, PathBuf};

use parfor_benches::record::{Record, Role};
use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// The font of every text.
pub(crate) const FONT: &str = "sans-serif";

/// The width of `text` in pixels at `size` px, from above (sans-serif glyphs average
/// about 0.55 em; 0.62 leaves room for wide ones).
pub(crate) fn text_width(text: &str, size: f64) -> f64 {
    text.chars().count() as f64 * size * 0.62
}

/// The values of the ticks of a log axis over `lo..=hi` that is `pixels` long, each
/// label needing `room` pixels: the 1-2-3-5 sequence when its closest ticks (a factor
/// 1.5, 0.18 decades) are `room` apart, else 1-2-5 (a factor 2), else the powers of
/// ten, else every k-th power.
pub(crate) fn log_ticks(lo: f64, hi: f64, pixels: f64, room: f64) -> Vec<f64> {
    let decades = (hi / lo).log10().max(1e-9);
    let per_decade = pixels / decades;
    let (mantissas, step): (&[f64], i32) = if 1.5f64.log10() * per_decade >= room {
        (&[1.0, 2.0, 3.0, 5.0], 1)
    } else if 2f64.log10() * per_decade >= room {
        (&[1.0, 2.0, 5.0], 1)
    } else {
        (&[1.0], (room / per_decade).ceil().max(1.0) as i32)
    };
    let first = lo.log10().floor() as i32;
    let last = hi.log10().ceil() as i32;
    let mut ticks = Vec::new();
    for e in (first..=last).filter(|e| e.rem_euclid(step) == 0) {
        for m in mantissas {
            // `m * 10^e` computed from the decimal string: exact for 0.2, 0.05, ..
            let v: f64 = format!("{m}e{e}").parse().expect("a decimal number");
            if v >= lo * (1.0 - 1e-9) && v <= hi * (1.0 + 1e-9) {
                ticks.push(v);
            }
        }
    }
    ticks
}

/// The light grid lines of a log axis: 1 to 9 times every power of ten in range.
pub(crate) fn log_grid(lo: f64, hi: f64) -> Vec<f64> {
    let mut lines = Vec::new();
    for e in lo.log10().floor() as i32..=hi.log10().ceil() as i32 {
        for m in 1..10 {
            let v: f64 = format!("{m}e{e}").parse().expect("a decimal number");
            if v >= lo && v <= hi {
                lines.push(v);
            }
        }
    }
    lines
}

/// A tick label: integers without a fraction (`1000`, not `1000.0`; digits grouped by
/// thin spaces from 10 000 on), fractions with as few digits as they need (`0.05`).
pub(crate) fn format_tick(v: f64) -> String {
    if v >= 1.0 {
        let digits = format!("{}", v.round() as u64);
        if digits.len() < 5 {
            return digits;
        }
        let mut grouped = String::new();
        for (k, d) in digits.chars().enumerate() {
            if k > 0 && (digits.len() - k) % 3 == 0 {
                grouped.push('\u{2009}');
            }
            grouped.push(d);
        }
        grouped
    } else {
        let s = format!("{v:.6}");
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    }
}

/// The unit the times of a plot are shown in: the one that puts the geometric middle of
/// `lo..hi` seconds between 1 and 1000 of it. Returns its name and seconds per unit.
fn time_unit(lo: f64, hi: f64) -> (&'static str, f64) {
    let middle = (lo * hi).sqrt();
    [("s", 1.0), ("ms", 1e-3), ("µs", 1e-6)]
        .into_iter()
        .find(|&(_, unit)| middle >= unit)
        .unwrap_or(("ns", 1e-9))
}

/// The colours of each kind of series, in the order a plot hands them out: qualitative
/// (Tableau-like) hues, all dark enough to read on white. `#[parallel]` gets the reds,
/// which no other kind uses.
const PARFOR: [RGBColor; 3] = [
    RGBColor(0xd6, 0x27, 0x28),
    RGBColor(0x80, 0x00, 0x00),
    RGBColor(0xe7, 0x29, 0x8a),
];
const RAYON: [RGBColor; 3] = [
    RGBColor(0x1f, 0x77, 0xb4),
    RGBColor(0x08, 0x30, 0x6b),
    RGBColor(0x17, 0xa2, 0xb8),
];
const SEQUENTIAL: [RGBColor; 2] = [RGBColor(0x00, 0x00, 0x00), RGBColor(0x7f, 0x7f, 0x7f)];
const C: [RGBColor; 3] = [
    RGBColor(0x8c, 0x56, 0x4b),
    RGBColor(0xff, 0x7f, 0x0e),
    RGBColor(0xb8, 0x86, 0x0b),
];
const PYTHON: [RGBColor; 7] = [
    RGBColor(0x2c, 0xa0, 0x2c),
    RGBColor(0x94, 0x67, 0xbd),
    RGBColor(0xe3, 0x77, 0xc2),
    RGBColor(0x01, 0x66, 0x5e),
    RGBColor(0x7a, 0x01, 0x77),
    RGBColor(0x1b, 0x9e, 0x77),
    RGBColor(0x4d, 0x4d, 0xc8),
];

/// The kinds of series, in legend order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Parfor,
    Rayon,
    Sequential,
    C,
    Python,
}

impl Kind {
    fn of(role: Role) -> Kind {
        match role {
            Role::Parallel => Kind::Parfor,
            Role::Rayon => Kind::Rayon,
            Role::Sequential | Role::Library => Kind::Sequential,
            Role::CSequential | Role::OpenMp | Role::Bandwidth => Kind::C,
            Role::Numba | Role::Python => Kind::Python,
        }
    }

    fn heading(self) -> &'static str {
        match self {
            Kind::Parfor => "parfor #[parallel]",
            Kind::Rayon => "Rust, rayon by hand",
            Kind::Sequential => "Rust, sequential",
            Kind::C => "C",
            Kind::Python => "Python",
        }
    }

    fn palette(self) -> &'static [RGBColor] {
        match self {
            Kind::Parfor => &PARFOR,
            Kind::Rayon => &RAYON,
            Kind::Sequential => &SEQUENTIAL,
            Kind::C => &C,
            Kind::Python => &PYTHON,
        }
    }
}

/// A marker shape: the language, so that a series reads without its colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Marker {
    Circle,
    Square,
    Triangle,
}

/// One line of a plot: an implementation's (problem size, seconds) points, and how it
/// is drawn.
struct Series {
    name: String,
    kind: Kind,
    points: Vec<(f64, f64)>,
    color: RGBColor,
    marker: Marker,
}

impl Series {
    fn width(&self) -> u32 {
        if self.kind == Kind::Parfor { 4 } else { 2 }
    }

    fn radius(&self) -> i32 {
        match (self.kind == Kind::Parfor, self.points.len() == 1) {
            (true, _) => 6,
            (false, true) => 5,
            (false, false) => 4,
        }
    }
}

/// The series of `workload`, one per implementation, for the cases `size` parses; in
/// legend order, coloured.
fn series(records: &[Record], workload: &str, size: impl Fn(&str) -> Option<f64>) -> Vec<Series> {
    let mut lines: Vec<Series> = Vec::new();
    for r in records.iter().filter(|r| r.workload == workload) {
        let Some(x) = size(&r.case) else { continue };
        let kind = Kind::of(r.role);
        match lines
            .iter_mut()
            .find(|s| s.name == r.implementation && s.kind == kind)
        {
            Some(s) => s.points.push((x, r.seconds)),
            None => lines.push(Series {
                name: r.implementation.clone(),
                kind,
                points: vec![(x, r.seconds)],
                color: BLACK,
                marker: match r.lang.as_str() {
                    "c" => Marker::Square,
                    "python" => Marker::Triangle,
                    _ => Marker::Circle,
                },
            }),
        }
    }
    lines.sort_by(|a, b| (a.kind, &a.name).cmp(&(b.kind, &b.name)));
    let mut k = 0;
    for i in 0..lines.len() {
        k = if i > 0 && lines[i - 1].kind == lines[i].kind {
            k + 1
        } else {
            0
        };
        let palette = lines[i].kind.palette();
        lines[i].color = palette[k % palette.len()];
        lines[i].points.sort_by(|a, b| a.0.total_cmp(&b.0));
    }
    lines
}

/// Plots the `dets` and `autocorr` curves into `dir`; returns the files written.
pub(crate) fn curves(
    dir: &Path,
    records: &[Record],
) -> Result<Vec<PathBuf>, Box<dyn std::error::Error>> {
    let mut written = Vec::new();
    for m in [10, 100] {
        let prefix = format!("{m}x{m}x");
        let lines = series(records, "dets", |case| {
            case.strip_prefix(&prefix)?.parse().ok()
        });
        let path = dir.join(format!("dets_{m}x{m}.svg"));
        if plot(
            &path,
            &format!("dets: the determinants of a stack of {m}x{m} matrices"),
            &format!("{m}x{m} matrices in the stack (count)"),
            &lines,
        )? {
            written.push(path);
        }
    }
    let lines = series(records, "autocorr", |case| {
        case.strip_prefix("100x100 x")?.parse().ok()
    });
    let path = dir.join("autocorr.svg");
    if plot(
        &path,
        "autocorr: correlate2d(a, a) of each of a stack of 100x100 integer matrices",
        "100x100 matrices in the stack (count)",
        &lines,
    )? {
        written.push(path);
    }
    Ok(written)
}

/// The canvas of a curve plot, and the part of it right of the data for the legend.
const SIZE: (u32, u32) = (1100, 620);
const LEGEND_WIDTH: u32 = 330;
const TITLE_HEIGHT: u32 = 62;
const X_LABELS: u32 = 56;
const Y_LABELS: u32 = 84;
const MARGIN: u32 = 16;
const TICK_FONT: f64 = 13.0;

/// Plots `lines` on log-log axes into the SVG `path`; false if there is nothing to plot.
fn plot(
    path: &Path,
    title: &str,
    x_desc: &str,
    lines: &[Series],
) -> Result<bool, Box<dyn std::error::Error>> {
    let points = || lines.iter().flat_map(|s| &s.points);
    if points().count() < 2 {
        return Ok(false);
    }
    let range = |f: fn(&(f64, f64)) -> f64| {
        points()
            .map(f)
            .fold((f64::INFINITY, 0.0f64), |(lo, hi), v| {
                (lo.min(v), hi.max(v))
            })
    };
    let (x0, x1) = range(|p| p.0);
    let (y0, y1) = range(|p| p.1);
    let (x0, x1) = (x0 / 1.25, x1 * 1.25);
    let (unit, per_unit) = time_unit(y0, y1);
    let (y0, y1) = (y0 / per_unit / 1.4, y1 / per_unit * 1.4);

    let root = SVGBackend::new(path, SIZE).into_drawing_area();
    root.fill(&WHITE)?;
    root.draw(&Text::new(
        title.to_owned(),
        (MARGIN as i32, 12),
        (FONT, 21).into_font().color(&BLACK),
    ))?;
    root.draw(&Text::new(
        "median time per run, lower is faster; both axes logarithmic".to_owned(),
        (MARGIN as i32, 38),
        (FONT, 14).into_font().color(&RGBColor(0x55, 0x55, 0x55)),
    ))?;
    let (_, body) = root.split_vertically(TITLE_HEIGHT);
    let (data, legend) = body.split_horizontally(SIZE.0 - LEGEND_WIDTH);

    // The pixels of the axes, for the tick spacing.
    let width = f64::from(SIZE.0 - LEGEND_WIDTH - Y_LABELS - 2 * MARGIN);
    let height = f64::from(SIZE.1 - TITLE_HEIGHT - X_LABELS - 2 * MARGIN);
    let x_ticks = log_ticks(x0, x1, width, text_width("100 000", TICK_FONT) + 16.0);
    let y_ticks = log_ticks(y0, y1, height, 2.2 * TICK_FONT);
    let mut chart = ChartBuilder::on(&data)
        .margin(MARGIN)
        .x_label_area_size(X_LABELS)
        .y_label_area_size(Y_LABELS)
        .build_cartesian_2d(
            (x0..x1)
                .log_scale()
                .with_key_points(x_ticks)
                .with_light_points(log_grid(x0, x1)),
            (y0..y1)
                .log_scale()
                .with_key_points(y_ticks)
                .with_light_points(log_grid(y0, y1)),
        )?;
    let tick_font = (FONT, TICK_FONT).into_font().color(&BLACK);
    chart
        .configure_mesh()
        .x_desc(x_desc)
        .y_desc(format!("time per run ({unit})"))
        .axis_desc_style((FONT, 15))
        .x_label_style(tick_font.clone())
        .y_label_style(tick_font)
        .x_label_formatter(&|x| format_tick(*x))
        .y_label_formatter(&|y| format_tick(*y))
        .bold_line_style(RGBColor(0xc8, 0xc8, 0xc8))
        .light_line_style(RGBColor(0xee, 0xee, 0xee))
        .draw()?;

    // Lines under markers, parfor's last so that they sit on top.
    let in_units = |s: &Series| {
        s.points
            .iter()
            .map(|&(x, y)| (x, y / per_unit))
            .collect::<Vec<_>>()
    };
    let mut order: Vec<&Series> = lines.iter().collect();
    order.sort_by_key(|s| std::cmp::Reverse(s.kind));
    for s in &order {
        let pts = in_units(s);
        let style = s.color.stroke_width(s.width());
        if pts.len() > 1 {
            if s.kind == Kind::Python {
                chart.draw_series(DashedLineSeries::new(pts.clone(), 9, 5, style))?;
            } else {
                chart.draw_series(LineSeries::new(pts.clone(), style))?;
            }
        }
        for p in pts {
            let at = chart.backend_coord(&p);
            draw_marker(&root, at, s)?;
        }
    }
    label_single_points(&root, &chart, lines, per_unit)?;
    draw_legend(&legend, lines)?;
    root.present()?;
    Ok(true)
}

/// Draws the marker of `s` centred at the pixel `at` of `area`.
fn draw_marker(
    area: &DrawingArea<SVGBackend, Shift>,
    at: (i32, i32),
    s: &Series,
) -> Result<(), Box<dyn std::error::Error>> {
    let r = s.radius();
    let fill = s.color.filled();
    // A white rim keeps markers apart where they crowd one size.
    let rim = WHITE.stroke_width(1);
    match s.marker {
        Marker::Circle => {
            area.draw(&Circle::new(at, r, fill))?;
            area.draw(&Circle::new(at, r, rim))?;
        }
        Marker::Square => {
            let corners = [(at.0 - r, at.1 - r), (at.0 + r, at.1 + r)];
            area.draw(&Rectangle::new(corners, fill))?;
            area.draw(&Rectangle::new(corners, rim))?;
        }
        Marker::Triangle => {
            let h = r + 1;
            let corners = vec![(at.0, at.1 - h), (at.0 - h, at.1 + h), (at.0 + h, at.1 + h)];
            area.draw(&Polygon::new(corners.clone(), fill))?;
            let mut outline = corners;
            outline.push(outline[0]);
            area.draw(&PathElement::new(outline, rim))?;
        }
    }
    Ok(())
}

/// Names the series that have a single point beside it, so that a lone marker needs no
/// hunt through the legend: on the side away from the nearer edge, pushed apart
/// vertically where they would overlap, with a leader line when pushed.
fn label_single_points<X, Y>(
    root: &DrawingArea<SVGBackend, Shift>,
    chart: &ChartContext<SVGBackend, Cartesian2d<X, Y>>,
    lines: &[Series],
    per_unit: f64,
) -> Result<(), Box<dyn std::error::Error>>
where
    X: Ranged<ValueType = f64>,
    Y: Ranged<ValueType = f64>,
{
    const FONT_SIZE: f64 = 12.0;
    const LINE: i32 = 16;
    let (px, py) = chart.plotting_area().get_pixel_range();
    let middle = (px.start + px.end) / 2;
    // Left-hand and right-hand labels are stacked apart separately.
    for left in [true, false] {
        let mut labels: Vec<(i32, (i32, i32), &Series)> = lines
            .iter()
            .filter(|s| s.points.len() == 1)
            .map(|s| {
                let (x, y) = s.points[0];
                let at = chart.backend_coord(&(x, y / per_unit));
                (at.1, at, s)
            })
            .filter(|(_, at, _)| (at.0 > middle) == left)
            .collect();
        labels.sort_by_key(|l| l.0);
        for k in 1..labels.len() {
            labels[k].0 = labels[k].0.max(labels[k - 1].0 + LINE);
        }
        // Shift the stack up if it ran off the bottom.
        if let Some(last) = labels.last() {
            let over = last.0 - (py.end - LINE / 2);
            if over > 0 {
                for l in &mut labels {
                    l.0 -= over;
                }
            }
        }
        for (y, at, s) in labels {
            let gap = s.radius() + 8;
            let x = if left { at.0 - gap } else { at.0 + gap };
            // The backing box only needs to cover the text's likely width.
            let width = (0.9 * text_width(&s.name, FONT_SIZE)) as i32;
            let (x_lo, x_hi) = if left { (x - width, x) } else { (x, x + width) };
            if (y - at.1).abs() > 3 {
                root.draw(&PathElement::new(
                    vec![(at.0, at.1), (x, y)],
                    s.color.mix(0.6).stroke_width(1),
                ))?;
            }
            root.draw(&Rectangle::new(
                [(x_lo - 2, y - LINE / 2 + 1), (x_hi + 2, y + LINE / 2 - 1)],
                WHITE.mix(0.85).filled(),
            ))?;
            let anchor = Pos::new(if left { HPos::Right } else { HPos::Left }, VPos::Center);
            root.draw(&Text::new(
                s.name.clone(),
                (x, y),
                (FONT, FONT_SIZE).into_font().color(&s.color).pos(anchor),
            ))?;
        }
    }
    Ok(())
}

/// The legend, grouped by kind, in its own panel: each entry the series' line (unless
/// it has a single point) and marker, then its name.
fn draw_legend(
    area: &DrawingArea<SVGBackend, Shift>,
    lines: &[Series],
) -> Result<(), Box<dyn std::error::Error>> {
    const ROW: i32 = 20;
    let left = 8;
    let mut y = i32::try_from(MARGIN)? + 8;
    let mut kind = None;
    let heading = (FONT, 14).into_font().style(FontStyle::Bold).color(&BLACK);
    let entry = (FONT, 13).into_font().color(&BLACK);
    let anchor = Pos::new(HPos::Left, VPos::Center);
    for s in lines {
        if kind != Some(s.kind) {
            if kind.is_some() {
                y += ROW / 2;
            }
            kind = Some(s.kind);
            area.draw(&Text::new(
                s.kind.heading().to_owned(),
                (left, y),
                heading.pos(anchor),
            ))?;
            y += ROW;
        }
        if s.points.len() > 1 {
            let style = s.color.stroke_width(s.width());
            let path = vec![(left + 4, y), (left + 40, y)];
            if s.kind == Kind::Python {
                area.draw(&DashedPathElement::new(path, 9, 5, style))?;
            } else {
                area.draw(&PathElement::new(path, style))?;
            }
        }
        draw_marker(area, (left + 22, y), s)?;
        area.draw(&Text::new(
            s.name.clone(),
            (left + 50, y),
            entry.pos(anchor),
        ))?;
        y += ROW;
    }
    if lines.iter().any(|s| s.points.len() == 1) {
        area.draw(&Text::new(
            "a marker without a line: timed at one size only",
            (left, y + ROW / 2),
            (FONT, 12)
                .into_font()
                .color(&RGBColor(0x55, 0x55, 0x55))
                .pos(anchor),
        ))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_numbers_without_a_fraction() {
        assert_eq!(format_tick(1000.0), "1000");
        assert_eq!(format_tick(100_000.0), "100\u{2009}000");
        assert_eq!(format_tick(0.05), "0.05");
        assert_eq!(format_tick(0.2), "0.2");
        // A wide axis over 10..500 gets the 1-2-3-5 sequence, a narrower one 1-2-5 ..
        assert_eq!(
            log_ticks(8.0, 625.0, 800.0, 60.0),
            [10.0, 20.0, 30.0, 50.0, 100.0, 200.0, 300.0, 500.0]
        );
        assert_eq!(
            log_ticks(8.0, 625.0, 400.0, 60.0),
            [10.0, 20.0, 50.0, 100.0, 200.0, 500.0]
        );
        // .. a narrow one over five decades only powers of ten, then every other one.
        assert_eq!(
            log_ticks(800.0, 125_000.0, 300.0, 60.0),
            [1000.0, 10_000.0, 100_000.0]
        );
        assert_eq!(
            log_ticks(0.2, 30_000.0, 150.0, 40.0),
            [1.0, 100.0, 10_000.0]
        );
        assert_eq!(
            log_ticks(0.03, 0.3, 500.0, 30.0),
            [0.03, 0.05, 0.1, 0.2, 0.3]
        );
        assert_eq!(format_tick(0.03), "0.03");
    }

    #[test]
    fn ticks_leave_room_for_their_labels() {
        for (lo, hi, pixels) in [
            (8.0, 625.0, 600.0),
            (800.0, 125_000.0, 560.0),
            (1e-4, 20.0, 450.0),
        ] {
            let ticks = log_ticks(lo, hi, pixels, 60.0);
            let at = |v: f64| (v / lo).log10() / (hi / lo).log10() * pixels;
            for pair in ticks.windows(2) {
                assert!(at(pair[1]) - at(pair[0]) >= 60.0, "{ticks:?}");
            }
            assert!(ticks.len() >= 2, "{ticks:?}");
        }
    }

    #[test]
    fn times_are_shown_in_the_unit_of_their_middle() {
        assert_eq!(time_unit(3e-4, 11.0).0, "ms");
        assert_eq!(time_unit(2.0, 30.0).0, "s");
        assert_eq!(time_unit(8e-8, 2e-5).0, "µs");
        assert_eq!(time_unit(8e-9, 2e-5).0, "ns");
    }

    /// CIE L*a*b* of an sRGB colour (D65), for the colour differences below.
    fn lab(c: &RGBColor) -> [f64; 3] {
        let linear = |v: u8| {
            let v = f64::from(v) / 255.0;
            if v > 0.04045 {
                ((v + 0.055) / 1.055).powf(2.4)
            } else {
                v / 12.92
            }
        };
        let (r, g, b) = (linear(c.0), linear(c.1), linear(c.2));
        let x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
        let y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
        let z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
        let f = |t: f64| {
            if t > 0.008856 {
                t.cbrt()
            } else {
                7.787 * t + 16.0 / 116.0
            }
        };
        [
            116.0 * f(y) - 16.0,
            500.0 * (f(x) - f(y)),
            200.0 * (f(y) - f(z)),
        ]
    }

    /// No two colours of the palette alike (a CIE76 difference of 25 or more: 2.3 is
    /// the least a viewer notices), none pale on white (L* above 70: pale yellow is 97,
    /// lavender 91), and enough of them for the 14 series of `dets_10x10`.
    #[test]
    fn the_palette_tells_series_apart_on_white() {
        let all: Vec<RGBColor> = [&PARFOR[..], &RAYON, &SEQUENTIAL, &C, &PYTHON].concat();
        for c in &all {
            assert!(
                lab(c)[0] <= 70.0,
                "{c:?} is too pale for a white background"
            );
        }
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                let (la, lb) = (lab(a), lab(b));
                let d = (0..3).map(|k| (la[k] - lb[k]).powi(2)).sum::<f64>().sqrt();
                assert!(d >= 25.0, "{a:?} and {b:?} look alike ({d:.0})");
            }
        }
        assert!(lab(&RGBColor(0xff, 0xff, 0x99))[0] > 70.0);
        assert!(all.len() >= 14);
    }

    fn record(implementation: &str, role: Role, case: &str, seconds: f64) -> Record {
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
    fn plots_have_integer_ticks_and_the_legend_beside_the_data() {
        let mut records = Vec::new();
        for (n, t) in [(1000, 1e-3), (10_000, 1e-2), (100_000, 1e-1)] {
            let case = format!("10x10x{n}");
            records.push(record("sequential", Role::Sequential, &case, t));
            records.push(record("#[parallel]", Role::Parallel, &case, t / 2.0));
        }
        records.push(record("numba prange", Role::Numba, "10x10x100000", 0.3));
        let dir = std::env::temp_dir().join(format!("parfor-plot-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let written = curves(&dir, &records).unwrap();
        assert_eq!(written, [dir.join("dets_10x10.svg")]);
        let svg = std::fs::read_to_string(&written[0]).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        let texts: Vec<&str> = svg
            .split("<text")
            .skip(1)
            .filter_map(|t| t.split_once('>')?.1.split_once("</text>"))
            .map(|(text, _)| text.trim())
            .collect();
        for tick in ["1000", "10\u{2009}000", "100\u{2009}000"] {
            assert!(texts.contains(&tick), "no tick {tick:?} in {texts:?}");
        }
        assert!(!texts.iter().any(|t| t.ends_with(".0")), "{texts:?}");
        assert!(texts.contains(&"time per run (ms)"), "{texts:?}");
        // The lone Numba point is named beside it and in the legend.
        assert_eq!(texts.iter().filter(|t| **t == "numba prange").count(), 2);
        assert!(texts.contains(&"a marker without a line: timed at one size only"));
        // Every legend entry starts right of the data area.
        let x_of = |text: &str| {
            let at = svg.find(&format!("\n{text}\n</text>")).unwrap();
            let tag = &svg[svg[..at].rfind("<text").unwrap()..at];
            let x = tag.split("x=\"").nth(1).unwrap().split('"').next().unwrap();
            x.parse::<f64>().unwrap()
        };
        let data_right = f64::from(SIZE.0 - LEGEND_WIDTH);
        for entry in ["parfor #[parallel]", "sequential", "Python"] {
            assert!(x_of(entry) > data_right, "{entry} at {}", x_of(entry));
        }
    }
}
