//! The rust engine's streaming scan: plain JSON Lines files go through a pipeline that never
//! builds a value or a `String` per posting, every other file through the batch path of
//! [`crate::job`]. The results (postings.csv bytes, aggregates, file reports) are the batch
//! path's; `tests/stream_vs_batch.rs` checks that on awkward input.
//!
//! The pipeline, per JSON Lines file:
//! - a reader thread cuts the file into 8 MB chunks at line ends, splits each into pieces of
//!   about 256 KB and numbers their first lines, while the pool works on the chunk before. A
//!   regular file is memory-mapped, so its chunks are views of the page cache (no copy, and no
//!   fresh memory for the kernel to zero); anything else is read into recycled buffers;
//! - phase A, one piece per task: each line's mapped fields are extracted by [`crate::jsonl`]
//!   (serde_json for lines it leaves, so errors are worded as before), the row checks of the
//!   batch path are applied, and the description is scanned; the piece keeps byte ranges;
//! - phase B, one piece per task, needs the title coder: grouping keys (month, company,
//!   occupation, state) through per-thread caches of distinct values, per-thread aggregates,
//!   and the piece's postings.csv rows serialised into one buffer. While the coder is still
//!   being built on another thread ([`Coding::Pending`]), phase A runs ahead on later chunks;
//! - the main thread writes the pieces' rows in input order and merges the reports.

use crate::aggregate::{company_of, month_of, occupation_key, state_of, Aggregates, Counts, Dimension, KeywordCounts};
use crate::coder::TitleCoder;
use crate::error::{io_err, PostingsError, Result};
use crate::input::{self, iso_date_of, parse_json_line, FileReport, InputFormat, Parsed, Slots, Truncated};
use crate::job::{scan_batch, JobOutcome, ScanOptions};
use crate::jsonl::{extract, Val};
use crate::matcher::Matcher;
use crate::output::PostingsCsv;
use crate::taxonomy::ContextClass;
use rayon::prelude::*;
use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex, OnceLock};
use std::time::Instant;

// ------------------------------------------------------------------------------ the coder

/// A title coder that another thread may still be building.
#[derive(Default)]
pub struct CoderCell {
    cell: OnceLock<std::result::Result<Box<dyn TitleCoder + Send>, String>>,
    lock: Mutex<()>,
    ready: Condvar,
}

impl CoderCell {
    /// Store the coder (or why it could not be built) and wake whoever waits for it.
    pub fn set(&self, c: std::result::Result<Box<dyn TitleCoder + Send>, String>) {
        let _g = self.lock.lock().expect("coder lock");
        let _ = self.cell.set(c);
        self.ready.notify_all();
    }
    fn try_get(&self) -> Option<Result<&dyn TitleCoder>> {
        self.cell.get().map(|r| r.as_ref().map(|b| b.as_ref() as &dyn TitleCoder).map_err(|e| PostingsError::Invalid(e.clone())))
    }
    fn wait(&self) -> Result<&dyn TitleCoder> {
        let mut g = self.lock.lock().expect("coder lock");
        loop {
            if let Some(r) = self.try_get() {
                return r;
            }
            g = self.ready.wait(g).expect("coder lock");
        }
    }
}

/// The title coder of a scan: ready, or being built (see [`CoderCell`]).
#[derive(Clone, Copy)]
pub enum Coding<'a> {
    Ready(&'a dyn TitleCoder),
    Pending(&'a CoderCell),
}

impl<'a> Coding<'a> {
    fn try_get(&self) -> Option<Result<&'a dyn TitleCoder>> {
        match *self {
            Coding::Ready(c) => Some(Ok(c)),
            Coding::Pending(cell) => cell.try_get(),
        }
    }
    fn wait(&self) -> Result<&'a dyn TitleCoder> {
        match *self {
            Coding::Ready(c) => Ok(c),
            Coding::Pending(cell) => cell.wait(),
        }
    }
}

// ------------------------------------------------------------------------------ timings

/// Seconds by stage. `read` is the reader thread's time in `read()`; parse, scan, code,
/// aggregate and encode are summed over the pool's threads (CPU-like: two busy threads for one
/// second count two); `write` and `wait_coder` are the main thread's; `setup` is the input
/// layer's look at the file (format, columns).
#[derive(Debug, Clone, Default)]
pub struct StageTimes {
    pub setup: f64,
    pub read: f64,
    pub parse: f64,
    pub scan: f64,
    pub code: f64,
    pub aggregate: f64,
    pub encode: f64,
    pub write: f64,
    pub wait_coder: f64,
    /// JSON Lines files memory-mapped (no `read()`: their `read` time is 0).
    pub mapped_files: usize,
    /// Files or parts read by the batch path (not JSON Lines): all stages together.
    pub batch_path: f64,
    pub postings: u64,
    pub bytes: u64,
    /// Threads of the pool.
    pub threads: usize,
}

