//! Streaming CSV import. The file is read in blocks, decoded to UTF-8 when it is not UTF-8,
//! cut at line ends that are outside quotes, and the blocks are parsed in parallel; memory
//! is a few blocks plus the columns, whatever the file size.

use super::{ImportOptions, Progress};
use crate::columns::{self, ColumnMap};
use crate::error::{OrgError, Result};
use crate::raw::{Merger, RawTable, RowBuilder, SourceInfo};
use culprit_input::source::read_up_to;
use encoding_rs::{Decoder, WINDOWS_1252};
use rayon::prelude::*;
use std::io::Read;
use std::path::Path;

/// UTF-8 text from a byte stream, decoding Latin-1 (windows-1252) or UTF-16 on the fly.
struct TextStream<R: Read> {
    inner: R,
    decoder: Option<Decoder>,
    raw: Vec<u8>,
    eof: bool,
}

impl<R: Read> TextStream<R> {
    /// Append at least `want` bytes of text to `out` unless the stream ends. Returns false at the end.
    fn fill(&mut self, out: &mut Vec<u8>, want: usize) -> std::io::Result<bool> {
        let target = out.len() + want;
        while out.len() < target && !self.eof {
            if self.decoder.is_none() && self.raw.is_empty() {
                // UTF-8: read straight into the block, without a staging copy.
                let old = out.len();
                out.resize(target, 0);
                let n = read_up_to(&mut self.inner, &mut out[old..])?;
                out.truncate(old + n);
                if n == 0 {
                    self.eof = true;
                }
                continue;
            }
            if self.raw.is_empty() {
                self.raw.resize(want.clamp(64 << 10, 16 << 20), 0);
                let n = read_up_to(&mut self.inner, &mut self.raw)?;
                self.raw.truncate(n);
                if n == 0 {
                    self.eof = true;
                }
            }
            match &mut self.decoder {
                None => out.append(&mut self.raw),
                Some(d) => {
                    let mut s = String::with_capacity(d.max_utf8_buffer_length(self.raw.len()).unwrap_or(self.raw.len() * 3));
                    let (_, _, _) = d.decode_to_string(&self.raw, &mut s, self.eof);
                    self.raw.clear();
                    out.extend_from_slice(s.as_bytes());
                }
            }
        }
        Ok(!(self.eof && self.raw.is_empty()))
    }
}

/// The end (exclusive) of the last complete line in `buf`, not counting newlines inside quotes.
/// Blocks always start outside quotes, so quote parity from the block start is enough.
///
/// A newline is outside quotes when an even number of quotes precede it. The quotes before the
/// last newline are counted at once (a vectorised count), then newlines are tried from the end
/// back, recounting only the quotes between two of them: walking every quote and newline of a
/// block in turn was 4% of the import, on the reader thread, with a quoted cell on every row.
fn last_line_end(buf: &[u8]) -> Option<usize> {
    let mut nl = memchr::memrchr(b'\n', buf)?;
    let mut quotes = memchr::memchr_iter(b'"', &buf[..nl]).count();
    loop {
        if quotes % 2 == 0 {
            return Some(nl + 1);
        }
        let prev = memchr::memrchr(b'\n', &buf[..nl])?;
        quotes -= memchr::memchr_iter(b'"', &buf[prev..nl]).count();
        nl = prev;
    }
}

/// The records of a block of CSV text, read as the csv crate reads them with `reader` (fields
/// split at the delimiter; a field that starts with `"` is quoted, `""` inside it is a quote, and
/// what follows its closing quote up to the delimiter is kept as written; `\r`, `\n` and `\r\n`
/// end a record; blank lines are skipped), each with the line it starts on. The csv crate's
/// byte-at-a-time state machine was half of the import's CPU time; this finds the bytes that
/// matter with memchr and copies the runs between them. `tests::records_are_read_as_the_csv_crate_reads_them`
/// compares the two on random text.
struct Records<'a> {
    text: &'a [u8],
    delim: u8,
    pos: usize,
    line: u64,
    /// The current record's fields: a range of `text`, or (quoted fields with a `""` or text
    /// after the closing quote) of `buf` when `IN_BUF` is set on the start.
    fields: Vec<(usize, usize)>,
    buf: Vec<u8>,
}

const IN_BUF: usize = 1 << (usize::BITS - 1);

