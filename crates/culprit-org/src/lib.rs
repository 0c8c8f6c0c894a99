//! culprit-org: the organisation engine. An HR export (CSV, XLSX, Parquet) becomes a validated
//! organisation tree; for every team it answers how it is layered, how wide the spans are, how
//! much is paid and how much of its work is exposed to AI.
//!
//! Pipeline: [`import::import_path`] -> [`validate::validate`] -> [`spans`] and [`rollup`]
//! (with a [`coder::JobCoder`]) -> [`tables`] for CSV/Parquet output. [`analyze::analyze`] runs it all.

pub mod analyze;
pub mod catalog_coder;
pub mod coder;
pub mod columns;
pub mod error;
pub mod import;
pub mod pay;
pub mod privacy;
pub mod problems;
pub mod raw;
pub mod restructure;
pub mod rollup;
pub mod spans;
pub mod synth;
pub mod tables;
pub mod tree;
pub mod validate;

#[cfg(test)]
mod tests_support;

pub use error::{OrgError, Result};

pub use analyze::{analyze, team, title_rows, write_outputs, Analysis, AnalyzeOptions, Summary, TitleRow};
pub use coder::{JobCoder, JobFacts, NoCoder, LOW_CONFIDENCE};