impl StageTimes {
    fn add(&mut self, o: &StageTimes) {
        self.parse += o.parse;
        self.scan += o.scan;
        self.code += o.code;
        self.aggregate += o.aggregate;
        self.encode += o.encode;
    }
}

/// A stopwatch that costs nothing when timings are off.
struct Lap(Option<Instant>);

impl Lap {
    #[inline]
    fn new(on: bool) -> Lap {
        Lap(on.then(Instant::now))
    }
    /// Seconds since the last lap, added to `acc`.
    #[inline]
    fn lap(&mut self, acc: &mut f64) {
        if let Some(t) = self.0.as_mut() {
            let now = Instant::now();
            *acc += (now - *t).as_secs_f64();
            *t = now;
        }
    }
}

// ------------------------------------------------------------------------------ the job

/// Scan every file like [`crate::job::scan_files`], writing postings.csv to `csv` (if any):
/// the same rows, aggregates and reports, faster on plain JSON Lines.
pub fn scan_files_streaming(
    paths: &[PathBuf],
    m: &Matcher,
    coding: Coding<'_>,
    opts: &ScanOptions,
    mut csv: Option<&mut PostingsCsv>,
    mut times: Option<&mut StageTimes>,
) -> Result<JobOutcome> {
    let mut agg = Aggregates::new(m.terms().len(), &opts.dims);
    let workers: Vec<Mutex<Worker>> = (0..rayon::current_num_threads().max(1)).map(|_| Mutex::new(Worker::new(m.terms().len()))).collect();
    let mut files = Vec::new();
    for path in paths {
        let t0 = Instant::now();
        let opened = input::open_for_stream(path, &opts.map, opts.max_description);
        if let Some(t) = times.as_deref_mut() {
            t.setup += t0.elapsed().as_secs_f64();
        }
        match opened {
            Err(e) => {
                let mut r = FileReport::new(path, InputFormat::from_path(path).ok());
                r.aborted = Some(e.to_string());
                files.push(r);
            }
            Ok(input::Opened::Jsonl { slots, report }) => {
                for w in &workers {
                    w.lock().expect("worker").dates.clear();
                }
                let mut job = FileJob { path, slots: &slots, report, max_desc: opts.max_description, m, coding, workers: &workers, timed: times.is_some(), spares: Spares::default() };
                let r = job.run(csv.as_deref_mut(), times.as_deref_mut());
                let mut report = job.report;
                if let Err(e) = r {
                    if matches!(e, PostingsError::Io { .. }) {
                        report.aborted = Some(e.to_string());
                    } else {
                        return Err(e);
                    }
                }
                files.push(report);
            }
            Ok(input::Opened::Other(mut src)) => {
                let coder = coding.wait()?;
                let t = Instant::now();
                loop {
                    match src.next_batch() {
                        Ok(Some(batch)) => {
                            let (rows, a) = scan_batch(&batch, m, coder, &opts.dims);
                            agg.merge(&a);
                            if let Some(w) = csv.as_deref_mut() {
                                w.write(&rows)?;
                            }
                        }
                        Ok(None) => break,
                        Err(e) => {
                            src.report_mut().aborted = Some(e.to_string());
                            break;
                        }
                    }
                }
                if let Some(tm) = times.as_deref_mut() {
                    tm.batch_path += t.elapsed().as_secs_f64();
                }
                files.push(src.report().clone());
            }
        }
    }
    for w in workers {
        w.into_inner().expect("worker").merge_into(&mut agg, &opts.dims);
    }
    if let Some(t) = times {
        t.postings = files.iter().map(|f| f.rows_scanned).sum();
        t.bytes = files.iter().map(|f| f.description_bytes).sum();
        t.threads = rayon::current_num_threads();
    }
    Ok(JobOutcome { aggregates: agg, files })
}

/// Bytes read per chunk, and the size of the pieces a chunk is cut into (tests make them small
/// to cross many boundaries: [`set_chunk_sizes`]).
static CHUNK_SIZE: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(8 << 20);
static PIECE_SIZE: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(256 << 10);

static MAP_FILES: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(true);

/// For tests: the chunk and piece sizes of the JSON Lines pipeline (defaults 8 MB and 256 KB).
#[doc(hidden)]
pub fn set_chunk_sizes(chunk: usize, piece: usize) {
    CHUNK_SIZE.store(chunk.max(1), std::sync::atomic::Ordering::Relaxed);
    PIECE_SIZE.store(piece.max(1), std::sync::atomic::Ordering::Relaxed);
}

