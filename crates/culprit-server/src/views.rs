//! Typed views: what the JSON API returns and the pages render, built once here. The API
//! serialises these structs; the pages read their fields (never JSON by key), so a renamed field
//! is a compile error in both places.

use crate::error::{Result, ServerError};
use crate::state::{App, AppState};
use crate::workspace::OrgRecord;
use culprit_data::lookup::{self, Found, OccupationRow, OccupationView};
use culprit_org::analyze::TeamView;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::sync::Arc;

// ---- occupations ----

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
/// with `q`, the occupations matching the words or code, best first. Blocking.
pub fn occupation_list(app: &App, q: &OccupationQuery) -> Result<OccupationList> {
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

/// One occupation by SOC or O*NET-SOC code. Blocking.
pub fn occupation(app: &App, soc: &str) -> Result<OccupationView> {
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

// ---- organisations ----

pub use crate::orgs::OrgGroups;

/// The organisation summary as stored at upload (`culprit_org::Summary` serialised, with the
/// upload's file name as its source). The fields the pages show are typed; the API returns the
/// whole summary (`rest` holds every other field as stored).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OrgSummary {
    pub people: u64,
    pub managers: u64,
    pub manager_share: Option<f64>,
    pub layers: u16,
    pub mean_span: Option<f64>,
    pub median_span: Option<f64>,
    pub payroll: Option<f64>,
    pub managers_below_target: u64,
    pub managers_above_target: u64,
    pub managers_off_target_share: Option<f64>,
    pub one_over_one_managers: u64,
    pub mean_layers_per_line: Option<f64>,
    pub span_histogram: Vec<(String, u64)>,
    pub top: String,
    pub exposure: OrgExposure,
    pub import: OrgImport,
    pub privacy: OrgPrivacy,
    #[serde(flatten)]
    pub rest: Map<String, Value>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OrgExposure {
    pub coder: String,
    pub coded: u64,
    pub low_confidence: u64,
    pub uncoded: u64,
    pub exposure_mean: Option<f64>,
    #[serde(flatten)]
    pub rest: Map<String, Value>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OrgImport {
    pub path: String,
    pub format: String,
    pub encoding: String,
    pub rows_read: u64,
    pub people_kept: u64,
    pub problems: BTreeMap<String, u64>,
    pub repaired: bool,
    #[serde(flatten)]
    pub rest: Map<String, Value>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OrgPrivacy {
    pub rule: String,
    #[serde(flatten)]
    pub rest: Map<String, Value>,
}

/// An organisation: its record, summary and group roll-ups.
#[derive(Debug, Clone, Serialize)]
pub struct OrgView {
    pub org: OrgRecord,
    pub summary: OrgSummary,
    pub groups: OrgGroups,
    pub caveat: &'static str,
}

pub fn org(app: &App, id: i64) -> Result<OrgView> {
    let rec = app.workspace.org(id)?;
    let (summary, groups) = app.workspace.org_json(id)?;
    let bad = |e: serde_json::Error| ServerError::Internal(format!("organisation {id}: stored summary unreadable: {e}"));
    Ok(OrgView { org: rec, summary: serde_json::from_str(&summary).map_err(bad)?, groups: serde_json::from_str(&groups).map_err(bad)?, caveat: crate::html::CAVEAT })
}

/// One team of an organisation.
#[derive(Debug, Clone, Serialize)]
pub struct TeamPage {
    pub org_id: i64,
    pub team: TeamView,
    pub caveat: &'static str,
}

/// The team of a manager, on the organisation's analysis (kept in memory). Blocking.
pub fn team(app: &App, id: i64, manager: &str) -> Result<TeamPage> {
    let a = crate::orgs::load(app, id, &|_, _, _| {})?;
    let t = culprit_org::team(&a, manager).map_err(|e| match e {
        culprit_org::OrgError::UnknownPerson(_) => ServerError::NotFound(e.to_string()),
        other => ServerError::BadRequest(other.to_string()),
    })?;
    Ok(TeamPage { org_id: id, team: t, caveat: crate::html::CAVEAT })
}

// ---- scenarios ----

/// Example plans offered in the editor (the files of examples/).
pub const EXAMPLES: [(&str, &str); 4] = [
    ("scenario-cut-managers.toml", include_str!("../../../examples/scenario-cut-managers.toml")),
    ("scenario-delayer-span8.toml", include_str!("../../../examples/scenario-delayer-span8.toml")),
    ("scenario-amazon-oct-2025.toml", include_str!("../../../examples/scenario-amazon-oct-2025.toml")),
    ("scenario-amazon-30k.toml", include_str!("../../../examples/scenario-amazon-30k.toml")),
];

/// The name a plan gives itself, after checking it parses (errors carry the line).
pub fn checked_name(file_label: &str, toml: &str) -> Result<String> {
    let plan = crate::runs::parse(file_label, toml)?;
    Ok(if plan.name.trim().is_empty() { "unnamed plan".into() } else { plan.name })
}

// ---- company evidence and events ----

/// Check a profile (it must parse and give a scorecard) and store it. Blocking.
pub fn store_profile(app: &App, origin: &str, text: &str) -> Result<String> {
    let card = crate::company::scorecard(app, origin, text)?;
    let name = card.company.name.clone();
    let id = app.workspace.insert_profile(&name, text)?;
    let key = format!("p{id}");
    app.scorecards.lock().unwrap_or_else(|p| p.into_inner()).insert(key.clone(), Arc::new(card));
    Ok(key)
}

/// The layoff events summary (computed once per process).
pub async fn events(app: &AppState) -> Result<Arc<culprit_evidence::events::EventsSummary>> {
    app.events
        .get_or_init(|| async {
            match tokio::task::spawn_blocking(crate::company::events_summary).await {
                Ok(Ok(v)) => Ok(Arc::new(v)),
                Ok(Err(e)) => Err(e.to_string()),
                Err(e) => Err(e.to_string()),
            }
        })
        .await
        .clone()
        .map_err(ServerError::Unavailable)
}

/// The market barometer (computed once per process, on first use).
pub async fn market(app: &AppState) -> Result<Arc<culprit_evidence::market::barometer::Barometer>> {
    let a = app.clone();
    app.market
        .get_or_init(|| async move {
            match tokio::task::spawn_blocking(move || crate::company::market_barometer(&a)).await {
                Ok(Ok(v)) => Ok(Arc::new(v)),
                Ok(Err(e)) => Err(e.to_string()),
                Err(e) => Err(e.to_string()),
            }
        })
        .await
        .clone()
        .map_err(ServerError::Unavailable)
}

// ---- scenario runs ----

/// A stored scenario result (`culprit_scenario::ScenarioResult` serialised, privacy applied) as
/// the run and compare pages read it. Every field is optional, so a result stored by an earlier
/// version still reads; the API returns the stored JSON itself.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct RunResult {
    pub summary: RunSummary,
    pub compute: RunCompute,
    pub breakdown: RunBreakdown,
    pub load: RunLoad,
    pub teams: Vec<RunTeam>,
    pub departments: Vec<RunGroup>,
    pub actions: Vec<RunAction>,
    pub warnings: Vec<String>,
    pub assumptions: Vec<RunAssumption>,
}

impl RunResult {
    pub fn of(v: &Value) -> RunResult {
        serde_json::from_value(v.clone()).unwrap_or_default()
    }
}

#[derive(Debug, Clone, Copy, Default, Deserialize)]
#[serde(default)]
pub struct RunQuantiles {
    pub p10: Option<f64>,
    pub p50: Option<f64>,
    pub p90: Option<f64>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct RunSummary {
    pub pay_suppressed: bool,
    pub measure: String,
    pub people_cut: Option<u64>,
    pub managers_removed: Option<u64>,
    pub payroll_freed: Option<f64>,
    pub net_saving: Option<RunQuantiles>,
    pub net_saving_recurring: Option<RunQuantiles>,
    pub loss_probability: Option<f64>,
    pub work_removed_fte: Option<f64>,
    pub ai_doable_fte: Option<f64>,
    pub ai_doable_fte_low: Option<f64>,
    pub ai_doable_fte_high: Option<f64>,
    pub human_only_fte: Option<f64>,
    pub teams_overloaded: Option<u64>,
    pub layers_before: Option<u64>,
    pub layers_after: Option<u64>,
    pub median_span_before: Option<f64>,
    pub median_span_after: Option<f64>,
    pub managers_off_target_before: Option<u64>,
    pub managers_off_target_after: Option<u64>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct RunCompute {
    pub h100_equivalent: Option<f64>,
    pub gpu_hours_per_year: Option<f64>,
    pub gigawatts: Option<f64>,
    pub share_of_capex: Option<f64>,
    pub share_of_capex_growth: Option<f64>,
    pub h100_price_usd: Option<f64>,
    pub gpu_hour_price_usd: Option<f64>,
    pub datacentre_cost_per_gw_usd: Option<f64>,
    pub capex_label: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct RunBreakdown {
    pub gross_saving: Option<f64>,
    pub severance: Option<f64>,
    pub rehire_cost: Option<f64>,
    pub workslop_cost: Option<f64>,
    pub failed_pilot_cost: Option<f64>,
    pub net_saving_first_year: Option<f64>,
    pub net_saving_recurring: Option<f64>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct RunLoad {
    pub threshold: Option<f64>,
    pub teams_receiving_work: Option<u64>,
    pub teams_overloaded: Option<u64>,
    pub mean_added_load_receiving: Option<f64>,
    pub max_added_load: Option<f64>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct RunTeam {
    pub manager_id: String,
    pub title: String,
    pub department: String,
    pub team_size: Option<u64>,
    pub people_lost_into_team: Option<u64>,
    pub human_only_fte: Option<f64>,
    pub added_load_per_person: Option<f64>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct RunGroup {
    pub group: String,
    pub people_before: Option<u64>,
    pub people_after: Option<u64>,
    pub people_cut: Option<u64>,
    pub payroll_before: Option<f64>,
    pub payroll_after: Option<f64>,
    pub ai_doable_fte: Option<f64>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct RunAction {
    pub line: Option<u64>,
    pub action: String,
    pub description: String,
    pub matched: Option<u64>,
    pub left: Option<u64>,
    pub demoted: Option<u64>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct RunAssumption {
    pub key: String,
    pub value: Option<f64>,
    pub unit: String,
    pub source: String,
}
