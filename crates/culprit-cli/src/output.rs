//! Rendering of results for the terminal: tables, CSV and JSON. Analyses return typed structs;
//! only this module (and the report crate) turns them into text.

use clap::ValueEnum;
use culprit_data::numbers;
use comfy_table::{presets::UTF8_FULL_CONDENSED, Cell, CellAlignment, ContentArrangement, Table as Comfy};
use serde::Serialize;
use std::io::Write;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    /// A human-readable table (default).
    #[default]
    Table,
    /// Comma-separated values with a header row.
    Csv,
    /// JSON, for other tools.
    Json,
}

/// A simple rectangular table of already-formatted cells.
#[derive(Debug, Clone, Default)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Columns (by index) to right-align in the terminal (numbers).
    pub numeric: Vec<usize>,
}

impl Table {
    pub fn new<S: Into<String>>(headers: impl IntoIterator<Item = S>) -> Self {
        Table { headers: headers.into_iter().map(Into::into).collect(), ..Default::default() }
    }

    pub fn numeric(mut self, cols: impl IntoIterator<Item = usize>) -> Self {
        self.numeric = cols.into_iter().collect();
        self
    }

    pub fn push<S: Into<String>>(&mut self, row: impl IntoIterator<Item = S>) {
        self.rows.push(row.into_iter().map(Into::into).collect());
    }

    pub fn to_terminal(&self) -> String {
        let mut t = Comfy::new();
        t.load_preset(UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Dynamic);
        t.set_header(self.headers.iter().map(Cell::new));
        for r in &self.rows {
            t.add_row(r.iter().enumerate().map(|(i, c)| {
                let cell = Cell::new(c);
                if self.numeric.contains(&i) {
                    cell.set_alignment(CellAlignment::Right)
                } else {
                    cell
                }
            }));
        }
        t.to_string()
    }

    pub fn write_csv<W: Write>(&self, w: W) -> anyhow::Result<()> {
        let mut w = csv::Writer::from_writer(w);
        w.write_record(&self.headers)?;
        for r in &self.rows {
            w.write_record(r)?;
        }
        w.flush()?;
        Ok(())
    }
}

pub fn print_json<T: Serialize + ?Sized>(value: &T) -> anyhow::Result<()> {
    let out = std::io::stdout();
    let mut lock = out.lock();
    serde_json::to_writer_pretty(&mut lock, value)?;
    writeln!(lock)?;
    Ok(())
}

/// Print a table as a table or CSV; JSON callers print their typed value instead.
pub fn print_table(table: &Table, format: Format) -> anyhow::Result<()> {
    match format {
        Format::Csv => table.write_csv(std::io::stdout().lock()),
        _ => {
            println!("{}", table.to_terminal());
            Ok(())
        }
    }
}

/// Format a number with thousands separators and a fixed number of decimals.
pub fn thousands(x: f64, decimals: usize) -> String {
    numbers::grouped(x, decimals).unwrap_or_else(|| "n/a".into())
}

/// Dollars for the terminal: "$1.28 B", "$489.0 M" (with `million_decimals`), "$12,345", "$3.50";
/// a minus sign before the dollar; "withheld" for a figure withheld (NaN) for privacy.
pub fn usd(x: f64, million_decimals: usize) -> String {
    numbers::usd_long(x, million_decimals).unwrap_or_else(|| "withheld".into())
}

/// A figure the privacy rule may withhold, for the formatters above and below: a withheld
/// figure is shown as "withheld" (money) or "n/a".
pub fn shown(x: Option<f64>) -> f64 {
    x.unwrap_or(f64::NAN)
}

/// Quantiles the privacy rule may withhold (all four shown as withheld).
pub fn shown_q(q: Option<culprit_scenario::economics::Quantiles>) -> culprit_scenario::economics::Quantiles {
    q.unwrap_or(culprit_scenario::economics::Quantiles { p10: f64::NAN, p50: f64::NAN, p90: f64::NAN, mean: f64::NAN })
}

pub fn pct(x: f64, decimals: usize) -> String {
    numbers::percent(x, decimals).unwrap_or_else(|| "n/a".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_groups_digits() {
        assert_eq!(thousands(1234567.891, 1), "1,234,567.9");
        assert_eq!(thousands(-1000.0, 0), "-1,000");
        assert_eq!(thousands(999.0, 0), "999");
        assert_eq!(thousands(-0.0001, 0), "0");
        assert_eq!(pct(0.1234, 1), "12.3%");
        assert_eq!(usd(-1.5e9, 1), "-$1.50 B");
        assert_eq!(usd(489.04e6, 0), "$489 M");
        assert_eq!(usd(12_345.0, 1), "$12,345");
        assert_eq!(usd(3.5, 1), "$3.50");
        assert_eq!(usd(f64::NAN, 1), "withheld");
    }
}
