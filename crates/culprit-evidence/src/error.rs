//! Errors of the evidence engine. Problems that only affect one row or one entry are not errors:
//! they are [`crate::Issue`]s, reported next to the result while the rest is still counted.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum EvidenceError {
    #[error("cannot read {path}: {source}")]
    Io { path: PathBuf, #[source] source: std::io::Error },
    #[error("{path}: not a valid company profile: {message}")]
    Profile { path: PathBuf, message: String },
    #[error("{path}: CSV error: {source}")]
    Csv { path: PathBuf, #[source] source: csv::Error },
    #[error("{path}: missing column(s) {missing:?}; found {found:?}")]
    Columns { path: PathBuf, missing: Vec<String>, found: Vec<String> },
    #[error("{path}: not a valid XBRL instance: {message}")]
    Xbrl { path: PathBuf, message: String },
    #[error("{path}: not a valid SEC companyfacts JSON: {message}")]
    CompanyFacts { path: PathBuf, message: String },
    #[error("OEWS database {path}: {message}")]
    Oews { path: PathBuf, message: String },
    #[error("{0}")]
    Invalid(String),
    #[error(transparent)]
    Input(#[from] culprit_input::InputError),
}

impl EvidenceError {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        EvidenceError::Io { path: path.into(), source }
    }
}

pub type Result<T, E = EvidenceError> = std::result::Result<T, E>;

/// A problem with one row or entry: stated, and the rest is still counted.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Issue {
    /// Where: a file and line, or a profile entry.
    pub location: String,
    /// What is wrong and what was done about it.
    pub message: String,
}

impl Issue {
    pub fn new(location: impl Into<String>, message: impl Into<String>) -> Self {
        Issue { location: location.into(), message: message.into() }
    }
}

impl std::fmt::Display for Issue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}
