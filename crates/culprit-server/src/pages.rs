//! The dashboard's pages, rendered on the server: plain HTML, one inline style sheet, charts as
//! inline SVG from culprit-report, forms for every action, and a few lines of inline script
//! only to follow a run in progress.

use crate::error::{Result, ServerError};
use crate::html::{card, error_box, error_page, escape, num, page, pct, thousands, usd, Table, CAVEAT};
use crate::state::{blocking, AppState};
use crate::workspace::RunStatus;
use crate::{api, company, orgs, runs, upload};
use axum::extract::{Form, Multipart, Path, Query, RawQuery, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use culprit_report::svg::{Bars, Fan, Lines};
use serde::Deserialize;
use serde_json::Value;
use std::fmt::Write;

/// Example plans offered in the editor (the files of examples/).
pub const EXAMPLES: [(&str, &str); 4] = [
    ("scenario-cut-managers.toml", include_str!("../../../examples/scenario-cut-managers.toml")),
    ("scenario-delayer-span8.toml", include_str!("../../../examples/scenario-delayer-span8.toml")),
    ("scenario-amazon-oct-2025.toml", include_str!("../../../examples/scenario-amazon-oct-2025.toml")),
    ("scenario-amazon-30k.toml", include_str!("../../../examples/scenario-amazon-30k.toml")),
];

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(overview))
        .route("/occupations", get(occupations))
        .route("/occupations/{soc}", get(occupation))
        .route("/org", get(org_index).post(org_upload))
        .route("/org/{id}", get(org_page))
        .route("/org/{id}/team/{manager}", get(team_page))
        .route("/scenarios", get(scenarios_index).post(scenario_new))
        .route("/scenarios/upload", post(scenario_upload))
        .route("/scenarios/compare", get(compare))
        .route("/scenarios/{id}", get(scenario_page).post(scenario_save))
        .route("/scenarios/{id}/run", post(scenario_run))
        .route("/runs/{id}", get(run_page))
        .route("/company", get(company_index).post(company_upload))
        .route("/company/{key}", get(company_page))
        .route("/events", get(events_page))
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

fn caveat() -> String {
    format!("<p class=\"caveat\">{}</p>", escape(&format!("{CAVEAT} Figures are from open data (O*NET, Eloundou et al., BLS OEWS, Microsoft Working with AI); every rule is in docs/method.md.")))
}