/// For tests: whether regular files are memory-mapped (the default) or read like a pipe, so
/// that both readers are checked on the same input.
#[doc(hidden)]
pub fn set_map_files(on: bool) {
    MAP_FILES.store(on, std::sync::atomic::Ordering::Relaxed);
}
/// Chunks scanned ahead (phase A) while the coder is still being built, in bytes. Small: on a
/// VM where fresh memory is slow to touch, 256 MB of held chunks and arenas cost 0.2-0.7 s of
/// system time on 304 MB of postings (32 MB: 0.07-0.09 s); the coder is built in about 0.2 s.
const AHEAD: usize = 32 << 20;

struct Chunk {
    data: ChunkData,
    /// (start, end, first line number) of each piece, relative to the chunk's bytes; every
    /// piece but the file's last ends with a newline.
    pieces: Vec<(usize, usize, u64)>,
}

enum ChunkData {
    /// Read into a buffer; past the last piece, spare room kept for reuse.
    Read(Vec<u8>),
    /// A range of the mapped file.
    Mapped(std::sync::Arc<memmap2::Mmap>, std::ops::Range<usize>),
}

impl Chunk {
    fn bytes(&self) -> &[u8] {
        match &self.data {
            ChunkData::Read(b) => b,
            ChunkData::Mapped(m, r) => &m[r.clone()],
        }
    }
    fn len(&self) -> usize {
        match &self.data {
            ChunkData::Read(b) => b.len(),
            ChunkData::Mapped(_, r) => r.len(),
        }
    }
}

/// Cut `buf[..cut]` (whole lines) into pieces of about `piece` bytes at line ends, numbering
/// their first lines from `*line` on.
fn cut_pieces(buf: &[u8], cut: usize, piece: usize, line: &mut u64) -> Vec<(usize, usize, u64)> {
    let mut pieces = Vec::with_capacity(cut / piece + 1);
    let mut s = 0;
    while s < cut {
        let e = if cut - s <= piece { cut } else { memchr::memchr(b'\n', &buf[s + piece..cut]).map(|i| s + piece + i + 1).unwrap_or(cut) };
        pieces.push((s, e, *line));
        *line += memchr::memchr_iter(b'\n', &buf[s..e]).count() as u64;
        s = e;
    }
    pieces
}

/// Map `path` when it is a regular, non-empty file (and tests have not turned mapping off).
/// `None`: read it instead (a pipe, a device, an empty file, or a system that refuses).
fn map_file(path: &Path) -> Option<memmap2::Mmap> {
    if !MAP_FILES.load(std::sync::atomic::Ordering::Relaxed) {
        return None;
    }
    let file = std::fs::File::open(path).ok()?;
    let meta = file.metadata().ok()?;
    if !meta.is_file() || meta.len() == 0 {
        return None;
    }
    // SAFETY: the map is only read. Another process truncating the file during the scan would
    // make the reads fault (as with ripgrep's maps); a scan does not guard against that.
    let map = unsafe { memmap2::Mmap::map(&file) }.ok()?;
    #[cfg(unix)]
    let _ = map.advise(memmap2::Advice::Sequential);
    Some(map)
}

/// Cut a mapped file into chunks at line ends, on this thread, sending them to `tx`.
fn map_chunks(map: memmap2::Mmap, tx: std::sync::mpsc::SyncSender<Result<Chunk>>) {
    let chunk_size = CHUNK_SIZE.load(std::sync::atomic::Ordering::Relaxed);
    let piece = PIECE_SIZE.load(std::sync::atomic::Ordering::Relaxed);
    let map = std::sync::Arc::new(map);
    let mut line: u64 = 1;
    let mut at = 0;
    while at < map.len() {
        let rest = &map[at..];
        let cut = if rest.len() <= chunk_size { rest.len() } else { memchr::memchr(b'\n', &rest[chunk_size..]).map(|i| chunk_size + i + 1).unwrap_or(rest.len()) };
        let pieces = cut_pieces(&rest[..cut], cut, piece, &mut line);
        if tx.send(Ok(Chunk { data: ChunkData::Mapped(map.clone(), at..at + cut), pieces })).is_err() {
            return;
        }
        at += cut;
    }
}

