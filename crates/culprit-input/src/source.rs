//! Opening a file as a table of text cells, whatever it is: CSV or TSV (any of `,` `;` tab `|`,
//! UTF-8 with or without BOM, UTF-16, Latin-1), gzip-compressed CSV or JSON Lines, XLSX/XLS/ODS,
//! Parquet, JSON Lines or a JSON array of objects. The format is told from the first bytes, never
//! from the name. Every reader yields the same thing: a header, and rows of text with their line
//! (CSV, JSON Lines), sheet row (spreadsheets) or row number (Parquet), so that the mapping and
//! the value sniffers downstream are one code path for all formats.

use crate::error::{InputError, Result};
use crate::values::{date_from_number, NumericDate};
use encoding_rs::{Decoder, Encoding, UTF_16BE, UTF_16LE, WINDOWS_1252};
use serde::Serialize;
use std::io::{BufRead, BufReader, Cursor, Read};
use std::path::{Path, PathBuf};

/// Bytes at the start of a text file that decide its encoding.
pub const ENCODING_PROBE: usize = 256 << 10;

/// Rows kept in memory for sniffing (they are replayed before the rest of the file).
pub const SAMPLE_ROWS: usize = 1000;

/// What was detected about a file; shown before any result.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct SourceInfo {
    pub path: String,
    /// csv, xlsx, ods, xls, parquet, jsonl, json.
    pub format: String,
    /// `gzip` when the file was compressed.
    pub compression: Option<String>,
    pub encoding: String,
    /// For CSV: `,` `;` `tab` `|` (or none for a one-column file).
    pub delimiter: Option<String>,
    pub sheet: Option<String>,
    pub sheets: Vec<String>,
    /// Line (CSV), row (sheet) of the header; 0 for Parquet and JSON.
    pub header_line: u64,
    pub bytes: u64,
    /// Detected things a reader should know (preamble lines skipped, mixed encodings...).
    pub notes: Vec<String>,
}

impl SourceInfo {
    /// One line: "csv (UTF-8, delimiter `;`)", "xlsx sheet `Staff`", "jsonl (gzip)".
    pub fn describe(&self) -> String {
        let mut parts = vec![self.encoding.clone()];
        if let Some(d) = &self.delimiter {
            parts.push(format!("delimiter `{d}`"));
        }
        if let Some(c) = &self.compression {
            parts.push(c.clone());
        }
        if let Some(s) = &self.sheet {
            parts.push(format!("sheet `{s}` of {}", self.sheets.len()));
        }
        if self.header_line > 1 {
            parts.push(format!("header on line {}", self.header_line));
        }
        format!("{} ({})", self.format, parts.join(", "))
    }
}

/// One row of text cells.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Row {
    /// 1-based line (CSV, JSON Lines), sheet row (spreadsheets) or row number (Parquet, JSON array).
    pub line: u64,
    pub cells: Vec<String>,
    /// Set when the row could not be read as a row (malformed JSON, a CSV quoting error).
    pub problem: Option<String>,
    /// Some bytes of this row were not valid in the file's encoding and were read as Latin-1.
    pub mixed_encoding: bool,
}

impl Row {
    pub fn get(&self, i: usize) -> Option<&str> {
        self.cells.get(i).map(String::as_str)
    }
}

trait RowStream: Send {
    fn next_row(&mut self) -> Result<Option<Row>>;
}

/// An open table: what was detected, the header, a sample of rows, and the rest as a stream.
pub struct Table {
    pub info: SourceInfo,
    pub headers: Vec<String>,
    /// The first rows (up to [`OpenOptions::sample_rows`]); [`Table::next_row`] yields them first.
    pub sample: Vec<Row>,
    replayed: usize,
    stream: Box<dyn RowStream>,
}

impl Table {
    /// The next row, the sample first. `Ok(None)` at the end.
    pub fn next_row(&mut self) -> Result<Option<Row>> {
        if self.replayed < self.sample.len() {
            self.replayed += 1;
            return Ok(Some(self.sample[self.replayed - 1].clone()));
        }
        self.stream.next_row()
    }

    /// The values of one column in the sample (empty strings included).
    pub fn sample_column(&self, col: usize) -> Vec<&str> {
        self.sample.iter().map(|r| r.get(col).unwrap_or("")).collect()
    }
}

/// How to open a table.
#[derive(Debug, Clone)]
pub struct OpenOptions {
    /// The spreadsheet sheet to read; none: the caller's chooser, else the first.
    pub sheet: Option<String>,
    pub sample_rows: usize,
}

impl Default for OpenOptions {
    fn default() -> Self {
        OpenOptions { sheet: None, sample_rows: SAMPLE_ROWS }
    }
}

/// A sheet chooser: given a sheet's header, how well it fits (higher is better; 0 = not at all).
pub type SheetScore<'a> = &'a dyn Fn(&[String]) -> f64;

/// The kind of container, from the first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Container {
    Gzip,
    Parquet,
    /// XLSX, XLSM, ODS (zip) or XLS (OLE).
    Spreadsheet,
    Text,
}

/// Tell the container from the first bytes; refuse what is clearly not a table.
pub fn sniff_container(path: &Path, head: &[u8]) -> Result<Container> {
    let not = |reason: &str| Err(InputError::NotTabular { path: path.to_path_buf(), reason: reason.to_string() });
    if head.starts_with(&[0x1F, 0x8B]) {
        return Ok(Container::Gzip);
    }
    if head.starts_with(b"PAR1") {
        return Ok(Container::Parquet);
    }
    if head.starts_with(b"PK\x03\x04") || head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Ok(Container::Spreadsheet);
    }
    if head.starts_with(b"%PDF") {
        return not("it is a PDF document; export the table as CSV or XLSX");
    }
    if head.starts_with(b"\x89PNG") || head.starts_with(&[0xFF, 0xD8, 0xFF]) || head.starts_with(b"GIF8") {
        return not("it is an image");
    }
    if head.starts_with(b"BZh") || head.starts_with(&[0xFD, b'7', b'z', b'X', b'Z']) || head.starts_with(&[0x28, 0xB5, 0x2F, 0xFD]) {
        return not("it is bzip2/xz/zstd-compressed; culprit reads gzip (.gz) directly: decompress it or recompress with gzip");
    }
    Ok(Container::Text)
}