/// A headline figure with its raw value in `data-v`, so a test can check it against the API.
fn figure(label: &str, key: &str, raw: &Value, shown: String) -> String {
    let c = card(label, key, &shown);
    let raw = match raw {
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
<tr><td><a href=\"/events\">Events</a></td><td>Layoffs from layoffs.fyi and WARN notices.</td></tr></tbody></table>");
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

// ---------------------------------------------------------------- occupations

const SORTS: [(&str, &str); 10] = [
    ("employment", "employment"),
    ("wage", "median wage"),
    ("human_beta", "human β (headline)"),
    ("gpt4_beta", "GPT-4 β"),
    ("human_alpha", "human α"),
    ("human_gamma", "human γ"),
    ("gpt4_alpha", "GPT-4 α"),
    ("gpt4_gamma", "GPT-4 γ"),
    ("ms_ai_applicability", "AI applicability"),
    ("soc", "SOC code"),
];

async fn occupations(State(app): State<AppState>, Query(q): Query<api::OccupationQuery>) -> Response {
    let q2 = api::OccupationQuery { q: q.q.clone(), sort: q.sort.clone(), limit: q.limit };
    let list = blocking(move || api::occupation_list(&app, &q2)).await;
    let sort = q.sort.clone().unwrap_or_else(|| "employment".into());
    let mut b = String::from("<h1>Occupations</h1><p class=\"lead\">Every SOC 2018 occupation with its exposure to large language models under each measure. Search by words or code; sort by any measure.</p>");
    b.push_str(&caveat());
    let _ = write!(
        b,
        "<form class=\"inline\" method=\"get\" action=\"/occupations\"><label>search<input type=\"search\" name=\"q\" value=\"{}\" placeholder=\"e.g. human resources managers, 15-1252\"></label><label>sort by<select name=\"sort\">",
        escape(q.q.as_deref().unwrap_or(""))
    );
    for (k, label) in SORTS {
        let sel = if k == sort { " selected" } else { "" };
        let _ = write!(b, "<option value=\"{k}\"{sel}>{label}</option>");
    }
    let _ = write!(b, "</select></label><label>rows<input type=\"text\" name=\"limit\" value=\"{}\" size=\"5\"></label><button>Show</button></form>", q.limit.unwrap_or(100));
    match list {
        Ok(l) => {
            let _ = write!(b, "<p class=\"muted\">{} occupations{}; showing {}.</p>", thousands(l.total as f64, 0), if l.query.is_some() { " match" } else { "" }, l.rows.len());
            let mut t = Table::new(&["SOC", "occupation", "employment", "median wage", "human α", "human β", "human γ", "GPT-4 β", "AI applicability"]).numeric(&[2, 3, 4, 5, 6, 7, 8]).id("occupations");
            for r in &l.rows {
                t.row(vec![
                    format!("<a href=\"/occupations/{0}\">{0}</a>", escape(&r.soc)),
                    escape(&r.title),
                    num(r.employment, 0),
                    r.annual_median_wage.map(|w| usd(Some(w))).unwrap_or_else(|| "–".into()),
                    pct(r.human_alpha, 1),
                    pct(r.human_beta, 1),
                    pct(r.human_gamma, 1),
                    pct(r.gpt4_beta, 1),
                    r.ms_ai_applicability.map(|a| format!("{a:.3}")).unwrap_or_else(|| "–".into()),
                ]);
            }
            b.push_str(&t.render());
            page("Occupations", "/occupations", "", &b).into_response()
        }
        Err(e) => {
            b.push_str(&error_box(&e));
            (e.status(), page("Occupations", "/occupations", "", &b)).into_response()
        }
    }
}

async fn occupation(State(app): State<AppState>, Path(soc): Path<String>) -> Response {
    let view = blocking(move || api::occupation_view(&app, &soc)).await;
    let v = match view {
        Ok(v) => serde_json::to_value(v).unwrap_or_default(),
        Err(e) => return error_page("/occupations", "Occupation", &e),
    };
    let title = format!("{} {}", s(&v["soc"]), s(&v["title"]));
    let mut b = format!("<p><a href=\"/occupations\">← all occupations</a></p><h1>{}</h1>", escape(&title));
    b.push_str(&caveat());
    b.push_str("<div class=\"cards\">");
    b.push_str(&figure("employment (OEWS May 2025)", "employment", &v["employment"], num(f(&v["employment"]), 0)));
    b.push_str(&figure("annual median wage", "annual_median_wage", &v["annual_median_wage"], f(&v["annual_median_wage"]).map(|w| usd(Some(w))).unwrap_or("–".into())));
    b.push_str(&figure("annual mean wage", "annual_mean_wage", &v["annual_mean_wage"], f(&v["annual_mean_wage"]).map(|w| usd(Some(w))).unwrap_or("–".into())));
    b.push_str("</div><div class=\"grid2\"><div><h2>Exposure by measure</h2>");
    let mut t = Table::new(&["measure", "exposure", "rule"]).numeric(&[1]).id("measures");
    let mut bars = Bars { title: "Exposure by measure".into(), percent: true, ..Default::default() };
    for m in v["measures"].as_array().into_iter().flatten() {
        let name = s(&m["measure"]);
        let value = f(&m["value"]);
        let shown = if name == "ms_ai_applicability" { value.map(|x| format!("{x:.3}")).unwrap_or("–".into()) } else { pct(value, 1) };
        t.row(vec![escape(&name), format!("<span data-k=\"{}\" data-v=\"{}\">{}</span>", escape(&name), value.map(|x| x.to_string()).unwrap_or("null".into()), shown), escape(&s(&m["rule"]))]);
        if name != "ms_ai_applicability" {
            bars.rows.push((name.clone(), value.unwrap_or(f64::NAN), if name.starts_with("human") { "human".into() } else { "ai".into() }));
        }
    }
    b.push_str(&t.render());
    b.push_str("</div><div>");
    b.push_str(&bars.render());
    b.push_str("</div></div>");
    let mut o = Table::new(&["O*NET-SOC", "title", "job zone", "labelled tasks", "basis"]).numeric(&[2, 3]);
    for x in v["onet_occupations"].as_array().into_iter().flatten() {
        o.row(vec![escape(&s(&x["onet_soc"])), escape(&s(&x["title"])), s(&x["job_zone"]), s(&x["labeled_tasks"]), escape(&s(&x["exposure_basis"]))]);
    }
    b.push_str("<h2>O*NET occupations</h2>");
    b.push_str(&o.render());
    b.push_str("<h2>Tasks, most exposed first</h2><p class=\"muted\">Label: E0 no exposure, E1 an LLM alone halves the time, E2 an LLM with software built on it does. Task value (human β) = E1 + 0.5 × E2.</p>");
    let mut tasks: Vec<&Value> = v["tasks"].as_array().map(|a| a.iter().collect()).unwrap_or_default();
    tasks.sort_by(|a, b| f(&b["human_beta"]).unwrap_or(-1.0).total_cmp(&f(&a["human_beta"]).unwrap_or(-1.0)));
    let mut tt = Table::new(&["task", "type", "human label", "human β", "O*NET-SOC"]).numeric(&[3]).id("tasks");
    for x in tasks {
        tt.row(vec![escape(&s(&x["task"])), escape(&s(&x["task_type"])), escape(&s(&x["human_label"])), pct(f(&x["human_beta"]), 0), escape(&s(&x["onet_soc"]))]);
    }
    b.push_str(&tt.render());
    let srcs: Vec<String> = v["sources"].as_array().into_iter().flatten().map(s).collect();
    let _ = write!(b, "<p class=\"muted\">Sources: {}</p>", escape(&srcs.join("; ")));
    page(&title, "/occupations", "", &b).into_response()
}

// ---------------------------------------------------------------- organisations

fn org_index_html(app: &AppState, err: Option<&ServerError>) -> Html<String> {
    let mut b = String::from("<h1>Organisation</h1><p class=\"lead\">Upload an HR export (CSV with any delimiter, XLSX/XLS/ODS or Parquet): one row per person with an employee id and a manager id; title, level, department, location and pay enrich it. It is validated before anything is stored, and it stays on this machine.</p>");
    if let Some(e) = err {
        b.push_str(&error_box(e));
    }
    let _ = write!(
        b,
        "<form class=\"inline\" id=\"upload-org\" method=\"post\" action=\"/org\" enctype=\"multipart/form-data\"><label>HR export<input type=\"file\" name=\"file\" required></label><label>name (optional)<input type=\"text\" name=\"name\"></label><label><span><input type=\"checkbox\" name=\"repair\" value=\"true\"> apply the repair rules instead of refusing a file with problems</span></label><button>Upload and validate</button></form><p class=\"muted\">Limit {} MB. Pay is never shown for groups of fewer than {} people.</p>",
        app.config.max_upload_bytes / (1024 * 1024),
        app.privacy.min_group
    );
    let mut t = Table::new(&["id", "name", "people", "uploaded", "repaired"]).numeric(&[0, 2]).id("orgs");
    for o in app.workspace.orgs().unwrap_or_default() {
        t.row(vec![o.id.to_string(), format!("<a href=\"/org/{}\">{}</a>", o.id, escape(&o.name)), thousands(o.people as f64, 0), escape(&o.uploaded), if o.repaired { "yes" } else { "" }.into()]);
    }
    b.push_str("<h2>Uploaded organisations</h2>");
    b.push_str(if t.is_empty() { "<p class=\"muted\">None yet.</p>" } else { "" });
    if !t.is_empty() {
        b.push_str(&t.render());
    }
    page("Organisation", "/org", "", &b)
}

async fn org_index(State(app): State<AppState>) -> Response {
    org_index_html(&app, None).into_response()
}

async fn org_upload(State(app): State<AppState>, mp: Multipart) -> Response {
    let result = async {
        let up = upload::read(mp, app.config.max_upload_bytes).await?;
        let app2 = app.clone();
        blocking(move || orgs::store_upload(&app2, &up)).await
    }
    .await;
    match result {
        Ok(id) => Redirect::to(&format!("/org/{id}")).into_response(),
        Err(e) => (e.status(), org_index_html(&app, Some(&e))).into_response(),
    }
}

fn group_table(rows: &[Value], first: &str, id: &str) -> String {
    let mut t = Table::new(&[first, "people", "managers", "mean span", "off target", "payroll", "mean pay", "mean exposure", "AI-doable FTE"]).numeric(&[1, 2, 3, 4, 5, 6, 7, 8]).id(id);
    for r in rows {
        t.row(vec![
            escape(&s(&r["group"])),
            num(f(&r["people"]), 0),
            num(f(&r["managers"]), 0),
            num(f(&r["mean_span"]), 2),
            num(f(&r["managers_off_target"]), 0),
            usd(f(&r["payroll"])),
            usd(f(&r["mean_pay"])),
            pct(f(&r["exposure_mean"]), 1),
            num(f(&r["ai_doable_fte"]), 1),
        ]);
    }
    t.render()
}

async fn org_page(State(app): State<AppState>, Path(id): Path<i64>) -> Response {
    let v = match api::org_json(&app, id) {
        Ok(v) => v,
        Err(e) => return error_page("/org", "Organisation", &e),
    };
    let sm = &v["summary"];
    let name = s(&v["org"]["name"]);
    let mut b = format!("<p><a href=\"/org\">← organisations</a></p><h1>{}</h1>", escape(&name));
    b.push_str("<div class=\"cards\">");
    b.push_str(&figure("people", "people", &sm["people"], num(f(&sm["people"]), 0)));
    b.push_str(&figure("managers", "managers", &sm["managers"], format!("{} ({})", num(f(&sm["managers"]), 0), pct(f(&sm["manager_share"]), 1))));
    b.push_str(&figure("layers", "layers", &sm["layers"], s(&sm["layers"])));
    b.push_str(&figure("span: mean / median", "mean_span", &sm["mean_span"], format!("{} / {}", num(f(&sm["mean_span"]), 2), num(f(&sm["median_span"]), 1))));
    b.push_str(&figure("payroll (annual)", "payroll", &sm["payroll"], usd(f(&sm["payroll"]))));
    b.push_str(&figure("mean exposure (coded people)", "exposure_mean", &sm["exposure"]["exposure_mean"], pct(f(&sm["exposure"]["exposure_mean"]), 1)));
    b.push_str("</div>");
    b.push_str(&caveat());
    let imp = &sm["import"];
    let problems = imp["problems"].as_object().map(|o| o.iter().map(|(k, n)| format!("{n} {k}")).collect::<Vec<_>>().join(", ")).unwrap_or_default();
    let _ = write!(
        b,
        "<h2>Import and validation</h2><table><tbody><tr><th>source</th><td>{} ({}, {})</td></tr><tr><th>rows read / people kept</th><td class=\"n\">{} / {}</td></tr><tr><th>problems</th><td data-k=\"problems\">{}</td></tr><tr><th>title coder</th><td>{}</td></tr><tr><th>coded (low confidence) / uncoded</th><td class=\"n\">{} ({}) / {}</td></tr><tr><th>privacy</th><td>{}</td></tr></tbody></table>",
        escape(&s(&imp["path"])),
        escape(&s(&imp["format"])),
        escape(&s(&imp["encoding"])),
        num(f(&imp["rows_read"]), 0),
        num(f(&imp["people_kept"]), 0),
        if problems.is_empty() { "none".to_string() } else { escape(&problems) + if imp["repaired"] == Value::Bool(true) { " (repaired)" } else { "" } },
        escape(&s(&sm["exposure"]["coder"])),
        num(f(&sm["exposure"]["coded"]), 0),
        num(f(&sm["exposure"]["low_confidence"]), 0),
        num(f(&sm["exposure"]["uncoded"]), 0),
        escape(&s(&sm["privacy"]["rule"]))
    );
    let layers = v["groups"]["layers"].as_array().cloned().unwrap_or_default();
    b.push_str("<h2>Layers and spans</h2><div class=\"grid2\"><div>");
    let people_by_layer = Bars {
        title: "People by layer (1 = top)".into(),
        rows: layers.iter().map(|r| (format!("layer {}", s(&r["group"])), f(&r["people"]).unwrap_or(0.0), "kept".into())).collect(),
        ..Default::default()
    };
    b.push_str(&people_by_layer.render());
    b.push_str("</div><div>");
    let hist = Bars {
        title: "Managers by span (direct reports)".into(),
        rows: sm["span_histogram"].as_array().into_iter().flatten().map(|p| (s(&p[0]), f(&p[1]).unwrap_or(0.0), "asis".into())).collect(),
        ..Default::default()
    };
    b.push_str(&hist.render());
    b.push_str("</div></div>");
    let span_by_layer = Bars {
        title: "Mean span of managers by layer".into(),
        rows: layers.iter().filter(|r| f(&r["mean_span"]).is_some()).map(|r| (format!("layer {}", s(&r["group"])), f(&r["mean_span"]).unwrap_or(0.0), "tobe".into())).collect(),
        ..Default::default()
    };
    b.push_str(&span_by_layer.render());
    let _ = write!(
        b,
        "<p class=\"muted\">Managers off their archetype target: {} below, {} above ({}). One-over-one managers: {}. Layers per reporting line: mean {}.</p>",
        num(f(&sm["managers_below_target"]), 0),
        num(f(&sm["managers_above_target"]), 0),
        pct(f(&sm["managers_off_target_share"]), 1),
        num(f(&sm["one_over_one_managers"]), 0),
        num(f(&sm["mean_layers_per_line"]), 2)
    );
    let _ = write!(b, "<h2>Teams</h2><p>Drill down from the top: <a id=\"top-team\" href=\"/org/{id}/team/{0}\">team of {0}</a>.</p>", escape(&s(&sm["top"])));
    b.push_str("<h2>By layer</h2>");
    b.push_str(&group_table(&layers, "layer", "layers"));
    b.push_str("<h2>By department</h2>");
    b.push_str(&group_table(v["groups"]["departments"].as_array().map(|a| a.as_slice()).unwrap_or(&[]), "department", "departments"));
    b.push_str("<h2>By level</h2>");
    b.push_str(&group_table(v["groups"]["levels"].as_array().map(|a| a.as_slice()).unwrap_or(&[]), "level", "levels"));
    page(&name, "/org", "", &b).into_response()
}

async fn team_page(State(app): State<AppState>, Path((id, manager)): Path<(i64, String)>) -> Response {
    let v = match api::org_team(State(app.clone()), Path((id, manager))).await {
        Ok(axum::Json(v)) => v,
        Err(e) => return error_page("/org", "Team", &e),
    };
    let t = &v["team"]["team"];
    let title = format!("Team of {} ({})", s(&t["manager_id"]), s(&t["title"]));
    let mut b = format!("<p><a href=\"/org/{id}\">← organisation</a>");
    if let Some(up) = v["team"]["manager_of_manager"].as_str() {
        let _ = write!(b, " · <a href=\"/org/{id}/team/{0}\">up to the team of {0}</a>", escape(up));
    }
    let _ = write!(b, "</p><h1>{}</h1><p class=\"lead\">{} · level {} · layer {}</p>", escape(&title), escape(&s(&t["department"])), escape(&s(&t["level"])), s(&t["layer"]));
    b.push_str("<div class=\"cards\">");
    b.push_str(&figure("people in the team", "people", &t["people"], num(f(&t["people"]), 0)));
    b.push_str(&figure("direct reports", "span", &t["span"], num(f(&t["span"]), 0)));
    b.push_str(&figure("managers", "managers", &t["managers"], num(f(&t["managers"]), 0)));
    b.push_str(&figure("layers below", "layers_below", &t["layers_below"], s(&t["layers_below"])));
    b.push_str(&figure("payroll", "payroll", &t["payroll"], usd(f(&t["payroll"]))));
    b.push_str(&figure("mean exposure", "exposure_mean", &t["exposure_mean"], pct(f(&t["exposure_mean"]), 1)));
    b.push_str(&figure("AI-doable FTE", "ai_doable_fte", &t["ai_doable_fte"], num(f(&t["ai_doable_fte"]), 1)));
    b.push_str("</div>");
    b.push_str(&caveat());
    b.push_str("<h2>Direct reports</h2>");
    let mut tt = Table::new(&["employee id", "title", "level", "team size", "span", "occupation", "mean exposure", "AI-doable share"]).numeric(&[3, 4, 6, 7]).id("reports");
    for r in v["team"]["direct_reports"].as_array().into_iter().flatten() {
        let eid = s(&r["employee_id"]);
        let link = if r["is_manager"] == Value::Bool(true) { format!("<a href=\"/org/{id}/team/{0}\">{0}</a>", escape(&eid)) } else { escape(&eid) };
        tt.row(vec![link, escape(&s(&r["title"])), escape(&s(&r["level"])), num(f(&r["team_people"]), 0), num(f(&r["span"]), 0), escape(&s(&r["occupation"])), pct(f(&r["exposure_mean"]), 1), pct(f(&r["ai_doable_share"]), 1)]);
    }
    b.push_str(&tt.render());
    b.push_str("<p class=\"muted\">Person-level figures come from the occupation of the title, never from the person; no individual pay is shown.</p>");
    let bl = Bars {
        title: "People in this team by layer of the organisation".into(),
        rows: v["team"]["by_layer"].as_array().into_iter().flatten().map(|p| (format!("layer {}", s(&p[0])), f(&p[1]).unwrap_or(0.0), "kept".into())).collect(),
        ..Default::default()
    };
    b.push_str(&bl.render());
    page(&title, "/org", "", &b).into_response()
}

// ---------------------------------------------------------------- scenarios

#[derive(Debug, Deserialize)]
struct NewScenario {
    toml: Option<String>,
    example: Option<String>,
}

fn scenarios_index_html(app: &AppState, err: Option<&ServerError>, text: Option<&str>) -> Html<String> {
    let mut b = String::from("<h1>Scenarios</h1><p class=\"lead\">A plan is a TOML file of actions (cut, delayer, adopt AI) with assumptions; see docs/scenario.md. Save one, run it on an uploaded organisation, compare runs side by side.</p>");
    if let Some(e) = err {
        b.push_str(&error_box(e));
    }
    let mut t = Table::new(&["id", "plan", "version", "updated"]).numeric(&[0, 2]).id("scenarios");
    for sc in app.workspace.scenarios().unwrap_or_default() {
        t.row(vec![sc.id.to_string(), format!("<a href=\"/scenarios/{}\">{}</a>", sc.id, escape(&sc.name)), sc.version.to_string(), escape(&sc.updated)]);
    }
    b.push_str("<h2>Saved plans</h2>");
    b.push_str(&if t.is_empty() { "<p class=\"muted\">None yet.</p>".to_string() } else { t.render() });
    let runs = app.workspace.runs().unwrap_or_default();
    if !runs.is_empty() {
        b.push_str("<h2>Runs</h2><form method=\"get\" action=\"/scenarios/compare\" id=\"compare-form\">");
        let mut rt = Table::new(&["compare", "run", "plan", "version", "organisation", "status", "started"]).numeric(&[1, 3, 4]).id("runs");
        for r in &runs {
            let check = if r.status == RunStatus::Done { format!("<input type=\"checkbox\" name=\"run\" value=\"{}\">", r.id) } else { String::new() };
            rt.row(vec![check, format!("<a href=\"/runs/{0}\">{0}</a>", r.id), escape(&r.scenario_name), r.scenario_version.to_string(), format!("<a href=\"/org/{0}\">{0}</a>", r.org_id), r.status.as_str().to_string(), escape(&r.created)]);
        }
        b.push_str(&rt.render());
        b.push_str("<button>Compare selected runs</button></form>");
    }
    b.push_str("<h2>New plan</h2><form method=\"get\" action=\"/scenarios\" class=\"inline\"><label>start from an example<select name=\"example\">");
    for (n, _) in EXAMPLES {
        let _ = write!(b, "<option>{n}</option>");
    }
    b.push_str("</select></label><button class=\"secondary\">Load example</button></form>");
    let _ = write!(b, "<form method=\"post\" action=\"/scenarios\" id=\"new-scenario\"><textarea name=\"toml\" spellcheck=\"false\">{}</textarea><p><button>Save plan</button></p></form>", escape(text.unwrap_or(EXAMPLES[0].1)));
    b.push_str("<h3>Or upload a plan file</h3><form class=\"inline\" method=\"post\" action=\"/scenarios/upload\" enctype=\"multipart/form-data\"><input type=\"file\" name=\"file\" accept=\".toml\" required><button>Upload plan</button></form>");
    page("Scenarios", "/scenarios", "", &b)
}

async fn scenarios_index(State(app): State<AppState>, Query(q): Query<NewScenario>) -> Response {
    let text = q.example.as_deref().and_then(|n| EXAMPLES.iter().find(|e| e.0 == n)).map(|e| e.1);
    scenarios_index_html(&app, None, text).into_response()
}

async fn scenario_new(State(app): State<AppState>, Form(f): Form<NewScenario>) -> Response {
    let text = f.toml.unwrap_or_default();
    match api::checked_name("scenario.toml", &text).and_then(|name| Ok(app.workspace.insert_scenario(&name, &text)?)) {
        Ok(rec) => Redirect::to(&format!("/scenarios/{}", rec.id)).into_response(),
        Err(e) => (e.status(), scenarios_index_html(&app, Some(&e), Some(&text))).into_response(),
    }
}

async fn scenario_upload(State(app): State<AppState>, mp: Multipart) -> Response {
    let result = async {
        let up = upload::read(mp, app.config.max_upload_bytes).await?;
        let (name, text) = up.text("toml")?.ok_or_else(|| ServerError::BadRequest("no plan file in the upload".into()))?;
        let label = if name.is_empty() { "scenario.toml".to_string() } else { name };
        let plan_name = api::checked_name(&label, &text).map_err(|e| (e, text.clone()));
        match plan_name {
            Ok(n) => Ok(app.workspace.insert_scenario(&n, &text)?.id),
            Err((e, _)) => Err(e),
        }
    }
    .await;
    match result {
        Ok(id) => Redirect::to(&format!("/scenarios/{id}")).into_response(),
        Err(e) => (e.status(), scenarios_index_html(&app, Some(&e), None)).into_response(),
    }
}

fn scenario_html(app: &AppState, id: i64, err: Option<&ServerError>, edited: Option<(&str, i64)>) -> Result<Html<String>> {
    let sc = app.workspace.scenario(id)?;
    let (text, version) = edited.unwrap_or((&sc.toml, sc.version));
    let mut b = format!("<p><a href=\"/scenarios\">← scenarios</a></p><h1>{}</h1><p class=\"muted\">Version <span data-k=\"version\">{}</span>, saved {}.</p>", escape(&sc.name), sc.version, escape(&sc.updated));
    if let Some(e) = err {
        b.push_str(&error_box(e));
    }
    let orgs = app.workspace.orgs()?;
    b.push_str("<h2>Run</h2>");
    if orgs.is_empty() {
        b.push_str("<p>Upload an organisation first: <a href=\"/org\">Organisation</a>.</p>");
    } else {
        let _ = write!(b, "<form class=\"inline\" method=\"post\" action=\"/scenarios/{id}/run\" id=\"run-form\"><label>organisation<select name=\"org\">");
        for o in &orgs {
            let _ = write!(b, "<option value=\"{}\">{} ({} people)</option>", o.id, escape(&o.name), thousands(o.people as f64, 0));
        }
        b.push_str("</select></label><button>Run this plan</button></form>");
    }
    let _ = write!(
        b,
        "<h2>Edit</h2><form method=\"post\" action=\"/scenarios/{id}\" id=\"edit-form\"><input type=\"hidden\" name=\"version\" value=\"{version}\"><textarea name=\"toml\" spellcheck=\"false\">{}</textarea><p><button>Save</button> <span class=\"muted\">Saving checks the plan; if someone else saved since you opened it, nothing is overwritten.</span></p></form>",
        escape(text)
    );
    Ok(page(&sc.name, "/scenarios", "", &b))
}

async fn scenario_page(State(app): State<AppState>, Path(id): Path<i64>) -> Response {
    match scenario_html(&app, id, None, None) {
        Ok(h) => h.into_response(),
        Err(e) => error_page("/scenarios", "Scenario", &e),
    }
}

#[derive(Debug, Deserialize)]
struct SaveForm {
    toml: String,
    version: i64,
}

async fn scenario_save(State(app): State<AppState>, Path(id): Path<i64>, Form(f): Form<SaveForm>) -> Response {
    let r = api::checked_name(&format!("scenario-{id}.toml"), &f.toml).and_then(|name| Ok(app.workspace.update_scenario(id, f.version, &name, &f.toml)?));
    match r {
        Ok(_) => Redirect::to(&format!("/scenarios/{id}")).into_response(),
        Err(e) => {
            // Keep the user's text in the editor; on a conflict, say what to do.
            let e = match e {
                ServerError::Conflict { message, current_version } => ServerError::Conflict {
                    message: format!("{message}. Your text is kept below and was not saved: copy it, reload the page to see the saved version, and apply your change again."),
                    current_version,
                },
                other => other,
            };
            match scenario_html(&app, id, Some(&e), Some((&f.toml, f.version))) {
                Ok(h) => (e.status(), h).into_response(),
                Err(e2) => error_page("/scenarios", "Scenario", &e2),
            }
        }
    }
}

#[derive(Debug, Deserialize)]
struct RunForm {
    org: i64,
}

async fn scenario_run(State(app): State<AppState>, Path(id): Path<i64>, Form(f): Form<RunForm>) -> Response {
    let r = app.workspace.scenario(id).map_err(ServerError::from).and_then(|sc| runs::start(&app, &sc, f.org));
    match r {
        Ok(run_id) => Redirect::to(&format!("/runs/{run_id}")).into_response(),
        Err(e) => match scenario_html(&app, id, Some(&e), None) {
            Ok(h) => (e.status(), h).into_response(),
            Err(e2) => error_page("/scenarios", "Scenario", &e2),
        },
    }
}

const POLL: &str = "<script>(function(){var id=document.body.getAttribute('data-run');function tick(){fetch('/api/runs/'+id,{credentials:'same-origin'}).then(function(r){return r.json()}).then(function(r){if(r.status==='done'||r.status==='failed'){location.reload();return}var b=document.getElementById('bar');if(b){b.style.width=Math.round(r.progress*100)+'%'}var s=document.getElementById('stage');if(s){s.textContent=r.stage+' ('+Math.round(r.progress*100)+'%)'}setTimeout(tick,700)}).catch(function(){setTimeout(tick,2000)})}setTimeout(tick,500)})();</script>";

async fn run_page(State(app): State<AppState>, Path(id): Path<i64>) -> Response {
    let run = match app.workspace.run(id) {
        Ok(r) => r,
        Err(e) => return error_page("/scenarios", "Run", &e.into()),
    };
    let title = format!("Run {} — {}", run.id, run.scenario_name);
    let mut b = format!(
        "<p><a href=\"/scenarios/{}\">← plan</a> · <a href=\"/org/{}\">organisation {}</a></p><h1>{}</h1><p class=\"muted\">Plan version {}, started {}. Status: <b data-k=\"status\">{}</b></p>",
        run.scenario_id,
        run.org_id,
        run.org_id,
        escape(&title),
        run.scenario_version,
        escape(&run.created),
        run.status.as_str()
    );
    match run.status {
        RunStatus::Queued | RunStatus::Running => {
            let _ = write!(
                b,
                "<p id=\"stage\">{} ({:.0}%)</p><div class=\"progress\"><div id=\"bar\" style=\"width:{:.0}%\"></div></div><noscript><meta http-equiv=\"refresh\" content=\"2\"></noscript>{POLL}",
                escape(&run.stage),
                run.progress * 100.0,
                run.progress * 100.0
            );
            let html = page(&title, "/scenarios", "", &b).0.replacen("<body>", &format!("<body data-run=\"{}\">", run.id), 1);
            return Html(html).into_response();
        }
        RunStatus::Failed => {
            b.push_str(&error_box(&ServerError::invalid(run.error.clone().unwrap_or_default())));
        }
        RunStatus::Done => {
            if let Some(r) = &run.result {
                b.push_str(&run_result_html(r));
            }
        }
    }
    page(&title, "/scenarios", "", &b).into_response()
}

fn run_result_html(r: &Value) -> String {
    let sm = &r["summary"];
    let mut b = String::new();
    b.push_str(&caveat());
    if sm["pay_suppressed"] == Value::Bool(true) {
        b.push_str("<p class=\"caveat\">Fewer people are cut than the privacy threshold: payroll freed and every figure priced from it are suppressed.</p>");
    }
    b.push_str("<h2>Who leaves and what is saved</h2><div class=\"cards\">");
    b.push_str(&figure("people cut", "people_cut", &sm["people_cut"], num(f(&sm["people_cut"]), 0)));
    b.push_str(&figure("managers removed", "managers_removed", &sm["managers_removed"], num(f(&sm["managers_removed"]), 0)));
    b.push_str(&figure("payroll freed (per year)", "payroll_freed", &sm["payroll_freed"], usd(f(&sm["payroll_freed"]))));
    b.push_str(&figure("net saving, first year: p50", "net_saving_p50", &sm["net_saving"]["p50"], usd(f(&sm["net_saving"]["p50"]))));
    b.push_str(&figure("net saving p10", "net_saving_p10", &sm["net_saving"]["p10"], usd(f(&sm["net_saving"]["p10"]))));
    b.push_str(&figure("net saving p90", "net_saving_p90", &sm["net_saving"]["p90"], usd(f(&sm["net_saving"]["p90"]))));
    b.push_str(&figure("chance the plan loses money", "loss_probability", &sm["loss_probability"], pct(f(&sm["loss_probability"]), 1)));
    b.push_str("</div>");
    let mut fan = Fan { title: "Net saving: p10 – p50 – p90 over the Monte Carlo draws".into(), unit: "USD".into(), ..Default::default() };
    for (label, q) in [("first year", &sm["net_saving"]), ("recurring", &sm["net_saving_recurring"])] {
        if let (Some(a), Some(m), Some(c)) = (f(&q["p10"]), f(&q["p50"]), f(&q["p90"])) {
            fan.rows.push((label.into(), a, m, c));
        }
    }
    if !fan.rows.is_empty() {
        b.push_str(&fan.render());
    }
    b.push_str("<h2>Work removed</h2><div class=\"cards\">");
    b.push_str(&figure("work removed (FTE)", "work_removed_fte", &sm["work_removed_fte"], num(f(&sm["work_removed_fte"]), 1)));
    b.push_str(&figure(&format!("AI-doable (FTE, {})", s(&sm["measure"])), "ai_doable_fte", &sm["ai_doable_fte"], num(f(&sm["ai_doable_fte"]), 1)));
    b.push_str(&figure("human-only (FTE)", "human_only_fte", &sm["human_only_fte"], num(f(&sm["human_only_fte"]), 1)));
    b.push_str("</div>");
    let _ = write!(b, "<p class=\"muted\">AI-doable range across the six measures: {} to {} FTE.</p>", num(f(&sm["ai_doable_fte_low"]), 1), num(f(&sm["ai_doable_fte_high"]), 1));
    b.push_str("<h2>Payroll freed in compute</h2><div class=\"cards\">");
    let c = &r["compute"];
    b.push_str(&figure("H100 GPUs (bought)", "h100_equivalent", &c["h100_equivalent"], num(f(&c["h100_equivalent"]), 0)));
    b.push_str(&figure("H100-hours rented per year", "gpu_hours_per_year", &c["gpu_hours_per_year"], num(f(&c["gpu_hours_per_year"]), 0)));
    b.push_str(&figure("gigawatts of data centre", "gigawatts", &c["gigawatts"], num(f(&c["gigawatts"]), 4)));
    b.push_str(&figure("share of capex", "share_of_capex", &c["share_of_capex"], pct(f(&c["share_of_capex"]), 3)));
    b.push_str(&figure("share of capex growth", "share_of_capex_growth", &c["share_of_capex_growth"], pct(f(&c["share_of_capex_growth"]), 3)));
    b.push_str("</div>");
    let _ = write!(b, "<p class=\"muted\">At {} per H100, {} per GPU-hour, {} per GW{}.</p>", usd(f(&c["h100_price_usd"])), usd(f(&c["gpu_hour_price_usd"])), usd(f(&c["datacentre_cost_per_gw_usd"])), c["capex_label"].as_str().map(|l| format!("; capex: {}", escape(l))).unwrap_or_default());
    let bd = &r["breakdown"];
    b.push_str("<h2>Money</h2>");
    let mut t = Table::new(&["component", "amount"]).numeric(&[1]).id("money");
    for (k, label) in [
        ("gross_saving", "gross saving (per year, loaded)"),
        ("severance", "severance (one-off)"),
        ("rehire_cost", "rehires (per year)"),
        ("workslop_cost", "workslop (per year)"),
        ("failed_pilot_cost", "failed AI pilots (per year)"),
        ("net_saving_first_year", "net saving, first year (point)"),
        ("net_saving_recurring", "net saving, recurring (point)"),
    ] {
        t.row(vec![label.into(), usd(f(&bd[k]))]);
    }
    b.push_str(&t.render());
    let l = &r["load"];
    b.push_str("<h2>Survivors' load</h2><div class=\"cards\">");
    b.push_str(&figure("teams receiving work", "teams_receiving_work", &l["teams_receiving_work"], num(f(&l["teams_receiving_work"]), 0)));
    b.push_str(&figure(&format!("teams overloaded (> +{:.0}%)", f(&l["threshold"]).unwrap_or(0.0) * 100.0), "teams_overloaded", &l["teams_overloaded"], num(f(&l["teams_overloaded"]), 0)));
    b.push_str(&figure("mean added load", "mean_added_load_receiving", &l["mean_added_load_receiving"], pct(f(&l["mean_added_load_receiving"]), 1)));
    b.push_str(&figure("max added load", "max_added_load", &l["max_added_load"], pct(f(&l["max_added_load"]), 0)));
    b.push_str("</div>");
    let mut lt = Table::new(&["manager", "title", "department", "team size", "people lost into team", "human-only FTE", "added load per person"]).numeric(&[3, 4, 5, 6]).id("load");
    for x in r["teams"].as_array().into_iter().flatten().take(20) {
        lt.row(vec![escape(&s(&x["manager_id"])), escape(&s(&x["title"])), escape(&s(&x["department"])), num(f(&x["team_size"]), 0), num(f(&x["people_lost_into_team"]), 0), num(f(&x["human_only_fte"]), 2), pct(f(&x["added_load_per_person"]), 1)]);
    }
    b.push_str(&lt.render());
    b.push_str("<h2>Structure before and after</h2>");
    let _ = write!(b, "<p>Layers {} → {}; median span {} → {}; managers off their archetype target {} → {}.</p>", s(&sm["layers_before"]), s(&sm["layers_after"]), num(f(&sm["median_span_before"]), 1), num(f(&sm["median_span_after"]), 1), num(f(&sm["managers_off_target_before"]), 0), num(f(&sm["managers_off_target_after"]), 0));
    let deps = r["departments"].as_array().cloned().unwrap_or_default();
    let bars = Bars {
        title: "People by department: as-is and to-be".into(),
        rows: deps.iter().map(|d| (s(&d["group"]), f(&d["people_before"]).unwrap_or(0.0), "asis".into())).collect(),
        second: Some(("to-be".into(), deps.iter().map(|d| f(&d["people_after"]).unwrap_or(0.0)).collect())),
        first_label: Some("as-is".into()),
        ..Default::default()
    };
    b.push_str(&bars.render());
    let mut dt = Table::new(&["department", "people before", "after", "cut", "payroll before", "payroll after", "AI-doable FTE removed"]).numeric(&[1, 2, 3, 4, 5, 6]).id("departments");
    for d in &deps {
        dt.row(vec![escape(&s(&d["group"])), num(f(&d["people_before"]), 0), num(f(&d["people_after"]), 0), num(f(&d["people_cut"]), 0), usd(f(&d["payroll_before"])), usd(f(&d["payroll_after"])), num(f(&d["ai_doable_fte"]), 1)]);
    }
    b.push_str(&dt.render());
    b.push_str("<h2>Actions</h2>");
    let mut at = Table::new(&["line", "action", "what", "matched", "left", "demoted"]).numeric(&[0, 3, 4, 5]);
    for a in r["actions"].as_array().into_iter().flatten() {
        at.row(vec![s(&a["line"]), escape(&s(&a["action"])), escape(&s(&a["description"])), num(f(&a["matched"]), 0), num(f(&a["left"]), 0), num(f(&a["demoted"]), 0)]);
    }
    b.push_str(&at.render());
    for w in r["warnings"].as_array().into_iter().flatten() {
        let _ = write!(b, "<p class=\"caveat\">Warning: {}</p>", escape(&s(w)));
    }
    b.push_str("<details><summary>Assumptions used</summary>");
    let mut ast = Table::new(&["assumption", "value", "unit", "source"]).numeric(&[1]);
    for a in r["assumptions"].as_array().into_iter().flatten() {
        ast.row(vec![escape(&s(&a["key"])), num(f(&a["value"]), 2), escape(&s(&a["unit"])), escape(&s(&a["source"]))]);
    }
    b.push_str(&ast.render());
    b.push_str("</details>");
    b
}

async fn compare(State(app): State<AppState>, RawQuery(q): RawQuery) -> Response {
    let ids: Vec<i64> = q.unwrap_or_default().split('&').filter_map(|kv| kv.split_once('=')).filter(|(k, _)| *k == "run" || *k == "runs").flat_map(|(_, v)| v.split(['+', ',']).map(|x| x.to_string()).collect::<Vec<_>>()).filter_map(|x| x.parse().ok()).collect();
    if ids.is_empty() {
        return error_page("/scenarios", "Compare runs", &ServerError::BadRequest("choose runs to compare: /scenarios/compare?run=1&run=2".into()));
    }
    let mut runs = Vec::new();
    for id in ids {
        match app.workspace.run(id) {
            Ok(r) if r.result.is_some() => runs.push(r),
            Ok(r) => return error_page("/scenarios", "Compare runs", &ServerError::BadRequest(format!("run {} has no result ({:?})", r.id, r.status))),
            Err(e) => return error_page("/scenarios", "Compare runs", &e.into()),
        }
    }
    let mut b = String::from("<p><a href=\"/scenarios\">← scenarios</a></p><h1>Plans side by side</h1>");
    b.push_str(&caveat());
    let mut headers = vec!["".to_string()];
    headers.extend(runs.iter().map(|r| format!("run {}: {} (org {})", r.id, r.scenario_name, r.org_id)));
    let hdr: Vec<&str> = headers.iter().map(|s| s.as_str()).collect();
    let mut t = Table::new(&hdr).numeric(&(1..=runs.len()).collect::<Vec<_>>()).id("compare");
    let get = |r: &crate::workspace::RunRecord, path: &[&str]| -> Value {
        let mut v = r.result.clone().unwrap_or_default();
        for p in path {
            v = v[*p].clone();
        }
        v
    };
    type Fmt = fn(Option<f64>) -> String;
    let rows: [(&str, &[&str], Fmt); 14] = [
        ("people cut", &["summary", "people_cut"], |x| num(x, 0)),
        ("managers removed", &["summary", "managers_removed"], |x| num(x, 0)),
        ("payroll freed", &["summary", "payroll_freed"], usd),
        ("net saving p10", &["summary", "net_saving", "p10"], usd),
        ("net saving p50", &["summary", "net_saving", "p50"], usd),
        ("net saving p90", &["summary", "net_saving", "p90"], usd),
        ("chance of losing money", &["summary", "loss_probability"], |x| pct(x, 1)),
        ("AI-doable FTE removed", &["summary", "ai_doable_fte"], |x| num(x, 1)),
        ("human-only FTE removed", &["summary", "human_only_fte"], |x| num(x, 1)),
        ("teams overloaded", &["summary", "teams_overloaded"], |x| num(x, 0)),
        ("H100 equivalent", &["compute", "h100_equivalent"], |x| num(x, 0)),
        ("share of capex", &["compute", "share_of_capex"], |x| pct(x, 3)),
        ("layers after", &["summary", "layers_after"], |x| num(x, 0)),
        ("median span after", &["summary", "median_span_after"], |x| num(x, 1)),
    ];
    for (label, path, fmt) in rows {
        let mut cells = vec![escape(label)];
        cells.extend(runs.iter().map(|r| fmt(f(&get(r, path)))));
        t.row(cells);
    }
    b.push_str(&t.render());
    let mut fan = Fan { title: "Net saving, first year: p10 – p50 – p90".into(), unit: "USD".into(), ..Default::default() };
    for r in &runs {
        let q = get(r, &["summary", "net_saving"]);
        if let (Some(a), Some(m), Some(c)) = (f(&q["p10"]), f(&q["p50"]), f(&q["p90"])) {
            fan.rows.push((format!("run {}: {}", r.id, r.scenario_name), a, m, c));
        }
    }
    b.push_str(&fan.render());
    page("Compare runs", "/scenarios", "", &b).into_response()
}

// ---------------------------------------------------------------- company evidence

fn company_index_html(app: &AppState, err: Option<&ServerError>) -> Html<String> {
    let mut b = String::from("<h1>Company evidence</h1><p class=\"lead\">Was a layoff AI substitution, a way to fund AI capital spending, or the correction of pandemic over-hiring? A company profile (TOML, see docs/evidence.md) gives the scorecard of the three explanations, each with its numbers and sources.</p>");
    if let Some(e) = err {
        b.push_str(&error_box(e));
    }
    let mut t = Table::new(&["profile", "origin"]).id("profiles");
    for p in company::profiles(app).unwrap_or_default() {
        t.row(vec![format!("<a href=\"/company/{}\">{}</a>", escape(&p.key), escape(&p.name)), escape(&p.origin)]);
    }
    b.push_str("<h2>Profiles</h2>");
    b.push_str(&t.render());
    b.push_str("<h2>Upload a profile</h2><form class=\"inline\" method=\"post\" action=\"/company\" enctype=\"multipart/form-data\" id=\"upload-profile\"><input type=\"file\" name=\"file\" accept=\".toml\" required><button>Upload and build the scorecard</button></form>");
    page("Company evidence", "/company", "", &b)
}

async fn company_index(State(app): State<AppState>) -> Response {
    company_index_html(&app, None).into_response()
}

async fn company_upload(State(app): State<AppState>, mp: Multipart) -> Response {
    let result = async {
        let up = upload::read(mp, app.config.max_upload_bytes).await?;
        let (name, text) = up.text("toml")?.ok_or_else(|| ServerError::BadRequest("no profile file in the upload".into()))?;
        let origin = if name.is_empty() { "profile.toml".to_string() } else { name };
        let app2 = app.clone();
        blocking(move || api::store_profile(&app2, &origin, &text)).await
    }
    .await;
    match result {
        Ok(key) => Redirect::to(&format!("/company/{key}")).into_response(),
        Err(e) => (e.status(), company_index_html(&app, Some(&e))).into_response(),
    }
}

fn indicator_value(i: &Value) -> String {
    let Some(v) = f(&i["value"]) else { return String::new() };
    match i["unit"].as_str().unwrap_or("") {
        "people" | "gpus" | "gpu_hours" => thousands(v, 0),
        "usd" => usd(Some(v)),
        "share" => pct(Some(v), 1),
        "gw" => format!("{v:.2} GW"),
        "months" => format!("{v:.1} months"),
        "text" => String::new(),
        _ => thousands(v, 2),
    }
}

fn cell(c: &Value, header: &str) -> String {
    match c {
        Value::Number(n) => {
            let x = n.as_f64().unwrap_or(f64::NAN);
            let h = header.to_lowercase();
            if h.contains("share") || h.contains("exposure") || h.contains("/ trend") || h.contains("confidence") {
                pct(Some(x), 1)
            } else if h.contains("pay") && !h.contains("source") {
                usd(Some(x))
            } else if h.starts_with("gw") {
                format!("{x:.3}")
            } else {
                thousands(x, 0)
            }
        }
        Value::String(s) => escape(s),
        _ => String::new(),
    }
}

async fn company_page(State(app): State<AppState>, Path(key): Path<String>) -> Response {
    let k = key.clone();
    let card_v = match blocking(move || company::scorecard_for(&app, &k)).await {
        Ok(v) => v,
        Err(e) => return error_page("/company", "Company evidence", &e),
    };
    let c = &*card_v;
    let e = &c["event"];
    let title = format!("{} — layoff of {}", s(&c["company"]["name"]), s(&e["date"]));
    let mut b = format!("<p><a href=\"/company\">← profiles</a></p><h1>{}</h1>", escape(&title));
    let _ = write!(b, "<p class=\"lead\">{}{} people ({}). Source: {}</p>", if e["approximate"] == Value::Bool(true) { "about " } else { "" }, num(f(&e["count"]), 0), escape(&s(&e["scope"])), escape(&s(&e["source"])));
    b.push_str(&caveat());
    if let Some(t) = c["tables"].as_array().into_iter().flatten().find(|t| t["id"] == "headcount_trend") {
        let pts = |col: usize| -> Vec<(f64, f64)> { t["rows"].as_array().into_iter().flatten().filter_map(|r| Some((s(&r[0]).parse::<f64>().ok()?, f(&r[col]).unwrap_or(f64::NAN)))).collect() };
        let l = Lines { title: s(&t["title"]), unit: "people".into(), series: vec![("actual".into(), "actual".into(), pts(1)), ("pre-2020 trend".into(), "trend".into(), pts(2))], markers: vec![(2020.0, "pandemic".into())] };
        b.push_str(&l.render());
    }
    for (n, sec) in c["sections"].as_array().into_iter().flatten().enumerate() {
        let _ = write!(b, "<h2>{}. {}</h2><p><b>Test:</b> {}</p>", n + 1, escape(&s(&sec["title"])), escape(&s(&sec["test"])));
        let mut t = Table::new(&["indicator", "value", "detail"]).numeric(&[1]);
        for i in sec["indicators"].as_array().into_iter().flatten() {
            t.row(vec![escape(&s(&i["name"])), indicator_value(i), escape(&s(&i["detail"]))]);
        }
        if !t.is_empty() {
            b.push_str(&t.render());
        }
        let _ = write!(b, "<p><b>What it shows:</b> {}</p>", escape(&s(&sec["finding"])));
        let missing: Vec<String> = sec["missing"].as_array().into_iter().flatten().map(|m| format!("<li>{}</li>", escape(&s(m)))).collect();
        if !missing.is_empty() {
            let _ = write!(b, "<p><b>Missing:</b></p><ul>{}</ul>", missing.join(""));
        }
        b.push_str("<details><summary>Method and sources</summary><ul>");
        for i in sec["indicators"].as_array().into_iter().flatten() {
            let srcs: Vec<String> = i["sources"].as_array().into_iter().flatten().map(s).collect();
            let _ = write!(b, "<li>{}: {}. {}</li>", escape(&s(&i["name"])), escape(&s(&i["method"])), escape(&srcs.join("; ")));
        }
        b.push_str("</ul></details>");
    }
    let claims = c["claims"].as_array().cloned().unwrap_or_default();
    if !claims.is_empty() {
        b.push_str("<h2>Claims checked</h2>");
        let mut t = Table::new(&["claim", "source", "status", "what the numbers say"]);
        for cl in &claims {
            t.row(vec![escape(&s(&cl["text"])), escape(&s(&cl["source"])), escape(&s(&cl["status"]).replace('_', " ")), escape(&s(&cl["sentence"]))]);
        }
        b.push_str(&t.render());
    }
    for t in c["tables"].as_array().into_iter().flatten() {
        let headers: Vec<String> = t["headers"].as_array().into_iter().flatten().map(s).collect();
        let h: Vec<&str> = headers.iter().map(|x| x.as_str()).collect();
        let rows = t["rows"].as_array().cloned().unwrap_or_default();
        let numeric: Vec<usize> = (0..h.len()).filter(|&i| rows.iter().all(|r| !r[i].is_string() || r[i].as_str().is_some_and(|x| x.parse::<f64>().is_ok()))).collect();
        let mut tt = Table::new(&h).numeric(&numeric);
        for r in &rows {
            tt.row(headers.iter().enumerate().map(|(i, hd)| cell(&r[i], hd)).collect());
        }
        let _ = write!(b, "<h3>{}</h3>", escape(&s(&t["title"])));
        b.push_str(&tt.render());
    }
    let issues = c["issues"].as_array().cloned().unwrap_or_default();
    if !issues.is_empty() {
        b.push_str("<h2>Input issues (the rest was used)</h2><ul id=\"issues\">");
        for i in &issues {
            let _ = write!(b, "<li>{}: {}</li>", escape(&s(&i["location"])), escape(&s(&i["message"])));
        }
        b.push_str("</ul>");
    }
    b.push_str("<details><summary>Assumptions</summary><ul>");
    for a in c["assumptions"].as_array().into_iter().flatten() {
        let _ = write!(b, "<li>{} = {} {} ({})</li>", escape(&s(&a["key"])), num(f(&a["value"]), 2), escape(&s(&a["unit"])), escape(&s(&a["source"])));
    }
    b.push_str("</ul></details>");
    for n in c["notes"].as_array().into_iter().flatten() {
        let _ = write!(b, "<p class=\"muted\">Note: {}</p>", escape(&s(n)));
    }
    page(&title, "/company", "", &b).into_response()
}

// ---------------------------------------------------------------- events

async fn events_page(State(app): State<AppState>) -> Response {
    let v = match api::events_json(&app).await {
        Ok(v) => v,
        Err(e) => return error_page("/events", "Events", &e),
    };
    let mut b = String::from("<h1>Layoff events</h1><p class=\"lead\">Layoffs.fyi and state WARN notices from the data mirror, summarised apart and never added (one cut can be in both). Counts are of jobs on the rows counted; what could not be counted is listed with its reason.</p>");
    for src in v["sources"].as_array().into_iter().flatten() {
        let fam = s(&src["family"]);
        let _ = write!(
            b,
            "<h2>{}</h2><div class=\"cards\">{}{}{}</div>",
            escape(&fam.to_uppercase()),
            figure("rows read", &format!("{fam}_rows_read"), &src["rows_read"], num(f(&src["rows_read"]), 0)),
            figure("jobs counted", &format!("{fam}_jobs"), &src["counted_jobs"], num(f(&src["counted_jobs"]), 0)),
            figure("companies", &format!("{fam}_companies"), &src["companies"], num(f(&src["companies"]), 0))
        );
        let years: Vec<&Value> = src["by_year"].as_array().into_iter().flatten().collect();
        let bars = Bars {
            title: format!("Jobs by year ({fam})"),
            rows: years.iter().map(|y| (s(&y["key"]), f(&y["jobs"]).unwrap_or(0.0), "cut".into())).collect(),
            ..Default::default()
        };
        b.push_str(&bars.render());
        b.push_str("<div class=\"grid2\">");
        for (title, key) in [("By company (top)", "by_company"), ("By state / country (top)", "by_region")] {
            let mut t = Table::new(&[title, "rows", "jobs"]).numeric(&[1, 2]);
            for x in src[key].as_array().into_iter().flatten() {
                t.row(vec![escape(&s(&x["key"])), num(f(&x["rows"]), 0), num(f(&x["jobs"]), 0)]);
            }
            let _ = write!(b, "<div>{}</div>", t.render());
        }
        b.push_str("</div>");
        let mut t = Table::new(&["not counted: reason", "rows", "jobs on those rows"]).numeric(&[1, 2]);
        for x in src["not_counted"].as_array().into_iter().flatten() {
            t.row(vec![escape(&s(&x["reason"])), num(f(&x["rows"]), 0), num(f(&x["jobs"]), 0)]);
        }
        if !t.is_empty() {
            b.push_str(&t.render());
        }
    }
    b.push_str("<details><summary>Rules</summary><ul>");
    for r in v["rules"].as_array().into_iter().flatten() {
        let _ = write!(b, "<li>{}</li>", escape(&s(r)));
    }
    b.push_str("</ul></details>");
    page("Events", "/events", "", &b).into_response()
}
