//! Import of HR exports through the shared input layer (`culprit-input`): CSV/TSV in any
//! delimiter and encoding, gzip, XLSX/XLS/ODS, Parquet and JSON Lines, told apart by their first
//! bytes; columns mapped by header name and content (schema `hr`). Plain CSV, the common large
//! case, is then streamed and parsed in parallel chunks; the other formats go row by row.
//!
//! After the rows are read, managers given by name are matched to people ([`names`]).

mod csv;
pub mod names;

use crate::columns::{self, Field, Mapping};
use crate::error::{OrgError, Result};
use crate::raw::{Merger, RawTable, RowBuilder, SourceInfo};
use crate::validate::{Problem, ProblemKind};
use std::path::Path;

/// The sheet names of a workbook, in order.
pub fn list_sheets(path: &Path) -> Result<Vec<String>> {
    Ok(culprit_input::source::list_sheets(path)?)
}

/// Progress callback: (stage, units done, total units if known). Called from the importing thread.
pub type Progress<'a> = &'a (dyn Fn(&str, u64, Option<u64>) + Sync);

/// A progress callback that does nothing.
pub fn no_progress(_: &str, _: u64, _: Option<u64>) {}

#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// `--map field=Header` overrides.
    pub map: Vec<Mapping>,
    /// Spreadsheet sheet to read (`--sheet`).
    pub sheet: Option<String>,
    /// Hours in a paid year, to annualise hourly pay (assumption `hours_per_year`).
    pub hours_per_year: f64,
    /// Size of the blocks a CSV is streamed and parsed in. Memory use is a few blocks per core.
    /// 2 MB: on 1.6 M people (135 MB), 8 MB blocks held about 50 MB more at the peak, and fresh
    /// memory is slow to touch on VMs (system time 0.38 against 0.08 s, medians of 10).
    pub chunk_bytes: usize,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            map: Vec::new(),
            sheet: None,
            hours_per_year: culprit_data::assumptions::Assumptions::default().value("hours_per_year"),
            chunk_bytes: 2 << 20,
        }
    }
}

/// Read an HR export into columns. Row-level problems (ragged rows, pay, ambiguous manager
/// names) are recorded in the table, not raised: validation decides what to do with them.
pub fn import_path(path: &Path, opts: &ImportOptions, progress: Progress<'_>) -> Result<RawTable> {
    let open = culprit_input::OpenOptions { sheet: opts.sheet.clone(), ..Default::default() };
    let score = |h: &[String]| culprit_input::sheet_fit(&culprit_input::schema::HR, h);
    let table = culprit_input::open(path, &open, Some(&score))?;
    let map = columns::resolve(path, &table.headers, &table.sample, &opts.map)?;
    if table.sample.is_empty() {
        return Err(OrgError::HeaderOnly { path: path.to_path_buf() });
    }
    let info = table.info.clone();
    let source = SourceInfo {
        path: path.display().to_string(),
        format: info.format.clone(),
        bytes: info.bytes,
        encoding: info.encoding.clone(),
        delimiter: info.delimiter.clone(),
        sheet: info.sheet.clone(),
        sheets: info.sheets.clone(),
        columns: map.columns.iter().map(|(f, _, h)| (*f, h.clone())).collect(),
        mapping: map.mapping.clone(),
        hours_per_year: opts.hours_per_year,
        notes: info.notes.iter().chain(map.notes.iter()).cloned().collect(),
    };
    let plain_csv = matches!(info.format.as_str(), "csv" | "tsv") && info.compression.is_none();
    let mut raw = if plain_csv {
        drop(table);
        let f = std::fs::File::open(path).map_err(|e| OrgError::io(path, e))?;
        csv::read(path, f, source, &map, info.header_line, opts, progress)?
    } else {
        read_rows(path, table, source, &map, opts, progress)?
    };
    names::resolve_managers(&mut raw);
    if let Some(note) = implausible_pay_note(&raw) {
        raw.source.notes.push(note);
    }
    Ok(raw)
}