/// Open a file as a table. `choose_sheet` scores the sheets of a workbook when no sheet is named.
pub fn open(path: &Path, opts: &OpenOptions, choose_sheet: Option<SheetScore<'_>>) -> Result<Table> {
    let io = |e| InputError::io(path, e);
    let mut f = std::fs::File::open(path).map_err(io)?;
    let bytes = f.metadata().map(|m| m.len()).unwrap_or(0);
    let mut head = [0u8; 8];
    let n = read_up_to(&mut f, &mut head).map_err(io)?;
    if n == 0 {
        return Err(InputError::Empty { path: path.to_path_buf() });
    }
    drop(f);
    let mut t = match sniff_container(path, &head[..n])? {
        Container::Parquet => parquet_table(path, opts)?,
        Container::Spreadsheet => sheet_table(path, std::fs::read(path).map_err(io)?, opts, choose_sheet)?,
        Container::Gzip => {
            let file = std::fs::File::open(path).map_err(io)?;
            let gz = flate2::read::MultiGzDecoder::new(BufReader::with_capacity(1 << 16, file));
            let mut t = text_table(path, Box::new(gz), opts)?;
            t.info.compression = Some("gzip".into());
            t
        }
        Container::Text => {
            let file = std::fs::File::open(path).map_err(io)?;
            text_table(path, Box::new(file), opts)?
        }
    };
    t.info.bytes = bytes;
    Ok(t)
}

/// Open bytes already in memory (tests, fuzzing, uploads). `name` stands in for the path in messages.
pub fn open_bytes(name: &str, data: Vec<u8>, opts: &OpenOptions, choose_sheet: Option<SheetScore<'_>>) -> Result<Table> {
    let path = PathBuf::from(name);
    if data.is_empty() {
        return Err(InputError::Empty { path });
    }
    let bytes = data.len() as u64;
    let mut t = match sniff_container(&path, &data[..data.len().min(8)])? {
        Container::Parquet => parquet_bytes_table(&path, data, opts)?,
        Container::Spreadsheet => sheet_table(&path, data, opts, choose_sheet)?,
        Container::Gzip => {
            let gz = flate2::read::MultiGzDecoder::new(Cursor::new(data));
            let mut t = text_table(&path, Box::new(gz), opts)?;
            t.info.compression = Some("gzip".into());
            t
        }
        Container::Text => text_table(&path, Box::new(Cursor::new(data)), opts)?,
    };
    t.info.bytes = bytes;
    Ok(t)
}

pub fn read_up_to(r: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

// ------------------------------------------------------------------------------------ text

/// The encoding of a text file from its first bytes: (name, encoding to decode with or none for
/// UTF-8, bytes of BOM to skip). Latin-1 (windows-1252) when the bytes are not UTF-8.
pub fn sniff_encoding(head: &[u8]) -> std::result::Result<(&'static str, Option<&'static Encoding>, usize), &'static str> {
    if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return Ok(("UTF-8 (with BOM)", None, 3));
    }
    if head.starts_with(&[0xFF, 0xFE]) {
        return Ok(("UTF-16LE", Some(UTF_16LE), 2));
    }
    if head.starts_with(&[0xFE, 0xFF]) {
        return Ok(("UTF-16BE", Some(UTF_16BE), 2));
    }
    let probe = &head[..head.len().min(8192)];
    let nuls = probe.iter().filter(|b| **b == 0).count();
    if nuls > 0 {
        // UTF-16 without a BOM: every other byte of ASCII text is zero.
        let pairs = probe.len() / 2;
        let odd_zero = probe.chunks_exact(2).filter(|c| c[1] == 0 && c[0] != 0).count();
        let even_zero = probe.chunks_exact(2).filter(|c| c[0] == 0 && c[1] != 0).count();
        if pairs > 0 && odd_zero * 10 >= pairs * 8 {
            return Ok(("UTF-16LE (no BOM)", Some(UTF_16LE), 0));
        }
        if pairs > 0 && even_zero * 10 >= pairs * 8 {
            return Ok(("UTF-16BE (no BOM)", Some(UTF_16BE), 0));
        }
        return Err("it holds binary data (NUL bytes)");
    }
    // UTF-8 unless the bytes beyond ASCII are mostly not UTF-8: a UTF-8 file with a few stray
    // bytes (pasted from elsewhere) stays UTF-8, and only those cells are read as Latin-1.
    let (mut valid_multi, mut invalid) = (0usize, 0usize);
    let mut rest = head;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                valid_multi += s.chars().filter(|c| !c.is_ascii()).count();
                break;
            }
            Err(e) => {
                let ok = e.valid_up_to();
                valid_multi += std::str::from_utf8(&rest[..ok]).map_or(0, |s| s.chars().filter(|c| !c.is_ascii()).count());
                match e.error_len() {
                    // A character cut by the end of the probe.
                    None => break,
                    Some(n) => {
                        invalid += 1;
                        rest = &rest[ok + n..];
                    }
                }
            }
        }
    }
    if invalid == 0 || valid_multi > invalid {
        Ok(("UTF-8", None, 0))
    } else {
        Ok(("Latin-1 (windows-1252)", Some(WINDOWS_1252), 0))
    }
}

/// UTF-8 text from a byte stream: passes UTF-8 through, decodes other encodings on the fly.
struct Decoding {
    inner: Box<dyn Read + Send>,
    decoder: Option<Decoder>,
    raw: Vec<u8>,
    out: Vec<u8>,
    pos: usize,
    eof: bool,
}

