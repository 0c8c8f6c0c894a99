//! The real job-title coder for the commands that need one: culprit-titles over the catalog.

use anyhow::Result;
use culprit_org::catalog_coder::CatalogCoder;
use culprit_titles::{Coder, CoderOptions};
use std::path::PathBuf;
use std::sync::Arc;

/// Open the catalog (building it on first use) and build the title coder over it, with an
/// optional overrides file (title -> SOC rules applied first).
pub fn catalog_coder(overrides: Option<PathBuf>) -> Result<CatalogCoder> {
    let cat = Arc::new(crate::catalog_cmd::open_catalog()?);
    let coder = Coder::new(&cat, CoderOptions { overrides, ..Default::default() })?;
    Ok(CatalogCoder::new(cat, Arc::new(coder)))
}
