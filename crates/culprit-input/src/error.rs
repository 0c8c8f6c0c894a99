//! Errors that name the file, the line where there is one, and the fix.

use std::path::PathBuf;
use thiserror::Error;

pub type Result<T> = std::result::Result<T, InputError>;

#[derive(Debug, Error)]
pub enum InputError {
    #[error("cannot read {}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{} is empty: it has no header and no rows", path.display())]
    Empty { path: PathBuf },
    #[error("{} has a header but no data rows", path.display())]
    HeaderOnly { path: PathBuf },
    #[error("{} is not a table culprit can read: {reason}. It reads CSV/TSV (any delimiter, UTF-8/UTF-16/Latin-1), gzip, XLSX/XLS/ODS, Parquet and JSON Lines", path.display())]
    NotTabular { path: PathBuf, reason: String },
    #[error("{}:{line}: malformed CSV: {message}", path.display())]
    Csv { path: PathBuf, line: u64, message: String },
    #[error("{}:{line}: malformed JSON: {message}", path.display())]
    Json { path: PathBuf, line: u64, message: String },
    #[error("cannot read the spreadsheet {}: {message}", path.display())]
    Spreadsheet { path: PathBuf, message: String },
    #[error("{} has no sheet `{sheet}`; its sheets are: {sheets}", path.display())]
    SheetNotFound { path: PathBuf, sheet: String, sheets: String },
    #[error("cannot read the Parquet file {}: {message}", path.display())]
    Parquet { path: PathBuf, message: String },
    #[error("{} has no column for the {label} ({kind} files need it). Columns found: {found}. Recognised names include: {aliases}. Fix: --map {key}=\"COLUMN\"{hint}", path.display())]
    MissingField { path: PathBuf, kind: String, label: String, key: String, found: String, aliases: String, hint: String },
    #[error("{}: two columns could be the {label}: {candidates}. Name the right one: {fix}", path.display())]
    Ambiguous { path: PathBuf, label: String, candidates: String, fix: String },
    #[error("--map {spec}: {} has no column `{column}`. Columns found: {found}", path.display())]
    MapColumnNotFound { path: PathBuf, spec: String, column: String, found: String },
    #[error("--map {spec}: `{field}` is not a field of {kind} files; the fields are: {fields}")]
    MapUnknownField { spec: String, field: String, kind: String, fields: String },
    #[error("--map {0}: write it as FIELD=COLUMN (a header as written, or #N for the N-th column), e.g. --map manager=\"Reports To\"")]
    MapSyntax(String),
}

impl InputError {
    pub fn io(path: &std::path::Path, source: std::io::Error) -> Self {
        InputError::Io { path: path.to_path_buf(), source }
    }
}
