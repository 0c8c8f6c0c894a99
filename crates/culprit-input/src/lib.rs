//! Reading the files people have. One layer for every import in culprit (HR exports, job
//! postings, WARN notices, layoff trackers, title lists):
//!
//! - [`source`] opens any table: CSV/TSV with any delimiter and encoding, gzip, XLSX/XLS/ODS,
//!   Parquet, JSON Lines and JSON arrays, with the header found below any preamble;
//! - [`schema`] declares, per kind of input, the fields, their types, header aliases and words;
//! - [`infer`] maps columns to fields by name and by content and says how sure it is;
//! - [`sniff`] and [`values`] read dates, money, counts, shares, names, states as exports write them.

pub mod error;
pub mod infer;
pub mod schema;
pub mod sniff;
pub mod source;
pub mod values;

pub use error::{InputError, Result};
pub use infer::{infer, ChosenBy, InferOptions, Mapping, Override};
pub use schema::{Kind, Schema};
pub use source::{open, open_bytes, OpenOptions, Row, SourceInfo, Table};

/// Open a file and map its columns to a kind's schema in one step. For a workbook with several
/// sheets and no `--sheet`, the sheet whose header fits the schema best is read.
pub fn open_mapped(path: &std::path::Path, kind: Kind, open_opts: &OpenOptions, infer_opts: &InferOptions) -> Result<(Table, Mapping)> {
    let schema = kind.schema();
    let score = |headers: &[String]| sheet_fit(schema, headers);
    let t = open(path, open_opts, Some(&score))?;
    let m = infer(schema, path, &t.headers, &t.sample, infer_opts)?;
    Ok((t, m))
}

/// How well a header fits a schema by names alone: the number of fields with an alias or word,
/// required fields counting double. Used to choose among a workbook's sheets.
pub fn sheet_fit(schema: &Schema, headers: &[String]) -> f64 {
    let hs: Vec<String> = headers.iter().map(|h| schema::normalise(h)).collect();
    schema
        .fields
        .iter()
        .filter(|f| f.aliases.iter().any(|a| hs.contains(&schema::normalise(a))))
        .map(|f| if f.required { 2.0 } else { 1.0 })
        .sum()
}
