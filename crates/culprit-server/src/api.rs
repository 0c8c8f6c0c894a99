//! The JSON API under /api: the same results the pages show, as typed JSON. Errors are
//! `{"error": ..., "status": ..., "line": ..., "problems": [...]}` with the HTTP status.

use crate::error::{Result, ServerError};
use crate::state::{blocking, AppState};
use crate::{company, orgs, runs, upload};
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Json;
use culprit_data::lookup::{self, Found, OccupationRow, OccupationView};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

#[derive(Debug, Deserialize, Default)]
pub struct OccupationQuery {
    pub q: Option<String>,
    pub sort: Option<String>,
    pub limit: Option<usize>,
}

#[derive(Debug, Serialize)]
pub struct OccupationList {
    pub query: Option<String>,
    pub sort: String,
    /// Occupations matching (all of them without a query).
    pub total: usize,
    pub rows: Vec<OccupationRow>,
    pub caveat: &'static str,
}

/// The occupations table: without `q` every SOC occupation sorted by `sort` (descending);
/// with `q`, the occupations matching the words or code, best first.
pub fn occupation_list(app: &crate::state::App, q: &OccupationQuery) -> Result<OccupationList> {
    let cat = app.catalog()?;
    let sort = q.sort.clone().filter(|s| !s.is_empty()).unwrap_or_else(|| "employment".into());
    let all = lookup::occupation_rows(&cat, &sort).map_err(ServerError::BadRequest)?;
    let limit = q.limit.unwrap_or(100).clamp(1, 5000);
    let query = q.q.clone().filter(|s| !s.trim().is_empty());
    let mut rows: Vec<OccupationRow> = match &query {
        None => all,
        Some(text) => {
            let idx: Vec<usize> = match lookup::find(&cat, text) {
                Found::None => Vec::new(),
                Found::One { soc, .. } => vec![soc],
                Found::Several(v) => v.into_iter().map(|(i, _, _)| i).collect(),
            };
            idx.iter().filter_map(|&i| all.iter().find(|r| r.soc == cat.socs[i].soc).cloned()).collect()
        }
    };
    let total = rows.len();
    rows.truncate(limit);
    Ok(OccupationList { query, sort, total, rows, caveat: crate::html::CAVEAT })
}

pub async fn occupations(State(app): State<AppState>, Query(q): Query<OccupationQuery>) -> Result<Json<OccupationList>> {
    Ok(Json(blocking(move || occupation_list(&app, &q)).await?))
}

pub fn occupation_view(app: &crate::state::App, soc: &str) -> Result<OccupationView> {
    let cat = app.catalog()?;
    let code = soc.trim();
    if !code.chars().all(|c| c.is_ascii_digit() || c == '-' || c == '.') || code.is_empty() {
        return Err(ServerError::BadRequest(format!("`{code}` is not a SOC code (15-1252) or an O*NET-SOC code (15-1252.00)")));
    }
    match lookup::find(&cat, code) {
        Found::One { soc, onet } => Ok(OccupationView::new(&cat, soc, onet)),
        _ => Err(ServerError::NotFound(format!("no occupation with the code {code}"))),
    }
}

pub async fn occupation(State(app): State<AppState>, Path(soc): Path<String>) -> Result<Json<OccupationView>> {
    Ok(Json(blocking(move || occupation_view(&app, &soc)).await?))
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
    Ok((StatusCode::CREATED, Json(org_json(&app, id)?)))
}

/// An organisation's record, summary and group roll-ups (pay suppressed by the org engine).
pub fn org_json(app: &crate::state::App, id: i64) -> Result<Value> {
    let rec = app.workspace.org(id)?;
    let (summary, groups) = app.workspace.org_json(id)?;
    let parse = |s: &str| serde_json::from_str::<Value>(s).map_err(|e| ServerError::Internal(e.to_string()));
    Ok(json!({ "org": rec, "summary": parse(&summary)?, "groups": parse(&groups)?, "caveat": crate::html::CAVEAT }))
}

pub async fn org_get(State(app): State<AppState>, Path(id): Path<i64>) -> Result<Json<Value>> {
    Ok(Json(org_json(&app, id)?))
}

pub async fn org_team(State(app): State<AppState>, Path((id, manager)): Path<(i64, String)>) -> Result<Json<Value>> {
    blocking(move || {
        let a = orgs::load(&app, id, &|_, _, _| {})?;
        let t = culprit_org::team(&a, &manager).map_err(|e| match e {
            culprit_org::OrgError::UnknownPerson(_) => ServerError::NotFound(e.to_string()),
            other => ServerError::BadRequest(other.to_string()),
        })?;
        Ok(Json(json!({ "org_id": id, "team": t, "caveat": crate::html::CAVEAT })))
    })
    .await
}

// ---- scenarios ----

#[derive(Debug, Deserialize)]
pub struct ScenarioBody {
    pub toml: String,
    /// Required by PUT: the version the edit is based on.
    pub version: Option<i64>,
}

/// The name a plan gives itself, after checking it parses (errors carry the line).
pub fn checked_name(file_label: &str, toml: &str) -> Result<String> {
    let plan = runs::parse(file_label, toml)?;
    Ok(if plan.name.trim().is_empty() { "unnamed plan".into() } else { plan.name })
}

pub async fn scenarios_list(State(app): State<AppState>) -> Result<Json<Value>> {
    Ok(Json(json!({ "scenarios": app.workspace.scenarios()?, "examples": crate::pages::EXAMPLES.iter().map(|e| e.0).collect::<Vec<_>>() })))
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

/// Check a profile (it must parse and give a scorecard) and store it. Blocking.
pub fn store_profile(app: &crate::state::App, origin: &str, text: &str) -> Result<String> {
    let card = company::scorecard(app, origin, text)?;
    let name = card["company"]["name"].as_str().unwrap_or(origin).to_string();
    let id = app.workspace.insert_profile(&name, text)?;
    let key = format!("p{id}");
    app.scorecards.lock().unwrap_or_else(|p| p.into_inner()).insert(key.clone(), std::sync::Arc::new(card));
    Ok(key)
}

pub async fn company_upload(State(app): State<AppState>, Json(b): Json<ProfileBody>) -> Result<impl IntoResponse> {
    let origin = b.name.clone().filter(|n| !n.trim().is_empty()).unwrap_or_else(|| "profile.toml".into());
    let app2 = app.clone();
    let key = blocking(move || store_profile(&app2, &origin, &b.toml)).await?;
    Ok((StatusCode::CREATED, Json(json!({ "key": key, "scorecard": format!("/api/company/{key}/scorecard") }))))
}

pub async fn company_scorecard(State(app): State<AppState>, Path(key): Path<String>) -> Result<Json<Value>> {
    let v = blocking(move || company::scorecard_for(&app, &key)).await?;
    Ok(Json((*v).clone()))
}

pub async fn events_json(app: &AppState) -> Result<std::sync::Arc<Value>> {
    app.events
        .get_or_init(|| async {
            match tokio::task::spawn_blocking(company::events_summary).await {
                Ok(Ok(v)) => Ok(std::sync::Arc::new(v)),
                Ok(Err(e)) => Err(e.to_string()),
                Err(e) => Err(e.to_string()),
            }
        })
        .await
        .clone()
        .map_err(ServerError::Unavailable)
}

pub async fn events(State(app): State<AppState>) -> Result<Json<Value>> {
    Ok(Json((*events_json(&app).await?).clone()))
}

pub async fn openapi() -> Json<Value> {
    Json(crate::openapi::document())
}
