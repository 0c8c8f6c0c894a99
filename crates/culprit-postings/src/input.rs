//! Readers for postings in any table format the input layer reads (CSV/TSV in any delimiter and
//! encoding, gzip, XLSX/ODS, Parquet, JSON Lines, JSON arrays), with columns found by header name
//! and content (schema `postings`): no id column means the row number is the id; several text
//! columns (Responsibilities, Minimum / Preferred Qualifications) are scanned together, in column
//! order; dates in any form (epoch milliseconds, US or European, month names) become ISO dates,
//! and relative dates ("3 days ago") count only against `--as-of`. `--map description=job_text`
//! overrides. A bad row never stops a job: it is skipped and counted with its file and line, so
//! the report says exactly what was not scanned. Text that is not UTF-8 is scanned with U+FFFD in
//! place of the bad bytes, and counted.
//!
//! Plain JSON Lines, the large-corpus case, is read by a fast path that deserialises only the
//! mapped keys of each line, in parallel.

use crate::error::{io_err, PostingsError, Result};
use culprit_input::values::{parse_date, DateHint, DateValue};
use culprit_input::{InferOptions, Mapping, OpenOptions, Override, SourceInfo};
use rayon::prelude::*;
use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

/// One job posting. Every field is text; missing optional fields are empty. `date` is an ISO date
/// (`2024-04-17`) when the source date could be read, else empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Posting {
    pub id: String,
    pub date: String,
    pub company: String,
    pub title: String,
    pub description: String,
    pub location: String,
}

pub const FIELDS: [&str; 6] = ["id", "date", "company", "title", "description", "location"];
/// Postings per batch handed to the scanner.
pub const BATCH: usize = 8192;
/// Row errors kept verbatim per file (all are counted).
pub const KEPT_ERRORS: usize = 50;
/// Default limit on one description; longer ones are scanned up to it and reported.
pub const DEFAULT_MAX_DESCRIPTION: usize = 64 << 20;

/// How to map a postings file's columns: `--map FIELD=COLUMN` overrides, and the date that
/// relative dates count back from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ColumnMap {
    pub overrides: Vec<Override>,
    /// `--as-of`: "3 days ago" is counted back from this date; without it such dates have no month.
    pub as_of: Option<chrono::NaiveDate>,
    /// `--date-order`: the day order of numeric dates when the file cannot tell.
    pub date_order: Option<culprit_input::values::DayOrder>,
}

impl ColumnMap {
    /// From `FIELD=COLUMN` pairs (fields of the `postings` schema).
    pub fn parse<S: AsRef<str>>(pairs: &[S]) -> Result<ColumnMap> {
        let schema = culprit_input::Kind::Postings.schema();
        let mut m = ColumnMap::default();
        for p in pairs {
            let o: Override = p.as_ref().parse().map_err(|_| PostingsError::BadMapping(p.as_ref().into()))?;
            if schema.field_by_key(&o.field).is_none() {
                return Err(PostingsError::BadMapping(p.as_ref().into()));
            }
            m.overrides.push(o);
        }
        Ok(m)
    }

