//! Errors of the organisation engine. Every message names the file and, where there is one, the
//! row (1-based line in the file), the column and what to do about it.

use crate::problems::ValidationReport;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum OrgError {
    #[error("cannot read {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },

    #[error("{path} is empty: an HR export needs a header row and one row per person")]
    Empty { path: PathBuf },

    #[error("{path} has a header but no data rows: nothing to analyse")]
    HeaderOnly { path: PathBuf },

    #[error("{path} is not a CSV, XLSX or Parquet file: {reason}")]
    NotTabular { path: PathBuf, reason: String },

    #[error("{path}, line {line}: CSV error: {message}")]
    Csv { path: PathBuf, line: u64, message: String },

    #[error("{}", refusal_message(.0))]
    Refused(Box<ValidationReport>),

    #[error("no person with id `{0}` in this organisation")]
    UnknownPerson(String),

    #[error("cannot write {path}: {message}")]
    Write { path: PathBuf, message: String },

    #[error("invalid option: {0}")]
    Option(String),

    /// Reading the file or mapping its columns (the shared input layer).
    #[error(transparent)]
    Input(#[from] culprit_input::InputError),
}

fn refusal_message(r: &ValidationReport) -> String {
    let mut s = format!(
        "{}: {} problem(s) in {} rows ({}); nothing was analysed.",
        r.source,
        r.problems.len(),
        r.rows_read,
        r.counts_text()
    );
    for p in r.problems.iter().take(20) {
        s.push_str(&format!("\n  line {}: {} `{}`: {}", p.line, p.kind.label(), p.employee_id, p.detail));
    }
    if r.problems.len() > 20 {
        s.push_str(&format!("\n  ... and {} more", r.problems.len() - 20));
    }
    s.push_str("\nFix the file, or rerun with --repair to apply the stated repair rules (see docs/org.md).");
    s
}

impl OrgError {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        OrgError::Io { path: path.into(), source }
    }
}

pub type Result<T, E = OrgError> = std::result::Result<T, E>;
