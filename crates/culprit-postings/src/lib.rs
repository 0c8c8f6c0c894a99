//! culprit-postings: is the AI talk in hiring real? An AI taxonomy (generic terms, specific
//! skills, tools, context cues), a fast whole-word matcher, readers for CSV / JSON Lines /
//! Parquet postings, per-posting scans, aggregates by month, company, occupation and state, a
//! keyword chart, and a synthetic corpus generator for tests and benchmarks.
//!
//! The library never prints; results are typed and written by [`output`].

pub mod aggregate;
pub mod chart;
pub mod coder;
pub mod error;
pub mod input;
pub mod job;
mod jsonl;
pub mod matcher;
pub mod output;
pub mod stream;
pub mod synth;
pub mod taxonomy;

pub use aggregate::{Aggregates, Counts, Dimension};
pub use coder::{NoCoder, TitleCoder, TitleTable};
pub use error::{PostingsError, Result};
pub use input::{ColumnMap, Posting};
pub use job::{scan_files, JobOutcome, PostingRow, ScanOptions};
pub use stream::{scan_files_streaming, CoderCell, Coding, StageTimes};
pub use matcher::{Matcher, Mention, TextScan};
pub use taxonomy::{ContextClass, TermClass, Taxonomy};
