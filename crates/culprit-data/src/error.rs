//! Errors of the data layer. Each says which file, which line, what is wrong and what to do.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum DataError {
    #[error("{}:{line}: {message}\n  fix: {fix}", file.display())]
    Malformed { file: PathBuf, line: u64, message: String, fix: String },

    #[error("{}: missing column(s) {missing:?}; the header has {found:?}\n  fix: {fix}", file.display())]
    MissingColumns { file: PathBuf, missing: Vec<String>, found: Vec<String>, fix: String },

    #[error("source `{id}` ({path}) was not found; looked in:\n{looked}\n  fix: set CULPRIT_MIRROR to a folder holding `{path}`, place the mirror at ../shared/data beside the repository, or run `culprit data fetch`")]
    Missing { id: String, path: String, looked: String },

    #[error("{}: sha256 mismatch for source `{id}`\n  expected {expected}\n  found    {actual}\n  fix: this is not the file culprit was built against (truncated, edited or another release); restore the original or fetch it again", path.display())]
    HashMismatch { id: String, path: PathBuf, expected: String, actual: String },

    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },

    #[error("cannot download `{id}` from {url}: {reason}\n  fix: this machine may be offline; copy the file to `{path}` under a folder named by CULPRIT_MIRROR (or the cache {cache}) and run again")]
    Fetch { id: String, url: String, path: String, cache: String, reason: String },

    #[error("source `{id}` has no byte-identical public download ({note})\n  fix: set CULPRIT_MIRROR to a folder holding `{path}`")]
    NotFetchable { id: String, path: String, note: String },

    /// SEC EDGAR downloads (culprit data fetch --company): what failed and the fix.
    #[error("{0}")]
    Sec(String),

    #[error("source registry: {0}")]
    Registry(String),

    #[error("catalog file {}: {message}", path.display())]
    Catalog { path: PathBuf, message: String },
}

pub type Result<T, E = DataError> = std::result::Result<T, E>;

impl DataError {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        DataError::Io { path: path.into(), source }
    }

    pub fn malformed(file: impl Into<PathBuf>, line: u64, message: impl Into<String>, fix: impl Into<String>) -> Self {
        DataError::Malformed { file: file.into(), line, message: message.into(), fix: fix.into() }
    }
}