/// Read `path` in chunks cut at line ends, on this thread, sending them to `tx`; used buffers
/// come back on `back` (their bytes stay initialised, so reuse costs no zeroing). Returns the
/// seconds spent in `read()`.
fn read_chunks(path: &Path, tx: std::sync::mpsc::SyncSender<Result<Chunk>>, back: std::sync::mpsc::Receiver<Vec<u8>>) -> f64 {
    let chunk_size = CHUNK_SIZE.load(std::sync::atomic::Ordering::Relaxed);
    let piece = PIECE_SIZE.load(std::sync::atomic::Ordering::Relaxed);
    let mut spent = 0.0;
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => {
            let _ = tx.send(Err(io_err(path)(e)));
            return 0.0;
        }
    };
    let mut carry: Vec<u8> = Vec::new();
    let mut line: u64 = 1;
    let mut eof = false;
    while !eof || !carry.is_empty() {
        let mut buf = back.try_recv().unwrap_or_default();
        if buf.len() < carry.len() {
            buf.resize(carry.len(), 0);
        }
        buf[..carry.len()].copy_from_slice(&carry);
        let mut filled = carry.len();
        carry.clear();
        // Read until the buffer holds a chunk and at least one full line (a long line included).
        while !eof && (filled < chunk_size || memchr::memchr(b'\n', &buf[..filled]).is_none()) {
            let need = filled + chunk_size.max(filled / 2);
            if buf.len() < need {
                buf.resize(need, 0);
            }
            let t = Instant::now();
            let n = match file.read(&mut buf[filled..]) {
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    let _ = tx.send(Err(io_err(path)(e)));
                    return spent;
                }
            };
            spent += t.elapsed().as_secs_f64();
            filled += n;
            if n == 0 {
                eof = true;
            }
        }
        if filled == 0 {
            break;
        }
        let cut = if eof { filled } else { memchr::memrchr(b'\n', &buf[..filled]).map(|i| i + 1).unwrap_or(filled) };
        carry.extend_from_slice(&buf[cut..filled]);
        let pieces = cut_pieces(&buf, cut, piece, &mut line);
        if tx.send(Ok(Chunk { data: ChunkData::Read(buf), pieces })).is_err() {
            return spent;
        }
    }
    spent
}

struct FileJob<'a> {
    path: &'a Path,
    slots: &'a Slots,
    report: FileReport,
    max_desc: usize,
    m: &'a Matcher,
    coding: Coding<'a>,
    workers: &'a [Mutex<Worker>],
    timed: bool,
    /// Buffers of finished pieces, for the next pieces to fill (see [`Spares`]).
    spares: Spares,
}

/// The buffers of finished pieces (arena, rows, terms, encoded postings.csv rows), kept for the
/// next pieces. A piece's buffers are filled on a pool thread and released on the main thread;
/// freed there, the allocator did not hand that memory back to the pool threads in time, so
/// every piece touched fresh pages (a quarter of the scan's samples were the kernel zeroing
/// them). Reused, the scan touches only what is in flight.
#[derive(Default)]
struct Spares {
    arenas: Mutex<Vec<Vec<u8>>>,
    rows: Mutex<Vec<Vec<RowA>>>,
    terms: Mutex<Vec<Vec<u16>>>,
    encoded: Mutex<Vec<Vec<u8>>>,
}

fn take<T>(pool: &Mutex<Vec<Vec<T>>>, capacity: usize) -> Vec<T> {
    match pool.lock().expect("spares").pop() {
        Some(mut v) => {
            v.clear();
            v
        }
        None => Vec::with_capacity(capacity),
    }
}

fn give<T>(pool: &Mutex<Vec<Vec<T>>>, v: Vec<T>) {
    pool.lock().expect("spares").push(v);
}