/// Every other format: row by row from the input layer.
fn read_rows(path: &Path, mut table: culprit_input::Table, source: SourceInfo, map: &columns::ColumnMap, opts: &ImportOptions, progress: Progress<'_>) -> Result<RawTable> {
    let has_pay = map.columns.iter().any(|(f, _, _)| matches!(f, Field::Pay | Field::HourlyPay));
    let mut merger = Merger::new(source, has_pay);
    let mut b = RowBuilder::new(map, opts.hours_per_year, table.sample.len().max(1024));
    let mut unreadable = Vec::new();
    let mut n = 0u64;
    while let Some(row) = table.next_row()? {
        n += 1;
        if let Some(p) = row.problem {
            unreadable.push(Problem::new(row.line, "", ProblemKind::RaggedRow, format!("row not read: {p}")));
            continue;
        }
        if row.cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        // Sheets and JSON pad rows to the header's width: a row is ragged only with cells past it.
        let used = row.cells.iter().rposition(|c| !c.trim().is_empty()).map_or(0, |p| p + 1);
        let width = if used > map.width || table.info.format == "csv" || table.info.format == "tsv" { row.cells.len().max(used) } else { map.width };
        b.push(row.line, width, |k| row.cells.get(k).map(String::as_str));
        if n % 65536 == 0 {
            progress("read", n, None);
        }
    }
    b.problems.extend(unreadable);
    merger.append(&mut b);
    if merger.rows() == 0 {
        return Err(OrgError::HeaderOnly { path: path.to_path_buf() });
    }
    Ok(merger.table)
}

/// Median annual pay outside these bounds (USD or any currency of similar scale) is taken as a
/// sign that the pay columns were misread: an hourly rate read as annual, or annual pay
/// multiplied by a pay-frequency column.
const PLAUSIBLE_MEDIAN_PAY: (f64, f64) = (5_000.0, 2_000_000.0);

