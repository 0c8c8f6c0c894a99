//! Errors of the postings scanner. Row-level problems are not errors: they are skipped, counted
//! and reported (see [`crate::input::FileReport`]); these are the problems that stop a job.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum PostingsError {
    #[error("taxonomy {origin}: {message}")]
    Taxonomy { origin: String, message: String },
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{path}: cannot tell the format from the extension; use .csv, .jsonl/.ndjson/.json or .parquet")]
    UnknownFormat { path: PathBuf },
    #[error("{path}: no column for `{field}` (columns: {available}). Fix: --map {field}=COLUMN")]
    MissingColumn { path: PathBuf, field: String, available: String },
    #[error("bad column mapping `{0}`: expected FIELD=COLUMN with FIELD one of id, date, company, title, description, location, state")]
    BadMapping(String),
    #[error("{path}: {message}")]
    Format { path: PathBuf, message: String },
    #[error("{0}")]
    Invalid(String),
    #[error(transparent)]
    Input(Box<culprit_input::InputError>),
}

pub type Result<T> = std::result::Result<T, PostingsError>;

pub(crate) fn io_err(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> PostingsError {
    let path = path.into();
    move |source| PostingsError::Io { path, source }
}
