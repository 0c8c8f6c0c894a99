//! culprit's postings scanner on Apache DataFusion: the scanner as scalar UDFs ([`udf`]), the
//! scan as SQL ([`plan`]), embedded in-process by default, or on an Apache DataFusion Ballista
//! cluster ([`cluster`], feature `cluster`) whose scheduler and executors are started by the
//! `culprit` binary itself, so that they know culprit's UDFs.
//!
//! Kept apart from culprit-postings so that the rest of the workspace builds without DataFusion.

pub mod market;
pub mod plan;
pub mod udf;

#[cfg(feature = "cluster")]
pub mod cluster;

use culprit_postings::{ScanOptions, Taxonomy, TitleCoder};
use datafusion::prelude::{SessionConfig, SessionContext};
use std::path::PathBuf;
use std::time::Duration;

pub use plan::EngineOutcome;

#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error(transparent)]
    Postings(#[from] culprit_postings::PostingsError),
    #[error("{path}: DataFusion cannot read it: {source}. (The rust engine, --engine rust, skips and counts bad rows.)")]
    Read { path: PathBuf, source: datafusion::error::DataFusionError },
    #[error("aggregating the scanned postings: {0}")]
    Aggregate(datafusion::error::DataFusionError),
    #[error("{0}")]
    Plan(String),
    #[error("cannot reach the Ballista scheduler at {url}: {reason}. Start one with `culprit cluster scheduler --bind HOST:PORT` (docs/postings.md)")]
    ClusterDown { url: String, reason: String },
    #[error("the cluster at {url} runs taxonomy {remote}, this culprit {local}: start the executors with the same --taxonomy")]
    TaxonomyMismatch { url: String, remote: String, local: String },
    #[error("cluster: {0}")]
    Cluster(String),
    #[error("the cluster at {url} did not finish {what} within {secs} s: no executor may be alive, or a task keeps failing (see the scheduler's log). Start executors with `culprit cluster executor --scheduler {url}`, or allow longer with --cluster-timeout")]
    ClusterTimeout { url: String, what: String, secs: u64 },
    #[error("cannot start the async runtime: {0}")]
    Runtime(std::io::Error),
}

/// An in-process DataFusion session with culprit's UDFs.
pub fn embedded_context(tax: &Taxonomy) -> Result<SessionContext, EngineError> {
    let ctx = SessionContext::new_with_config(SessionConfig::new().with_target_partitions(rayon::current_num_threads().max(1)));
    for f in udf::udfs(tax)? {
        ctx.register_udf(f);
    }
    Ok(ctx)
}

/// Where to run.
#[derive(Debug, Clone)]
pub enum Target {
    Embedded,
    /// A Ballista scheduler URL, `df://host:port`, and how long one job (the scan of one file)
    /// may take before the client gives up on it: Ballista's client itself waits forever.
    Cluster { url: String, job_timeout: Duration },
}

/// Run a scan to the end on a fresh multi-threaded runtime (for callers that are not async).
pub fn run_scan<F>(target: &Target, tax: &Taxonomy, paths: &[PathBuf], coder: &dyn TitleCoder, opts: &ScanOptions, sink: F) -> Result<EngineOutcome, EngineError>
where
    F: FnMut(&[culprit_postings::PostingRow]) -> culprit_postings::Result<()>,
{
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(EngineError::Runtime)?;
    let m = culprit_postings::Matcher::new(tax)?;
    rt.block_on(async {
        let (ctx, deadline) = match target {
            Target::Embedded => (embedded_context(tax)?, None),
            Target::Cluster { url, job_timeout } => (cluster_context(url, tax, *job_timeout).await?, Some(plan::Deadline { url: url.clone(), limit: *job_timeout })),
        };
        plan::scan(&ctx, paths, &m, coder, opts, deadline.as_ref(), sink).await
    })
}

#[cfg(feature = "cluster")]
async fn cluster_context(url: &str, tax: &Taxonomy, job_timeout: Duration) -> Result<SessionContext, EngineError> {
    cluster::remote_context(url, tax, job_timeout).await
}

#[cfg(not(feature = "cluster"))]
async fn cluster_context(url: &str, _: &Taxonomy, _: Duration) -> Result<SessionContext, EngineError> {
    Err(EngineError::Cluster(format!("{url}: this culprit was built without the Ballista client (feature `cluster`)")))
}
