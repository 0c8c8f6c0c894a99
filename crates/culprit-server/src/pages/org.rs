//! Pages: organisations (upload, the organisation, a team).

use super::*;
use culprit_org::rollup::GroupRow;
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

pub(super) async fn org_index(State(app): State<AppState>) -> Response {
    org_index_html(&app, None).into_response()
}

pub(super) async fn org_upload(State(app): State<AppState>, mp: Multipart) -> Response {
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

fn group_table(rows: &[GroupRow], first: &str, id: &str) -> String {
    let mut t = Table::new(&[first, "people", "managers", "mean span", "off target", "payroll", "mean pay", "mean exposure", "AI-doable FTE"]).numeric(&[1, 2, 3, 4, 5, 6, 7, 8]).id(id);
    for r in rows {
        t.row(vec![
            escape(&r.group),
            num(Some(r.people as f64), 0),
            num(Some(r.managers as f64), 0),
            num(r.mean_span, 2),
            num(Some(r.managers_off_target as f64), 0),
            usd(r.payroll),
            usd(r.mean_pay),
            pct(r.exposure.exposure_mean, 1),
            num(Some(r.exposure.ai_doable_fte), 1),
        ]);
    }
    t.render()
}

pub(super) async fn org_page(State(app): State<AppState>, Path(id): Path<i64>) -> Response {
    let v = match views::org(&app, id) {
        Ok(v) => v,
        Err(e) => return error_page("/org", "Organisation", &e),
    };
    let sm = &v.summary;
    let name = &v.org.name;
    let mut b = format!("<p><a href=\"/org\">← organisations</a></p><h1>{}</h1>", escape(name));
    b.push_str("<div class=\"cards\">");
    b.push_str(&figure("people", "people", sm.people, num(Some(sm.people as f64), 0)));
    b.push_str(&figure("managers", "managers", sm.managers, format!("{} ({})", num(Some(sm.managers as f64), 0), pct(sm.manager_share, 1))));
    b.push_str(&figure("layers", "layers", sm.layers, sm.layers.to_string()));
    b.push_str(&figure("span: mean / median", "mean_span", sm.mean_span, format!("{} / {}", num(sm.mean_span, 2), num(sm.median_span, 1))));
    b.push_str(&figure("payroll (annual)", "payroll", sm.payroll, usd(sm.payroll)));
    b.push_str(&figure("mean exposure (coded people)", "exposure_mean", sm.exposure.exposure_mean, pct(sm.exposure.exposure_mean, 1)));
    b.push_str("</div>");
    b.push_str(&caveat());
    let imp = &sm.import;
    let problems = imp.problems.iter().map(|(k, n)| format!("{n} {k}")).collect::<Vec<_>>().join(", ");
    let _ = write!(
        b,
        "<h2>Import and validation</h2><table><tbody><tr><th>source</th><td>{} ({}, {})</td></tr><tr><th>rows read / people kept</th><td class=\"n\">{} / {}</td></tr><tr><th>problems</th><td data-k=\"problems\">{}</td></tr><tr><th>title coder</th><td>{}</td></tr><tr><th>coded (low confidence) / uncoded</th><td class=\"n\">{} ({}) / {}</td></tr><tr><th>privacy</th><td>{}</td></tr></tbody></table>",
        escape(&imp.path),
        escape(&imp.format),
        escape(&imp.encoding),
        num(Some(imp.rows_read as f64), 0),
        num(Some(imp.people_kept as f64), 0),
        if problems.is_empty() { "none".to_string() } else { escape(&problems) + if imp.repaired { " (repaired)" } else { "" } },
        escape(&sm.exposure.coder),
        num(Some(sm.exposure.coded as f64), 0),
        num(Some(sm.exposure.low_confidence as f64), 0),
        num(Some(sm.exposure.uncoded as f64), 0),
        escape(&sm.privacy.rule)
    );
    let layers = &v.groups.layers;
    b.push_str("<h2>Layers and spans</h2><div class=\"grid2\"><div>");
    let people_by_layer = Bars {
        title: "People by layer (1 = top)".into(),
        rows: layers.iter().map(|r| (format!("layer {}", r.group), r.people as f64, "kept".into())).collect(),
        ..Default::default()
    };
    b.push_str(&people_by_layer.render());
    b.push_str("</div><div>");
    let hist = Bars { title: "Managers by span (direct reports)".into(), rows: sm.span_histogram.iter().map(|(k, n)| (k.clone(), *n as f64, "asis".into())).collect(), ..Default::default() };
    b.push_str(&hist.render());
    b.push_str("</div></div>");
    let span_by_layer = Bars {
        title: "Mean span of managers by layer".into(),
        rows: layers.iter().filter_map(|r| r.mean_span.map(|m| (format!("layer {}", r.group), m, "tobe".into()))).collect(),
        ..Default::default()
    };
    b.push_str(&span_by_layer.render());
    let _ = write!(
        b,
        "<p class=\"muted\">Managers off their archetype target: {} below, {} above ({}). One-over-one managers: {}. Layers per reporting line: mean {}.</p>",
        num(Some(sm.managers_below_target as f64), 0),
        num(Some(sm.managers_above_target as f64), 0),
        pct(sm.managers_off_target_share, 1),
        num(Some(sm.one_over_one_managers as f64), 0),
        num(sm.mean_layers_per_line, 2)
    );
    let _ = write!(b, "<h2>Teams</h2><p>Drill down from the top: <a id=\"top-team\" href=\"/org/{id}/team/{0}\">team of {0}</a>.</p>", escape(&sm.top));
    // The exposure charts are the report's own section (`culprit report org`), on the analysis
    // kept in memory.
    let app2 = app.clone();
    if let Ok(sec) = blocking(move || crate::orgs::load(&app2, id, &|_, _, _| {}).map(|a| culprit_report::report::org_exposure_section(&a))).await {
        b.push_str(&culprit_report::report::section_html(&sec));
    }
    b.push_str("<h2>By layer</h2>");
    b.push_str(&group_table(layers, "layer", "layers"));
    b.push_str("<h2>By department</h2>");
    b.push_str(&group_table(&v.groups.departments, "department", "departments"));
    b.push_str("<h2>By level</h2>");
    b.push_str(&group_table(&v.groups.levels, "level", "levels"));
    page(name, "/org", "", &b).into_response()
}

pub(super) async fn team_page(State(app): State<AppState>, Path((id, manager)): Path<(i64, String)>) -> Response {
    let app2 = app.clone();
    let v = match blocking(move || views::team(&app2, id, &manager)).await {
        Ok(v) => v,
        Err(e) => return error_page("/org", "Team", &e),
    };
    let t = &v.team.team;
    let title = format!("Team of {} ({})", t.manager_id, t.title);
    let mut b = format!("<p><a href=\"/org/{id}\">← organisation</a>");
    if let Some(up) = &v.team.manager_of_manager {
        let _ = write!(b, " · <a href=\"/org/{id}/team/{0}\">up to the team of {0}</a>", escape(up));
    }
    let _ = write!(b, "</p><h1>{}</h1><p class=\"lead\">{} · level {} · layer {}</p>", escape(&title), escape(&t.department), escape(&t.level), t.layer);
    b.push_str("<div class=\"cards\">");
    b.push_str(&figure("people in the team", "people", t.people, num(Some(t.people as f64), 0)));
    b.push_str(&figure("direct reports", "span", t.span, num(Some(t.span as f64), 0)));
    b.push_str(&figure("managers", "managers", t.managers, num(Some(t.managers as f64), 0)));
    b.push_str(&figure("layers below", "layers_below", t.layers_below, t.layers_below.to_string()));
    b.push_str(&figure("payroll", "payroll", t.payroll, usd(t.payroll)));
    b.push_str(&figure("mean exposure", "exposure_mean", t.exposure.exposure_mean, pct(t.exposure.exposure_mean, 1)));
    b.push_str(&figure("AI-doable FTE", "ai_doable_fte", t.exposure.ai_doable_fte, num(Some(t.exposure.ai_doable_fte), 1)));
    b.push_str("</div>");
    b.push_str(&caveat());
    b.push_str("<h2>Direct reports</h2>");
    let mut tt = Table::new(&["employee id", "title", "level", "team size", "span", "occupation", "mean exposure", "AI-doable share"]).numeric(&[3, 4, 6, 7]).id("reports");
    for r in &v.team.direct_reports {
        let link = if r.is_manager { format!("<a href=\"/org/{id}/team/{0}\">{0}</a>", escape(&r.employee_id)) } else { escape(&r.employee_id) };
        tt.row(vec![
            link,
            escape(&r.title),
            escape(&r.level),
            num(Some(r.team_people as f64), 0),
            num(Some(r.span as f64), 0),
            escape(&r.occupation),
            pct(r.exposure_mean, 1),
            pct(r.ai_doable_share, 1),
        ]);
    }
    b.push_str(&tt.render());
    b.push_str("<p class=\"muted\">Person-level figures come from the occupation of the title, never from the person; no individual pay is shown.</p>");
    let bl = Bars {
        title: "People in this team by layer of the organisation".into(),
        rows: v.team.by_layer.iter().map(|(l, n)| (format!("layer {l}"), *n as f64, "kept".into())).collect(),
        ..Default::default()
    };
    b.push_str(&bl.render());
    page(&title, "/org", "", &b).into_response()
}