impl Read for Decoding {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let Some(dec) = &mut self.decoder else {
            // Bytes held back while sniffing come first.
            if self.pos < self.out.len() {
                let n = buf.len().min(self.out.len() - self.pos);
                buf[..n].copy_from_slice(&self.out[self.pos..self.pos + n]);
                self.pos += n;
                return Ok(n);
            }
            return self.inner.read(buf);
        };
        while self.pos >= self.out.len() {
            if self.eof && self.raw.is_empty() {
                return Ok(0);
            }
            if self.raw.is_empty() && !self.eof {
                self.raw.resize(1 << 16, 0);
                let n = read_up_to(&mut self.inner, &mut self.raw)?;
                self.raw.truncate(n);
                if n == 0 {
                    self.eof = true;
                }
            }
            self.out.clear();
            self.pos = 0;
            let mut s = String::with_capacity(dec.max_utf8_buffer_length(self.raw.len()).unwrap_or(self.raw.len() * 3 + 16));
            let (_, _, _) = dec.decode_to_string(&self.raw, &mut s, self.eof);
            self.raw.clear();
            self.out.extend_from_slice(s.as_bytes());
            if self.eof && self.out.is_empty() {
                return Ok(0);
            }
        }
        let n = buf.len().min(self.out.len() - self.pos);
        buf[..n].copy_from_slice(&self.out[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// Count each delimiter outside quotes in each of the first lines; the delimiter whose count is
/// the same (and not zero) on the most lines wins, more columns breaking ties. None: one column.
/// A delimiter must appear in the first line (the header): a one-column file of titles such as
/// "Cook | Remote" has `|` in its rows but not in its header, and splitting it would cut titles.
/// Lines above the first that holds any delimiter are a report's preamble ("Headcount report",
/// "Run date: 2025-01-31"), not the header, when that line has three columns or more: they are
/// passed over, or a semicolon file with a title line was read as one column.
pub fn sniff_delimiter(text: &[u8]) -> Option<u8> {
    let mut lines: Vec<[usize; 4]> = Vec::new();
    let mut counts = [0usize; 4];
    let mut inside = false;
    let mut any = false;
    for &b in text {
        match b {
            b'"' => inside = !inside,
            b'\n' if !inside => {
                if any {
                    lines.push(counts);
                }
                counts = [0; 4];
                any = false;
                if lines.len() >= 20 {
                    break;
                }
            }
            b'\r' => {}
            _ if !inside => {
                any = true;
                if let Some(k) = DELIMITERS.iter().position(|d| *d == b) {
                    counts[k] += 1;
                }
            }
            _ => any = true,
        }
    }
    if any && lines.len() < 20 {
        lines.push(counts);
    }
    // A preamble is passed over only when the line after it holds a delimiter at least twice
    // (three columns or more, as exports with a title above them have): a one-column file of
    // "Cook | Remote" titles has one bar a line under a header without one.
    let preamble = lines.iter().take_while(|l| l.iter().all(|&c| c == 0)).count();
    let preamble = if lines.get(preamble).is_some_and(|l| l.iter().any(|&c| c >= 2)) { preamble } else { 0 };
    let lines = &lines[preamble..];
    let mut best: Option<(usize, usize, usize)> = None; // (lines agreeing, count, k)
    for k in 0..4 {
        if lines.first().is_some_and(|h| h[k] == 0) {
            continue;
        }
        let mut freq: Vec<(usize, usize)> = Vec::new();
        for l in lines {
            let c = l[k];
            if c == 0 {
                continue;
            }
            match freq.iter_mut().find(|(v, _)| *v == c) {
                Some(f) => f.1 += 1,
                None => freq.push((c, 1)),
            }
        }
        // The most frequent non-zero count, larger counts breaking ties.
        if let Some(&(count, agree)) = freq.iter().max_by_key(|(v, n)| (*n, *v)) {
            let cand = (agree, count, k);
            if best.map_or(true, |b| (cand.0, cand.1) > (b.0, b.1)) {
                best = Some(cand);
            }
        }
    }
    best.map(|(_, _, k)| DELIMITERS[k])
}

struct CsvStream {
    rdr: csv::Reader<Tail<Box<dyn Read + Send>>>,
    rec: csv::ByteRecord,
    latin1_fallback: bool,
    /// Line numbers in the file are offset by the bytes skipped before the header.
    line_offset: u64,
}

/// A reader that keeps the last bytes it passed on, by offset, so that the csv reader's position
/// can be checked against the text (see [`record_line`]). The csv reader reads ahead by its
/// buffer (8 KB), far less than what is kept.
struct Tail<R> {
    inner: R,
    kept: Vec<u8>,
    /// Offset in the stream of `kept[0]`.
    start: u64,
}

const TAIL_KEEP: usize = 256 << 10;

impl<R: Read> Tail<R> {
    fn new(inner: R) -> Self {
        Tail { inner, kept: Vec::new(), start: 0 }
    }
    fn byte_at(&self, offset: u64) -> Option<u8> {
        offset.checked_sub(self.start).and_then(|i| self.kept.get(i as usize).copied())
    }
}

impl<R: Read> Read for Tail<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if self.kept.len() + n > 2 * TAIL_KEEP {
            let drop = self.kept.len() + n - TAIL_KEEP;
            let drop = drop.min(self.kept.len());
            self.kept.drain(..drop);
            self.start += drop as u64;
        }
        self.kept.extend_from_slice(&buf[..n]);
        Ok(n)
    }
}

/// The line a record started on. The reader's own record position is where it started looking,
/// before any blank lines; after the read it stands on the line after the record, so the start
/// is that line less the newlines inside the record's quoted fields. A record ended by `\r\n`
/// leaves its `\n` to the next read, which counts it: the reader then stands on the record's own
/// line (every row of a Windows export was numbered one line early). (The text always ends with
/// a newline: one is appended.)
fn record_line<R: Read>(rdr: &csv::Reader<Tail<R>>, rec: &csv::ByteRecord) -> u64 {
    let inside: usize = rec.iter().map(|f| memchr::memchr_iter(b'\n', f).count()).sum();
    let at = rdr.position();
    let t = rdr.get_ref();
    let pending = at.byte() > 0 && t.byte_at(at.byte() - 1) == Some(b'\r') && t.byte_at(at.byte()) == Some(b'\n');
    let after = at.line() + u64::from(pending);
    after.saturating_sub(1 + inside as u64).max(rec.position().map_or(1, |p| p.line()))
}

fn decode_field(b: &[u8], mixed: &mut bool) -> String {
    match std::str::from_utf8(b) {
        Ok(s) => s.to_string(),
        Err(_) => {
            *mixed = true;
            let (s, _, _) = WINDOWS_1252.decode(b);
            s.into_owned()
        }
    }
}

impl RowStream for CsvStream {
    fn next_row(&mut self) -> Result<Option<Row>> {
        loop {
            match self.rdr.read_byte_record(&mut self.rec) {
                Ok(false) => return Ok(None),
                Ok(true) => {
                    // Blank lines are not rows.
                    if self.rec.len() <= 1 && self.rec.get(0).is_none_or(|f| f.iter().all(|b| b.is_ascii_whitespace())) {
                        continue;
                    }
                    let line = record_line(&self.rdr, &self.rec) + self.line_offset;
                    let mut mixed = false;
                    let cells = self.rec.iter().map(|f| decode_field(f, &mut mixed)).collect();
                    return Ok(Some(Row { line, cells, problem: None, mixed_encoding: mixed && self.latin1_fallback }));
                }
                Err(e) => {
                    let line = e.position().map(|p| p.line()).unwrap_or(0) + self.line_offset;
                    if let csv::ErrorKind::Io(io) = e.kind() {
                        return Err(InputError::Io { path: PathBuf::new(), source: std::io::Error::new(io.kind(), io.to_string()) });
                    }
                    return Ok(Some(Row { line, cells: Vec::new(), problem: Some(format!("malformed CSV: {e}")), mixed_encoding: false }));
                }
            }
        }
    }
}

struct JsonLinesStream {
    reader: Box<dyn BufRead + Send>,
    line: u64,
    keys: Vec<String>,
    buf: Vec<u8>,
    /// Keys met after the sample that are not in the header (counted, named in a note).
    pub extra_keys: std::collections::BTreeMap<String, u64>,
}

/// A JSON object with its keys in the order written (serde_json's map sorts them).
struct Ordered(Vec<(String, serde_json::Value)>);

impl<'de> serde::Deserialize<'de> for Ordered {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Ordered;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut a: A) -> std::result::Result<Ordered, A::Error> {
                let mut v = Vec::new();
                while let Some((k, x)) = a.next_entry::<String, serde_json::Value>()? {
                    v.push((k, x));
                }
                Ok(Ordered(v))
            }
        }
        d.deserialize_map(V)
    }
}