impl FileJob<'_> {
    fn run(&mut self, mut csv: Option<&mut PostingsCsv>, mut times: Option<&mut StageTimes>) -> Result<()> {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Result<Chunk>>(2);
        let (back_tx, back_rx) = std::sync::mpsc::channel::<Vec<u8>>();
        let path = self.path.to_path_buf();
        std::thread::scope(|scope| -> Result<()> {
            let reader = scope.spawn(move || match map_file(&path) {
                Some(map) => {
                    map_chunks(map, tx);
                    None
                }
                None => Some(read_chunks(&path, tx, back_rx)),
            });
            let mut pending: std::collections::VecDeque<(Chunk, Vec<PieceA>)> = Default::default();
            let mut pending_bytes = 0usize;
            let mut failure: Option<PostingsError> = None;
            for msg in rx.iter() {
                let chunk = match msg {
                    Ok(c) => c,
                    Err(e) => {
                        failure = Some(e);
                        break;
                    }
                };
                // The coder is there and nothing waits for it: each piece goes through both
                // phases in one task (one pass over the pool per chunk, not two).
                if pending.is_empty() {
                    if let Some(coder) = self.coding.try_get() {
                        let coder = coder?;
                        let want_csv = csv.is_some();
                        let (a, outs): (Vec<PieceA>, Vec<PieceB>) = chunk
                            .pieces
                            .par_iter()
                            .map(|&(s, e, line)| {
                                let a = self.phase_a(chunk.bytes(), s, e, line);
                                let b = self.phase_b(chunk.bytes(), &a, coder, want_csv);
                                (a, b)
                            })
                            .unzip();
                        self.merge_chunk(chunk, a, outs, csv.as_deref_mut(), times.as_deref_mut(), &back_tx)?;
                        continue;
                    }
                }
                let a: Vec<PieceA> = chunk.pieces.par_iter().map(|&(s, e, line)| self.phase_a(chunk.bytes(), s, e, line)).collect();
                pending_bytes += chunk.len();
                pending.push_back((chunk, a));
                // Code, aggregate and write as soon as the coder is there (or too much waits).
                let coder = match self.coding.try_get() {
                    Some(c) => Some(c?),
                    None if pending_bytes > AHEAD => Some(self.wait_coder(times.as_deref_mut())?),
                    None => None,
                };
                if let Some(coder) = coder {
                    while let Some((chunk, a)) = pending.pop_front() {
                        self.finish_chunk(chunk, a, coder, csv.as_deref_mut(), times.as_deref_mut(), &back_tx)?;
                    }
                    pending_bytes = 0;
                }
            }
            if !pending.is_empty() {
                let coder = self.wait_coder(times.as_deref_mut())?;
                while let Some((chunk, a)) = pending.pop_front() {
                    self.finish_chunk(chunk, a, coder, csv.as_deref_mut(), times.as_deref_mut(), &back_tx)?;
                }
            }
            drop(rx);
            let read = reader.join().expect("reader thread");
            if let Some(t) = times.as_deref_mut() {
                match read {
                    Some(secs) => t.read += secs,
                    None => t.mapped_files += 1,
                }
            }
            match failure {
                Some(e) => Err(e),
                None => Ok(()),
            }
        })
    }

    fn wait_coder<'c>(&self, times: Option<&mut StageTimes>) -> Result<&'c dyn TitleCoder>
    where
        Self: 'c,
    {
        let t = Instant::now();
        let c = self.coding.wait();
        if let Some(tm) = times {
            tm.wait_coder += t.elapsed().as_secs_f64();
        }
        c
    }

    fn finish_chunk(&mut self, chunk: Chunk, a: Vec<PieceA>, coder: &dyn TitleCoder, csv: Option<&mut PostingsCsv>, times: Option<&mut StageTimes>, back: &std::sync::mpsc::Sender<Vec<u8>>) -> Result<()> {
        let want_csv = csv.is_some();
        let outs: Vec<PieceB> = a.par_iter().map(|p| self.phase_b(chunk.bytes(), p, coder, want_csv)).collect();
        self.merge_chunk(chunk, a, outs, csv, times, back)
    }

    /// Report a chunk's pieces and write their rows, in file order; keep their buffers.
    fn merge_chunk(&mut self, chunk: Chunk, a: Vec<PieceA>, outs: Vec<PieceB>, csv: Option<&mut PostingsCsv>, times: Option<&mut StageTimes>, back: &std::sync::mpsc::Sender<Vec<u8>>) -> Result<()> {
        let mut stage = StageTimes::default();
        for p in &a {
            let r = &mut self.report;
            r.rows_read += p.rows_read;
            r.rows_scanned += p.rows.len() as u64;
            r.description_bytes += p.description_bytes;
            r.invalid_utf8_rows += p.invalid_utf8;
            r.rows_skipped += p.skipped;
            for e in &p.errors {
                if r.errors.len() < input::KEPT_ERRORS {
                    r.errors.push(e.clone());
                }
            }
            r.truncated.extend(p.truncated.iter().cloned());
            stage.add(&p.times);
        }
        let t = Instant::now();
        let mut write_res = Ok(());
        if let Some(w) = csv {
            for (bytes, ..) in &outs {
                if !bytes.is_empty() {
                    write_res = w.write_encoded(bytes);
                    if write_res.is_err() {
                        break;
                    }
                }
            }
        }
        for (bytes, no_month, relative, tm) in outs {
            self.report.no_month += no_month;
            self.report.relative_dates += relative;
            stage.add(&tm);
            if bytes.capacity() > 0 {
                give(&self.spares.encoded, bytes);
            }
        }
        if let Some(tm) = times {
            tm.write += t.elapsed().as_secs_f64();
            tm.add(&stage);
        }
        for p in a {
            give(&self.spares.arenas, p.arena);
            give(&self.spares.rows, p.rows);
            give(&self.spares.terms, p.terms);
        }
        if let ChunkData::Read(buf) = chunk.data {
            let _ = back.send(buf);
        }
        write_res
    }

    /// Parse, check and scan the lines of one piece.
    fn phase_a(&self, buf: &[u8], start: usize, end: usize, first_line: u64) -> PieceA {
        let slots = self.slots;
        let sp = &self.spares;
        let mut p = PieceA { arena: take(&sp.arenas, end - start), rows: take(&sp.rows, (end - start) / 1024), terms: take(&sp.terms, (end - start) / 256), ..Default::default() };
        let mut vals = vec![Val::Absent; slots.headers.len()];
        let mut lap = Lap::new(self.timed);
        let mut line_no = first_line;
        let mut at = start;
        while at < end {
            let nl = memchr::memchr(b'\n', &buf[at..end]).map(|i| at + i).unwrap_or(end);
            let (ls, mut le) = (at, nl);
            at = nl + 1;
            let n = line_no;
            line_no += 1;
            if le > ls && buf[le - 1] == b'\r' {
                le -= 1;
            }
            let l = &buf[ls..le];
            if l.iter().all(|b| b.is_ascii_whitespace()) {
                continue;
            }
            p.rows_read += 1;
            let mark = p.arena.len();
            let mut invalid_utf8 = false;
            let fast = std::str::from_utf8(l).is_ok() && extract(l, &slots.headers, &mut vals, &mut p.arena);
            if fast {
                for v in vals.iter_mut() {
                    if let Val::Line(s, e) = *v {
                        *v = Val::Line(s + ls as u32, e + ls as u32);
                    }
                }
            } else {
                p.arena.truncate(mark);
                match parse_json_line(slots, l) {
                    Parsed::Bad(msg) => {
                        p.skip(n, msg);
                        lap.lap(&mut p.times.parse);
                        continue;
                    }
                    Parsed::Row { values, invalid_utf8: bad } => {
                        invalid_utf8 = bad;
                        for (v, s) in vals.iter_mut().zip(values) {
                            *v = match s {
                                None => Val::Absent,
                                Some(s) => p.push_arena(s.as_bytes()),
                            };
                        }
                    }
                }
            }
            let row = self.check(buf, &mut p, &vals, n, invalid_utf8);
            lap.lap(&mut p.times.parse);
            if let Some(mut row) = row {
                let text = p.text(buf, row.description);
                let s = self.m.scan(text);
                row.generic = s.generic;
                row.specific = s.specific;
                row.tool = s.tool;
                row.context = s.context();
                let t0 = p.terms.len() as u32;
                p.terms.extend(s.mentions.iter().map(|m| m.term));
                row.terms = (t0, p.terms.len() as u32);
                p.rows.push(row);
                lap.lap(&mut p.times.scan);
            }
        }
        p
    }

    /// The batch path's row checks (`input::finish`) on one extracted line.
    fn check(&self, buf: &[u8], p: &mut PieceA, vals: &[Val], line: u64, invalid_utf8: bool) -> Option<RowA> {
        let slots = self.slots;
        let get = |k: Option<usize>| k.map(|k| vals[k]).unwrap_or(Val::Absent);
        let id = match slots.id {
            None => p.push_arena(line.to_string().as_bytes()),
            Some(k) => {
                let v = vals[k];
                if v == Val::Absent || p.text(buf, v).trim().is_empty() {
                    p.skip(line, format!("no `{}` value (the posting id)", slots.headers[k]));
                    return None;
                }
                v
            }
        };
        let date = get(slots.date);
        let company = get(slots.company);
        let title = get(slots.title);
        let mut location = get(slots.location);
        let st = get(slots.state);
        if st != Val::Absent && !p.text(buf, st).trim().is_empty() {
            location = if location == Val::Absent || p.text(buf, location).trim().is_empty() {
                st
            } else {
                let joined = format!("{}, {}", p.text(buf, location), p.text(buf, st));
                p.push_arena(joined.as_bytes())
            };
        }
        let parts: Vec<Val> = slots.description.iter().map(|&k| vals[k]).filter(|&v| v != Val::Absent && !p.text(buf, v).trim().is_empty()).collect();
        let mut description = match parts.len() {
            0 => {
                let names: Vec<String> = slots.description.iter().map(|&k| format!("`{}`", slots.headers[k])).collect();
                p.skip(line, format!("no text in {}", names.join(", ")));
                return None;
            }
            1 => parts[0],
            _ => {
                let joined = parts.iter().map(|&v| p.text(buf, v)).collect::<Vec<_>>().join("\n\n");
                p.push_arena(joined.as_bytes())
            }
        };
        if invalid_utf8 {
            p.invalid_utf8 += 1;
        }
        let text = p.text(buf, description);
        if text.len() > self.max_desc {
            let mut cut = self.max_desc;
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            let bytes_not_scanned = (text.len() - cut) as u64;
            p.truncated.push(Truncated { id: p.text(buf, id).to_string(), line, bytes_not_scanned });
            description = match description {
                Val::Line(s, _) => Val::Line(s, s + cut as u32),
                Val::Arena(s, _) => Val::Arena(s, s + cut as u32),
                Val::Absent => Val::Absent,
            };
        }
        p.description_bytes += p.text(buf, description).len() as u64;
        Some(RowA { id, date, company, title, location, description, generic: 0, specific: 0, tool: 0, context: ContextClass::None, terms: (0, 0) })
    }

    /// Keys, aggregates and postings.csv rows of one piece.
    fn phase_b(&self, buf: &[u8], p: &PieceA, coder: &dyn TitleCoder, want_csv: bool) -> PieceB {
        let idx = rayon::current_thread_index().unwrap_or(0) % self.workers.len();
        let mut w = self.workers[idx].lock().expect("worker");
        let w = &mut *w;
        let mut times = StageTimes::default();
        let mut lap = Lap::new(self.timed);
        let (mut no_month, mut relative) = (0u64, 0u64);
        let mut out = csv::WriterBuilder::new().has_headers(false).from_writer(if want_csv { take(&self.spares.encoded, p.rows.len() * 96) } else { Vec::new() });
        for r in &p.rows {
            // Keys, through the caches of distinct values.
            let date = p.text(buf, r.date);
            let (month, nm, rel) = cached(&mut w.dates, date, || {
                let (iso, rel) = if date.trim().is_empty() { (String::new(), false) } else { iso_date_of(date, &self.slots.date_hint, self.slots.as_of) };
                (w.groups[0].intern(&month_of(&iso)), iso.is_empty(), rel)
            });
            no_month += nm as u64;
            relative += rel as u64;
            let company = p.text(buf, r.company);
            let company = cached(&mut w.companies, company, || w.groups[1].intern(&company_of(company)));
            let title = p.text(buf, r.title);
            let occupation = cached(&mut w.titles, title, || w.groups[2].intern(&occupation_key(coder.code(title))));
            let location = p.text(buf, r.location);
            let state = cached(&mut w.locations, location, || w.groups[3].intern(&state_of(location)));
            lap.lap(&mut times.code);
            // Aggregates.
            let keys = [month, company, occupation, state];
            w.overall.add_counts(r.generic, r.specific, r.tool, r.context);
            for (g, &k) in w.groups.iter_mut().zip(&keys) {
                g.counts[k as usize].add_counts(r.generic, r.specific, r.tool, r.context);
            }
            let terms = &p.terms[r.terms.0 as usize..r.terms.1 as usize];
            for (i, &t) in terms.iter().enumerate() {
                w.keywords.mentions[t as usize] += 1;
                if !terms[..i].contains(&t) {
                    w.keywords.postings[t as usize] += 1;
                }
            }
            lap.lap(&mut times.aggregate);
            if want_csv {
                let d = r.generic + r.specific;
                let row = RowRef {
                    id: p.text(buf, r.id),
                    generic_mentions: r.generic,
                    specific_mentions: r.specific,
                    tool_mentions: r.tool,
                    context: r.context,
                    specificity: (d > 0).then(|| r.specific as f64 / d as f64),
                    month: &w.groups[0].keys[month as usize],
                    company: &w.groups[1].keys[company as usize],
                    occupation: &w.groups[2].keys[occupation as usize],
                    state: &w.groups[3].keys[state as usize],
                };
                // Writing into memory cannot fail.
                out.serialize(row).expect("CSV into memory");
                lap.lap(&mut times.encode);
            }
        }
        let bytes = out.into_inner().unwrap_or_default();
        (bytes, no_month, relative, times)
    }
}

