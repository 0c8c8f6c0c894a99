//! Files of a scan: postings.csv (one row per posting), by_<dimension>.csv, keywords.csv,
//! summary.json and keywords.svg, all in one directory. The same writer serves every engine.

use crate::aggregate::{Aggregates, Counts, Dimension, KeywordRow};
use crate::chart::keywords_svg;
use crate::error::{io_err, PostingsError, Result};
use crate::input::FileReport;
use crate::job::PostingRow;
use crate::matcher::Matcher;
use crate::taxonomy::ContextClass;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

/// Keywords shown in the chart and in the summary.
pub const TOP_KEYWORDS: usize = 20;

/// The headline figures of a scan, with what was not scanned.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Summary {
    pub taxonomy_version: String,
    pub engine: String,
    pub postings: u64,
    pub ai_postings: u64,
    pub ai_share: Option<f64>,
    pub generic_mentions: u64,
    pub specific_mentions: u64,
    pub tool_mentions: u64,
    /// specific / (generic + specific) over all mentions.
    pub specificity_index: Option<f64>,
    /// Share of AI postings that name only generic terms.
    pub generic_only_share: Option<f64>,
    pub contexts: BTreeMap<String, u64>,
    pub top_keywords: Vec<KeywordRow>,
    pub description_bytes: u64,
    pub seconds: f64,
    pub rows_skipped: u64,
    /// One line per file or posting not (fully) scanned; empty when everything was.
    pub not_scanned: Vec<String>,
    pub files: Vec<FileReport>,
}

impl Summary {
    pub fn new(engine: &str, m: &Matcher, agg: &Aggregates, files: Vec<FileReport>, not_scanned: Vec<String>, seconds: f64) -> Summary {
        let o: &Counts = &agg.overall;
        let mut top = agg.keyword_rows(m);
        top.truncate(TOP_KEYWORDS);
        Summary {
            taxonomy_version: m.version().to_string(),
            engine: engine.to_string(),
            postings: o.postings,
            ai_postings: o.ai_postings,
            ai_share: o.ai_share(),
            generic_mentions: o.generic_mentions,
            specific_mentions: o.specific_mentions,
            tool_mentions: o.tool_mentions,
            specificity_index: o.specificity_index(),
            generic_only_share: o.generic_only_share(),
            contexts: ContextClass::ALL.iter().map(|c| (c.as_str().to_string(), o.context(*c))).collect(),
            top_keywords: top,
            description_bytes: files.iter().map(|f| f.description_bytes).sum(),
            seconds,
            rows_skipped: files.iter().map(|f| f.rows_skipped).sum(),
            not_scanned,
            files,
        }
    }
}

fn csv_err(path: &Path) -> impl Fn(csv::Error) -> PostingsError + '_ {
    move |e| PostingsError::Format { path: path.into(), message: e.to_string() }
}

/// Streams postings.csv: rows serialised here, or rows already serialised by the streaming
/// scan (the same serialiser, into memory). The header goes before the first row; a scan
/// without rows leaves the file empty.
pub struct PostingsCsv {
    path: PathBuf,
    w: BufWriter<File>,
    header: bool,
}

/// postings.csv's header: the fields of [`PostingRow`].
pub const POSTINGS_HEADER: [&str; 10] = ["id", "generic_mentions", "specific_mentions", "tool_mentions", "context", "specificity", "month", "company", "occupation", "state"];

impl PostingsCsv {
    pub fn create(dir: &Path) -> Result<PostingsCsv> {
        std::fs::create_dir_all(dir).map_err(io_err(dir))?;
        let path = dir.join("postings.csv");
        let f = File::create(&path).map_err(io_err(&path))?;
        Ok(PostingsCsv { w: BufWriter::with_capacity(1 << 20, f), path, header: false })
    }
    pub fn write(&mut self, rows: &[PostingRow]) -> Result<()> {
        let mut enc = csv::WriterBuilder::new().has_headers(false).from_writer(Vec::new());
        for r in rows {
            enc.serialize(r).map_err(csv_err(&self.path))?;
        }
        let bytes = enc.into_inner().map_err(|e| PostingsError::Invalid(e.to_string()))?;
        self.write_encoded(&bytes)
    }
    /// Rows already serialised (without a header), appended as they are.
    pub fn write_encoded(&mut self, bytes: &[u8]) -> Result<()> {
        use std::io::Write;
        if bytes.is_empty() {
            return Ok(());
        }
        if !self.header {
            self.header = true;
            let mut h = POSTINGS_HEADER.join(",");
            h.push('\n');
            self.w.write_all(h.as_bytes()).map_err(io_err(&self.path))?;
        }
        self.w.write_all(bytes).map_err(io_err(&self.path))
    }
    pub fn finish(mut self) -> Result<PathBuf> {
        use std::io::Write;
        self.w.flush().map_err(io_err(&self.path))?;
        Ok(self.path)
    }
}

pub fn write_csv<T: Serialize>(path: &Path, rows: &[T]) -> Result<()> {
    let mut w = csv::Writer::from_path(path).map_err(csv_err(path))?;
    for r in rows {
        w.serialize(r).map_err(csv_err(path))?;
    }
    w.flush().map_err(io_err(path))
}

/// Write the aggregate tables, summary.json and keywords.svg; returns the files written.
pub fn write_tables(dir: &Path, m: &Matcher, agg: &Aggregates, summary: &Summary) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).map_err(io_err(dir))?;
    let mut written = Vec::new();
    for d in Dimension::ALL {
        if agg.groups.contains_key(&d) {
            let p = dir.join(format!("by_{}.csv", d.as_str()));
            write_csv(&p, &agg.rows(d))?;
            written.push(p);
        }
    }
    let kw = agg.keyword_rows(m);
    let p = dir.join("keywords.csv");
    write_csv(&p, &kw)?;
    written.push(p);
    let p = dir.join("summary.json");
    let text = serde_json::to_string_pretty(summary).map_err(|e| PostingsError::Invalid(e.to_string()))?;
    std::fs::write(&p, text + "\n").map_err(io_err(&p))?;
    written.push(p);
    let p = dir.join("keywords.svg");
    let pct = |x: Option<f64>| x.map(|v| format!("{:.1}%", v * 100.0)).unwrap_or_else(|| "n/a".into());
    let subtitle = format!(
        "{} postings, {} mention AI; specificity index {} (specific / (generic + specific)); {} of AI postings name only generic terms",
        summary.postings,
        pct(summary.ai_share),
        summary.specificity_index.map(|v| format!("{v:.2}")).unwrap_or_else(|| "n/a".into()),
        pct(summary.generic_only_share)
    );
    std::fs::write(&p, keywords_svg(&kw, TOP_KEYWORDS, "Top AI keywords in job postings: generic, specific, tool", &subtitle)).map_err(io_err(&p))?;
    written.push(p);
    Ok(written)
}