impl<'a> Records<'a> {
    fn new(text: &'a [u8], delim: u8, first_line: u64) -> Self {
        Records { text, delim, pos: 0, line: first_line, fields: Vec::with_capacity(32), buf: Vec::new() }
    }

    /// The end of the unquoted run from `i`: the next delimiter, `\r` or `\n`, or the end. Fields
    /// are short, so a plain loop beats memchr's set-up.
    #[inline]
    fn run_end(&self, mut i: usize) -> usize {
        let t = self.text;
        while i < t.len() {
            let c = t[i];
            if c == self.delim || c == b'\r' || c == b'\n' {
                break;
            }
            i += 1;
        }
        i
    }

    /// Read the next record; its line, or None at the end of the text.
    fn next_record(&mut self) -> Option<u64> {
        let t = self.text;
        let n = t.len();
        while self.pos < n && (t[self.pos] == b'\n' || t[self.pos] == b'\r') {
            self.line += u64::from(t[self.pos] == b'\n');
            self.pos += 1;
        }
        if self.pos >= n {
            return None;
        }
        let start_line = self.line;
        self.fields.clear();
        self.buf.clear();
        loop {
            let field = if self.pos < n && t[self.pos] == b'"' {
                self.quoted()
            } else {
                let s = self.pos;
                self.pos = self.run_end(s);
                (s, self.pos)
            };
            self.fields.push(field);
            if self.pos >= n {
                return Some(start_line);
            }
            let c = t[self.pos];
            self.pos += 1;
            if c == self.delim {
                continue;
            }
            if c == b'\n' {
                self.line += 1;
            } else if self.pos < n && t[self.pos] == b'\n' {
                self.pos += 1;
                self.line += 1;
            }
            return Some(start_line);
        }
    }

    /// A quoted field from its opening quote, up to the delimiter or line end after it.
    fn quoted(&mut self) -> (usize, usize) {
        let t = self.text;
        let open = self.pos + 1;
        let mut at = open;
        // The usual case: a closing quote, not doubled, then the delimiter or the line end.
        if let Some(q) = memchr::memchr(b'"', &t[at..]) {
            let close = at + q;
            let next = t.get(close + 1).copied();
            if next != Some(b'"') && self.run_end(close + 1) == close + 1 {
                self.line += memchr::memchr_iter(b'\n', &t[open..close]).count() as u64;
                self.pos = close + 1;
                return (open, close);
            }
        }
        // Otherwise unquote into `buf`: `""` is a quote; an unclosed field runs to the end; what
        // follows the closing quote is kept up to the delimiter or line end.
        let from = self.buf.len();
        loop {
            match memchr::memchr(b'"', &t[at..]) {
                None => {
                    self.copy(at, t.len());
                    self.pos = t.len();
                    return (from | IN_BUF, self.buf.len());
                }
                Some(q) => {
                    self.copy(at, at + q);
                    at += q + 1;
                    if t.get(at) == Some(&b'"') {
                        self.buf.push(b'"');
                        at += 1;
                    } else {
                        break;
                    }
                }
            }
        }
        let end = self.run_end(at);
        self.buf.extend_from_slice(&t[at..end]);
        self.pos = end;
        (from | IN_BUF, self.buf.len())
    }

    fn copy(&mut self, s: usize, e: usize) {
        let part = &self.text[s..e];
        self.line += memchr::memchr_iter(b'\n', part).count() as u64;
        self.buf.extend_from_slice(part);
    }

    fn len(&self) -> usize {
        self.fields.len()
    }

    fn get(&self, i: usize) -> Option<&[u8]> {
        let (s, e) = *self.fields.get(i)?;
        Some(if s & IN_BUF != 0 { &self.buf[s & !IN_BUF..e] } else { &self.text[s..e] })
    }
}

fn reader(delim: u8, bytes: &[u8]) -> ::csv::Reader<&[u8]> {
    ::csv::ReaderBuilder::new().has_headers(false).delimiter(delim).flexible(true).from_reader(bytes)
}

