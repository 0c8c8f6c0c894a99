//! Pages: scenario plans (list, editor, upload), runs (progress and result) and the comparison of runs.

use super::*;
use crate::views::{RunQuantiles, RunResult};
// ---------------------------------------------------------------- scenarios

#[derive(Debug, Deserialize)]
pub(super) struct NewScenario {
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

pub(super) async fn scenarios_index(State(app): State<AppState>, Query(q): Query<NewScenario>) -> Response {
    let text = q.example.as_deref().and_then(|n| EXAMPLES.iter().find(|e| e.0 == n)).map(|e| e.1);
    scenarios_index_html(&app, None, text).into_response()
}

pub(super) async fn scenario_new(State(app): State<AppState>, Form(f): Form<NewScenario>) -> Response {
    let text = f.toml.unwrap_or_default();
    match views::checked_name("scenario.toml", &text).and_then(|name| Ok(app.workspace.insert_scenario(&name, &text)?)) {
        Ok(rec) => Redirect::to(&format!("/scenarios/{}", rec.id)).into_response(),
        Err(e) => (e.status(), scenarios_index_html(&app, Some(&e), Some(&text))).into_response(),
    }
}

pub(super) async fn scenario_upload(State(app): State<AppState>, mp: Multipart) -> Response {
    let result = async {
        let up = upload::read(mp, app.config.max_upload_bytes).await?;
        let (name, text) = up.text("toml")?.ok_or_else(|| ServerError::BadRequest("no plan file in the upload".into()))?;
        let label = if name.is_empty() { "scenario.toml".to_string() } else { name };
        let plan_name = views::checked_name(&label, &text).map_err(|e| (e, text.clone()));
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

pub(super) async fn scenario_page(State(app): State<AppState>, Path(id): Path<i64>) -> Response {
    match scenario_html(&app, id, None, None) {
        Ok(h) => h.into_response(),
        Err(e) => error_page("/scenarios", "Scenario", &e),
    }
}

#[derive(Debug, Deserialize)]
pub(super) struct SaveForm {
    toml: String,
    version: i64,
}

pub(super) async fn scenario_save(State(app): State<AppState>, Path(id): Path<i64>, Form(f): Form<SaveForm>) -> Response {
    let r = views::checked_name(&format!("scenario-{id}.toml"), &f.toml).and_then(|name| Ok(app.workspace.update_scenario(id, f.version, &name, &f.toml)?));
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
pub(super) struct RunForm {
    org: i64,
}

pub(super) async fn scenario_run(State(app): State<AppState>, Path(id): Path<i64>, Form(f): Form<RunForm>) -> Response {
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

pub(super) async fn run_page(State(app): State<AppState>, Path(id): Path<i64>) -> Response {
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
                b.push_str(&run_result_html(&RunResult::of(r)));
            }
        }
    }
    page(&title, "/scenarios", "", &b).into_response()
}

fn run_result_html(r: &RunResult) -> String {
    let sm = &r.summary;
    let n = |x: Option<u64>| x.map(|v| v as f64);
    let q = |x: &Option<RunQuantiles>| x.unwrap_or_default();
    let mut b = String::new();
    b.push_str(&caveat());
    if sm.pay_suppressed {
        b.push_str("<p class=\"caveat\">Fewer people are cut than the privacy threshold: payroll freed and every figure priced from it are suppressed.</p>");
    }
    b.push_str("<h2>Who leaves and what is saved</h2><div class=\"cards\">");
    b.push_str(&figure("people cut", "people_cut", sm.people_cut, num(n(sm.people_cut), 0)));
    b.push_str(&figure("managers removed", "managers_removed", sm.managers_removed, num(n(sm.managers_removed), 0)));
    b.push_str(&figure("payroll freed (per year)", "payroll_freed", sm.payroll_freed, usd(sm.payroll_freed)));
    let ns = q(&sm.net_saving);
    b.push_str(&figure("net saving, first year: p50", "net_saving_p50", ns.p50, usd(ns.p50)));
    b.push_str(&figure("net saving p10", "net_saving_p10", ns.p10, usd(ns.p10)));
    b.push_str(&figure("net saving p90", "net_saving_p90", ns.p90, usd(ns.p90)));
    b.push_str(&figure("chance the plan loses money", "loss_probability", sm.loss_probability, pct(sm.loss_probability, 1)));
    b.push_str("</div>");
    let mut fan = Fan { title: "Net saving: p10 – p50 – p90 over the Monte Carlo draws".into(), unit: "USD".into(), ..Default::default() };
    for (label, x) in [("first year", q(&sm.net_saving)), ("recurring", q(&sm.net_saving_recurring))] {
        if let (Some(a), Some(m), Some(c)) = (x.p10, x.p50, x.p90) {
            fan.rows.push((label.into(), a, m, c));
        }
    }
    if !fan.rows.is_empty() {
        b.push_str(&fan.render());
    }
    b.push_str("<h2>Work removed</h2><div class=\"cards\">");
    b.push_str(&figure("work removed (FTE)", "work_removed_fte", sm.work_removed_fte, num(sm.work_removed_fte, 1)));
    b.push_str(&figure(&format!("AI-doable (FTE, {})", sm.measure), "ai_doable_fte", sm.ai_doable_fte, num(sm.ai_doable_fte, 1)));
    b.push_str(&figure("human-only (FTE)", "human_only_fte", sm.human_only_fte, num(sm.human_only_fte, 1)));
    b.push_str("</div>");
    let _ = write!(b, "<p class=\"muted\">AI-doable range across the six measures: {} to {} FTE.</p>", num(sm.ai_doable_fte_low, 1), num(sm.ai_doable_fte_high, 1));
    b.push_str("<h2>Payroll freed in compute</h2><div class=\"cards\">");
    let c = &r.compute;
    b.push_str(&figure("H100 GPUs (bought)", "h100_equivalent", c.h100_equivalent, num(c.h100_equivalent, 0)));
    b.push_str(&figure("H100-hours rented per year", "gpu_hours_per_year", c.gpu_hours_per_year, num(c.gpu_hours_per_year, 0)));
    b.push_str(&figure("gigawatts of data centre", "gigawatts", c.gigawatts, num(c.gigawatts, 4)));
    b.push_str(&figure("share of capex", "share_of_capex", c.share_of_capex, pct(c.share_of_capex, 3)));
    b.push_str(&figure("share of capex growth", "share_of_capex_growth", c.share_of_capex_growth, pct(c.share_of_capex_growth, 3)));
    b.push_str("</div>");
    let _ = write!(b, "<p class=\"muted\">At {} per H100, {} per GPU-hour, {} per GW{}.</p>", usd(c.h100_price_usd), usd(c.gpu_hour_price_usd), usd(c.datacentre_cost_per_gw_usd), c.capex_label.as_deref().map(|l| format!("; capex: {}", escape(l))).unwrap_or_default());
    let bd = &r.breakdown;
    b.push_str("<h2>Money</h2>");
    let mut t = Table::new(&["component", "amount"]).numeric(&[1]).id("money");
    for (x, label) in [
        (bd.gross_saving, "gross saving (per year, loaded)"),
        (bd.severance, "severance (one-off)"),
        (bd.rehire_cost, "rehires (per year)"),
        (bd.workslop_cost, "workslop (per year)"),
        (bd.failed_pilot_cost, "failed AI pilots (per year)"),
        (bd.net_saving_first_year, "net saving, first year (point)"),
        (bd.net_saving_recurring, "net saving, recurring (point)"),
    ] {
        t.row(vec![label.into(), usd(x)]);
    }
    b.push_str(&t.render());
    let l = &r.load;
    b.push_str("<h2>Survivors' load</h2><div class=\"cards\">");
    b.push_str(&figure("teams receiving work", "teams_receiving_work", l.teams_receiving_work, num(n(l.teams_receiving_work), 0)));
    b.push_str(&figure(&format!("teams overloaded (> +{:.0}%)", l.threshold.unwrap_or(0.0) * 100.0), "teams_overloaded", l.teams_overloaded, num(n(l.teams_overloaded), 0)));
    b.push_str(&figure("mean added load", "mean_added_load_receiving", l.mean_added_load_receiving, pct(l.mean_added_load_receiving, 1)));
    b.push_str(&figure("max added load", "max_added_load", l.max_added_load, pct(l.max_added_load, 0)));
    b.push_str("</div>");
    let mut lt = Table::new(&["manager", "title", "department", "team size", "people lost into team", "human-only FTE", "added load per person"]).numeric(&[3, 4, 5, 6]).id("load");
    for x in r.teams.iter().take(20) {
        lt.row(vec![escape(&x.manager_id), escape(&x.title), escape(&x.department), num(n(x.team_size), 0), num(n(x.people_lost_into_team), 0), num(x.human_only_fte, 2), pct(x.added_load_per_person, 1)]);
    }
    b.push_str(&lt.render());
    b.push_str("<h2>Structure before and after</h2>");
    let text = |x: Option<u64>| x.map(|v| v.to_string()).unwrap_or_default();
    let _ = write!(
        b,
        "<p>Layers {} → {}; median span {} → {}; managers off their archetype target {} → {}.</p>",
        text(sm.layers_before),
        text(sm.layers_after),
        num(sm.median_span_before, 1),
        num(sm.median_span_after, 1),
        num(n(sm.managers_off_target_before), 0),
        num(n(sm.managers_off_target_after), 0)
    );
    let deps = &r.departments;
    let bars = Bars {
        title: "People by department: as-is and to-be".into(),
        rows: deps.iter().map(|d| (d.group.clone(), n(d.people_before).unwrap_or(0.0), "asis".into())).collect(),
        second: Some(("to-be".into(), deps.iter().map(|d| n(d.people_after).unwrap_or(0.0)).collect())),
        first_label: Some("as-is".into()),
        ..Default::default()
    };
    b.push_str(&bars.render());
    let mut dt = Table::new(&["department", "people before", "after", "cut", "payroll before", "payroll after", "AI-doable FTE removed"]).numeric(&[1, 2, 3, 4, 5, 6]).id("departments");
    for d in deps {
        dt.row(vec![escape(&d.group), num(n(d.people_before), 0), num(n(d.people_after), 0), num(n(d.people_cut), 0), usd(d.payroll_before), usd(d.payroll_after), num(d.ai_doable_fte, 1)]);
    }
    b.push_str(&dt.render());
    b.push_str("<h2>Actions</h2>");
    let mut at = Table::new(&["line", "action", "what", "matched", "left", "demoted"]).numeric(&[0, 3, 4, 5]);
    for a in &r.actions {
        at.row(vec![text(a.line), escape(&a.action), escape(&a.description), num(n(a.matched), 0), num(n(a.left), 0), num(n(a.demoted), 0)]);
    }
    b.push_str(&at.render());
    for w in &r.warnings {
        let _ = write!(b, "<p class=\"caveat\">Warning: {}</p>", escape(w));
    }
    b.push_str("<details><summary>Assumptions used</summary>");
    let mut ast = Table::new(&["assumption", "value", "unit", "source"]).numeric(&[1]);
    for a in &r.assumptions {
        ast.row(vec![escape(&a.key), num(a.value, 2), escape(&a.unit), escape(&a.source)]);
    }
    b.push_str(&ast.render());
    b.push_str("</details>");
    b
}

pub(super) async fn compare(State(app): State<AppState>, RawQuery(q): RawQuery) -> Response {
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
    let results: Vec<RunResult> = runs.iter().map(|r| r.result.as_ref().map(RunResult::of).unwrap_or_default()).collect();
    let ns = |r: &RunResult| r.summary.net_saving.unwrap_or_default();
    type Fmt = fn(Option<f64>) -> String;
    type Get = fn(&RunResult) -> Option<f64>;
    let rows: [(&str, Get, Fmt); 14] = [
        ("people cut", |r| r.summary.people_cut.map(|v| v as f64), |x| num(x, 0)),
        ("managers removed", |r| r.summary.managers_removed.map(|v| v as f64), |x| num(x, 0)),
        ("payroll freed", |r| r.summary.payroll_freed, usd),
        ("net saving p10", |r| r.summary.net_saving.and_then(|q| q.p10), usd),
        ("net saving p50", |r| r.summary.net_saving.and_then(|q| q.p50), usd),
        ("net saving p90", |r| r.summary.net_saving.and_then(|q| q.p90), usd),
        ("chance of losing money", |r| r.summary.loss_probability, |x| pct(x, 1)),
        ("AI-doable FTE removed", |r| r.summary.ai_doable_fte, |x| num(x, 1)),
        ("human-only FTE removed", |r| r.summary.human_only_fte, |x| num(x, 1)),
        ("teams overloaded", |r| r.summary.teams_overloaded.map(|v| v as f64), |x| num(x, 0)),
        ("H100 equivalent", |r| r.compute.h100_equivalent, |x| num(x, 0)),
        ("share of capex", |r| r.compute.share_of_capex, |x| pct(x, 3)),
        ("layers after", |r| r.summary.layers_after.map(|v| v as f64), |x| num(x, 0)),
        ("median span after", |r| r.summary.median_span_after, |x| num(x, 1)),
    ];
    for (label, get, fmt) in rows {
        let mut cells = vec![escape(label)];
        cells.extend(results.iter().map(|r| fmt(get(r))));
        t.row(cells);
    }
    b.push_str(&t.render());
    let mut fan = Fan { title: "Net saving, first year: p10 – p50 – p90".into(), unit: "USD".into(), ..Default::default() };
    for (r, res) in runs.iter().zip(&results) {
        let q = ns(res);
        if let (Some(a), Some(m), Some(c)) = (q.p10, q.p50, q.p90) {
            fan.rows.push((format!("run {}: {}", r.id, r.scenario_name), a, m, c));
        }
    }
    b.push_str(&fan.render());
    page("Compare runs", "/scenarios", "", &b).into_response()
}

