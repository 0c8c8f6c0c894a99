use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum TitlesError {
    #[error("cannot read {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("overrides {origin}, line {line}: {message}")]
    Overrides { origin: String, line: u64, message: String },
    #[error("{origin}: no column `{wanted}`; the columns found are: {found}")]
    MissingColumn { origin: String, wanted: String, found: String },
    #[error("{origin}: {message}")]
    Csv { origin: String, message: String },
    /// The coder could not be built (a bulk job builds it while it reads the file).
    #[error("{0}")]
    Coder(String),
}
