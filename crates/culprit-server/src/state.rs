//! What every handler shares: the configuration, the workspace, the reference catalog and the
//! title coder (loaded once, on first use), and small caches of loaded organisations and
//! computed summaries.

use crate::config::{Access, ServeConfig};
use crate::error::{Result, ServerError};
use crate::workspace::Workspace;
use culprit_data::{Catalog, Registry};
use culprit_org::catalog_coder::CatalogCoder;
use culprit_org::privacy::Privacy;
use culprit_org::Analysis;
use culprit_titles::{Coder, CoderOptions};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, OnceLock};

pub type AppState = Arc<App>;

pub struct App {
    pub config: ServeConfig,
    pub access: Access,
    pub workspace: Workspace,
    pub privacy: Privacy,
    /// The catalog and the file it was read from (the compiled title coder is kept beside it).
    catalog: OnceLock<std::result::Result<(Arc<Catalog>, std::path::PathBuf), String>>,
    coder: OnceLock<std::result::Result<Arc<CatalogCoder>, String>>,
    /// The analysis of every organisation uploaded or loaded since the server started (id ->
    /// analysis): team pages and scenario runs use it as it is. An organisation's Parquet file is
    /// read only after a restart, once.
    orgs: Mutex<Vec<(i64, Arc<Analysis>)>>,
    /// Serialises re-imports so two requests for the same organisation do not import it twice.
    pub org_loading: Mutex<()>,
    pub events: tokio::sync::OnceCell<std::result::Result<Arc<culprit_evidence::events::EventsSummary>, String>>,
    pub scorecards: Mutex<BTreeMap<String, Arc<culprit_evidence::scorecard::Scorecard>>>,
    /// The market barometer on the mirror's register (computed once per process).
    pub market: tokio::sync::OnceCell<std::result::Result<Arc<culprit_evidence::market::barometer::Barometer>, String>>,
}

impl App {
    pub fn new(config: ServeConfig, access: Access) -> Result<App> {
        let workspace = Workspace::open(&config.workspace)?;
        Ok(App {
            config,
            access,
            workspace,
            privacy: Privacy::default(),
            catalog: OnceLock::new(),
            coder: OnceLock::new(),
            orgs: Mutex::new(Vec::new()),
            org_loading: Mutex::new(()),
            events: tokio::sync::OnceCell::new(),
            scorecards: Mutex::new(BTreeMap::new()),
            market: tokio::sync::OnceCell::new(),
        })
    }

    /// The compiled reference catalog (built from the mirror on first use). Blocking.
    pub fn catalog(&self) -> Result<Arc<Catalog>> {
        self.catalog_and_file().map(|(c, _)| c)
    }

    fn catalog_and_file(&self) -> Result<(Arc<Catalog>, std::path::PathBuf)> {
        self.catalog
            .get_or_init(|| {
                let reg = Registry::builtin().map_err(|e| e.to_string())?;
                Catalog::open(&reg).map(|(c, opened)| (Arc::new(c), opened.path)).map_err(|e| format!("the reference catalog is not available: {e}"))
            })
            .clone()
            .map_err(ServerError::Unavailable)
    }

    /// The job-title coder over the catalog. Blocking.
    pub fn coder(&self) -> Result<Arc<CatalogCoder>> {
        let (cat, file) = self.catalog_and_file()?;
        self.coder
            .get_or_init(|| {
                // The compiled coder beside the catalog file, as the command line uses it.
                let (c, _) = Coder::open_beside(&cat, CoderOptions::default(), &file).map_err(|e| format!("the title coder is not available: {e}"))?;
                Ok(Arc::new(CatalogCoder::new(cat.clone(), Arc::new(c))))
            })
            .clone()
            .map_err(ServerError::Unavailable)
    }

    pub fn cached_org(&self, id: i64) -> Option<Arc<Analysis>> {
        self.orgs.lock().unwrap_or_else(|p| p.into_inner()).iter().find(|(k, _)| *k == id).map(|(_, a)| a.clone())
    }

    pub fn cache_org(&self, id: i64, a: Arc<Analysis>) {
        let mut c = self.orgs.lock().unwrap_or_else(|p| p.into_inner());
        c.retain(|(k, _)| *k != id);
        c.insert(0, (id, a));
    }
}

/// Run blocking work (imports, catalog loading, scenario runs) off the async threads.
pub async fn blocking<T: Send + 'static>(f: impl FnOnce() -> Result<T> + Send + 'static) -> Result<T> {
    tokio::task::spawn_blocking(f).await.map_err(|e| ServerError::Internal(format!("background task failed: {e}")))?
}