/// Stream a plain CSV whose header and mapping the input layer has already read: the `header_line`
/// is skipped to (preamble lines above it included) and the rows after it are parsed in parallel.
pub(super) fn read(path: &Path, file: std::fs::File, source: SourceInfo, map: &ColumnMap, header_line: u64, opts: &ImportOptions, progress: Progress<'_>) -> Result<RawTable> {
    let bytes = source.bytes;
    let io = |e| OrgError::io(path, e);
    let chunk = opts.chunk_bytes.max(64);
    let mut stream = TextStream { inner: std::io::BufReader::with_capacity(1 << 16, file), decoder: None, raw: Vec::new(), eof: false };

    // The first raw block decides the encoding.
    let mut first = vec![0u8; chunk.max(64 << 10)];
    let n = read_up_to(&mut stream.inner, &mut first).map_err(io)?;
    first.truncate(n);
    if first.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(OrgError::Empty { path: path.to_path_buf() });
    }
    // The same encoding rule, on the same window, as the input layer that chose the mapping.
    let (_encoding, decoder, skip) = culprit_input::source::sniff_encoding(&first[..first.len().min(culprit_input::source::ENCODING_PROBE)]).map_err(|r| OrgError::NotTabular { path: path.to_path_buf(), reason: r.into() })?;
    stream.decoder = decoder.map(|e| e.new_decoder_without_bom_handling());
    stream.raw = first.split_off(skip);
    let mut buf: Vec<u8> = Vec::with_capacity(chunk * 2);
    let mut more = stream.fill(&mut buf, chunk).map_err(io)?;

    // Lines above the header (a report title, a run date) are skipped, then the header record.
    let mut preamble_end = 0usize;
    for _ in 1..header_line.max(1) {
        match memchr::memchr(b'\n', &buf[preamble_end..]) {
            Some(i) => preamble_end += i + 1,
            None => break,
        }
    }
    // The input layer sniffed the delimiter; none means a one-column file.
    let delim = match source.delimiter.as_deref() {
        Some("tab") => b'\t',
        Some(d) if d.len() == 1 => d.as_bytes()[0],
        _ => b',',
    };
    let (header_end, header_lines) = {
        let mut r = reader(delim, &buf[preamble_end..]);
        let mut rec = ::csv::ByteRecord::new();
        r.read_byte_record(&mut rec).map_err(|e| OrgError::Csv { path: path.to_path_buf(), line: header_line, message: e.to_string() })?;
        let end = preamble_end + r.position().byte() as usize;
        (end, memchr::memchr_iter(b'\n', &buf[..end]).count() as u64)
    };
    let has_pay = map.columns.iter().any(|(f, _, _)| matches!(f, columns::Field::Pay | columns::Field::HourlyPay));
    let map = map.clone();
    let mut merger = Merger::new(source, has_pay);
    buf.drain(..header_end);
    let mut next_line = header_lines + 1;
    let batch = rayon::current_num_threads().max(1) * 2;
    let mut mixed = 0usize;
    let mut done_bytes = header_end as u64;

    // A reader thread reads, decodes and cuts blocks of whole lines while the previous blocks
    // are parsed; the bounded channel keeps memory at a few blocks.
    let (tx, rx) = std::sync::mpsc::sync_channel::<std::io::Result<(Vec<u8>, u64)>>(batch);
    // Parsed blocks come back to the reader to be filled again: fresh memory is slow to touch
    // (a new block for every read faulted in its pages each time), reused memory is not.
    let (back_tx, back_rx) = std::sync::mpsc::channel::<Vec<u8>>();
    // Merged builders come back to be filled again, for the same reason.
    let spare: std::sync::Mutex<Vec<RowBuilder<'_>>> = Default::default();
    std::thread::scope(|scope| -> Result<()> {
        // Moved in so that an early error return drops it and unblocks the reader.
        let rx = rx;
        scope.spawn(move || {
            let send_err = |e| {
                let _ = tx.send(Err(e));
            };
            loop {
                if more && buf.len() < chunk {
                    let want = chunk - buf.len();
                    match stream.fill(&mut buf, want) {
                        Ok(m) => more = m,
                        Err(e) => return send_err(e),
                    }
                }
                if buf.is_empty() {
                    return;
                }
                let cut = if more {
                    match last_line_end(&buf) {
                        Some(c) => c,
                        None => {
                            // A single record longer than a block: read on.
                            match stream.fill(&mut buf, chunk) {
                                Ok(m) => more = m,
                                Err(e) => return send_err(e),
                            }
                            continue;
                        }
                    }
                } else {
                    buf.len()
                };
                let mut rest = back_rx.try_recv().unwrap_or_else(|_| Vec::with_capacity(chunk * 2));
                rest.clear();
                rest.extend_from_slice(&buf[cut..]);
                buf.truncate(cut);
                let block = std::mem::replace(&mut buf, rest);
                let lines = memchr::memchr_iter(b'\n', &block).count() as u64;
                if tx.send(Ok((block, next_line))).is_err() {
                    return;
                }
                next_line += lines;
            }
        });
        // Each batch of blocks is parsed in parallel while the batch before it is merged (the
        // merge is sequential: it was the pool's idle time).
        let mut parsed: Vec<(RowBuilder<'_>, bool)> = Vec::new();
        let mut first_batch = true;
        loop {
            let mut blocks: Vec<(Vec<u8>, u64)> = Vec::with_capacity(batch);
            while blocks.len() < batch {
                match rx.recv() {
                    Ok(Ok(b)) => blocks.push(b),
                    Ok(Err(e)) => return Err(io(e)),
                    Err(_) => break,
                }
            }
            let batch_bytes: u64 = blocks.iter().map(|(b, _)| b.len() as u64).sum();
            done_bytes += batch_bytes;
            let previous = std::mem::take(&mut parsed);
            let (next, ()) = rayon::join(
                || -> Vec<(RowBuilder<'_>, bool)> { blocks.into_par_iter().map(|(block, line)| parse_block(&map, opts.hours_per_year, delim, block, line, &back_tx, &spare)).collect() },
                || {
                    for (mut b, was_mixed) in previous {
                        mixed += usize::from(was_mixed);
                        merger.append(&mut b);
                        b.reset();
                        spare.lock().expect("spare builders").push(b);
                    }
                },
            );
            if next.is_empty() {
                return Ok(());
            }
            if first_batch {
                first_batch = false;
                // The whole file's rows, estimated from the first batch's share of its bytes.
                if let Some((b, _)) = next.first() {
                    let rows_in_batch: usize = next.iter().map(|(b, _)| b.line.len()).sum();
                    if !b.line.is_empty() && batch_bytes > 0 && bytes > done_bytes {
                        let scale = (bytes as f64 / batch_bytes as f64) * (rows_in_batch as f64 / b.line.len() as f64) * 1.05;
                        merger.reserve_like(b, scale.min(1e6));
                    }
                }
            }
            parsed = next;
            progress("read", done_bytes, Some(bytes));
        }
    })?;
    if mixed > 0 {
        merger.table.source.notes.push(format!(
            "{mixed} block(s) of this UTF-8 file held bytes that are not UTF-8; they were read as Latin-1 (windows-1252)"
        ));
    }
    if merger.rows() == 0 {
        return Err(OrgError::HeaderOnly { path: path.to_path_buf() });
    }
    Ok(merger.table)
}

/// Parse one block of whole lines; the block is then handed `back` to be read into again.
#[allow(clippy::too_many_arguments)]
fn parse_block<'m>(map: &'m ColumnMap, hours: f64, delim: u8, block: Vec<u8>, first_line: u64, back: &std::sync::mpsc::Sender<Vec<u8>>, spare: &std::sync::Mutex<Vec<RowBuilder<'m>>>) -> (RowBuilder<'m>, bool) {
    let b = spare.lock().expect("spare builders").pop();
    let parsed = parse_text(map, hours, delim, &block, first_line, b);
    // The reader may have finished: then the block is simply freed.
    let _ = back.send(block);
    parsed
}

