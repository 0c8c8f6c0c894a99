//! Apache DataFusion Ballista: the client session, and the scheduler and executor roles that
//! `culprit cluster scheduler|executor` host, each with culprit's UDFs in its registry (the
//! stock Ballista binaries do not know them, so a plan naming `ai_scan` would fail there).

use crate::plan::Deadline;
use crate::{udf, EngineError};
use ballista::prelude::{SessionConfigExt, SessionContextExt};
use ballista_core::registry::BallistaFunctionRegistry;
use ballista_executor::executor_process::{start_executor_process, ExecutorProcessConfig};
use ballista_scheduler::cluster::BallistaCluster;
use ballista_scheduler::config::SchedulerConfig;
use culprit_postings::Taxonomy;
use datafusion::execution::session_state::SessionStateBuilder;
use datafusion::execution::FunctionRegistry;
use datafusion::prelude::{SessionConfig, SessionContext};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

/// How long the client waits for the scheduler before saying it is down.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// `df://host:port` -> (host, port).
pub fn parse_url(url: &str) -> Result<(String, u16), EngineError> {
    let rest = url.strip_prefix("df://").ok_or_else(|| EngineError::Cluster(format!("{url}: a scheduler URL looks like df://host:50050")))?;
    let (host, port) = rest.trim_end_matches('/').rsplit_once(':').ok_or_else(|| EngineError::Cluster(format!("{url}: no port")))?;
    let port = port.parse().map_err(|_| EngineError::Cluster(format!("{url}: bad port")))?;
    Ok((host.to_string(), port))
}

/// A session whose queries run on the cluster at `url`, with culprit's UDFs for planning. Fails
/// within [`CONNECT_TIMEOUT`] with the URL when the scheduler cannot be reached.
pub async fn remote_context(url: &str, tax: &Taxonomy, job_timeout: Duration) -> Result<SessionContext, EngineError> {
    let (host, port) = parse_url(url)?;
    let down = |reason: String| EngineError::ClusterDown { url: url.to_string(), reason };
    match tokio::time::timeout(CONNECT_TIMEOUT, tokio::net::TcpStream::connect((host.as_str(), port))).await {
        Err(_) => return Err(down(format!("no answer within {} s", CONNECT_TIMEOUT.as_secs()))),
        Ok(Err(e)) => return Err(down(e.to_string())),
        Ok(Ok(_)) => {}
    }
    let state = SessionStateBuilder::new().with_default_features().with_config(SessionConfig::new_with_ballista()).build();
    let ctx = tokio::time::timeout(CONNECT_TIMEOUT * 2, SessionContext::remote_with_state(url, state))
        .await
        .map_err(|_| down("the scheduler accepted the connection but did not answer".into()))?
        .map_err(|e| down(e.to_string()))?;
    // After the upgrade to a Ballista session: since Ballista 55 it replaces the state's scalar
    // functions with its own list, which drops UDFs registered before.
    for f in udf::udfs(tax)? {
        ctx.register_udf(f);
    }
    // The executors scan with their own taxonomy: it must be this one. This first job also
    // finds a cluster without live executors, which Ballista would wait on forever.
    let first = Deadline { url: url.to_string(), limit: job_timeout.min(Duration::from_secs(60)) };
    let df = ctx.sql("SELECT ai_taxonomy_version()").await.map_err(|e| EngineError::Cluster(e.to_string()))?;
    let v = Deadline::wait(Some(&first), || "the taxonomy check".into(), df.collect())
        .await?
        .map_err(|e| EngineError::Cluster(format!("the cluster could not run culprit's UDFs ({e}); are the executors `culprit cluster executor`?")))?;
    let remote = v
        .first()
        .and_then(|b| {
            use datafusion::arrow::array::AsArray;
            let c = datafusion::arrow::compute::cast(b.column(0), &datafusion::arrow::datatypes::DataType::Utf8).ok()?;
            Some(c.as_string::<i32>().value(0).to_string())
        })
        .unwrap_or_default();
    if remote != tax.version {
        return Err(EngineError::TaxonomyMismatch { url: url.into(), remote, local: tax.version.clone() });
    }
    Ok(ctx)
}

/// Run a scheduler on `bind` until the process ends.
pub async fn run_scheduler(bind: SocketAddr, tax: &Taxonomy) -> Result<(), EngineError> {
    let fns: Vec<_> = udf::udfs(tax)?.into_iter().map(Arc::new).collect();
    let mut config = SchedulerConfig { bind_host: bind.ip().to_string(), bind_port: bind.port(), ..Default::default() };
    config.override_session_builder = Some(Arc::new(move |c: SessionConfig| {
        let mut s = ballista_core::utils::default_session_builder(c)?;
        for f in &fns {
            s.register_udf(f.clone())?;
        }
        Ok(s)
    }));
    let cluster = BallistaCluster::new_from_config(&config).await.map_err(|e| EngineError::Cluster(e.to_string()))?;
    ballista_scheduler::scheduler_process::start_server(cluster, bind, Arc::new(config)).await.map_err(|e| EngineError::Cluster(e.to_string()))
}

/// Run an executor that registers with the scheduler at `scheduler_url`, serving on `bind` (the
/// flight port) and `bind.port() + 1` (gRPC), until the process ends.
pub async fn run_executor(scheduler_url: &str, bind: SocketAddr, concurrency: usize, tax: &Taxonomy, work_dir: Option<String>) -> Result<(), EngineError> {
    let (host, port) = parse_url(scheduler_url)?;
    let mut registry = BallistaFunctionRegistry::default();
    for f in udf::udfs(tax)? {
        registry.scalar_functions.insert(f.name().to_string(), Arc::new(f));
    }
    let config = ExecutorProcessConfig {
        bind_host: bind.ip().to_string(),
        external_host: Some(bind.ip().to_string()),
        port: bind.port(),
        grpc_port: bind.port() + 1,
        scheduler_host: host,
        scheduler_port: port,
        vcores: concurrency.max(1),
        work_dir,
        override_function_registry: Some(Arc::new(registry)),
        ..Default::default()
    };
    start_executor_process(Arc::new(config)).await.map_err(|e| EngineError::Cluster(e.to_string()))
}