/// A note when the median annual pay, after annualising, is implausible: the figures are kept
/// (a file may be in another currency), but the reader is told where to look.
fn implausible_pay_note(t: &RawTable) -> Option<String> {
    let mut known: Vec<f64> = t.pay.iter().copied().filter(|p| p.is_finite()).collect();
    if known.len() < 5 {
        return None;
    }
    let mid = known.len() / 2;
    let (_, median, _) = known.select_nth_unstable_by(mid, f64::total_cmp);
    let median = *median;
    if (PLAUSIBLE_MEDIAN_PAY.0..=PLAUSIBLE_MEDIAN_PAY.1).contains(&median) {
        return None;
    }
    let used: Vec<String> = t
        .source
        .columns
        .iter()
        .filter(|(f, _)| matches!(f, Field::Pay | Field::HourlyPay | Field::PayBasis))
        .map(|(f, h)| format!("{} = `{h}`", f.key()))
        .collect();
    Some(format!(
        "median annual pay after annualising is {median:.0}, outside {:.0}-{:.0}: check how pay was read ({}; hours per year {}); fix with --map pay=..., --map pay_basis=... or --hours-per-year",
        PLAUSIBLE_MEDIAN_PAY.0,
        PLAUSIBLE_MEDIAN_PAY.1,
        used.join(", "),
        t.source.hours_per_year
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::raw::RawTable;
    use crate::validate::ProblemKind;
    use std::io::Write;

    fn file(bytes: &[u8]) -> tempfile::NamedTempFile {
        let mut f = tempfile::NamedTempFile::new().unwrap();
        f.write_all(bytes).unwrap();
        f
    }

    fn import(bytes: &[u8]) -> Result<RawTable> {
        import_with(bytes, &ImportOptions::default())
    }

    fn import_with(bytes: &[u8], o: &ImportOptions) -> Result<RawTable> {
        let f = file(bytes);
        import_path(f.path(), o, &no_progress)
    }

    fn ids(t: &RawTable) -> Vec<&str> {
        t.id.iter().collect()
    }

    #[test]
    fn implausible_median_pay_is_noted() {
        // Biweekly pay-period amounts read as hourly: 2,000 x 2,080 = 4.16 M a year.
        let mut text = String::from("Employee ID,Manager ID,Pay Rate,Pay Basis\n1,,2000,Hourly\n");
        for i in 2..=8 {
            text.push_str(&format!("{i},1,2000,Hourly\n"));
        }
        let t = import(text.as_bytes()).unwrap();
        let note = t.source.notes.iter().find(|n| n.contains("median annual pay")).expect("a note");
        assert!(note.contains("pay = `Pay Rate`") && note.contains("pay_basis = `Pay Basis`") && note.contains("--hours-per-year"), "{note}");
        // Plausible pay: no note.
        let t = import(text.replace("2000,Hourly", "40,Hourly").as_bytes()).unwrap();
        assert!(!t.source.notes.iter().any(|n| n.contains("median annual pay")), "{:?}", t.source.notes);
    }

    #[test]
    fn every_delimiter() {
        for d in [",", ";", "\t", "|"] {
            let text = format!("Employee ID{d}Manager ID{d}Job Title\n1{d}{d}CEO\n2{d}1{d}Analyst\n");
            let t = import(text.as_bytes()).unwrap();
            assert_eq!(ids(&t), ["1", "2"], "delimiter {d:?}");
            assert_eq!(t.manager.get(1), "1");
            assert_eq!(t.title.get(1), Some("Analyst"));
        }
    }

    #[test]
    fn bom_crlf_and_line_numbers() {
        let t = import(b"\xEF\xBB\xBFWorker ID,Reports To\r\n1,\r\n\r\n2,1\r\n3,1\r\n").unwrap();
        assert_eq!(ids(&t), ["1", "2", "3"]);
        assert_eq!(t.manager.get(2), "1");
        assert_eq!(t.line, [2, 4, 5]);
        assert_eq!(t.source.encoding, "UTF-8 (with BOM)");
        assert_eq!(t.source.columns[0], (Field::Id, "Worker ID".to_string()));
    }

    #[test]
    fn latin1_is_detected_and_decoded() {
        let t = import(b"Employee ID;Manager ID;Department\n1;;Direction g\xe9n\xe9rale\n2;1;Comptabilit\xe9\n").unwrap();
        assert_eq!(t.source.encoding, "Latin-1 (windows-1252)");
        assert_eq!(t.department.get(0), Some("Direction générale"));
        assert_eq!(t.department.get(1), Some("Comptabilité"));
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let text = "Employee ID\tManager ID\tJob Title\n1\t\tDirectrice\n2\t1\tIngénieur\n";
        let mut bytes = vec![0xFF, 0xFE];
        for u in text.encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let t = import(&bytes).unwrap();
        assert_eq!(t.title.get(1), Some("Ingénieur"));
    }

    #[test]
    fn quoted_fields_with_delimiters_quotes_and_newlines() {
        let t = import(b"Employee ID,Manager ID,Job Title\n1,,\"Chief, \"\"Everything\"\" Officer\"\n2,1,\"Area Manager,\nOperations\"\n3,1,Analyst\n").unwrap();
        assert_eq!(t.title.get(0), Some("Chief, \"Everything\" Officer"));
        assert_eq!(t.title.get(1), Some("Area Manager,\nOperations"));
        assert_eq!(t.line, [2, 3, 5]);
    }

    #[test]
    fn small_blocks_give_the_same_table() {
        // Quoted newlines straddle block ends; results must not depend on the block size.
        let mut text = String::from("Employee ID,Manager ID,Job Title,Annual Salary\n1,,CEO,\"$1,000,000\"\n");
        for i in 2..400 {
            text.push_str(&format!("{i},{},\"Title\nline {}\",\"{},000\"\n", i / 3 + 1, i % 7, 50 + i % 13));
        }
        let big = import(text.as_bytes()).unwrap();
        let small = import_with(text.as_bytes(), &ImportOptions { chunk_bytes: 64, ..Default::default() }).unwrap();
        assert_eq!(big.rows(), 399);
        assert_eq!(ids(&big), ids(&small));
        assert_eq!(big.line, small.line);
        assert_eq!(big.pay, small.pay);
        assert_eq!(big.title.get(398), small.title.get(398));
        assert_eq!(big.line[398], 3 + 397 * 2);
        assert!(big.problems.is_empty() && small.problems.is_empty());
    }

    #[test]
    fn map_overrides_headers() {
        let o = ImportOptions { map: vec!["id=Badge".parse().unwrap(), "manager=Boss Badge".parse().unwrap()], ..Default::default() };
        let t = import_with(b"Badge,Boss Badge,Employee ID\na,,x\nb,a,y\n", &o).unwrap();
        assert_eq!(ids(&t), ["a", "b"]);
    }

    #[test]
    fn hourly_pay_is_annualised() {
        let t = import(b"Employee ID,Manager ID,Hourly Rate\n1,,50\n2,1,$20.00\n").unwrap();
        assert_eq!(t.pay, [50.0 * 2080.0, 20.0 * 2080.0]);
        let o = ImportOptions { hours_per_year: 2000.0, ..Default::default() };
        let t = import_with(b"Employee ID,Manager ID,Base Pay,Pay Frequency\n1,,100000,Annual\n2,1,25,Hourly\n3,1,5000,Monthly\n4,1,9,Sometimes\n", &o).unwrap();
        assert_eq!(t.pay[..3], [100_000.0, 50_000.0, 60_000.0]);
        assert!(t.pay[3].is_nan());
        assert_eq!(t.problems[0].kind, ProblemKind::UnparsablePay);
        assert_eq!(t.problems[0].line, 5);
    }

    #[test]
    fn pay_problems_are_recorded_not_dropped() {
        let t = import(b"Employee ID,Manager ID,Annual Salary\n1,,\"$120,000.00\"\n2,1,\n3,1,secret\n4,1,-5\n5,1,\"120.000,50 \xe2\x82\xac\"\n").unwrap();
        assert_eq!(t.rows(), 5);
        assert_eq!(t.pay[0], 120_000.0);
        assert_eq!(t.pay[4], 120_000.5);
        let kinds: Vec<_> = t.problems.iter().map(|p| (p.line, p.kind)).collect();
        assert_eq!(kinds, [(3, ProblemKind::BlankPay), (4, ProblemKind::UnparsablePay), (5, ProblemKind::NegativePay)]);
        assert!(t.problems[1].detail.contains("Annual Salary"));
    }

    #[test]
    fn ragged_rows_are_problems() {
        let t = import(b"Employee ID,Manager ID,Job Title\n1,,CEO\n2,1\n3,1,Analyst,extra\n").unwrap();
        assert_eq!(t.rows(), 3);
        assert_eq!(t.problems.len(), 2);
        assert!(t.problems.iter().all(|p| p.kind == ProblemKind::RaggedRow));
        assert_eq!(t.title.get(1), None);
    }

    #[test]
    fn float_ids_from_pandas_match() {
        let t = import(b"Employee ID,Manager ID\n1001,\n1002,1001.0\n").unwrap();
        assert_eq!(t.manager.get(1), "1001");
    }

    #[test]
    fn bad_files_have_clear_errors() {
        let e = import(b"").unwrap_err();
        assert!(e.to_string().contains("is empty"), "{e}");
        let e = import(b"  \n\n").unwrap_err();
        assert!(e.to_string().contains("is empty"), "{e}");
        let e = import(b"Employee ID,Manager ID\n").unwrap_err();
        assert!(matches!(e, OrgError::HeaderOnly { .. }), "{e}");
        assert!(e.to_string().contains("no data rows"));
        let e = import(b"\x00\x01\x02binary\x00junk").unwrap_err();
        assert!(e.to_string().contains("not a table") && e.to_string().contains("binary"), "{e}");
        let e = import(b"%PDF-1.7 whatever").unwrap_err();
        assert!(e.to_string().contains("PDF"), "{e}");
        let e = import(b"Dear HR team\nplease find attached\n").unwrap_err();
        assert!(e.to_string().contains("no comma, semicolon, tab or pipe"), "{e}");
        let e = import(b"{\"a\": 1, \"b\": 2}\n").unwrap_err();
        assert!(e.to_string().contains("--map id="), "{e}");
        let e = import(b"PAR1garbage").unwrap_err();
        assert!(e.to_string().contains("Parquet"), "{e}");
    }
}