/// Parse one block into `builder` (an emptied one to reuse) or a new builder.
fn parse_text<'m>(map: &'m ColumnMap, hours: f64, delim: u8, block: &[u8], first_line: u64, builder: Option<RowBuilder<'m>>) -> (RowBuilder<'m>, bool) {
    // Blocks of a UTF-8 file that are not UTF-8 are read as windows-1252 (the usual culprit).
    let (text, mixed): (std::borrow::Cow<'_, [u8]>, bool) = match std::str::from_utf8(block) {
        Ok(_) => (std::borrow::Cow::Borrowed(block), false),
        Err(_) => {
            let (s, _, _) = WINDOWS_1252.decode(block);
            (std::borrow::Cow::Owned(s.into_owned().into_bytes()), true)
        }
    };
    let estimate = text.len() / 64 + 16;
    let mut b = builder.unwrap_or_else(|| RowBuilder::new(map, hours, estimate));
    // The delimiter is ASCII (one byte of a `str`, or tab): see `read`.
    debug_assert!(delim.is_ascii());
    let mut r = Records::new(&text, delim, first_line);
    while let Some(line) = r.next_record() {
        // Every field is valid UTF-8: the block is (checked above, or decoded from
        // windows-1252), and fields are cut at ASCII delimiters, quotes and line ends.
        // Checking each field again was a tenth of the import's time.
        // SAFETY: as said, a field is a run of whole characters of valid UTF-8 text.
        b.push(line, r.len(), |i| r.get(i).map(|f| unsafe { std::str::from_utf8_unchecked(f) }));
    }
    (b, mixed)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The records and lines the csv crate reads from `text` (what `parse_text` used before
    /// [`Records`]).
    fn csv_crate_records(text: &[u8], delim: u8) -> Vec<(u64, Vec<Vec<u8>>)> {
        let mut r = reader(delim, text);
        let mut rec = ::csv::ByteRecord::new();
        let mut out = Vec::new();
        while r.read_byte_record(&mut rec).unwrap() {
            let (pl, pb) = rec.position().map(|p| (p.line(), p.byte() as usize)).unwrap_or((1, 0));
            let blank = text[pb.min(text.len())..].iter().take_while(|b| **b == b'\n' || **b == b'\r').filter(|b| **b == b'\n').count();
            out.push((pl + blank as u64, rec.iter().map(<[u8]>::to_vec).collect()));
        }
        out
    }

    fn our_records(text: &[u8], delim: u8) -> Vec<(u64, Vec<Vec<u8>>)> {
        let mut r = Records::new(text, delim, 1);
        let mut out = Vec::new();
        while let Some(line) = r.next_record() {
            out.push((line, (0..r.len()).map(|i| r.get(i).unwrap().to_vec()).collect()));
        }
        out
    }

    #[test]
    fn records_are_read_as_the_csv_crate_reads_them_on_export_shapes() {
        for text in [
            &b"1,2,Warehouse Associate,\"MCO1 Orlando, FL\",14.73\n"[..],
            b"a;b\r\n\r\nc;\"d\"\"e\";\r\n",
            b"\"multi\nline\",x\nnext,y",
            b"\"ab\"c\"d\",x\r",
            b"\"open to the end",
            b"\n\r\n\ra,b\r\rc\n",
            b" \"x\" , y \n,,\n\"\"\n",
        ] {
            for delim in [b',', b';'] {
                assert_eq!(our_records(text, delim), csv_crate_records(text, delim), "{:?}", String::from_utf8_lossy(text));
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        #[test]
        fn records_are_read_as_the_csv_crate_reads_them(bytes in proptest::collection::vec(proptest::prop_oneof![
            proptest::strategy::Just(b'a'), proptest::strategy::Just(b','), proptest::strategy::Just(b'"'),
            proptest::strategy::Just(b'\r'), proptest::strategy::Just(b'\n'), proptest::strategy::Just(b' '),
            proptest::strategy::Just(b'\t'), proptest::strategy::Just(b';')], 0..80)) {
            for delim in [b',', b'\t'] {
                proptest::prop_assert_eq!(our_records(&bytes, delim), csv_crate_records(&bytes, delim));
            }
        }
    }

    proptest::proptest! {
        /// The cut is the last newline with an even number of quotes before it.
        #[test]
        fn the_cut_is_the_last_newline_outside_quotes(bytes in proptest::collection::vec(proptest::prop_oneof![
            proptest::strategy::Just(b'a'), proptest::strategy::Just(b'"'), proptest::strategy::Just(b'\n'), proptest::strategy::Just(b',')], 0..200)) {
            let mut inside = false;
            let mut want = None;
            for (i, &b) in bytes.iter().enumerate() {
                if b == b'"' {
                    inside = !inside;
                } else if b == b'\n' && !inside {
                    want = Some(i + 1);
                }
            }
            proptest::prop_assert_eq!(last_line_end(&bytes), want);
        }
    }

    #[test]
    fn cuts_outside_quotes() {
        assert_eq!(last_line_end(b"a,b\nc,d\ne"), Some(8));
        assert_eq!(last_line_end(b"a,\"x\ny\"\nc,\"open\n"), Some(8));
        assert_eq!(last_line_end(b"abc"), None);
    }
}
