//! Coding posting titles to occupations. The real coder (culprit-titles) plugs in through
//! [`TitleCoder`]; without one, every posting is "uncoded". [`TitleTable`] codes by an exact
//! (case- and space-insensitive) title list, such as a company's own title-to-SOC sheet.

use crate::error::{PostingsError, Result};
use std::collections::HashMap;
use std::path::Path;

pub trait TitleCoder: Sync {
    /// The SOC code and occupation title for a posting title, if it can be coded.
    fn code(&self, title: &str) -> Option<(String, String)>;
}

/// Codes nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoCoder;

impl TitleCoder for NoCoder {
    fn code(&self, _title: &str) -> Option<(String, String)> {
        None
    }
}

fn norm(title: &str) -> String {
    title.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// An exact title list: title -> (SOC, occupation title).
#[derive(Debug, Clone, Default)]
pub struct TitleTable {
    map: HashMap<String, (String, String)>,
}

impl TitleTable {
    pub fn new<I: IntoIterator<Item = (String, String, String)>>(rows: I) -> TitleTable {
        TitleTable { map: rows.into_iter().map(|(t, soc, occ)| (norm(&t), (soc, occ))).collect() }
    }

    /// A CSV with columns `title`, `soc`, `occupation`.
    pub fn from_csv(path: &Path) -> Result<TitleTable> {
        let mut r = csv::Reader::from_path(path).map_err(|e| PostingsError::Format { path: path.into(), message: e.to_string() })?;
        let h = r.headers().map_err(|e| PostingsError::Format { path: path.into(), message: e.to_string() })?.clone();
        let col = |n: &str| {
            h.iter().position(|x| x.eq_ignore_ascii_case(n)).ok_or_else(|| PostingsError::MissingColumn {
                path: path.into(),
                field: n.into(),
                available: h.iter().collect::<Vec<_>>().join(", "),
            })
        };
        let (t, s, o) = (col("title")?, col("soc")?, col("occupation")?);
        let mut rows = Vec::new();
        for (i, rec) in r.records().enumerate() {
            let rec = rec.map_err(|e| PostingsError::Format { path: path.into(), message: format!("row {}: {e}", i + 2) })?;
            rows.push((rec.get(t).unwrap_or("").to_string(), rec.get(s).unwrap_or("").to_string(), rec.get(o).unwrap_or("").to_string()));
        }
        Ok(TitleTable::new(rows))
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

impl TitleCoder for TitleTable {
    fn code(&self, title: &str) -> Option<(String, String)> {
        self.map.get(&norm(title)).cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_codes_exact_titles_ignoring_case_and_spaces() {
        let t = TitleTable::new([("Data  Scientist".into(), "15-2051".into(), "Data Scientists".into())]);
        assert_eq!(t.code(" data scientist ").unwrap().0, "15-2051");
        assert!(t.code("Scientist").is_none());
        assert!(NoCoder.code("Data Scientist").is_none());
    }
}
