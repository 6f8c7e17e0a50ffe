//! A group's measurements as a table, and the formats the tables share.

use std::fmt;

/// One variant's measurements.
#[derive(Clone, Debug)]
pub struct Row {
    /// The variant's name.
    pub name: String,
    /// Median time of one call over the rounds, in seconds.
    pub median: f64,
    /// Fastest round's time of one call, in seconds.
    pub min: f64,
    /// Calls per sample.
    pub reps: u32,
}

/// The measurements of a [`Group`](crate::Group); `Display` prints them as a table.
#[derive(Clone, Debug)]
pub struct Report {
    /// The group's title.
    pub title: String,
    /// Timed rounds.
    pub rounds: usize,
    /// One row per variant, in the order they were added.
    pub rows: Vec<Row>,
    /// The sequential variant, if named.
    pub baseline: Option<String>,
    /// The reference variants: (column label, variant name).
    pub references: Vec<(String, String)>,
}

impl Report {
    /// The median time of one call of variant `name`, in seconds.
    ///
    /// # Panics
    ///
    /// If no variant has that name.
    pub fn median(&self, name: &str) -> f64 {
        self.rows
            .iter()
            .find(|r| r.name == name)
            .unwrap_or_else(|| panic!("no variant named {name:?}"))
            .median
    }

    /// Median time of `variant` over median time of `reference` (below 1: faster).
    pub fn ratio(&self, variant: &str, reference: &str) -> f64 {
        self.median(variant) / self.median(reference)
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut header = vec![
            "variant".to_owned(),
            "median".to_owned(),
            "min".to_owned(),
            "calls".to_owned(),
        ];
        if self.baseline.is_some() {
            header.push("speedup".to_owned());
        }
        header.extend(
            self.references
                .iter()
                .map(|(label, _)| format!("t / {label}")),
        );
        let mut table = vec![header];
        for row in &self.rows {
            let mut line = vec![
                row.name.clone(),
                format_seconds(row.median),
                format_seconds(row.min),
                row.reps.to_string(),
            ];
            if let Some(base) = &self.baseline {
                line.push(format!("{:.2}x", self.ratio(base, &row.name)));
            }
            for (_, name) in &self.references {
                line.push(format!("{:.3}", self.ratio(&row.name, name)));
            }
            table.push(line);
        }
        let widths: Vec<usize> = (0..table[0].len())
            .map(|c| {
                table
                    .iter()
                    .map(|l| l[c].chars().count())
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        writeln!(f, "\n## {} (median of {} rounds)", self.title, self.rounds)?;
        if let Some(base) = &self.baseline {
            writeln!(f, "speedup: time of `{base}` / time of the variant")?;
        }
        for (label, name) in &self.references {
            writeln!(f, "t / {label}: time of the variant / time of `{name}`")?;
        }
        for (k, line) in table.iter().enumerate() {
            for (c, cell) in line.iter().enumerate() {
                if c == 0 {
                    write!(f, "{cell:<w$}", w = widths[c])?;
                } else {
                    write!(f, "  {cell:>w$}", w = widths[c])?;
                }
            }
            writeln!(f)?;
            if k == 0 {
                let total = widths.iter().sum::<usize>() + 2 * (widths.len() - 1);
                writeln!(f, "{}", "-".repeat(total))?;
            }
        }
        Ok(())
    }
}

/// A time in seconds with three significant digits and a unit from ns to s.
pub fn format_seconds(seconds: f64) -> String {
    let ns = seconds * 1e9;
    let (value, unit) = match ns {
        ns if ns < 1e3 => (ns, "ns"),
        ns if ns < 1e6 => (ns / 1e3, "us"),
        ns if ns < 1e9 => (ns / 1e6, "ms"),
        ns => (ns / 1e9, "s"),
    };
    let decimals = if value < 10.0 {
        2
    } else if value < 100.0 {
        1
    } else {
        0
    };
    format!("{value:.decimals$} {unit}")
}

/// Prints one line comparing a measured `value` with an issue's target `bound`
/// (`value <= bound` passes), e.g. `target("#[parallel] / rayon", r, 1.05)`.
pub fn target(what: &str, value: f64, bound: f64) {
    let verdict = if value <= bound { "ok" } else { "MISSED" };
    println!("  target {what}: {value:.3} <= {bound:.3}  {verdict}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_have_three_digits() {
        assert_eq!(format_seconds(42e-9), "42.0 ns");
        assert_eq!(format_seconds(1.234e-6), "1.23 us");
        assert_eq!(format_seconds(0.4567), "457 ms");
        assert_eq!(format_seconds(2.5), "2.50 s");
        assert_eq!(format_seconds(5.4e-9), "5.40 ns");
    }
}