    fn infer_options(&self) -> InferOptions {
        InferOptions { overrides: self.overrides.clone(), as_of: self.as_of, date_order: self.date_order }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum InputFormat {
    Csv,
    Jsonl,
    Parquet,
}

impl InputFormat {
    /// The format by the file's name (the SQL engines register files by format); the Rust
    /// scanner tells the format from the content instead.
    pub fn from_path(path: &Path) -> Result<InputFormat> {
        let name = path.file_name().map(|n| n.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
        if name.ends_with(".csv") || name.ends_with(".tsv") {
            Ok(InputFormat::Csv)
        } else if name.ends_with(".jsonl") || name.ends_with(".ndjson") || name.ends_with(".json") {
            Ok(InputFormat::Jsonl)
        } else if name.ends_with(".parquet") || name.ends_with(".pq") {
            Ok(InputFormat::Parquet)
        } else {
            Err(PostingsError::UnknownFormat { path: path.into() })
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowError {
    /// 1-based line (CSV: the record's line; JSON Lines: the line; Parquet: the row number).
    pub line: u64,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Truncated {
    pub id: String,
    pub line: u64,
    pub bytes_not_scanned: u64,
}

/// What happened to one input file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FileReport {
    pub path: PathBuf,
    /// `None` when the format could not be told from the name.
    pub format: Option<InputFormat>,
    /// What the input layer detected (format, encoding, delimiter, compression).
    #[serde(skip_serializing_if = "Option::is_none", skip_deserializing, default)]
    pub source: Option<SourceInfo>,
    /// The columns chosen for each field, with confidences.
    #[serde(skip_serializing_if = "Option::is_none", skip_deserializing, default)]
    pub mapping: Option<Mapping>,
    pub rows_read: u64,
    pub rows_scanned: u64,
    pub rows_skipped: u64,
    pub description_bytes: u64,
    pub invalid_utf8_rows: u64,
    /// Scanned postings without a month (no date, or one that could not be read).
    #[serde(default)]
    pub no_month: u64,
    /// Of those, relative dates ("3 days ago") that have a month only against `--as-of`.
    #[serde(default)]
    pub relative_dates: u64,
    /// The file has no id column: postings are numbered by their line or row.
    #[serde(default)]
    pub ids_from_rows: bool,
    /// Optional fields with no column in this file (their values are empty).
    pub missing_columns: Vec<String>,
    pub truncated: Vec<Truncated>,
    /// The first [`KEPT_ERRORS`] skipped rows with the reason.
    pub errors: Vec<RowError>,
    /// Set when the file could not be read to its end: rows after `rows_read` were not scanned.
    pub aborted: Option<String>,
}

impl FileReport {
    pub fn new(path: &Path, format: Option<InputFormat>) -> FileReport {
        FileReport {
            path: path.into(),
            format,
            source: None,
            mapping: None,
            rows_read: 0,
            rows_scanned: 0,
            rows_skipped: 0,
            description_bytes: 0,
            invalid_utf8_rows: 0,
            no_month: 0,
            relative_dates: 0,
            ids_from_rows: false,
            missing_columns: Vec::new(),
            truncated: Vec::new(),
            errors: Vec::new(),
            aborted: None,
        }
    }

    pub(crate) fn skip(&mut self, line: u64, message: String) {
        self.rows_skipped += 1;
        if self.errors.len() < KEPT_ERRORS {
            self.errors.push(RowError { line, message });
        }
    }
}

/// Where each posting field is in a parsed row: slots of a row's values.
#[derive(Debug, Clone)]
pub(crate) struct Slots {
    pub(crate) id: Option<usize>,
    pub(crate) date: Option<usize>,
    pub(crate) company: Option<usize>,
    pub(crate) title: Option<usize>,
    /// Several text columns, in column order.
    pub(crate) description: Vec<usize>,
    pub(crate) location: Option<usize>,
    pub(crate) state: Option<usize>,
    /// The source column (header, and position) of each slot.
    pub(crate) headers: Vec<String>,
    columns: Vec<usize>,
    pub(crate) date_hint: DateHint,
    pub(crate) as_of: Option<chrono::NaiveDate>,
}

impl Slots {
    /// Slots from a mapping: slot k holds the value of `headers[k]`.
    fn from_mapping(m: &Mapping, as_of: Option<chrono::NaiveDate>) -> Slots {
        let mut headers: Vec<String> = Vec::new();
        let mut columns: Vec<usize> = Vec::new();
        let mut slot = |key: &str| -> Vec<usize> {
            // In column order: several text columns read as the employer laid them out.
            let mut cs: Vec<&culprit_input::infer::Chosen> = m.columns.iter().filter(|c| c.field == key).collect();
            cs.sort_by_key(|c| c.column);
            cs.into_iter()
                .map(|c| {
                    headers.push(c.header.clone());
                    columns.push(c.column);
                    headers.len() - 1
                })
                .collect()
        };
        let one = |v: Vec<usize>| v.first().copied();
        let id = one(slot("id"));
        let date = one(slot("date"));
        let company = one(slot("company"));
        let title = one(slot("title"));
        let description = slot("description");
        let location = one(slot("location"));
        let state = one(slot("state"));
        let mut hint = m.date_hint("date");
        hint.as_of = as_of;
        Slots { id, date, company, title, description, location, state, headers, columns, date_hint: hint, as_of }
    }
}

/// A row as parsed, before checks: the value of each slot.
pub(crate) enum Parsed {
    Row { values: Vec<Option<String>>, invalid_utf8: bool },
    Bad(String),
}

/// An ISO date from a source date under the column's rule; relative dates need `as_of`.
fn iso_date(raw: &str, hint: &DateHint, as_of: Option<chrono::NaiveDate>, report: &mut FileReport) -> String {
    let (d, relative) = iso_date_of(raw, hint, as_of);
    report.relative_dates += relative as u64;
    d
}

/// [`iso_date`] without the report: the date, and whether it was a relative date that has no
/// date without `as_of`.
pub(crate) fn iso_date_of(raw: &str, hint: &DateHint, as_of: Option<chrono::NaiveDate>) -> (String, bool) {
    match parse_date(raw, hint) {
        DateValue::Date(d) | DateValue::Month(d) => (d.format("%Y-%m-%d").to_string(), false),
        v @ DateValue::Relative { .. } => match v.date(as_of) {
            Some(d) => (d.format("%Y-%m-%d").to_string(), false),
            None => (String::new(), true),
        },
        _ => (String::new(), false),
    }
}

/// Turn parsed rows into postings, applying the required-field check and the size limit.
fn finish(rows: Vec<(u64, Parsed)>, slots: &Slots, max_desc: usize, report: &mut FileReport) -> Vec<Posting> {
    let mut out = Vec::with_capacity(rows.len());
    for (line, p) in rows {
        report.rows_read += 1;
        let (mut values, bad_utf8) = match p {
            Parsed::Bad(msg) => {
                report.skip(line, msg);
                continue;
            }
            Parsed::Row { values, invalid_utf8 } => (values, invalid_utf8),
        };
        let mut take = |k: Option<usize>| k.and_then(|k| values.get_mut(k).and_then(Option::take));
        let id = match slots.id {
            None => line.to_string(),
            Some(k) => match take(Some(k)) {
                Some(id) if !id.trim().is_empty() => id,
                _ => {
                    report.skip(line, format!("no `{}` value (the posting id)", slots.headers[k]));
                    continue;
                }
            },
        };
        let date_raw = take(slots.date);
        let company = take(slots.company);
        let title = take(slots.title);
        let mut location = take(slots.location).unwrap_or_default();
        if let Some(st) = take(slots.state).filter(|s| !s.trim().is_empty()) {
            // A separate state column joins the location, where the state is read from.
            location = if location.trim().is_empty() { st } else { format!("{location}, {st}") };
        }
        let parts: Vec<String> = slots.description.iter().filter_map(|&k| values.get_mut(k).and_then(Option::take)).filter(|t| !t.trim().is_empty()).collect();
        if parts.is_empty() {
            let names: Vec<String> = slots.description.iter().map(|&k| format!("`{}`", slots.headers[k])).collect();
            report.skip(line, format!("no text in {}", names.join(", ")));
            continue;
        }
        let mut description = if parts.len() == 1 { parts.into_iter().next().unwrap() } else { parts.join("\n\n") };
        if bad_utf8 {
            report.invalid_utf8_rows += 1;
        }
        if description.len() > max_desc {
            let mut cut = max_desc;
            while !description.is_char_boundary(cut) {
                cut -= 1;
            }
            report.truncated.push(Truncated { id: id.clone(), line, bytes_not_scanned: (description.len() - cut) as u64 });
            description.truncate(cut);
        }
        let date = match date_raw.as_deref() {
            Some(d) if !d.trim().is_empty() => iso_date(d, &slots.date_hint, slots.as_of, report),
            _ => String::new(),
        };
        if date.is_empty() {
            report.no_month += 1;
        }
        report.rows_scanned += 1;
        report.description_bytes += description.len() as u64;
        out.push(Posting { id, date, company: company.unwrap_or_default(), title: title.unwrap_or_default(), description, location });
    }
    out
}

/// A source of posting batches.
pub trait PostingSource: Send {
    fn report(&self) -> &FileReport;
    fn report_mut(&mut self) -> &mut FileReport;
    /// The next batch, or `None` at the end. An `Err` means the rest of the file cannot be read.
    fn next_batch(&mut self) -> Result<Option<Vec<Posting>>>;
}

/// Map a postings file's columns (format told from the content) without reading it all.
pub fn map_columns(path: &Path, map: &ColumnMap) -> Result<(culprit_input::Table, Mapping)> {
    culprit_input::open_mapped(path, culprit_input::Kind::Postings, &OpenOptions::default(), &map.infer_options()).map_err(|e| PostingsError::Input(Box::new(e)))
}

/// Open a postings file, telling its format from its content.
pub fn open(path: &Path, map: &ColumnMap, max_desc: usize) -> Result<Box<dyn PostingSource>> {
    Ok(match open_for_stream(path, map, max_desc)? {
        Opened::Jsonl { slots, report } => Box::new(JsonlSource::open(path, slots, max_desc, report)?),
        Opened::Other(s) => s,
    })
}

/// A file opened for a scan: plain UTF-8 JSON Lines (read by the streaming scan, or by
/// [`JsonlSource`]), or any other table, row by row.
pub(crate) enum Opened {
    Jsonl { slots: Slots, report: FileReport },
    Other(Box<dyn PostingSource>),
}

pub(crate) fn open_for_stream(path: &Path, map: &ColumnMap, max_desc: usize) -> Result<Opened> {
    let (table, mapping) = map_columns(path, map)?;
    let slots = Slots::from_mapping(&mapping, map.as_of);
    let mut report = FileReport::new(path, InputFormat::from_path(path).ok());
    report.ids_from_rows = slots.id.is_none();
    report.missing_columns = ["id", "date", "company", "title", "location"].iter().filter(|f| !mapping.has(f)).map(|f| f.to_string()).collect();
    report.source = Some(table.info.clone());
    report.mapping = Some(mapping);
    if table.info.format == "jsonl" && table.info.compression.is_none() && table.info.encoding.starts_with("UTF-8") {
        drop(table);
        return Ok(Opened::Jsonl { slots, report });
    }
    Ok(Opened::Other(Box::new(TableSource { table, slots, max_desc, report })))
}

// ------------------------------------------------------------------------------- any table

/// Any format, row by row from the input layer.
pub struct TableSource {
    table: culprit_input::Table,
    slots: Slots,
    max_desc: usize,
    report: FileReport,
}

impl PostingSource for TableSource {
    fn report(&self) -> &FileReport {
        &self.report
    }
    fn report_mut(&mut self) -> &mut FileReport {
        &mut self.report
    }
    fn next_batch(&mut self) -> Result<Option<Vec<Posting>>> {
        let path = self.report.path.clone();
        let cols = &self.slots.columns;
        let mut rows = Vec::with_capacity(BATCH);
        while rows.len() < BATCH {
            match self.table.next_row() {
                Ok(Some(r)) => {
                    if let Some(p) = r.problem {
                        rows.push((r.line, Parsed::Bad(p)));
                        continue;
                    }
                    if r.cells.iter().all(|c| c.trim().is_empty()) {
                        continue;
                    }
                    let values = cols.iter().map(|&c| r.cells.get(c).cloned()).collect();
                    rows.push((r.line, Parsed::Row { values, invalid_utf8: r.mixed_encoding }));
                }
                Ok(None) => break,
                Err(e) => return Err(PostingsError::Format { path, message: e.to_string() }),
            }
        }
        if rows.is_empty() {
            return Ok(None);
        }
        Ok(Some(finish(rows, &self.slots, self.max_desc, &mut self.report)))
    }
}

// ------------------------------------------------------------------------------- JSON Lines

pub struct JsonlSource {
    file: File,
    slots: Slots,
    max_desc: usize,
    buf: Vec<u8>,
    eof: bool,
    line: u64,
    report: FileReport,
}

/// Bytes read from a JSON Lines file per batch (lines are then parsed in parallel).
const JSONL_CHUNK: usize = 16 << 20;

impl JsonlSource {
    fn open(path: &Path, slots: Slots, max_desc: usize, report: FileReport) -> Result<JsonlSource> {
        let file = File::open(path).map_err(io_err(path))?;
        Ok(JsonlSource { file, slots, max_desc, buf: Vec::new(), eof: false, line: 0, report })
    }
}

struct MappedRow<'a>(&'a Slots);

impl<'de> DeserializeSeed<'de> for MappedRow<'_> {
    type Value = Vec<Option<String>>;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> std::result::Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

/// A JSON scalar as text (numbers and booleans as written; null as absent).
struct Scalar(Option<String>);

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Scalar;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string, number, boolean or null")
            }
            fn visit_str<E>(self, v: &str) -> std::result::Result<Scalar, E> {
                Ok(Scalar(Some(v.to_string())))
            }
            fn visit_string<E>(self, v: String) -> std::result::Result<Scalar, E> {
                Ok(Scalar(Some(v)))
            }
            fn visit_i64<E>(self, v: i64) -> std::result::Result<Scalar, E> {
                Ok(Scalar(Some(v.to_string())))
            }
            fn visit_u64<E>(self, v: u64) -> std::result::Result<Scalar, E> {
                Ok(Scalar(Some(v.to_string())))
            }
            fn visit_f64<E>(self, v: f64) -> std::result::Result<Scalar, E> {
                Ok(Scalar(Some(v.to_string())))
            }
            fn visit_bool<E>(self, v: bool) -> std::result::Result<Scalar, E> {
                Ok(Scalar(Some(v.to_string())))
            }
            fn visit_unit<E>(self) -> std::result::Result<Scalar, E> {
                Ok(Scalar(None))
            }
            fn visit_none<E>(self) -> std::result::Result<Scalar, E> {
                Ok(Scalar(None))
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Visitor<'de> for MappedRow<'_> {
    type Value = Vec<Option<String>>;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> std::result::Result<Self::Value, A::Error> {
        let mut out: Vec<Option<String>> = vec![None; self.0.headers.len()];
        while let Some(k) = a.next_key::<std::borrow::Cow<'de, str>>()? {
            match self.0.headers.iter().position(|c| *c == k) {
                Some(i) => {
                    let v: Scalar = a.next_value().map_err(|e| serde::de::Error::custom(format!("field `{k}`: {e}")))?;
                    out[i] = v.0;
                }
                None => {
                    a.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(out)
    }
}

pub(crate) fn parse_json_line(map: &Slots, line: &[u8]) -> Parsed {
    let (text, invalid_utf8) = match std::str::from_utf8(line) {
        Ok(s) => (std::borrow::Cow::Borrowed(s), false),
        Err(_) => (String::from_utf8_lossy(line), true),
    };
    let mut de = serde_json::Deserializer::from_str(&text);
    match MappedRow(map).deserialize(&mut de).and_then(|v| de.end().map(|_| v)) {
        Ok(values) => Parsed::Row { values, invalid_utf8 },
        Err(e) => Parsed::Bad(format!("malformed JSON: {e}")),
    }
}

impl PostingSource for JsonlSource {
    fn report(&self) -> &FileReport {
        &self.report
    }
    fn report_mut(&mut self) -> &mut FileReport {
        &mut self.report
    }
    fn next_batch(&mut self) -> Result<Option<Vec<Posting>>> {
        let path = self.report.path.clone();
        // Read until the buffer holds a chunk and at least one full line (a 50 MB line included).
        while !self.eof && (self.buf.len() < JSONL_CHUNK || memchr::memchr(b'\n', &self.buf).is_none()) {
            let old = self.buf.len();
            self.buf.resize(old + JSONL_CHUNK, 0);
            let n = self.file.read(&mut self.buf[old..]).map_err(io_err(&path))?;
            self.buf.truncate(old + n);
            if n == 0 {
                self.eof = true;
            }
        }
        if self.buf.is_empty() {
            return Ok(None);
        }
        let cut = if self.eof { self.buf.len() } else { memchr::memrchr(b'\n', &self.buf).map(|i| i + 1).unwrap_or(self.buf.len()) };
        let chunk: Vec<u8> = self.buf.drain(..cut).collect();
        let mut lines = Vec::new();
        for l in chunk.split(|&b| b == b'\n') {
            self.line += 1;
            let l = l.strip_suffix(b"\r").unwrap_or(l);
            if l.iter().all(|b| b.is_ascii_whitespace()) {
                continue;
            }
            lines.push((self.line, l));
        }
        if chunk.ends_with(b"\n") {
            // split() yields an empty piece after the final newline: not a line of the file.
            self.line -= 1;
        }
        let slots = &self.slots;
        let parsed: Vec<(u64, Parsed)> = lines.par_iter().map(|&(n, l)| (n, parse_json_line(slots, l))).collect();
        Ok(Some(finish(parsed, &self.slots, self.max_desc, &mut self.report)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn drain(src: &mut dyn PostingSource) -> Vec<Posting> {
        let mut v = Vec::new();
        while let Some(b) = src.next_batch().unwrap() {
            v.extend(b);
        }
        v
    }

    fn read(name: &str, bytes: &[u8], map: &[&str]) -> (Vec<Posting>, FileReport) {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        let mut s = open(&p, &ColumnMap::parse(map).unwrap(), DEFAULT_MAX_DESCRIPTION).unwrap();
        let rows = drain(s.as_mut());
        (rows, s.report().clone())
    }

    #[test]
    fn mapping_parses_and_rejects() {
        let m = ColumnMap::parse(&["description=job_text", "id = req_id"]).unwrap();
        assert_eq!(m.overrides[0].column, "job_text");
        assert!(ColumnMap::parse(&["salary=pay"]).is_err());
        assert!(ColumnMap::parse(&["description"]).is_err());
    }

    #[test]
    fn jsonl_skips_and_counts_bad_lines_with_their_numbers() {
        let mut b = Vec::new();
        b.write_all(b"{\"id\":1,\"description\":\"AI\",\"extra\":[1,2]}\n").unwrap();
        b.write_all(b"{\"id\":\"2\",\"description\":\n").unwrap();
        b.write_all(b"\n").unwrap();
        b.write_all(b"{\"id\":\"3\"}\n").unwrap();
        b.write_all(b"{\"id\":\"4\",\"description\":\"caf\xe9 AI\",\"title\":null}\n").unwrap();
        b.write_all(b"{\"id\":\"5\",\"description\":\"no newline at end\"}").unwrap();
        let (rows, r) = read("x.jsonl", &b, &[]);
        assert_eq!(rows.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(), ["1", "4", "5"]);
        // JSON is UTF-8: a stray byte is replaced and counted, the file is not read as Latin-1.
        assert_eq!(rows[1].description, "caf\u{fffd} AI");
        assert_eq!((r.rows_read, r.rows_scanned, r.rows_skipped, r.invalid_utf8_rows), (5, 3, 2, 1));
        assert_eq!(r.errors.iter().map(|e| e.line).collect::<Vec<_>>(), [2, 4]);
        assert!(r.errors[0].message.contains("malformed JSON"), "{:?}", r.errors);
        assert!(r.errors[1].message.contains("description"));
    }

    #[test]
    fn a_json_array_is_read_too() {
        let (rows, _) = read("x.json", b"  [{\"id\":1, \"description\": \"We use AI\"}, {\"id\":2, \"description\": \"no\"}]", &[]);
        assert_eq!(rows.len(), 2);
    }

    #[test]
    fn csv_with_mapping_missing_columns_and_short_rows() {
        let b = b"req,Job Text,company\nA1,\"We use AI, daily\nand more\",Acme\nA2\nA3,caf\xe9,Beta\n";
        let (rows, r) = read("x.csv", b, &["id=req", "description=job text"]);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].description, "We use AI, daily\nand more");
        assert_eq!(rows[0].company, "Acme");
        assert_eq!(r.missing_columns, ["date", "title", "location"]);
        assert_eq!(r.rows_skipped, 1);
        assert_eq!(r.errors[0].line, 4);
    }

    #[test]
    fn oversized_descriptions_are_cut_and_reported() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.jsonl");
        let big = "é".repeat(30);
        std::fs::write(&p, format!("{{\"id\":\"big\",\"description\":\"{big}\"}}\n")).unwrap();
        let mut s = open(&p, &ColumnMap::default(), 21).unwrap();
        let rows = drain(s.as_mut());
        assert_eq!(rows[0].description.len(), 20);
        assert_eq!(s.report().truncated, [Truncated { id: "big".into(), line: 1, bytes_not_scanned: 40 }]);
    }

    #[test]
    fn parquet_reads_mapped_and_non_text_columns() {
        use arrow::array::{Int64Array, StringArray};
        use arrow::datatypes::{DataType, Field, Schema};
        use arrow::record_batch::RecordBatch;
        use std::sync::Arc;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.parquet");
        let schema = Arc::new(Schema::new(vec![
            Field::new("posting_id", DataType::Int64, false),
            Field::new("body", DataType::Utf8, true),
            Field::new("title", DataType::Utf8, true),
        ]));
        let batch = RecordBatch::try_new(
            schema.clone(),
            vec![
                Arc::new(Int64Array::from(vec![10, 11])),
                Arc::new(StringArray::from(vec![Some("AI here"), None])),
                Arc::new(StringArray::from(vec![Some("Data Scientist"), Some("Cook")])),
            ],
        )
        .unwrap();
        let mut w = parquet::arrow::ArrowWriter::try_new(File::create(&p).unwrap(), schema, None).unwrap();
        w.write(&batch).unwrap();
        w.close().unwrap();
        let mut s = open(&p, &ColumnMap::default(), 1000).unwrap();
        let rows = drain(s.as_mut());
        assert_eq!(rows.len(), 1);
        assert_eq!((rows[0].id.as_str(), rows[0].title.as_str()), ("10", "Data Scientist"));
        assert_eq!(s.report().rows_skipped, 1);
        assert_eq!(s.report().errors[0].line, 2);
    }

    #[test]
    fn real_layouts_without_map() {
        let long = "Join our team to build data pipelines; experience with machine learning and LLMs a plus. ".repeat(3);
        // A LinkedIn-style export: job_id, company_name, epoch milliseconds as floats.
        let t = format!("{{\"job_id\": 9001, \"company_name\": \"Acme Corp\", \"title\": \"Data Engineer\", \"description\": \"{long}\", \"listed_time\": 1713397508000.0, \"location\": \"Austin, TX\"}}\n");
        let (rows, r) = read("postings.jsonl", t.as_bytes(), &[]);
        assert_eq!((rows[0].id.as_str(), rows[0].company.as_str(), rows[0].date.as_str()), ("9001", "Acme Corp", "2024-04-17"));
        assert_eq!(r.no_month, 0);
        // A Google-style CSV: no id, "Company", text split across three columns.
        let t = format!("Company,Title,Location,Responsibilities,Minimum Qualifications,Preferred Qualifications\nGoogle,Software Engineer,\"Mountain View, CA, USA\",\"{long}\",BS degree in Computer Science,Experience with Gemini or other AI assistants\n");
        let (rows, r) = read("jobs.csv", t.as_bytes(), &[]);
        assert!(r.ids_from_rows);
        assert_eq!(rows[0].id, "2", "the line number is the id");
        assert!(rows[0].description.starts_with("Join our team") && rows[0].description.ends_with("AI assistants"));
        assert_eq!(rows[0].company, "Google");
        // Relative dates: no month without --as-of.
        let t = format!("Company Name,job title,posted,description\nBeta,Cook,3 days ago,\"{long}\"\nGamma,Clerk,2024-05-01,\"{long}\"\n");
        let (rows, r) = read("rel.csv", t.as_bytes(), &[]);
        assert_eq!((rows[0].date.as_str(), rows[1].date.as_str()), ("", "2024-05-01"));
        assert_eq!((r.no_month, r.relative_dates), (1, 1));
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("rel.csv");
        std::fs::write(&p, t).unwrap();
        let map = ColumnMap { as_of: chrono::NaiveDate::from_ymd_opt(2024, 5, 10), ..Default::default() };
        let mut s = open(&p, &map, DEFAULT_MAX_DESCRIPTION).unwrap();
        let rows = drain(s.as_mut());
        assert_eq!(rows[0].date, "2024-05-07");
    }
}