/// A JSON value as a cell: strings as they are, numbers and booleans as written, null as empty,
/// arrays and objects as compact JSON.
fn json_cell(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Number(n) => n.to_string(),
        serde_json::Value::Bool(b) => b.to_string(),
        other => other.to_string(),
    }
}

impl JsonLinesStream {
    fn parse_line(&mut self, bytes: &[u8], line: u64) -> Row {
        let (text, mixed) = match std::str::from_utf8(bytes) {
            Ok(s) => (std::borrow::Cow::Borrowed(s), false),
            Err(_) => (std::borrow::Cow::Owned(WINDOWS_1252.decode(bytes).0.into_owned()), true),
        };
        match serde_json::from_str::<Ordered>(&text) {
            Ok(obj) => {
                let mut cells = vec![String::new(); self.keys.len()];
                for (k, v) in &obj.0 {
                    match self.keys.iter().position(|x| x == k) {
                        Some(i) => cells[i] = json_cell(v),
                        None => *self.extra_keys.entry(k.clone()).or_default() += 1,
                    }
                }
                Row { line, cells, problem: None, mixed_encoding: mixed }
            }
            Err(e) => Row { line, cells: Vec::new(), problem: Some(format!("malformed JSON: {e}")), mixed_encoding: mixed },
        }
    }
}

impl RowStream for JsonLinesStream {
    fn next_row(&mut self) -> Result<Option<Row>> {
        loop {
            self.buf.clear();
            let n = self.reader.read_until(b'\n', &mut self.buf).map_err(|e| InputError::io(Path::new(""), e))?;
            if n == 0 {
                return Ok(None);
            }
            self.line += 1;
            let l = self.buf.strip_suffix(b"\n").unwrap_or(&self.buf);
            let l = l.strip_suffix(b"\r").unwrap_or(l);
            if l.iter().all(|b| b.is_ascii_whitespace()) {
                continue;
            }
            let l = l.to_vec();
            let line = self.line;
            return Ok(Some(self.parse_line(&l, line)));
        }
    }
}

struct VecStream(std::vec::IntoIter<Row>);

impl RowStream for VecStream {
    fn next_row(&mut self) -> Result<Option<Row>> {
        Ok(self.0.next())
    }
}

/// The header among the first rows: the first row as wide as most rows, with at least half its
/// cells filled. Title lines above it ("Headcount report", "Run date: ...") are skipped.
fn header_index(rows: &[Vec<String>]) -> Option<usize> {
    let widths: Vec<usize> = rows.iter().map(|r| r.iter().rposition(|c| !c.trim().is_empty()).map_or(0, |p| p + 1)).collect();
    let mut freq: Vec<(usize, usize)> = Vec::new();
    for &w in widths.iter().filter(|w| **w > 0) {
        match freq.iter_mut().find(|(v, _)| *v == w) {
            Some(f) => f.1 += 1,
            None => freq.push((w, 1)),
        }
    }
    let (mode, _) = *freq.iter().max_by_key(|(w, n)| (*n, *w))?;
    rows.iter().zip(&widths).position(|(r, &w)| w >= mode && r.iter().filter(|c| !c.trim().is_empty()).count() * 2 >= mode.max(1))
}

fn clean_header(h: &str) -> String {
    h.trim().trim_start_matches('\u{feff}').trim().to_string()
}

/// Make every header unique and non-empty: blank headers become `column N`; a repeated header
/// keeps its name (the mapping reports duplicates and `#N` picks one).
fn fill_headers(h: Vec<String>) -> Vec<String> {
    h.into_iter().enumerate().map(|(i, s)| if s.is_empty() { format!("column {}", i + 1) } else { s }).collect()
}

