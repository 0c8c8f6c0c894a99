//! The dashboard's pages, rendered on the server: plain HTML, one inline style sheet, charts as
//! inline SVG from culprit-report, forms for every action, and a few lines of inline script
//! only to follow a run in progress.

use crate::error::{Result, ServerError};
use crate::html::{card, error_box, error_page, escape, num, page, pct, thousands, usd, Table, CAVEAT};
use crate::state::{blocking, AppState};
use crate::workspace::RunStatus;
use crate::views::{self, EXAMPLES};
use crate::{orgs, runs, upload};
use axum::extract::{Form, Multipart, Path, Query, RawQuery, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use culprit_report::svg::{Bars, Fan, Lines};
use serde::Deserialize;
use serde_json::Value;
use std::fmt::Write;

mod company;
mod events;
mod market;
mod occupation;
mod org;
mod scenario;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(overview))
        .route("/occupations", get(occupation::occupations))
        .route("/occupations/{soc}", get(occupation::occupation))
        .route("/org", get(org::org_index).post(org::org_upload))
        .route("/org/{id}", get(org::org_page))
        .route("/org/{id}/team/{manager}", get(org::team_page))
        .route("/scenarios", get(scenario::scenarios_index).post(scenario::scenario_new))
        .route("/scenarios/upload", post(scenario::scenario_upload))
        .route("/scenarios/compare", get(scenario::compare))
        .route("/scenarios/{id}", get(scenario::scenario_page).post(scenario::scenario_save))
        .route("/scenarios/{id}/run", post(scenario::scenario_run))
        .route("/runs/{id}", get(scenario::run_page))
        .route("/company", get(company::company_index).post(company::company_upload))
        .route("/company/{key}", get(company::company_page))
        .route("/events", get(events::events_page))
        .route("/market", get(market::market_page))
}

fn f(v: &Value) -> Option<f64> {
    v.as_f64()
}

fn s(v: &Value) -> String {
    match v {
        Value::String(x) => x.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// An enum or a date by its serialised name (as the API writes it).
fn name(x: impl serde::Serialize) -> String {
    s(&serde_json::to_value(x).unwrap_or_default())
}

fn caveat() -> String {
    format!("<p class=\"caveat\">{}</p>", escape(&format!("{CAVEAT} Figures are from open data (O*NET, Eloundou et al., BLS OEWS, Microsoft Working with AI); every rule is in docs/method.md.")))
}

/// A headline figure with its raw value in `data-v`, so a test can check it against the API.
fn figure(label: &str, key: &str, raw: impl serde::Serialize, shown: String) -> String {
    let c = card(label, key, &shown);
    let raw = match serde_json::to_value(raw).unwrap_or_default() {
        Value::Null => "null".to_string(),
        v => v.to_string(),
    };
    c.replacen("data-k=", &format!("data-v=\"{}\" data-k=", escape(&raw)), 1)
}

// ---------------------------------------------------------------- overview

async fn overview(State(app): State<AppState>) -> Response {
    let app2 = app.clone();
    let national = blocking(move || {
        let cat = app2.catalog()?;
        Ok(culprit_data::national::national_summary(&cat))
    })
    .await;
    let mut b = String::from("<h1>Is AI the real culprit of a layoff, or the scapegoat?</h1><p class=\"lead\">culprit joins what AI can do of each occupation's tasks, an organisation's structure, the economics of a cut and a company's public record — offline, on open data. Your HR export never leaves this machine.</p>");
    b.push_str(&caveat());
    let counts = (app.workspace.orgs().map(|v| v.len()).unwrap_or(0), app.workspace.scenarios().map(|v| v.len()).unwrap_or(0), app.workspace.runs().map(|v| v.len()).unwrap_or(0));
    b.push_str("<div class=\"cards\">");
    b.push_str(&card("organisations uploaded", "orgs", &counts.0.to_string()));
    b.push_str(&card("saved scenarios", "scenarios", &counts.1.to_string()));
    b.push_str(&card("scenario runs", "runs", &counts.2.to_string()));
    b.push_str("</div>");
    b.push_str("<h2>Where to go</h2><table><tbody>\
<tr><td><a href=\"/occupations\">Occupations</a></td><td>What could AI really do of this work? Every SOC occupation, each exposure measure, the tasks behind it.</td></tr>\
<tr><td><a href=\"/org\">Organisation</a></td><td>Upload an HR export: validation, layers and spans, payroll and exposure, team by team.</td></tr>\
<tr><td><a href=\"/scenarios\">Scenarios</a></td><td>Edit or upload a restructuring plan, run it on an organisation, compare plans side by side.</td></tr>\
<tr><td><a href=\"/company\">Company evidence</a></td><td>Why did this company cut? The scorecard of the three explanations.</td></tr>\
<tr><td><a href=\"/events\">Events</a></td><td>Layoffs from layoffs.fyi and WARN notices.</td></tr>\
<tr><td><a href=\"/market\">Market</a></td><td>The whole market: are AI-exposed jobs cut more than others, month by month?</td></tr></tbody></table>");
    match national {
        Ok(rows) => {
            b.push_str("<h2>National exposure (OEWS May 2025 employment)</h2>");
            let mut t = Table::new(&["measure", "workers in occupations ≥10% exposed", "≥50% exposed", "mean exposure"]).numeric(&[1, 2, 3]);
            let mut bars = Bars { title: "Mean exposure by measure".into(), percent: true, ..Default::default() };
            for r in &rows {
                let v = serde_json::to_value(r).unwrap_or_default();
                let name = s(&v["measure"]);
                t.row(vec![escape(&name), pct(f(&v["share_ge_10pct"]), 1), pct(f(&v["share_ge_50pct"]), 1), pct(f(&v["mean"]), 1)]);
                bars.rows.push((name.clone(), f(&v["mean"]).unwrap_or(f64::NAN), if name.starts_with("human") { "human".into() } else { "ai".into() }));
            }
            b.push_str(&t.render());
            b.push_str(&bars.render());
            b.push_str(&format!("<p class=\"muted\">Rule: {}</p>", escape(culprit_data::national::RULE)));
        }
        Err(e) => b.push_str(&error_box(&e)),
    }
    page("Overview", "/", "", &b).into_response()
}

