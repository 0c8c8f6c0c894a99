//! Bulk coding of a column of titles in any table the input layer reads (CSV/TSV in any delimiter
//! and encoding, gzip, XLSX/ODS, Parquet, JSON Lines); every input row and column
//! is kept and `soc`, `onet_soc`, `occupation`, `confidence`, `method`, `alternatives` are added.
//! An added column whose name the input already uses (say, a `soc` column from an earlier run)
//! is written as `soc_coded` (then `soc_coded_2`, ...): the input column is kept untouched and
//! no output has two columns of one name.

use crate::error::TitlesError;
use crate::{Coded, Coder};
use std::sync::Arc;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::Write;

/// Columns added to the output.
pub const OUTPUT_COLUMNS: [&str; 6] = ["soc", "onet_soc", "occupation", "confidence", "method", "alternatives"];

/// Rows coded per batch (each batch is coded in parallel; progress is reported between batches).
pub const BATCH: usize = 65_536;

#[derive(Debug, Clone, Default, Serialize)]
pub struct BulkSummary {
    pub rows: usize,
    pub coded: usize,
    pub distinct_titles: usize,
    /// Titles run through the coder: each distinct title once.
    pub codings: usize,
    pub by_method: BTreeMap<String, usize>,
    pub seconds: f64,
    /// Added columns written under another name because the input has a column of that name
    /// (`soc -> soc_coded`).
    pub renamed_columns: Vec<String>,
    /// Wall seconds of each stage: read, distinct, waiting for the coder, code, write.
    pub stages: Vec<(String, f64)>,
}

/// Names of the added columns for an input with these headers: an output column whose name the
/// input uses already (compared case-insensitively, as column lookup does) gets the suffix
/// `_coded`, then `_coded_2`, `_coded_3`... until it is unique.
pub fn output_columns(headers: &[String]) -> Vec<String> {
    let taken = |name: &str, added: &[String]| headers.iter().chain(added).any(|h| h.trim().eq_ignore_ascii_case(name));
    let mut out: Vec<String> = Vec::with_capacity(OUTPUT_COLUMNS.len());
    for base in OUTPUT_COLUMNS {
        let mut name = base.to_string();
        let mut k = 1;
        while taken(&name, &out) {
            name = if k == 1 { format!("{base}_coded") } else { format!("{base}_coded_{k}") };
            k += 1;
        }
        out.push(name);
    }
    out
}

/// Open CSV bytes: strip a BOM, sniff the delimiter, read the header.
pub fn open_csv<'a>(bytes: &'a [u8], origin: &str) -> Result<(Vec<String>, csv::Reader<&'a [u8]>), TitlesError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let first = bytes.split(|&b| b == b'\n').next().unwrap_or(b"");
    let delim = crate::sniff_delimiter(&String::from_utf8_lossy(first));
    let mut rdr = csv::ReaderBuilder::new().delimiter(delim).flexible(true).from_reader(bytes);
    let headers = rdr
        .byte_headers()
        .map_err(|e| TitlesError::Csv { origin: origin.into(), message: e.to_string() })?
        .iter()
        .map(|h| String::from_utf8_lossy(h).trim().to_string())
        .collect();
    Ok((headers, rdr))
}

/// The position of a column by name (exact, then case-insensitive), or an error naming the
/// columns found.
pub fn find_column(headers: &[String], wanted: &str, origin: &str) -> Result<usize, TitlesError> {
    headers
        .iter()
        .position(|h| h == wanted)
        .or_else(|| headers.iter().position(|h| h.eq_ignore_ascii_case(wanted.trim())))
        .ok_or_else(|| TitlesError::MissingColumn {
            origin: origin.into(),
            wanted: wanted.into(),
            found: headers.iter().map(|h| format!("`{h}`")).collect::<Vec<_>>().join(", "),
        })
}

/// "15-1253 Software Quality Assurance Analysts and Testers (0.12); ..."
pub fn alternatives_cell(c: &Coded) -> String {
    c.alternatives.iter().map(|a| format!("{} {} ({:.2})", a.soc, a.occupation, a.confidence)).collect::<Vec<_>>().join("; ")
}