fn text_table(path: &Path, mut raw: Box<dyn Read + Send>, opts: &OpenOptions) -> Result<Table> {
    let io = |e| InputError::io(path, e);
    let mut head = vec![0u8; ENCODING_PROBE];
    let n = read_up_to(&mut raw, &mut head).map_err(io)?;
    head.truncate(n);
    if head.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(InputError::Empty { path: path.to_path_buf() });
    }
    let (mut encoding, mut decoder, skip) = sniff_encoding(&head).map_err(|r| InputError::NotTabular { path: path.to_path_buf(), reason: r.into() })?;
    // JSON is UTF-8 by definition: a stray byte that is not is a bad line, not a Latin-1 file.
    if decoder == Some(WINDOWS_1252) && matches!(head.iter().find(|b| !b.is_ascii_whitespace()), Some(b'{' | b'[')) {
        (encoding, decoder) = ("UTF-8", None);
    }
    let rest: Box<dyn Read + Send> = Box::new(Cursor::new(head.split_off(skip)).chain(raw));
    let mut text: Box<dyn Read + Send> = Box::new(Decoding {
        inner: rest,
        decoder: decoder.map(|e| e.new_decoder_without_bom_handling()),
        raw: Vec::new(),
        out: Vec::new(),
        pos: 0,
        eof: false,
    });
    // Peek at the decoded start to tell JSON from CSV and find the delimiter.
    let mut peek = vec![0u8; 64 << 10];
    let n = read_up_to(&mut text, &mut peek).map_err(io)?;
    peek.truncate(n);
    let first = peek.iter().position(|b| !b.is_ascii_whitespace());
    let mut info = SourceInfo { path: path.display().to_string(), encoding: encoding.to_string(), ..Default::default() };
    let latin1_fallback = decoder.is_none();
    let text: Box<dyn Read + Send> = Box::new(Cursor::new(peek.clone()).chain(text).chain(Cursor::new(b"\n")));
    match first.map(|i| peek[i]) {
        Some(b'{') => {
            // JSON Lines: the first line is an object. A pretty-printed document, or a single
            // object holding an array of records ({"jobs": [...]}), is read as one JSON value.
            let start = first.unwrap_or(0);
            let newline = memchr::memchr(b'\n', &peek[start..]).map(|e| start + e);
            let end = newline.unwrap_or(peek.len());
            // A first line longer than the peek is a long JSON Lines record.
            let cut_short = newline.is_none() && peek.len() == 64 << 10;
            let line_obj = serde_json::from_slice::<serde_json::Value>(&peek[start..end]).ok();
            let more_lines = peek[end..].iter().any(|b| !b.is_ascii_whitespace());
            let wraps_records = line_obj.as_ref().and_then(|v| v.as_object()).is_some_and(|o| o.values().any(|v| v.as_array().is_some_and(|a| a.iter().any(|x| x.is_object()))));
            if !cut_short && (line_obj.is_none() || (!more_lines && wraps_records)) {
                return json_array_table(path, text, info, opts);
            }
            return json_lines_table(path, text, info, opts);
        }
        Some(b'[') => return json_array_table(path, text, info, opts),
        _ => {}
    }
    let delim = sniff_delimiter(&peek);
    info.format = if delim == Some(b'\t') { "tsv".into() } else { "csv".into() };
    info.delimiter = delim.map(|d| if d == b'\t' { "tab".to_string() } else { (d as char).to_string() });
    let mut rdr = csv::ReaderBuilder::new().has_headers(false).delimiter(delim.unwrap_or(b',')).flexible(true).from_reader(Tail::new(text));
    // Up to 30 records decide the header (preamble lines above it are skipped).
    let mut first_rows: Vec<(u64, Vec<String>)> = Vec::new();
    let mut rec = csv::ByteRecord::new();
    while first_rows.len() < 30 {
        match rdr.read_byte_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {
                if rec.len() <= 1 && rec.get(0).is_none_or(|f| f.iter().all(|b| b.is_ascii_whitespace())) {
                    continue;
                }
                let mut mixed = false;
                let line = record_line(&rdr, &rec);
                first_rows.push((line, rec.iter().map(|f| decode_field(f, &mut mixed)).collect()));
            }
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(1);
                return Err(InputError::Csv { path: path.to_path_buf(), line, message: e.to_string() });
            }
        }
    }
    let texts: Vec<Vec<String>> = first_rows.iter().map(|(_, r)| r.clone()).collect();
    let h = header_index(&texts).ok_or_else(|| InputError::Empty { path: path.to_path_buf() })?;
    if h > 0 {
        info.notes.push(format!("skipped {h} line(s) above the header (a title or report preamble): first was {:?}", texts[0].join(" ").chars().take(60).collect::<String>()));
    }
    info.header_line = first_rows[h].0;
    let headers = fill_headers(first_rows[h].1.iter().map(|s| clean_header(s)).collect());
    let mut rest: Vec<Row> = first_rows[h + 1..].iter().map(|(l, c)| Row { line: *l, cells: c.clone(), problem: None, mixed_encoding: false }).collect();
    let mut stream = CsvStream { rdr, rec, latin1_fallback, line_offset: 0 };
    fill_sample(&mut rest, &mut stream, opts.sample_rows)?;
    let sample = rest;
    let mixed = sample.iter().filter(|r| r.mixed_encoding).count();
    if mixed > 0 {
        info.notes.push(format!("{mixed} row(s) of the first {} held bytes that are not UTF-8; they were read as Latin-1 (windows-1252)", sample.len()));
    }
    Ok(Table { info, headers, sample, replayed: 0, stream: Box::new(stream) })
}

fn fill_sample(sample: &mut Vec<Row>, stream: &mut dyn RowStream, n: usize) -> Result<()> {
    while sample.len() < n {
        match stream.next_row()? {
            Some(r) => sample.push(r),
            None => break,
        }
    }
    Ok(())
}

fn json_lines_table(path: &Path, text: Box<dyn Read + Send>, mut info: SourceInfo, opts: &OpenOptions) -> Result<Table> {
    info.format = "jsonl".into();
    let mut reader: Box<dyn BufRead + Send> = Box::new(BufReader::with_capacity(1 << 16, text));
    // The header is every key of the sampled lines, in the order first met.
    let mut lines: Vec<(u64, Vec<u8>)> = Vec::new();
    let mut line = 0u64;
    let mut buf = Vec::new();
    while lines.len() < opts.sample_rows.max(1) {
        buf.clear();
        let n = reader.read_until(b'\n', &mut buf).map_err(|e| InputError::io(path, e))?;
        if n == 0 {
            break;
        }
        line += 1;
        let l = buf.strip_suffix(b"\n").unwrap_or(&buf);
        let l = l.strip_suffix(b"\r").unwrap_or(l);
        if !l.iter().all(|b| b.is_ascii_whitespace()) {
            lines.push((line, l.to_vec()));
        }
    }
    let mut keys: Vec<String> = Vec::new();
    let mut seen = ahash::AHashSet::new();
    for (_, l) in &lines {
        if let Ok(obj) = serde_json::from_slice::<Ordered>(l) {
            for (k, _) in &obj.0 {
                if seen.insert(k.clone()) {
                    keys.push(k.clone());
                }
            }
        }
    }
    if keys.is_empty() {
        let first = lines.first().map(|(_, l)| String::from_utf8_lossy(&l[..l.len().min(80)]).into_owned()).unwrap_or_default();
        return Err(InputError::NotTabular { path: path.to_path_buf(), reason: format!("it starts like JSON but no line is a JSON object with keys (first line: {first:?})") });
    }
    let mut stream = JsonLinesStream { reader, line, keys: keys.clone(), buf: Vec::new(), extra_keys: Default::default() };
    let sample: Vec<Row> = lines.iter().map(|(n, l)| stream.parse_line(l, *n)).collect();
    Ok(Table { info, headers: keys, sample, replayed: 0, stream: Box::new(stream) })
}

