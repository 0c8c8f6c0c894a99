//! Readers for postings in CSV, JSON Lines and Parquet, with column mapping (`--map
//! description=job_text`, as in the HRIS import). A bad row never stops a job: it is skipped and
//! counted with its file and line, so the report says exactly what was not scanned. Text that is
//! not UTF-8 is scanned with U+FFFD in place of the bad bytes, and counted.

use crate::error::{io_err, PostingsError, Result};
use rayon::prelude::*;
use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

/// One job posting. Every field is text; missing optional fields are empty.
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
const REQUIRED: [usize; 2] = [0, 4];
/// Postings per batch handed to the scanner.
pub const BATCH: usize = 8192;
/// Row errors kept verbatim per file (all are counted).
pub const KEPT_ERRORS: usize = 50;
/// Default limit on one description; longer ones are scanned up to it and reported.
pub const DEFAULT_MAX_DESCRIPTION: usize = 64 << 20;

/// Which input column holds each posting field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ColumnMap {
    pub columns: [String; 6],
}

impl Default for ColumnMap {
    fn default() -> Self {
        ColumnMap { columns: FIELDS.map(String::from) }
    }
}

impl ColumnMap {
    /// From `FIELD=COLUMN` pairs; unnamed fields keep their own name as column.
    pub fn parse<S: AsRef<str>>(pairs: &[S]) -> Result<ColumnMap> {
        let mut m = ColumnMap::default();
        for p in pairs {
            let p = p.as_ref();
            let (f, c) = p.split_once('=').ok_or_else(|| PostingsError::BadMapping(p.into()))?;
            let i = FIELDS.iter().position(|x| *x == f.trim()).ok_or_else(|| PostingsError::BadMapping(p.into()))?;
            if c.trim().is_empty() {
                return Err(PostingsError::BadMapping(p.into()));
            }
            m.columns[i] = c.trim().to_string();
        }
        Ok(m)
    }

