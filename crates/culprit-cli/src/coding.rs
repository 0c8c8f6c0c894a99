//! The real job-title coder for the commands that need one: culprit-titles over the catalog.

use anyhow::Result;
use culprit_org::catalog_coder::CatalogCoder;
use culprit_titles::{Coder, CoderOptions, TitleExposure};
use std::path::PathBuf;
use std::sync::Arc;

/// Open the catalog (building it on first use) and build the title coder over it, with an
/// optional overrides file (title -> SOC rules applied first).
pub fn catalog_coder(overrides: Option<PathBuf>) -> Result<CatalogCoder> {
    let cat = Arc::new(crate::catalog_cmd::open_catalog()?);
    let coder = Coder::new(&cat, CoderOptions { overrides, ..Default::default() })?;
    Ok(CatalogCoder::new(cat, Arc::new(coder)))
}

/// The title coder for job postings: postings repeat titles a lot, so each distinct title is
/// coded once and remembered.
pub struct PostingsCoder {
    inner: CatalogCoder,
    cache: std::sync::RwLock<std::collections::HashMap<String, Option<(String, String)>>>,
}

pub fn postings_coder() -> Result<PostingsCoder> {
    Ok(PostingsCoder { inner: catalog_coder(None)?, cache: Default::default() })
}

impl culprit_postings::TitleCoder for PostingsCoder {
    fn code(&self, title: &str) -> Option<(String, String)> {
        if let Some(hit) = self.cache.read().expect("cache lock").get(title) {
            return hit.clone();
        }
        let v = self.inner.titles.title_occupation(title).map(|t| (t.soc, t.occupation));
        self.cache.write().expect("cache lock").insert(title.to_string(), v.clone());
        v
    }
}