fn json_array_table(path: &Path, mut text: Box<dyn Read + Send>, mut info: SourceInfo, opts: &OpenOptions) -> Result<Table> {
    info.format = "json".into();
    let mut s = Vec::new();
    text.read_to_end(&mut s).map_err(|e| InputError::io(path, e))?;
    let v: serde_json::Value = serde_json::from_slice(&s).map_err(|e| InputError::Json { path: path.to_path_buf(), line: e.line() as u64, message: e.to_string() })?;
    // A bare array, or an object holding one array of records ({"data": [...]}, {"jobs": [...]}).
    let items = match v {
        serde_json::Value::Array(a) => a,
        serde_json::Value::Object(o) => match o.into_iter().find(|(_, v)| v.as_array().is_some_and(|a| a.iter().any(|x| x.is_object()))) {
            Some((k, serde_json::Value::Array(a))) => {
                info.notes.push(format!("read the records under key `{k}`"));
                a
            }
            _ => return Err(InputError::NotTabular { path: path.to_path_buf(), reason: "it is a JSON object with no array of records in it".into() }),
        },
        _ => return Err(InputError::NotTabular { path: path.to_path_buf(), reason: "it is a single JSON value, not records".into() }),
    };
    let mut keys: Vec<String> = Vec::new();
    let mut seen = ahash::AHashSet::new();
    for it in items.iter().take(opts.sample_rows.max(1)) {
        if let Some(o) = it.as_object() {
            for k in o.keys() {
                if seen.insert(k.clone()) {
                    keys.push(k.clone());
                }
            }
        }
    }
    let rows: Vec<Row> = items
        .iter()
        .enumerate()
        .map(|(i, it)| match it.as_object() {
            Some(o) => Row { line: i as u64 + 1, cells: keys.iter().map(|k| o.get(k).map(json_cell).unwrap_or_default()).collect(), problem: None, mixed_encoding: false },
            None => Row { line: i as u64 + 1, cells: Vec::new(), problem: Some("array item is not a JSON object".into()), mixed_encoding: false },
        })
        .collect();
    if keys.is_empty() {
        return Err(InputError::NotTabular { path: path.to_path_buf(), reason: "the JSON array holds no objects with keys".into() });
    }
    vec_table(info, keys, rows, opts)
}

fn vec_table(info: SourceInfo, headers: Vec<String>, mut rows: Vec<Row>, opts: &OpenOptions) -> Result<Table> {
    let rest = rows.split_off(rows.len().min(opts.sample_rows));
    Ok(Table { info, headers, sample: rows, replayed: 0, stream: Box::new(VecStream(rest.into_iter())) })
}

// ------------------------------------------------------------------------------------ sheets

fn cell_text(d: &calamine::Data) -> String {
    use calamine::Data;
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        // Integral floats are ids or whole amounts: no ".0".
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        // Dates as ISO text, so that they read the same as in a CSV.
        Data::DateTime(dt) => {
            let v = dt.as_f64();
            match date_from_number(v, NumericDate::ExcelSerial) {
                Some(d) if dt.is_datetime() => d.format("%Y-%m-%d").to_string(),
                _ => v.to_string(),
            }
        }
        other => other.to_string(),
    }
}

/// The sheet names of a workbook, in order.
pub fn list_sheets(path: &Path) -> Result<Vec<String>> {
    use calamine::Reader;
    let data = std::fs::read(path).map_err(|e| InputError::io(path, e))?;
    let wb = calamine::open_workbook_auto_from_rs(Cursor::new(data)).map_err(|e| sheet_err(path, e))?;
    Ok(wb.sheet_names().to_vec())
}

fn sheet_err(path: &Path, e: impl std::fmt::Display) -> InputError {
    InputError::Spreadsheet { path: path.to_path_buf(), message: e.to_string() }
}

fn sheet_rows(range: &calamine::Range<calamine::Data>) -> Vec<Vec<String>> {
    range.rows().map(|r| r.iter().map(cell_text).collect()).collect()
}

fn sheet_table(path: &Path, data: Vec<u8>, opts: &OpenOptions, choose: Option<SheetScore<'_>>) -> Result<Table> {
    use calamine::Reader;
    let mut wb = calamine::open_workbook_auto_from_rs(Cursor::new(data)).map_err(|e| sheet_err(path, e))?;
    let sheets = wb.sheet_names().to_vec();
    if sheets.is_empty() {
        return Err(InputError::Empty { path: path.to_path_buf() });
    }
    let format = match &wb {
        calamine::Sheets::Xlsx(_) => "xlsx",
        calamine::Sheets::Xls(_) => "xls",
        calamine::Sheets::Ods(_) => "ods",
        calamine::Sheets::Xlsb(_) => "xlsb",
    };
    let mut info = SourceInfo { path: path.display().to_string(), format: format.into(), encoding: "UTF-8 (workbook)".into(), sheets: sheets.clone(), ..Default::default() };
    let (name, rows, start) = match &opts.sheet {
        Some(want) => {
            let name = sheets
                .iter()
                .find(|s| *s == want)
                .or_else(|| sheets.iter().find(|s| s.eq_ignore_ascii_case(want)))
                .ok_or_else(|| InputError::SheetNotFound { path: path.to_path_buf(), sheet: want.clone(), sheets: sheets.join(", ") })?
                .clone();
            let range = wb.worksheet_range(&name).map_err(|e| sheet_err(path, e))?;
            let start = range.start().map(|(r, _)| r as u64).unwrap_or(0);
            (name, sheet_rows(&range), start)
        }
        None => {
            // The sheet whose header fits best; the first one on a tie.
            let mut best: Option<(f64, String, Vec<Vec<String>>, u64)> = None;
            for s in &sheets {
                let Ok(range) = wb.worksheet_range(s) else { continue };
                let start = range.start().map(|(r, _)| r as u64).unwrap_or(0);
                let rows = sheet_rows(&range);
                let head: Vec<Vec<String>> = rows.iter().take(30).cloned().collect();
                let score = match (header_index(&head), choose) {
                    (Some(h), Some(f)) => f(&head[h]),
                    (Some(_), None) => 0.0,
                    (None, _) => -1.0,
                };
                if best.as_ref().map_or(true, |b| score > b.0) {
                    best = Some((score, s.clone(), rows, start));
                }
                if choose.is_none() && score >= 0.0 {
                    break;
                }
            }
            let (_, name, rows, start) = best.ok_or_else(|| InputError::Empty { path: path.to_path_buf() })?;
            if sheets.len() > 1 {
                info.notes.push(format!("workbook has {} sheets [{}]; read `{name}`, the one whose columns fit best (choose with --sheet)", sheets.len(), sheets.join(", ")));
            }
            (name, rows, start)
        }
    };
    info.sheet = Some(name);
    let head: Vec<Vec<String>> = rows.iter().take(30).cloned().collect();
    let h = header_index(&head).ok_or_else(|| InputError::Empty { path: path.to_path_buf() })?;
    if h > 0 {
        info.notes.push(format!("skipped {h} row(s) above the header"));
    }
    info.header_line = start + h as u64 + 1;
    let width = head[h].iter().rposition(|c| !c.trim().is_empty()).map_or(0, |p| p + 1);
    let headers = fill_headers(head[h][..width].iter().map(|s| clean_header(s)).collect());
    let body: Vec<Row> = rows
        .into_iter()
        .enumerate()
        .skip(h + 1)
        .filter(|(_, r)| r.iter().any(|c| !c.trim().is_empty()))
        .map(|(i, mut cells)| {
            // Sheets pad rows to the sheet's width: only cells up to the last filled one count.
            let used = cells.iter().rposition(|c| !c.trim().is_empty()).map_or(0, |p| p + 1);
            cells.truncate(used.max(width.min(cells.len())));
            Row { line: start + i as u64 + 1, cells, problem: None, mixed_encoding: false }
        })
        .collect();
    vec_table(info, headers, body, opts)
}