    /// Index of each field in `headers` (exact name first, then case-insensitive).
    fn resolve(&self, path: &Path, headers: &[String]) -> Result<[Option<usize>; 6]> {
        let mut out = [None; 6];
        for (i, col) in self.columns.iter().enumerate() {
            out[i] = headers.iter().position(|h| h == col).or_else(|| headers.iter().position(|h| h.eq_ignore_ascii_case(col)));
        }
        for r in REQUIRED {
            if out[r].is_none() {
                return Err(PostingsError::MissingColumn {
                    path: path.into(),
                    field: FIELDS[r].into(),
                    available: headers.join(", "),
                });
            }
        }
        Ok(out)
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
    pub fn from_path(path: &Path) -> Result<InputFormat> {
        let name = path.file_name().map(|n| n.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
        if name.ends_with(".csv") {
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileReport {
    pub path: PathBuf,
    /// `None` when the format could not be told from the name.
    pub format: Option<InputFormat>,
    pub rows_read: u64,
    pub rows_scanned: u64,
    pub rows_skipped: u64,
    pub description_bytes: u64,
    pub invalid_utf8_rows: u64,
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
            rows_read: 0,
            rows_scanned: 0,
            rows_skipped: 0,
            description_bytes: 0,
            invalid_utf8_rows: 0,
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

/// A row as parsed, before checks.
enum Parsed {
    Row { fields: [Option<String>; 6], invalid_utf8: bool },
    Bad(String),
}

/// Turn parsed rows into postings, applying the required-field check and the size limit.
fn finish(rows: Vec<(u64, Parsed)>, max_desc: usize, report: &mut FileReport) -> Vec<Posting> {
    let mut out = Vec::with_capacity(rows.len());
    for (line, p) in rows {
        report.rows_read += 1;
        let (fields, bad_utf8) = match p {
            Parsed::Bad(msg) => {
                report.skip(line, msg);
                continue;
            }
            Parsed::Row { fields, invalid_utf8 } => (fields, invalid_utf8),
        };
        let [id, date, company, title, description, location] = fields;
        let Some(mut description) = description else {
            report.skip(line, "no `description` value".into());
            continue;
        };
        let id = match id {
            Some(id) if !id.is_empty() => id,
            _ => {
                report.skip(line, "no `id` value".into());
                continue;
            }
        };
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
        report.rows_scanned += 1;
        report.description_bytes += description.len() as u64;
        out.push(Posting {
            id,
            date: date.unwrap_or_default(),
            company: company.unwrap_or_default(),
            title: title.unwrap_or_default(),
            description,
            location: location.unwrap_or_default(),
        });
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

/// Open a postings file, choosing the reader from its extension.
pub fn open(path: &Path, map: &ColumnMap, max_desc: usize) -> Result<Box<dyn PostingSource>> {
    match InputFormat::from_path(path)? {
        InputFormat::Jsonl => Ok(Box::new(JsonlSource::open(path, map, max_desc)?)),
        InputFormat::Csv => Ok(Box::new(CsvSource::open(path, map, max_desc)?)),
        InputFormat::Parquet => Ok(Box::new(ParquetSource::open(path, map, max_desc)?)),
    }
}

// ------------------------------------------------------------------------------- JSON Lines

pub struct JsonlSource {
    file: File,
    map: ColumnMap,
    max_desc: usize,
    buf: Vec<u8>,
    eof: bool,
    line: u64,
    report: FileReport,
}

/// Bytes read from a JSON Lines file per batch (lines are then parsed in parallel).
const JSONL_CHUNK: usize = 16 << 20;

impl JsonlSource {
    pub fn open(path: &Path, map: &ColumnMap, max_desc: usize) -> Result<JsonlSource> {
        let mut file = File::open(path).map_err(io_err(path))?;
        let mut head = [0u8; 1];
        let mut peek = Vec::new();
        // A JSON array is not JSON Lines: say so instead of failing on every line.
        loop {
            match file.read(&mut head).map_err(io_err(path))? {
                0 => break,
                _ if head[0].is_ascii_whitespace() => peek.push(head[0]),
                _ => {
                    peek.push(head[0]);
                    if head[0] == b'[' {
                        return Err(PostingsError::Format {
                            path: path.into(),
                            message: "this is a JSON array; culprit reads JSON Lines (one object per line). Fix: jq -c '.[]' FILE > FILE.jsonl".into(),
                        });
                    }
                    break;
                }
            }
        }
        Ok(JsonlSource { file, map: map.clone(), max_desc, buf: peek, eof: false, line: 0, report: FileReport::new(path, Some(InputFormat::Jsonl)) })
    }
}

struct MappedRow<'a>(&'a ColumnMap);

impl<'de> DeserializeSeed<'de> for MappedRow<'_> {
    type Value = [Option<String>; 6];
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
    type Value = [Option<String>; 6];
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> std::result::Result<Self::Value, A::Error> {
        let mut out: [Option<String>; 6] = Default::default();
        while let Some(k) = a.next_key::<std::borrow::Cow<'de, str>>()? {
            match self.0.columns.iter().position(|c| *c == k) {
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

fn parse_json_line(map: &ColumnMap, line: &[u8]) -> Parsed {
    let (text, invalid_utf8) = match std::str::from_utf8(line) {
        Ok(s) => (std::borrow::Cow::Borrowed(s), false),
        Err(_) => (String::from_utf8_lossy(line), true),
    };
    let mut de = serde_json::Deserializer::from_str(&text);
    match MappedRow(map).deserialize(&mut de).and_then(|v| de.end().map(|_| v)) {
        Ok(fields) => Parsed::Row { fields, invalid_utf8 },
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
        let map = &self.map;
        let parsed: Vec<(u64, Parsed)> = lines.par_iter().map(|&(n, l)| (n, parse_json_line(map, l))).collect();
        Ok(Some(finish(parsed, self.max_desc, &mut self.report)))
    }
}

// ------------------------------------------------------------------------------- CSV

pub struct CsvSource {
    rdr: csv::Reader<File>,
    idx: [Option<usize>; 6],
    max_desc: usize,
    report: FileReport,
    done: bool,
}

impl CsvSource {
    pub fn open(path: &Path, map: &ColumnMap, max_desc: usize) -> Result<CsvSource> {
        let file = File::open(path).map_err(io_err(path))?;
        let mut rdr = csv::ReaderBuilder::new().flexible(true).from_reader(file);
        let headers: Vec<String> = rdr
            .byte_headers()
            .map_err(|e| PostingsError::Format { path: path.into(), message: format!("cannot read the header row: {e}") })?
            .iter()
            .map(|h| String::from_utf8_lossy(h).trim_start_matches('\u{feff}').trim().to_string())
            .collect();
        let idx = map.resolve(path, &headers)?;
        let mut report = FileReport::new(path, Some(InputFormat::Csv));
        report.missing_columns = (0..6).filter(|&i| idx[i].is_none()).map(|i| FIELDS[i].to_string()).collect();
        Ok(CsvSource { rdr, idx, max_desc, report, done: false })
    }
}

impl PostingSource for CsvSource {
    fn report(&self) -> &FileReport {
        &self.report
    }
    fn report_mut(&mut self) -> &mut FileReport {
        &mut self.report
    }
    fn next_batch(&mut self) -> Result<Option<Vec<Posting>>> {
        if self.done {
            return Ok(None);
        }
        let mut rows = Vec::with_capacity(BATCH);
        let mut rec = csv::ByteRecord::new();
        while rows.len() < BATCH {
            match self.rdr.read_byte_record(&mut rec) {
                Ok(false) => {
                    self.done = true;
                    break;
                }
                Ok(true) => {
                    let line = rec.position().map(|p| p.line()).unwrap_or(0);
                    let mut bad = false;
                    let mut fields: [Option<String>; 6] = Default::default();
                    let mut short = None;
                    for (f, ix) in self.idx.iter().enumerate() {
                        let Some(ix) = *ix else { continue };
                        match rec.get(ix) {
                            Some(b) => {
                                fields[f] = Some(match std::str::from_utf8(b) {
                                    Ok(s) => s.to_string(),
                                    Err(_) => {
                                        bad = true;
                                        String::from_utf8_lossy(b).into_owned()
                                    }
                                })
                            }
                            None => short = Some(f),
                        }
                    }
                    let p = match short {
                        Some(f) => Parsed::Bad(format!("row has {} fields, too few for `{}`", rec.len(), FIELDS[f])),
                        None => Parsed::Row { fields, invalid_utf8: bad },
                    };
                    rows.push((line, p));
                }
                Err(e) => {
                    let line = e.position().map(|p| p.line()).unwrap_or(0);
                    if e.is_io_error() {
                        return Err(PostingsError::Format { path: self.report.path.clone(), message: format!("line {line}: {e}") });
                    }
                    rows.push((line, Parsed::Bad(format!("malformed CSV: {e}"))));
                }
            }
        }
        if rows.is_empty() {
            return Ok(None);
        }
        Ok(Some(finish(rows, self.max_desc, &mut self.report)))
    }
}

// ------------------------------------------------------------------------------- Parquet

pub struct ParquetSource {
    reader: parquet::arrow::arrow_reader::ParquetRecordBatchReader,
    /// Position of each field in the projected batches.
    idx: [Option<usize>; 6],
    max_desc: usize,
    row: u64,
    report: FileReport,
}

impl ParquetSource {
    pub fn open(path: &Path, map: &ColumnMap, max_desc: usize) -> Result<ParquetSource> {
        use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
        use parquet::arrow::ProjectionMask;
        let perr = |e: parquet::errors::ParquetError| PostingsError::Format { path: path.into(), message: e.to_string() };
        let file = File::open(path).map_err(io_err(path))?;
        let b = ParquetRecordBatchReaderBuilder::try_new(file).map_err(perr)?;
        let schema = b.schema().clone();
        let headers: Vec<String> = schema.fields().iter().map(|f| f.name().clone()).collect();
        let full = map.resolve(path, &headers)?;
        // Read only the mapped columns; top-level columns only (nested ones cannot hold a field).
        let mut wanted: Vec<usize> = full.iter().flatten().copied().collect();
        wanted.sort_unstable();
        wanted.dedup();
        let mask = ProjectionMask::roots(b.parquet_schema(), wanted.iter().copied());
        let idx = full.map(|o| o.map(|c| wanted.iter().position(|w| *w == c).expect("projected")));
        let reader = b.with_projection(mask).with_batch_size(BATCH).build().map_err(perr)?;
        let mut report = FileReport::new(path, Some(InputFormat::Parquet));
        report.missing_columns = (0..6).filter(|&i| full[i].is_none()).map(|i| FIELDS[i].to_string()).collect();
        Ok(ParquetSource { reader, idx, max_desc, row: 0, report })
    }
}

impl PostingSource for ParquetSource {
    fn report(&self) -> &FileReport {
        &self.report
    }
    fn report_mut(&mut self) -> &mut FileReport {
        &mut self.report
    }
    fn next_batch(&mut self) -> Result<Option<Vec<Posting>>> {
        use arrow::array::{Array, AsArray};
        use arrow::datatypes::DataType;
        let path = self.report.path.clone();
        let batch = match self.reader.next() {
            None => return Ok(None),
            Some(b) => b.map_err(|e| PostingsError::Format { path: path.clone(), message: e.to_string() })?,
        };
        let mut cols: [Option<arrow::array::ArrayRef>; 6] = Default::default();
        for f in 0..6 {
            if let Some(i) = self.idx[f] {
                let c = batch.column(i);
                let c = if c.data_type() == &DataType::Utf8 {
                    c.clone()
                } else {
                    arrow::compute::cast(c, &DataType::Utf8).map_err(|e| PostingsError::Format {
                        path: path.clone(),
                        message: format!("column for `{}` ({}) cannot be read as text: {e}", FIELDS[f], c.data_type()),
                    })?
                };
                cols[f] = Some(c);
            }
        }
        let mut rows = Vec::with_capacity(batch.num_rows());
        for r in 0..batch.num_rows() {
            self.row += 1;
            let mut fields: [Option<String>; 6] = Default::default();
            for f in 0..6 {
                if let Some(c) = &cols[f] {
                    let s = c.as_string::<i32>();
                    if s.is_valid(r) {
                        fields[f] = Some(s.value(r).to_string());
                    }
                }
            }
            rows.push((self.row, Parsed::Row { fields, invalid_utf8: false }));
        }
        Ok(Some(finish(rows, self.max_desc, &mut self.report)))
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

    #[test]
    fn mapping_parses_and_rejects() {
        let m = ColumnMap::parse(&["description=job_text", "id = req_id"]).unwrap();
        assert_eq!(m.columns[4], "job_text");
        assert_eq!(m.columns[0], "req_id");
        assert!(ColumnMap::parse(&["salary=pay"]).is_err());
        assert!(ColumnMap::parse(&["description"]).is_err());
    }

    #[test]
    fn jsonl_skips_and_counts_bad_lines_with_their_numbers() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.jsonl");
        let mut f = File::create(&p).unwrap();
        f.write_all(b"{\"id\":1,\"description\":\"AI\",\"extra\":[1,2]}\n").unwrap();
        f.write_all(b"{\"id\":\"2\",\"description\":\n").unwrap();
        f.write_all(b"\n").unwrap();
        f.write_all(b"{\"id\":\"3\"}\n").unwrap();
        f.write_all(b"{\"id\":\"4\",\"description\":\"caf\xe9 AI\",\"title\":null}\n").unwrap();
        f.write_all(b"{\"id\":\"5\",\"description\":\"no newline at end\"}").unwrap();
        drop(f);
        let mut s = JsonlSource::open(&p, &ColumnMap::default(), DEFAULT_MAX_DESCRIPTION).unwrap();
        let rows = drain(&mut s);
        assert_eq!(rows.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(), ["1", "4", "5"]);
        assert_eq!(rows[1].description, "caf\u{fffd} AI");
        let r = s.report();
        assert_eq!((r.rows_read, r.rows_scanned, r.rows_skipped, r.invalid_utf8_rows), (5, 3, 2, 1));
        assert_eq!(r.errors.iter().map(|e| e.line).collect::<Vec<_>>(), [2, 4]);
        assert!(r.errors[0].message.contains("malformed JSON"), "{:?}", r.errors);
        assert!(r.errors[1].message.contains("description"));
    }

    #[test]
    fn json_array_gets_a_fix() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.json");
        std::fs::write(&p, "  [{\"id\":1}]").unwrap();
        let e = JsonlSource::open(&p, &ColumnMap::default(), 10).err().unwrap().to_string();
        assert!(e.contains("JSON Lines") && e.contains("jq"), "{e}");
    }

    #[test]
    fn csv_with_mapping_missing_columns_and_short_rows() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.csv");
        std::fs::write(&p, b"req,Job Text,company\nA1,\"We use AI, daily\nand more\",Acme\nA2\nA3,caf\xe9,Beta\n").unwrap();
        let map = ColumnMap::parse(&["id=req", "description=job text"]).unwrap();
        let mut s = CsvSource::open(&p, &map, 1000).unwrap();
        let rows = drain(&mut s);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].description, "We use AI, daily\nand more");
        assert_eq!(rows[0].company, "Acme");
        let r = s.report();
        assert_eq!(r.missing_columns, ["date", "title", "location"]);
        assert_eq!((r.rows_skipped, r.invalid_utf8_rows), (1, 1));
        assert_eq!(r.errors[0].line, 4);
        let e = CsvSource::open(&p, &ColumnMap::default(), 1000).err().unwrap().to_string();
        assert!(e.contains("--map id=COLUMN") && e.contains("req, Job Text, company"), "{e}");
    }

    #[test]
    fn oversized_descriptions_are_cut_and_reported() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.jsonl");
        let big = "é".repeat(30);
        std::fs::write(&p, format!("{{\"id\":\"big\",\"description\":\"{big}\"}}\n")).unwrap();
        let mut s = JsonlSource::open(&p, &ColumnMap::default(), 21).unwrap();
        let rows = drain(&mut s);
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
        let map = ColumnMap::parse(&["id=posting_id", "description=body"]).unwrap();
        let mut s = ParquetSource::open(&p, &map, 1000).unwrap();
        let rows = drain(&mut s);
        assert_eq!(rows.len(), 1);
        assert_eq!((rows[0].id.as_str(), rows[0].title.as_str()), ("10", "Data Scientist"));
        assert_eq!(s.report().rows_skipped, 1);
        assert_eq!(s.report().errors[0].line, 2);
    }
}