/// A postings.csv row with borrowed text: serialised exactly like [`crate::job::PostingRow`].
#[derive(serde::Serialize)]
struct RowRef<'a> {
    id: &'a str,
    generic_mentions: u32,
    specific_mentions: u32,
    tool_mentions: u32,
    context: ContextClass,
    specificity: Option<f64>,
    month: &'a str,
    company: &'a str,
    occupation: &'a str,
    state: &'a str,
}

/// One checked and scanned posting of a piece: where its fields are, and its scan.
struct RowA {
    id: Val,
    date: Val,
    company: Val,
    title: Val,
    location: Val,
    description: Val,
    generic: u32,
    specific: u32,
    tool: u32,
    context: ContextClass,
    /// Range of the piece's `terms`: the taxonomy term of each mention.
    terms: (u32, u32),
}

/// Phase B's result for one piece: its postings.csv rows, encoded; rows without a month; rows
/// with a relative date; stage times.
type PieceB = (Vec<u8>, u64, u64, StageTimes);

/// Phase A's result for one piece.
#[derive(Default)]
struct PieceA {
    arena: Vec<u8>,
    rows: Vec<RowA>,
    terms: Vec<u16>,
    rows_read: u64,
    skipped: u64,
    invalid_utf8: u64,
    description_bytes: u64,
    errors: Vec<input::RowError>,
    truncated: Vec<Truncated>,
    times: StageTimes,
}