// ------------------------------------------------------------------------------------ parquet

struct ParquetStream {
    reader: parquet::arrow::arrow_reader::ParquetRecordBatchReader,
    pending: std::vec::IntoIter<Row>,
    row: u64,
    path: PathBuf,
}

fn parquet_err(path: &Path, e: impl std::fmt::Display) -> InputError {
    InputError::Parquet { path: path.to_path_buf(), message: e.to_string() }
}

impl RowStream for ParquetStream {
    fn next_row(&mut self) -> Result<Option<Row>> {
        use arrow::array::{Array, AsArray};
        use arrow::datatypes::DataType;
        loop {
            if let Some(r) = self.pending.next() {
                return Ok(Some(r));
            }
            let Some(batch) = self.reader.next() else { return Ok(None) };
            let batch = batch.map_err(|e| parquet_err(&self.path, e))?;
            let cols: Vec<Option<arrow::array::ArrayRef>> = batch
                .columns()
                .iter()
                .map(|c| if c.data_type() == &DataType::Utf8 { Some(c.clone()) } else { arrow::compute::cast(c, &DataType::Utf8).ok() })
                .collect();
            let mut rows = Vec::with_capacity(batch.num_rows());
            for r in 0..batch.num_rows() {
                self.row += 1;
                let cells = cols
                    .iter()
                    .map(|c| match c {
                        Some(c) => {
                            let s = c.as_string::<i32>();
                            if s.is_valid(r) {
                                s.value(r).to_string()
                            } else {
                                String::new()
                            }
                        }
                        None => String::new(),
                    })
                    .collect();
                rows.push(Row { line: self.row, cells, problem: None, mixed_encoding: false });
            }
            self.pending = rows.into_iter();
        }
    }
}

fn parquet_from<T: parquet::file::reader::ChunkReader + 'static>(path: &Path, src: T, opts: &OpenOptions) -> Result<Table> {
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
    let b = ParquetRecordBatchReaderBuilder::try_new(src).map_err(|e| parquet_err(path, e))?;
    let headers: Vec<String> = b.schema().fields().iter().map(|f| f.name().clone()).collect();
    let nested: Vec<String> = b.schema().fields().iter().filter(|f| f.data_type().is_nested()).map(|f| f.name().clone()).collect();
    let reader = b.with_batch_size(8192).build().map_err(|e| parquet_err(path, e))?;
    let mut info = SourceInfo { path: path.display().to_string(), format: "parquet".into(), encoding: "UTF-8 (parquet)".into(), ..Default::default() };
    if !nested.is_empty() {
        info.notes.push(format!("nested column(s) read as empty: {}", nested.join(", ")));
    }
    let mut stream = ParquetStream { reader, pending: Vec::new().into_iter(), row: 0, path: path.to_path_buf() };
    let mut sample = Vec::new();
    fill_sample(&mut sample, &mut stream, opts.sample_rows)?;
    Ok(Table { info, headers, sample, replayed: 0, stream: Box::new(stream) })
}

fn parquet_table(path: &Path, opts: &OpenOptions) -> Result<Table> {
    let f = std::fs::File::open(path).map_err(|e| InputError::io(path, e))?;
    parquet_from(path, f, opts)
}

