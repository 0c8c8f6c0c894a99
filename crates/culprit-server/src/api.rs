//! The JSON API under /api: the same results the pages show, as typed JSON. Errors are
//! `{"error": ..., "status": ..., "line": ..., "problems": [...]}` with the HTTP status.

use crate::error::{Result, ServerError};
use crate::state::{blocking, AppState};
use crate::views::{self, checked_name, OccupationList, OccupationQuery, OrgView, TeamPage};
use crate::{company, orgs, runs, upload};
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Json;
use culprit_data::lookup::OccupationView;
use serde::Deserialize;
use serde_json::{json, Value};

pub async fn occupations(State(app): State<AppState>, Query(q): Query<OccupationQuery>) -> Result<Json<OccupationList>> {
    Ok(Json(blocking(move || views::occupation_list(&app, &q)).await?))
}

pub async fn occupation(State(app): State<AppState>, Path(soc): Path<String>) -> Result<Json<OccupationView>> {
    Ok(Json(blocking(move || views::occupation(&app, &soc)).await?))
}

pub async fn exposure_summary(State(app): State<AppState>) -> Result<Json<Value>> {
    blocking(move || {
        let cat = app.catalog()?;
        Ok(Json(json!({
            "measures": culprit_data::national::national_summary(&cat),
            "rule": culprit_data::national::RULE,
            "caveat": crate::html::CAVEAT,
        })))
    })
    .await
}

// ---- organisations ----

pub async fn orgs_list(State(app): State<AppState>) -> Result<Json<Value>> {
    Ok(Json(json!({ "orgs": app.workspace.orgs()? })))
}

pub async fn orgs_upload(State(app): State<AppState>, mp: Multipart) -> Result<impl IntoResponse> {
    let up = upload::read(mp, app.config.max_upload_bytes).await?;
    let app2 = app.clone();
    let id = blocking(move || orgs::store_upload(&app2, &up)).await?;
    Ok((StatusCode::CREATED, json(&views::org(&app, id)?)?))
}

/// A typed view as JSON with its keys in order (serde_json's map), as the API has always
/// written them.
fn json<T: serde::Serialize>(x: &T) -> Result<Json<Value>> {
    serde_json::to_value(x).map(Json).map_err(|e| ServerError::Internal(e.to_string()))
}

pub async fn org_get(State(app): State<AppState>, Path(id): Path<i64>) -> Result<Json<Value>> {
    json::<OrgView>(&views::org(&app, id)?)
}

pub async fn org_team(State(app): State<AppState>, Path((id, manager)): Path<(i64, String)>) -> Result<Json<Value>> {
    json::<TeamPage>(&blocking(move || views::team(&app, id, &manager)).await?)
}

// ---- scenarios ----

#[derive(Debug, Deserialize)]
pub struct ScenarioBody {
    pub toml: String,
    /// Required by PUT: the version the edit is based on.
    pub version: Option<i64>,
}

pub async fn scenarios_list(State(app): State<AppState>) -> Result<Json<Value>> {
    Ok(Json(json!({ "scenarios": app.workspace.scenarios()?, "examples": views::EXAMPLES.iter().map(|e| e.0).collect::<Vec<_>>() })))
}

pub async fn scenario_create(State(app): State<AppState>, Json(b): Json<ScenarioBody>) -> Result<impl IntoResponse> {
    let name = checked_name("scenario.toml", &b.toml)?;
    let rec = app.workspace.insert_scenario(&name, &b.toml)?;
    Ok((StatusCode::CREATED, Json(rec)))
}

pub async fn scenario_get(State(app): State<AppState>, Path(id): Path<i64>) -> Result<Json<Value>> {
    let s = app.workspace.scenario(id)?;
    Ok(Json(serde_json::to_value(s).unwrap_or_default()))
}

pub async fn scenario_put(State(app): State<AppState>, Path(id): Path<i64>, Json(b): Json<ScenarioBody>) -> Result<Json<Value>> {
    let Some(version) = b.version else { return Err(ServerError::BadRequest("`version` is required: the version your edit is based on".into())) };
    let name = checked_name(&format!("scenario-{id}.toml"), &b.toml)?;
    let s = app.workspace.update_scenario(id, version, &name, &b.toml)?;
    Ok(Json(serde_json::to_value(s).unwrap_or_default()))
}

#[derive(Debug, Deserialize)]
pub struct RunQuery {
    pub org: i64,
}

pub async fn scenario_run(State(app): State<AppState>, Path(id): Path<i64>, Query(q): Query<RunQuery>) -> Result<impl IntoResponse> {
    let s = app.workspace.scenario(id)?;
    let run_id = runs::start(&app, &s, q.org)?;
    Ok((StatusCode::ACCEPTED, Json(json!({ "run_id": run_id, "status_url": format!("/api/runs/{run_id}"), "page": format!("/runs/{run_id}") }))))
}

pub async fn runs_list(State(app): State<AppState>) -> Result<Json<Value>> {
    Ok(Json(json!({ "runs": app.workspace.runs()? })))
}

pub async fn run_get(State(app): State<AppState>, Path(id): Path<i64>) -> Result<Json<Value>> {
    Ok(Json(serde_json::to_value(app.workspace.run(id)?).unwrap_or_default()))
}

// ---- company evidence and events ----

pub async fn company_profiles(State(app): State<AppState>) -> Result<Json<Value>> {
    Ok(Json(json!({ "profiles": company::profiles(&app)? })))
}

#[derive(Debug, Deserialize)]
pub struct ProfileBody {
    pub name: Option<String>,
    pub toml: String,
}

pub async fn company_upload(State(app): State<AppState>, Json(b): Json<ProfileBody>) -> Result<impl IntoResponse> {
    let origin = b.name.clone().filter(|n| !n.trim().is_empty()).unwrap_or_else(|| "profile.toml".into());
    let app2 = app.clone();
    let key = blocking(move || views::store_profile(&app2, &origin, &b.toml)).await?;
    Ok((StatusCode::CREATED, Json(json!({ "key": key, "scorecard": format!("/api/company/{key}/scorecard") }))))
}

pub async fn company_scorecard(State(app): State<AppState>, Path(key): Path<String>) -> Result<Json<Value>> {
    let card = blocking(move || company::scorecard_for(&app, &key)).await?;
    Ok(Json(serde_json::to_value(&*card).map_err(|e| ServerError::Internal(e.to_string()))?))
}

pub async fn events(State(app): State<AppState>) -> Result<Json<Value>> {
    json(&*views::events(&app).await?)
}

pub async fn market(State(app): State<AppState>) -> Result<Json<Value>> {
    json(&*views::market(&app).await?)
}

pub async fn openapi() -> Json<Value> {
    Json(crate::openapi::document())
}
