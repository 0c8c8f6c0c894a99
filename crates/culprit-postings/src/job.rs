//! A scan job over postings files: read in batches, scan each batch on all cores, derive the
//! grouping keys, hand the per-posting rows to a sink (postings.csv) in input order, and merge
//! the aggregates. A file that cannot be opened or read to its end does not stop the job; its
//! report says what was not scanned.

use crate::aggregate::{company_of, month_of, occupation_key, state_of, Aggregates, Dimension, Keys};
use crate::coder::TitleCoder;
use crate::error::Result;
use crate::input::{self, ColumnMap, FileReport, InputFormat, Posting};
use crate::matcher::{Matcher, TextScan};
use crate::taxonomy::ContextClass;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

#[derive(Debug, Clone)]
pub struct ScanOptions {
    pub map: ColumnMap,
    pub max_description: usize,
    pub dims: Vec<Dimension>,
}

impl Default for ScanOptions {
    fn default() -> Self {
        ScanOptions { map: ColumnMap::default(), max_description: input::DEFAULT_MAX_DESCRIPTION, dims: Dimension::ALL.to_vec() }
    }
}

/// One row of postings.csv. The first five columns are the interface other tools rely on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PostingRow {
    pub id: String,
    pub generic_mentions: u32,
    pub specific_mentions: u32,
    pub tool_mentions: u32,
    pub context: ContextClass,
    /// specific / (generic + specific); empty when both are zero.
    pub specificity: Option<f64>,
    pub month: String,
    pub company: String,
    pub occupation: String,
    pub state: String,
}

/// Grouping keys of a posting, the same for every engine.
pub fn keys_of(p: &Posting, coder: &dyn TitleCoder) -> Keys {
    Keys {
        month: month_of(&p.date),
        company: company_of(&p.company),
        occupation: occupation_key(coder.code(&p.title)),
        state: state_of(&p.location),
    }
}

pub fn row_of(p: &Posting, keys: Keys, s: &TextScan) -> PostingRow {
    PostingRow {
        id: p.id.clone(),
        generic_mentions: s.generic,
        specific_mentions: s.specific,
        tool_mentions: s.tool,
        context: s.context(),
        specificity: s.specificity(),
        month: keys.month,
        company: keys.company,
        occupation: keys.occupation,
        state: keys.state,
    }
}

/// Scan one batch on all cores: rows in input order, and the batch's aggregates.
pub fn scan_batch(batch: &[Posting], m: &Matcher, coder: &dyn TitleCoder, dims: &[Dimension]) -> (Vec<PostingRow>, Aggregates) {
    let parts: Vec<(Vec<PostingRow>, Aggregates)> = batch
        .par_chunks(256)
        .map(|chunk| {
            let mut agg = Aggregates::new(m.terms().len(), dims);
            let mut rows = Vec::with_capacity(chunk.len());
            for p in chunk {
                let s = m.scan(&p.description);
                let keys = keys_of(p, coder);
                agg.add(&keys, &s);
                rows.push(row_of(p, keys, &s));
            }
            (rows, agg)
        })
        .collect();
    let mut agg = Aggregates::new(m.terms().len(), dims);
    let mut rows = Vec::with_capacity(batch.len());
    for (r, a) in parts {
        rows.extend(r);
        agg.merge(&a);
    }
    (rows, agg)
}

#[derive(Debug, Clone, Serialize)]
pub struct JobOutcome {
    pub aggregates: Aggregates,
    pub files: Vec<FileReport>,
}

impl JobOutcome {
    /// Files or parts of files that were not scanned, one line each; empty when all was scanned.
    pub fn not_scanned(&self) -> Vec<String> {
        let mut out = Vec::new();
        for f in &self.files {
            if let Some(why) = &f.aborted {
                // rows_read counts what the reader got before it stopped (rust engine) or the whole
                // file (DataFusion engines, which count first): say both.
                out.push(format!("{}: not finished, {} of the {} rows read were scanned: {why}", f.path.display(), f.rows_scanned, f.rows_read));
            }
            if f.rows_skipped > 0 {
                let lines: Vec<String> = f.errors.iter().map(|e| e.line.to_string()).collect();
                let more = if f.rows_skipped as usize > f.errors.len() { ", ..." } else { "" };
                out.push(format!("{}: {} rows skipped (lines {}{more})", f.path.display(), f.rows_skipped, lines.join(", ")));
            }
            for t in &f.truncated {
                out.push(format!("{}: posting {} (line {}): last {} bytes of the description not scanned", f.path.display(), t.id, t.line, t.bytes_not_scanned));
            }
        }
        out
    }
}

/// Scan every file; `sink` receives each batch's rows in input order.
pub fn scan_files<F>(paths: &[PathBuf], m: &Matcher, coder: &dyn TitleCoder, opts: &ScanOptions, mut sink: F) -> Result<JobOutcome>
where
    F: FnMut(&[PostingRow]) -> Result<()>,
{
    let mut agg = Aggregates::new(m.terms().len(), &opts.dims);
    let mut files = Vec::new();
    for path in paths {
        let mut src = match input::open(path, &opts.map, opts.max_description) {
            Ok(s) => s,
            Err(e) => {
                let mut r = FileReport::new(path, InputFormat::from_path(path).ok());
                r.aborted = Some(e.to_string());
                files.push(r);
                continue;
            }
        };
        loop {
            match src.next_batch() {
                Ok(Some(batch)) => {
                    let (rows, a) = scan_batch(&batch, m, coder, &opts.dims);
                    agg.merge(&a);
                    sink(&rows)?;
                }
                Ok(None) => break,
                Err(e) => {
                    src.report_mut().aborted = Some(e.to_string());
                    break;
                }
            }
        }
        files.push(src.report().clone());
    }
    Ok(JobOutcome { aggregates: agg, files })
}