fn parquet_bytes_table(path: &Path, data: Vec<u8>, opts: &OpenOptions) -> Result<Table> {
    parquet_from(path, bytes::Bytes::from(data), opts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(bytes: &[u8]) -> Table {
        open_bytes("t.csv", bytes.to_vec(), &OpenOptions::default(), None).unwrap()
    }

    fn all(t: &mut Table) -> Vec<Row> {
        let mut v = Vec::new();
        while let Some(r) = t.next_row().unwrap() {
            v.push(r);
        }
        v
    }

    #[test]
    fn delimiters_encodings_and_bom() {
        for d in [",", ";", "\t", "|"] {
            let mut t = table(format!("a{d}b{d}c\n1{d}2{d}3\n4{d}5{d}6\n").as_bytes());
            assert_eq!(t.headers, ["a", "b", "c"], "{d:?}");
            assert_eq!(all(&mut t)[1].cells, ["4", "5", "6"]);
        }
        let t = table(b"\xEF\xBB\xBFWorker ID,Reports To\r\n1,\r\n");
        assert_eq!((t.headers[0].as_str(), t.info.encoding.as_str()), ("Worker ID", "UTF-8 (with BOM)"));
        let t = table(b"Nom;Service\nRen\xe9;Comptabilit\xe9\n");
        assert_eq!(t.info.encoding, "Latin-1 (windows-1252)");
        assert_eq!(t.sample[0].cells, ["René", "Comptabilité"]);
        for (bom, le) in [(true, true), (true, false), (false, true)] {
            let text = "Name\tDept\nJosé\tVentes\n";
            let mut b = if bom { if le { vec![0xFF, 0xFE] } else { vec![0xFE, 0xFF] } } else { vec![] };
            for u in text.encode_utf16() {
                b.extend_from_slice(&if le { u.to_le_bytes() } else { u.to_be_bytes() });
            }
            let t = table(&b);
            assert_eq!(t.sample[0].cells, ["José", "Ventes"], "bom {bom} le {le}");
        }
    }

    #[test]
    fn crlf_rows_have_their_own_line_numbers() {
        for text in [&b"a,b\r\n1,2\r\n\r\n3,\"x\r\ny\"\r\n5,6\r\n"[..], b"a,b\n1,2\n\n3,\"x\ny\"\n5,6\n"] {
            let t = table(text);
            let lines: Vec<u64> = t.sample.iter().map(|r| r.line).collect();
            assert_eq!((t.info.header_line, lines), (1, vec![2, 4, 6]), "{:?}", String::from_utf8_lossy(text));
        }
    }

    #[test]
    fn a_preamble_without_delimiters_does_not_hide_a_semicolon_header() {
        let t = table(b"Workforce report generated 2026-12-01\r\nConfidential\r\nEmployee ID;Manager ID;Title\r\n1;;CEO\r\n2;1;\"CFO; Finance\"\r\n");
        assert_eq!(t.info.delimiter.as_deref(), Some(";"));
        assert_eq!(t.headers, ["Employee ID", "Manager ID", "Title"]);
        assert_eq!(t.info.header_line, 3);
        assert_eq!(t.sample[1].cells, ["2", "1", "CFO; Finance"]);
        // A one-column file stays one column, and "Cook | Remote" titles under a plain header
        // are not split.
        assert_eq!(sniff_delimiter(b"Titles\nCook\nBaker\n"), None);
        assert_eq!(sniff_delimiter(b"Job Title\nCook | Remote\nBaker | Nights\n"), None);
    }

    #[test]
    fn a_preamble_above_the_header_is_skipped() {
        let t = table(b"Headcount report\nRun date: 2025-01-31\n\nEmployee ID,Manager ID,Title\n1,,CEO\n2,1,CFO\n");
        assert_eq!(t.headers, ["Employee ID", "Manager ID", "Title"]);
        assert_eq!(t.info.header_line, 4);
        assert_eq!(t.sample[0].line, 5);
        assert!(t.info.notes[0].contains("skipped 2 line(s)"), "{:?}", t.info.notes);
    }

    #[test]
    fn mixed_encodings_are_read_and_noted() {
        let t = table(b"Name,Dept\nJos\xc3\xa9,Ventes\nRen\xe9,Compta\n");
        assert_eq!(t.info.encoding, "Latin-1 (windows-1252)", "the probe sees a non-UTF-8 byte");
        let mut text = b"Name,Dept\n".to_vec();
        for _ in 0..40_000 {
            text.extend_from_slice(b"Jos\xc3\xa9,Ventes\n");
        }
        text.extend_from_slice(b"Ren\xe9,Compta\n");
        let mut t = table(&text);
        assert_eq!(t.info.encoding, "UTF-8");
        let rows = all(&mut t);
        assert_eq!(rows.last().unwrap().cells[0], "René");
        assert!(rows.last().unwrap().mixed_encoding);
    }

    #[test]
    fn json_lines_and_arrays() {
        let mut t = table(b"{\"job_id\": 1, \"title\": \"Analyst\", \"listed_time\": 1713397508000.0}\n\n{\"job_id\": 2, \"title\": null, \"extra\": [1]}\nnot json\n");
        assert_eq!(t.info.format, "jsonl");
        assert_eq!(t.headers, ["job_id", "title", "listed_time", "extra"]);
        let rows = all(&mut t);
        assert_eq!(rows[0].cells, ["1", "Analyst", "1713397508000.0", ""]);
        assert_eq!(rows[1].cells, ["2", "", "", "[1]"]);
        assert_eq!(rows[1].line, 3);
        assert!(rows[2].problem.as_ref().unwrap().contains("malformed JSON"));
        let t = table(b"  [{\"a\": 1}, {\"a\": 2, \"b\": \"x\"}]");
        assert_eq!((t.info.format.as_str(), t.headers.len(), t.sample.len()), ("json", 2, 2));
        let t = table(b"{\"jobs\": [{\"a\": 1}]}");
        assert_eq!(t.headers, ["a"]);
    }

    #[test]
    fn gzip_is_read_through() {
        use std::io::Write;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(b"a;b\n1;2\n").unwrap();
        let t = open_bytes("x.csv.gz", gz.finish().unwrap(), &OpenOptions::default(), None).unwrap();
        assert_eq!((t.info.compression.as_deref(), t.info.delimiter.as_deref()), (Some("gzip"), Some(";")));
        assert_eq!(t.sample[0].cells, ["1", "2"]);
    }

    #[test]
    fn not_tables_are_refused_clearly() {
        let e = |b: &[u8]| open_bytes("x", b.to_vec(), &OpenOptions::default(), None).err().unwrap().to_string();
        assert!(e(b"%PDF-1.7").contains("PDF"));
        assert!(e(b"").contains("empty"));
        assert!(e(b"  \n\n").contains("empty"));
        assert!(e(b"\x00\x01\x02\x00\x00\x00binary\x00\x00").contains("binary"));
        assert!(e(b"PAR1garbage").contains("Parquet"));
    }

    #[test]
    fn delimiter_sniffing_prefers_consistent_counts() {
        assert_eq!(sniff_delimiter(b"Employee ID;Manager ID;Title\n1;2;x\n"), Some(b';'));
        // Commas inside a title, semicolons between columns.
        assert_eq!(sniff_delimiter(b"id;title;dept\n1;Manager, Sales;A\n2;Clerk;B\n3;VP, Ops, East;C\n"), Some(b';'));
        assert_eq!(sniff_delimiter(b"\"Name, full\"|Employee ID|Manager ID\n"), Some(b'|'));
        assert_eq!(sniff_delimiter(b"just some words\nmore words\n"), None);
        // One column of titles: bars and commas in the rows, none in the header.
        assert_eq!(sniff_delimiter(b"title\nCook | Remote\nGuide Dog Trainer | Field\n\"Nurse, RN\" | Nights\nClerk | Days\n"), None);
    }
}
