//! `culprit serve`: the local web dashboard (crate culprit-server).

use anyhow::{anyhow, bail, Result};
use clap::Args;
use culprit_server::{Access, ServeConfig};
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// Address to listen on. Any address other than loopback requires a token on every request.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,
    /// Access token (at least 16 characters); default: generated and printed when one is needed.
    #[arg(long, env = "CULPRIT_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// Require a token even on a loopback address.
    #[arg(long)]
    pub require_token: bool,
    /// Folder for uploaded organisations, saved scenarios and runs
    /// (default: $CULPRIT_CACHE/workspace, else ~/.local/share/culprit/workspace).
    #[arg(long)]
    pub workspace: Option<PathBuf>,
    /// Largest upload accepted, in MB.
    #[arg(long, default_value_t = 200)]
    pub max_upload_mb: u64,
    /// Monte Carlo draws per scenario run.
    #[arg(long, default_value_t = 10_000)]
    pub draws: usize,
}

pub fn run(a: ServeArgs) -> Result<()> {
    if a.max_upload_mb == 0 {
        bail!("--max-upload-mb must be at least 1");
    }
    if a.draws == 0 {
        bail!("--draws must be at least 1");
    }
    let workspace = a.workspace.unwrap_or_else(culprit_server::config::default_workspace);
    let mut cfg = ServeConfig::new(a.bind, workspace.clone());
    cfg.token = a.token;
    cfg.require_token = a.require_token;
    cfg.max_upload_bytes = a.max_upload_mb * 1024 * 1024;
    cfg.draws = a.draws;
    culprit_server::serve_blocking(cfg, |addr, access| {
        println!("culprit serve: workspace {}", workspace.display());
        match access {
            Access::LocalOnly => println!("culprit serve: http://{addr}/ (this machine only; Ctrl-C to stop)"),
            Access::Token { token, generated } => {
                println!("culprit serve: http://{addr}/ requires a token on every request{}", if *generated { " (generated for this run)" } else { "" });
                println!("culprit serve: token {token}");
                println!("culprit serve: open http://{addr}/?token={token} once, or send `Authorization: Bearer {token}`");
            }
        }
    })
    .map_err(|e| anyhow!(e))
}
