//! The real job-title coder for the commands that need one: culprit-titles over the catalog.

use anyhow::Result;
use culprit_org::catalog_coder::CatalogCoder;
use culprit_titles::{Coder, CoderOptions, TitleExposure};
use std::path::PathBuf;
use std::sync::Arc;

/// Open the catalog (building it on first use) and build the title coder over it, with an
/// optional overrides file (title -> SOC rules applied first).
pub fn catalog_coder(overrides: Option<PathBuf>) -> Result<CatalogCoder> {
    let (cat, file) = crate::catalog_cmd::open_catalog_file()?;
    let coder = title_coder(&cat, &file, CoderOptions { overrides, ..Default::default() })?;
    Ok(CatalogCoder::new(Arc::new(cat), Arc::new(coder)))
}

/// The title coder over the catalog read from `catalog_file`: loaded from the compiled coder
/// beside it, or built and saved there (see `culprit_titles::compiled`). Says so when it cannot
/// be saved, since every run then pays for the build.
pub fn title_coder(cat: &culprit_data::Catalog, catalog_file: &std::path::Path, options: CoderOptions) -> Result<Coder> {
    let (coder, how) = Coder::open_beside(cat, options, catalog_file)?;
    if let culprit_titles::compiled::Compiled::Built { saved: Err(why), .. } = how {
        eprintln!("culprit: note: the compiled title coder could not be saved ({why}); it is built again on each run (about 0.2 s)");
    }
    Ok(coder)
}

/// Build a coder in a one-thread rayon pool of its own, for a coder built on a thread of its own
/// while the work that will use it runs: that work's rayon workers wait for the coder, so its
/// build (the catalog, the title index) must not need them, or neither side moves.
pub fn build_apart<T>(build: impl FnOnce() -> Result<T> + Send) -> Result<T>
where
    T: Send,
{
    rayon::ThreadPoolBuilder::new().num_threads(1).build().map_err(anyhow::Error::from).and_then(|pool| pool.install(build))
}

/// A job coder being built on another thread: every call waits until it is there. The
/// organisation analysis reads and validates the file (about half a second on 1.6 M people)
/// before it codes a title, so the coder's build (a few tenths of a second: the catalog and
/// the title index) overlaps that work instead of preceding it.
#[derive(Default)]
pub struct PendingJobCoder {
    cell: std::sync::OnceLock<std::result::Result<CatalogCoder, String>>,
    lock: std::sync::Mutex<()>,
    ready: std::sync::Condvar,
}

impl PendingJobCoder {
    pub fn set(&self, c: Result<CatalogCoder>) {
        let _g = self.lock.lock().expect("coder lock");
        let _ = self.cell.set(c.map_err(|e| format!("{e:#}")));
        self.ready.notify_all();
    }
    fn get(&self) -> Option<&CatalogCoder> {
        let mut g = self.lock.lock().expect("coder lock");
        loop {
            if let Some(r) = self.cell.get() {
                return r.as_ref().ok();
            }
            g = self.ready.wait(g).expect("coder lock");
        }
    }
    /// Why the coder could not be built, once it is known.
    pub fn error(&self) -> Option<String> {
        self.cell.get().and_then(|r| r.as_ref().err().cloned())
    }
}

impl culprit_org::JobCoder for PendingJobCoder {
    fn code(&self, title: &str) -> Option<culprit_org::JobFacts> {
        self.get()?.code(title)
    }
    fn code_in_department(&self, title: &str, department: &str) -> Option<culprit_org::JobFacts> {
        self.get()?.code_in_department(title, department)
    }
    fn reads_department(&self, title: &str) -> bool {
        self.get().is_some_and(|c| c.reads_department(title))
    }
    fn name(&self) -> String {
        self.get().map(|c| c.name()).unwrap_or_else(|| "none (the title coder could not be built)".into())
    }
    fn headline_measure(&self) -> String {
        self.get().map(|c| c.headline_measure()).unwrap_or_else(|| "human_beta".into())
    }
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
