//! culprit-server: `culprit serve`, the local web dashboard. Server-rendered pages (occupations,
//! organisation, scenarios, company evidence, events), a JSON API under /api with an OpenAPI
//! description, and a workspace (SQLite + Parquet) that survives restarts.
//!
//! [`router`] builds the whole application for a [`state::App`]; [`serve`] binds and runs it.

pub mod api;
pub mod auth;
pub mod company;
pub mod config;
pub mod error;
pub mod html;
pub mod openapi;
pub mod orgs;
pub mod pages;
pub mod runs;
pub mod state;
pub mod upload;
pub mod views;
pub mod workspace;

pub use config::{access_for, Access, ServeConfig};
pub use state::{App, AppState};

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post, MethodRouter};
use axum::Router;
use std::sync::Arc;

/// The API routes, as registered: (method, path). The OpenAPI document must describe each.
pub struct Routes {
    router: Router<AppState>,
    pub list: Vec<(&'static str, &'static str)>,
}

impl Routes {
    fn new() -> Routes {
        Routes { router: Router::new(), list: Vec::new() }
    }
    fn add(mut self, path: &'static str, methods: &[&'static str], mr: MethodRouter<AppState>) -> Routes {
        for m in methods {
            self.list.push((m, path));
        }
        self.router = self.router.route(path, mr);
        self
    }
}

/// Every route of the JSON API.
pub fn api_routes() -> Routes {
    Routes::new()
        .add("/api/openapi.json", &["get"], get(api::openapi))
        .add("/api/occupations", &["get"], get(api::occupations))
        .add("/api/occupations/{soc}", &["get"], get(api::occupation))
        .add("/api/exposure/summary", &["get"], get(api::exposure_summary))
        .add("/api/orgs", &["get", "post"], get(api::orgs_list).post(api::orgs_upload))
        .add("/api/orgs/{id}", &["get"], get(api::org_get))
        .add("/api/orgs/{id}/teams/{manager}", &["get"], get(api::org_team))
        .add("/api/scenarios", &["get", "post"], get(api::scenarios_list).post(api::scenario_create))
        .add("/api/scenarios/{id}", &["get", "put"], get(api::scenario_get).put(api::scenario_put))
        .add("/api/scenarios/{id}/run", &["post"], post(api::scenario_run))
        .add("/api/runs", &["get"], get(api::runs_list))
        .add("/api/runs/{id}", &["get"], get(api::run_get))
        .add("/api/company/profiles", &["get", "post"], get(api::company_profiles).post(api::company_upload))
        .add("/api/company/{key}/scorecard", &["get"], get(api::company_scorecard))
        .add("/api/events", &["get"], get(api::events))
        .add("/api/market", &["get"], get(api::market))
}

/// The whole application: pages, API, access control, upload limit.
pub fn router(app: AppState) -> Router {
    let limit = (app.config.max_upload_bytes as usize).saturating_add(1024 * 1024);
    let api = api_routes().router.fallback(|| async { error::ServerError::NotFound("no such API route (see /api/openapi.json)".into()) });
    Router::new()
        .merge(pages::routes())
        .merge(api)
        .layer(DefaultBodyLimit::max(limit))
        .layer(axum::middleware::from_fn_with_state(app.clone(), auth::guard))
        .with_state(app)
}

/// Open the workspace and build the application for a configuration.
pub fn build(config: ServeConfig) -> Result<(AppState, Router), String> {
    let access = access_for(&config)?;
    let app = Arc::new(App::new(config, access).map_err(|e| e.to_string())?);
    let r = router(app.clone());
    Ok((app, r))
}

/// Bind and serve until Ctrl-C. `on_ready` is called with the bound address (the port may be 0
/// in the configuration).
pub async fn serve(config: ServeConfig, on_ready: impl FnOnce(std::net::SocketAddr, &Access)) -> Result<(), String> {
    let bind = config.bind;
    let (app, router) = build(config)?;
    let listener = tokio::net::TcpListener::bind(bind).await.map_err(|e| format!("cannot listen on {bind}: {e}"))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    on_ready(addr, &app.access);
    // Load the catalog and the coder in the background so the first page is quick.
    let warm = app.clone();
    tokio::task::spawn_blocking(move || {
        let _ = warm.coder();
    });
    axum::serve(listener, router)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(|e| e.to_string())
}

/// Serve on a runtime of our own (for the CLI, which has none).
pub fn serve_blocking(config: ServeConfig, on_ready: impl FnOnce(std::net::SocketAddr, &Access)) -> Result<(), String> {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(|e| format!("cannot start the runtime: {e}"))?;
    rt.block_on(serve(config, on_ready))
}