impl PieceA {
    fn push_arena(&mut self, b: &[u8]) -> Val {
        let s = self.arena.len() as u32;
        self.arena.extend_from_slice(b);
        Val::Arena(s, self.arena.len() as u32)
    }
    /// The text of a value: the line was valid UTF-8 (or parsed by serde_json into the arena).
    fn text<'b>(&'b self, buf: &'b [u8], v: Val) -> &'b str {
        let b = match v {
            Val::Absent => &[][..],
            Val::Line(s, e) => &buf[s as usize..e as usize],
            Val::Arena(s, e) => &self.arena[s as usize..e as usize],
        };
        // SAFETY: line ranges are cut from lines checked with from_utf8 at char boundaries
        // (quotes, or a cut moved back to a boundary); arena ranges hold unescaped JSON
        // strings (chars encoded whole) or Strings from serde_json.
        unsafe { std::str::from_utf8_unchecked(b) }
    }
    fn skip(&mut self, line: u64, message: String) {
        self.skipped += 1;
        // The file keeps the first KEPT_ERRORS in order; a piece needs no more than that.
        if self.errors.len() < input::KEPT_ERRORS {
            self.errors.push(input::RowError { line, message });
        }
    }
}

/// Distinct keys of one dimension on one thread, with their counts.
#[derive(Default)]
struct Group {
    index: HashMap<String, u32, ahash::RandomState>,
    keys: Vec<String>,
    counts: Vec<Counts>,
}

