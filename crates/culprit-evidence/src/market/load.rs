//! Where the market's inputs come from: the WARN register, layoffs.fyi and OEWS from the data
//! mirror (or files the caller names), read through the input layer, and the register's vintage.
//! The CLI and the dashboard both load through [`load`].

use super::barometer::MarketData;
use super::industry::IndustryTable;
use crate::baseline::{cache_dir, OewsDb};
use crate::error::{EvidenceError, Result};
use crate::events::ParsedEvents;
use crate::exposure::RoleExposure;
use crate::{layoffs, warn};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

/// The mirror's WARN register, relative to the mirror.
pub const REGISTER: &str = "warn/register_2026/states";
/// The date of the register's snapshot: notices dated later are set apart.
pub const REGISTER_VINTAGE: &str = "2026-08-08";
pub const REGISTER_VINTAGE_SOURCE: &str = "the register's snapshot: github.com/bchaps1999/warn-notice-register @ 540ac62 (2026-08-08), warn/register_2026/PROVENANCE.md of the mirror; --as-of overrides";
pub const LAYOFFS: &str = "layoffs_fyi/layoffs.csv";
pub const OEWS: &str = "bls_oews_2025/oews-2025.sqlite.gz";

/// What to read; `None` = the mirror's file.
#[derive(Debug, Clone)]
pub struct MarketFiles {
    pub warn: Vec<PathBuf>,
    pub layoffs: Option<PathBuf>,
    /// Leave layoffs.fyi out.
    pub no_layoffs: bool,
    pub oews: Option<PathBuf>,
    pub as_of: Option<NaiveDate>,
    pub amendment_window_days: i64,
    pub warn_options: warn::WarnOptions,
}

impl Default for MarketFiles {
    fn default() -> Self {
        MarketFiles { warn: Vec::new(), layoffs: None, no_layoffs: false, oews: None, as_of: None, amendment_window_days: 90, warn_options: Default::default() }
    }
}

/// Read everything and classify it.
pub fn load(files: &MarketFiles, mirror: Option<&Path>, exposure: &dyn RoleExposure) -> Result<MarketData> {
    let need = |what: &str| EvidenceError::Invalid(format!("data mirror not found (set CULPRIT_MIRROR), and no {what} given"));
    let oews = match &files.oews {
        Some(p) => p.clone(),
        None => mirror.ok_or_else(|| need("--oews"))?.join(OEWS),
    };
    let db = if oews.extension().is_some_and(|e| e == "gz") { OewsDb::open_gz(&oews, &cache_dir())? } else { OewsDb::open(&oews)? };
    let table = IndustryTable::build(&db, exposure)?;
    let default_register = files.warn.is_empty();
    let warn_paths: Vec<PathBuf> = if default_register { vec![mirror.ok_or_else(|| need("--warn"))?.join(REGISTER)] } else { files.warn.clone() };
    let mut w = ParsedEvents::default();
    for p in &warn_paths {
        w.extend(if p.is_dir() { warn::read_warn_dir_with(p, &files.warn_options)? } else { warn::read_warn_with(p, &files.warn_options)? });
    }
    let (fyi, fyi_source) = if files.no_layoffs {
        (Vec::new(), "not read (--no-layoffs)".to_string())
    } else {
        let p = match &files.layoffs {
            Some(p) => p.clone(),
            None => mirror.ok_or_else(|| need("--layoffs"))?.join(LAYOFFS),
        };
        (layoffs::read_layoffs_fyi(&p)?.records, p.display().to_string())
    };
    let (as_of, as_of_source) = match (files.as_of, default_register) {
        (Some(d), _) => (d, "--as-of".to_string()),
        (None, true) => (REGISTER_VINTAGE.parse().expect("valid date"), REGISTER_VINTAGE_SOURCE.to_string()),
        (None, false) => (chrono::Local::now().date_naive(), "today (the files given have no stated vintage; --as-of sets one)".to_string()),
    };
    let warn_source = format!("{} ({} notices)", warn_paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", "), w.records.len());
    Ok(MarketData::new(table, w.records, fyi, as_of, &as_of_source, &warn_source, &fyi_source, files.amendment_window_days))
}
