//! Spreadsheet import (XLSX, XLSM, XLS, ODS) through calamine. With several sheets and no
//! `--sheet`, the first sheet whose header has an id and a manager column is read, and the
//! summary says which one and lists the others.

use super::{ImportOptions, Progress};
use crate::columns::{self, Field};
use crate::error::{OrgError, Result};
use crate::raw::{Merger, RawTable, RowBuilder, SourceInfo};
use calamine::{open_workbook_auto, Data, Range, Reader};
use std::path::Path;

fn sheet_err(path: &Path, e: impl std::fmt::Display) -> OrgError {
    OrgError::Spreadsheet { path: path.to_path_buf(), message: e.to_string() }
}

/// The sheet names of a workbook, in order.
pub fn list_sheets(path: &Path) -> Result<Vec<String>> {
    let wb = open_workbook_auto(path).map_err(|e| sheet_err(path, e))?;
    Ok(wb.sheet_names().to_vec())
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        // Integral floats are ids or whole amounts: no ".0".
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        other => other.to_string(),
    }
}

/// The first row with at least two non-empty cells, as (index in range, texts).
fn header_row(range: &Range<Data>) -> Option<(usize, Vec<String>)> {
    range.rows().enumerate().find_map(|(i, r)| {
        let cells: Vec<String> = r.iter().map(|c| cell_text(c).trim().to_string()).collect();
        (cells.iter().filter(|c| !c.is_empty()).count() >= 2).then_some((i, cells))
    })
}

pub(super) fn read(path: &Path, opts: &ImportOptions, progress: Progress<'_>) -> Result<RawTable> {
    let mut wb = open_workbook_auto(path).map_err(|e| sheet_err(path, e))?;
    let sheets = wb.sheet_names().to_vec();
    if sheets.is_empty() {
        return Err(OrgError::Empty { path: path.to_path_buf() });
    }
    let mut notes = Vec::new();
    let (name, range) = match &opts.sheet {
        Some(want) => {
            let name = sheets
                .iter()
                .find(|s| *s == want)
                .or_else(|| sheets.iter().find(|s| s.eq_ignore_ascii_case(want)))
                .ok_or_else(|| OrgError::SheetNotFound { path: path.to_path_buf(), sheet: want.clone(), sheets: sheets.join(", ") })?
                .clone();
            let range = wb.worksheet_range(&name).map_err(|e| sheet_err(path, e))?;
            (name, range)
        }
        None => {
            let mut chosen = None;
            for s in &sheets {
                let range = wb.worksheet_range(s).map_err(|e| sheet_err(path, e))?;
                if header_row(&range).is_some_and(|(_, h)| columns::has_required(&h, &opts.map)) {
                    chosen = Some((s.clone(), range));
                    break;
                }
            }
            let (name, range) = match chosen {
                Some(c) => c,
                // One sheet: read it so that the missing-column error names its headers.
                None if sheets.len() == 1 => (sheets[0].clone(), wb.worksheet_range(&sheets[0]).map_err(|e| sheet_err(path, e))?),
                None => return Err(OrgError::NoUsableSheet { path: path.to_path_buf(), sheets: sheets.join(", ") }),
            };
            if sheets.len() > 1 {
                notes.push(format!(
                    "workbook has {} sheets [{}]; read `{}`, the first with an id and a manager column (choose with --sheet)",
                    sheets.len(),
                    sheets.join(", "),
                    name
                ));
            }
            (name, range)
        }
    };
    let Some((hidx, headers)) = header_row(&range) else {
        return Err(OrgError::Empty { path: path.to_path_buf() });
    };
    let map = columns::resolve(path, &headers, &opts.map)?;
    let start_row = range.start().map(|(r, _)| r as u64).unwrap_or(0);
    let source = SourceInfo {
        path: path.display().to_string(),
        format: "spreadsheet".into(),
        bytes: std::fs::metadata(path).map(|m| m.len()).unwrap_or(0),
        encoding: "xlsx (UTF-8)".into(),
        sheet: Some(name),
        sheets: sheets.clone(),
        columns: map.columns.iter().map(|(f, _, h)| (*f, h.clone())).collect(),
        hours_per_year: opts.hours_per_year,
        notes: notes.into_iter().chain(map.notes.iter().cloned()).collect(),
        ..Default::default()
    };
    let has_pay = map.columns.iter().any(|(f, _, _)| matches!(f, Field::Pay | Field::HourlyPay));
    let mut merger = Merger::new(source, has_pay);
    let total = range.height() as u64;
    let mut b = RowBuilder::new(&map, opts.hours_per_year, range.height());
    for (i, row) in range.rows().enumerate().skip(hidx + 1) {
        let cells: Vec<String> = row.iter().map(cell_text).collect();
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        // Spreadsheets pad rows to the sheet width: a row is ragged only if it has cells past the header.
        let used = cells.iter().rposition(|c| !c.trim().is_empty()).map(|p| p + 1).unwrap_or(0);
        let width = if used > map.width { used } else { map.width };
        b.push(start_row + i as u64 + 1, width, |k| cells.get(k).map(String::as_str));
        if i % 65536 == 0 {
            progress("read", i as u64, Some(total));
        }
    }
    merger.append(b);
    if merger.rows() == 0 {
        return Err(OrgError::HeaderOnly { path: path.to_path_buf() });
    }
    Ok(merger.table)
}