impl Group {
    fn intern(&mut self, k: &str) -> u32 {
        if let Some(&i) = self.index.get(k) {
            return i;
        }
        let i = self.keys.len() as u32;
        self.index.insert(k.to_string(), i);
        self.keys.push(k.to_string());
        self.counts.push(Counts::default());
        i
    }
}

type Cache<V> = HashMap<Box<[u8]>, V, ahash::RandomState>;

/// The cached value of a raw key, made on its first sight.
fn cached<V: Copy>(cache: &mut Cache<V>, raw: &str, make: impl FnOnce() -> V) -> V {
    if let Some(&x) = cache.get(raw.as_bytes()) {
        return x;
    }
    let x = make();
    cache.insert(raw.as_bytes().into(), x);
    x
}

/// One pool thread's caches and partial aggregates (phase B).
struct Worker {
    /// Raw date -> (month key, no ISO date, relative date without --as-of); per file.
    dates: Cache<(u32, bool, bool)>,
    companies: Cache<u32>,
    titles: Cache<u32>,
    locations: Cache<u32>,
    /// Month, company, occupation, state.
    groups: [Group; 4],
    overall: Counts,
    keywords: KeywordCounts,
}

impl Worker {
    fn new(terms: usize) -> Worker {
        Worker {
            dates: Default::default(),
            companies: Default::default(),
            titles: Default::default(),
            locations: Default::default(),
            groups: Default::default(),
            overall: Counts::default(),
            keywords: KeywordCounts::new(terms),
        }
    }

    fn merge_into(self, agg: &mut Aggregates, dims: &[Dimension]) {
        let mut mine = Aggregates::new(self.keywords.mentions.len(), dims);
        mine.overall = self.overall;
        mine.keywords = self.keywords;
        for (d, g) in [Dimension::Month, Dimension::Company, Dimension::Occupation, Dimension::State].into_iter().zip(self.groups) {
            if let Some(map) = mine.groups.get_mut(&d) {
                for (k, c) in g.keys.into_iter().zip(g.counts) {
                    if c.postings > 0 {
                        map.insert(k, c);
                    }
                }
            }
        }
        agg.merge(&mine);
    }
}