/// Code column `column` of `input` (any table the input layer reads: CSV/TSV in any delimiter
/// and encoding, gzip, XLSX/ODS, Parquet, JSON Lines), writing every input row with the added
/// columns to `out` (comma-delimited). An empty `column` lets the input layer find the title
/// column by its name and content. `progress(rows_done, rows_total)` is called between batches.
pub fn code_csv<W: Write>(input: &[u8], origin: &str, column: &str, coder: &Coder, out: W, progress: impl FnMut(usize, usize)) -> Result<BulkSummary, TitlesError> {
    let err = |e: culprit_input::InputError| TitlesError::Csv { origin: origin.into(), message: e.to_string() };
    let mut table = culprit_input::open_bytes(origin, input.to_vec(), &culprit_input::OpenOptions::default(), None).map_err(err)?;
    let col = title_column(&table, origin, column)?;
    code_table(&mut table, col, origin, coder, out, progress)
}

/// The title column of a table: `column` when given (a header, or `#N`), else the one the input
/// layer's `titles` schema finds by name and content.
pub fn title_column(table: &culprit_input::Table, origin: &str, column: &str) -> Result<usize, TitlesError> {
    let overrides = if column.trim().is_empty() { Vec::new() } else { vec![culprit_input::Override { field: "title".into(), column: column.trim().into() }] };
    let m = culprit_input::infer(culprit_input::Kind::Titles.schema(), std::path::Path::new(origin), &table.headers, &table.sample, &culprit_input::InferOptions { overrides, ..Default::default() })
        .map_err(|e| TitlesError::Csv { origin: origin.into(), message: e.to_string() })?;
    Ok(m.get("title").expect("required field"))
}

/// The cells a coded title adds to its rows, built once per distinct title.
struct AddedCells {
    soc: Option<Arc<str>>,
    onet_soc: Option<Arc<str>>,
    occupation: Option<Arc<str>>,
    confidence: String,
    method: String,
    alternatives: String,
    /// The method as counted in the summary (`uncodable` for every refusal reason).
    method_key: String,
    /// The six added cells as CSV (quoted where needed), with the record's end: written after
    /// each row's own cells, so that they are encoded once per distinct title, not per row.
    tail: Box<[u8]>,
}

impl AddedCells {
    fn of(c: &Coded) -> AddedCells {
        let mut a = AddedCells {
            soc: c.soc.clone(),
            onet_soc: c.onet_soc.clone(),
            occupation: c.occupation.clone(),
            confidence: if c.soc.is_some() { format!("{:.3}", c.confidence) } else { String::new() },
            method: c.method.label(),
            alternatives: alternatives_cell(c),
            method_key: c.method.summary_key(),
            tail: Box::default(),
        };
        let mut w = csv::WriterBuilder::new().has_headers(false).from_writer(Vec::with_capacity(128));
        // Six fields: never the lone empty field that the writer would quote.
        let _ = w.write_record([a.soc.as_deref().unwrap_or_default(), a.onet_soc.as_deref().unwrap_or_default(), a.occupation.as_deref().unwrap_or_default(), &a.confidence, &a.method, &a.alternatives]);
        a.tail = w.into_inner().map(Vec::into_boxed_slice).unwrap_or_default();
        a
    }
}

/// A writer into a buffer that its owner reads between records.
struct Sink(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

impl Write for Sink {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// One output row: the row's own cells as CSV (`own` writes them into `scratch`), a comma,
/// then `tail` (the added cells, encoded, with the record's end).
fn write_row(buf: &mut Vec<u8>, own: &mut csv::Writer<Sink>, scratch: &std::cell::RefCell<Vec<u8>>, row: &[&str], tail: &[u8]) -> Result<(), String> {
    if row.iter().all(|c| c.is_empty()) {
        // Empty cells write nothing (alone, the writer would quote one: `""`).
        buf.extend(std::iter::repeat_n(b',', row.len().saturating_sub(1)));
    } else {
        own.write_record(row).map_err(|e| e.to_string())?;
        own.flush().map_err(|e| e.to_string())?;
        let mut bytes = scratch.borrow_mut();
        buf.extend_from_slice(&bytes[..bytes.len() - 1]);
        bytes.clear();
    }
    if !row.is_empty() {
        buf.push(b',');
    }
    buf.extend_from_slice(tail);
    Ok(())
}

/// Code column `col` of an open table; see [`code_csv`].
pub fn code_table<W: Write>(table: &mut culprit_input::Table, col: usize, origin: &str, coder: &Coder, out: W, progress: impl FnMut(usize, usize)) -> Result<BulkSummary, TitlesError> {
    code_table_with(table, col, None, None, origin, || Ok(coder), out, progress)
}

/// Output rows formatted per piece, in parallel; pieces are written in order.
const WRITE_PIECE: usize = 16_384;

/// [`code_table`] with context: the department column `context_col` and the employer's
/// `industry` (a NAICS code the coder has a prior for). Every distinct title of the whole
/// table is coded exactly once, whatever the row order (a per-batch cache loses to shuffled
/// rows); `progress` counts distinct titles. `coder` is asked for only once the table is read,
/// so a caller can build it on another thread meanwhile (about 0.4 s: the catalog and the title
/// index). The time of each stage is in [`BulkSummary::stages`].
#[allow(clippy::too_many_arguments)]
pub fn code_table_with<C: std::ops::Deref<Target = Coder>, W: Write>(
    table: &mut culprit_input::Table,
    col: usize,
    context_col: Option<usize>,
    industry: Option<&str>,
    origin: &str,
    coder: impl FnOnce() -> Result<C, TitlesError>,
    out: W,
    mut progress: impl FnMut(usize, usize),
) -> Result<BulkSummary, TitlesError> {
    use rayon::prelude::*;
    let t0 = std::time::Instant::now();
    let mut stages: Vec<(String, f64)> = Vec::new();
    let mut lap = {
        let mut last = t0;
        move |name: &str, stages: &mut Vec<(String, f64)>| {
            let now = std::time::Instant::now();
            stages.push((name.to_string(), (now - last).as_secs_f64()));
            last = now;
        }
    };
    let err = |m: String| TitlesError::Csv { origin: origin.into(), message: m };
    let headers = table.headers.clone();
    let mut records: Vec<Vec<String>> = Vec::new();
    while let Some(r) = table.next_row().map_err(|e| err(e.to_string()))? {
        if let Some(p) = r.problem {
            return Err(err(format!("line {}: {p}", r.line)));
        }
        records.push(r.cells);
    }
    lap("read", &mut stages);
    // Distinct (title, department) pairs: the department can change a title's reading.
    let mut slot: ahash::AHashMap<(&str, &str), u32> = ahash::AHashMap::with_capacity(records.len() / 2 + 16);
    let mut uniq: Vec<(&str, &str)> = Vec::new();
    let which: Vec<u32> = records
        .iter()
        .map(|r| {
            let t = r.get(col).map(String::as_str).unwrap_or("");
            let d = context_col.and_then(|c| r.get(c)).map(String::as_str).unwrap_or("");
            *slot.entry((t, d)).or_insert_with(|| {
                uniq.push((t, d));
                (uniq.len() - 1) as u32
            })
        })
        .collect();
    drop(slot);
    lap("distinct", &mut stages);
    let coder = coder()?;
    lap("waiting for the coder", &mut stages);
    let total = uniq.len();
    progress(0, total);
    let mut cells: Vec<AddedCells> = Vec::with_capacity(total);
    for chunk in uniq.chunks(BATCH) {
        let items: Vec<(&str, crate::TitleContext)> =
            chunk.iter().map(|(t, d)| (*t, crate::TitleContext { department: Some(*d).filter(|d| !d.trim().is_empty()), industry })).collect();
        let coded = coder.code_batch(&items);
        cells.par_extend(coded.par_iter().map(AddedCells::of));
        progress(cells.len(), total);
    }
    lap("code", &mut stages);

    let added = output_columns(&headers);
    let renamed_columns: Vec<String> = OUTPUT_COLUMNS.iter().zip(&added).filter(|(a, b)| **a != b.as_str()).map(|(a, b)| format!("{a} -> {b}")).collect();
    let mut head: Vec<String> = headers.clone();
    head.extend(added);
    let mut w = csv::WriterBuilder::new().flexible(true).from_writer(out);
    w.write_record(&head).map_err(|e| err(e.to_string()))?;
    w.flush().map_err(|e| err(e.to_string()))?;
    let mut out = w.into_inner().map_err(|e| err(e.to_string()))?;
    let width = headers.len();
    // Each row: its own cells as CSV, a comma, then its title's pre-encoded added cells. The
    // same bytes as one CSV record of all the cells.
    let format_piece = |rows: &[Vec<String>], which: &[u32]| -> Result<Vec<u8>, String> {
        let mut buf: Vec<u8> = Vec::with_capacity(rows.len() * 200);
        let scratch = std::rc::Rc::new(std::cell::RefCell::new(Vec::with_capacity(256)));
        let mut own = csv::WriterBuilder::new().flexible(true).has_headers(false).buffer_capacity(256).from_writer(Sink(scratch.clone()));
        let mut row: Vec<&str> = Vec::with_capacity(width);
        for (rec, &i) in rows.iter().zip(which) {
            row.clear();
            row.extend(rec.iter().map(String::as_str));
            // Short rows keep their cells; pad so that the added columns line up.
            row.resize(width.max(row.len()), "");
            write_row(&mut buf, &mut own, &scratch, &row, &cells[i as usize].tail)?;
        }
        Ok(buf)
    };
    // A window of pieces is formatted in parallel, then written in order, so that memory holds a
    // window of output, not the whole file.
    let window = WRITE_PIECE * 2 * rayon::current_num_threads().max(1);
    for (rows, which) in records.chunks(window).zip(which.chunks(window)) {
        let pieces: Vec<Result<Vec<u8>, String>> = rows.par_chunks(WRITE_PIECE).zip(which.par_chunks(WRITE_PIECE)).map(|(r, w)| format_piece(r, w)).collect();
        for p in pieces {
            out.write_all(&p.map_err(err)?).map_err(|e| err(e.to_string()))?;
        }
    }
    out.flush().map_err(|e| err(e.to_string()))?;
    lap("write", &mut stages);
    let mut sum = BulkSummary { rows: records.len(), renamed_columns, distinct_titles: total, codings: total, ..Default::default() };
    let mut per_title = vec![0usize; total];
    for &i in &which {
        per_title[i as usize] += 1;
    }
    for (c, n) in cells.iter().zip(per_title) {
        sum.coded += if c.soc.is_some() { n } else { 0 };
        *sum.by_method.entry(c.method_key.clone()).or_default() += n;
    }
    sum.seconds = t0.elapsed().as_secs_f64();
    sum.stages = stages;
    Ok(sum)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_column_names_the_columns_found() {
        let (h, _) = open_csv(b"\xEF\xBB\xBFid;Job Title;dept\n1;x;y\n", "staff.csv").unwrap();
        assert_eq!(h, ["id", "Job Title", "dept"]);
        assert_eq!(find_column(&h, "job title", "staff.csv").unwrap(), 1);
        let e = find_column(&h, "title", "staff.csv").unwrap_err().to_string();
        assert_eq!(e, "staff.csv: no column `title`; the columns found are: `id`, `Job Title`, `dept`");
    }

    /// The row writer (own cells, then the pre-encoded added cells) writes the bytes one CSV
    /// record of all the cells would.
    #[test]
    fn rows_written_in_two_parts_equal_one_csv_record() {
        let added = ["15-1252", "15-1252.00", "Software Developers", "0.912", "exact", "15-1253 QA, Testers (0.05); \"x\""];
        let mut t = csv::WriterBuilder::new().has_headers(false).from_writer(Vec::new());
        t.write_record(added).unwrap();
        let tail = t.into_inner().unwrap();
        let scratch = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
        let mut own = csv::WriterBuilder::new().flexible(true).has_headers(false).from_writer(Sink(scratch.clone()));
        for row in [
            vec!["Software Engineer"],
            vec![""],
            vec!["", ""],
            vec!["a \"quoted\" title", "x,y", "line\nbreak", " padded ", ""],
            vec!["café ✓", "\r"],
        ] {
            let mut buf = Vec::new();
            write_row(&mut buf, &mut own, &scratch, &row, &tail).unwrap();
            let mut all = row.clone();
            all.extend(added);
            let mut w = csv::WriterBuilder::new().flexible(true).has_headers(false).from_writer(Vec::new());
            w.write_record(&all).unwrap();
            assert_eq!(String::from_utf8(buf).unwrap(), String::from_utf8(w.into_inner().unwrap()).unwrap(), "{row:?}");
        }
    }

    #[test]
    fn added_columns_never_repeat_an_input_column_name() {
        let h = |xs: &[&str]| xs.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(output_columns(&h(&["id", "title"])), OUTPUT_COLUMNS);
        let o = output_columns(&h(&["title", "SOC", "soc_coded", "Method"]));
        assert_eq!(o, ["soc_coded_2", "onet_soc", "occupation", "confidence", "method_coded", "alternatives"]);
        // Coding an already coded file twice over keeps every name unique.
        let mut all = h(&["title"]);
        for _ in 0..3 {
            let added = output_columns(&all);
            all.extend(added);
        }
        let mut lower: Vec<String> = all.iter().map(|s| s.to_lowercase()).collect();
        lower.sort();
        let n = lower.len();
        lower.dedup();
        assert_eq!(lower.len(), n, "{all:?}");
    }
}
