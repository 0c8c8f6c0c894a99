//! Pages: company evidence (profiles, upload, the scorecard).

use super::*;
use culprit_evidence::scorecard::{Cell, Indicator};
// ---------------------------------------------------------------- company evidence

fn company_index_html(app: &AppState, err: Option<&ServerError>) -> Html<String> {
    let mut b = String::from("<h1>Company evidence</h1><p class=\"lead\">Was a layoff AI substitution, a way to fund AI capital spending, or the correction of pandemic over-hiring? A company profile (TOML, see docs/evidence.md) gives the scorecard of the three explanations, each with its numbers and sources.</p>");
    if let Some(e) = err {
        b.push_str(&error_box(e));
    }
    let mut t = Table::new(&["profile", "origin"]).id("profiles");
    for p in crate::company::profiles(app).unwrap_or_default() {
        t.row(vec![format!("<a href=\"/company/{}\">{}</a>", escape(&p.key), escape(&p.name)), escape(&p.origin)]);
    }
    b.push_str("<h2>Profiles</h2>");
    b.push_str(&t.render());
    b.push_str("<h2>Upload a profile</h2><form class=\"inline\" method=\"post\" action=\"/company\" enctype=\"multipart/form-data\" id=\"upload-profile\"><input type=\"file\" name=\"file\" accept=\".toml\" required><button>Upload and build the scorecard</button></form>");
    page("Company evidence", "/company", "", &b)
}

pub(super) async fn company_index(State(app): State<AppState>) -> Response {
    company_index_html(&app, None).into_response()
}

pub(super) async fn company_upload(State(app): State<AppState>, mp: Multipart) -> Response {
    let result = async {
        let up = upload::read(mp, app.config.max_upload_bytes).await?;
        let (name, text) = up.text("toml")?.ok_or_else(|| ServerError::BadRequest("no profile file in the upload".into()))?;
        let origin = if name.is_empty() { "profile.toml".to_string() } else { name };
        let app2 = app.clone();
        blocking(move || views::store_profile(&app2, &origin, &text)).await
    }
    .await;
    match result {
        Ok(key) => Redirect::to(&format!("/company/{key}")).into_response(),
        Err(e) => (e.status(), company_index_html(&app, Some(&e))).into_response(),
    }
}

fn indicator_value(i: &Indicator) -> String {
    let Some(v) = i.value else { return String::new() };
    match i.unit.as_str() {
        "people" | "gpus" | "gpu_hours" => thousands(v, 0),
        "usd" => usd(Some(v)),
        "share" => pct(Some(v), 1),
        "gw" => format!("{v:.2} GW"),
        "months" => format!("{v:.1} months"),
        "text" => String::new(),
        _ => thousands(v, 2),
    }
}

fn cell(c: &Cell, header: &str) -> String {
    match c {
        // A number that is not finite is written as null, and shown as nothing.
        Cell::Number(x) if x.is_finite() => {
            let x = *x;
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
        Cell::Text(s) => escape(s),
        _ => String::new(),
    }
}

pub(super) async fn company_page(State(app): State<AppState>, Path(key): Path<String>) -> Response {
    let app2 = app.clone();
    let k = key.clone();
    let card = match blocking(move || crate::company::scorecard_for(&app, &k)).await {
        Ok(v) => v,
        Err(e) => return error_page("/company", "Company evidence", &e),
    };
    let c = &*card;
    let e = &c.event;
    let title = format!("{} — layoff of {}", c.company.name, name(e.date));
    let mut b = format!("<p><a href=\"/company\">← profiles</a></p><h1>{}</h1>", escape(&title));
    let _ = write!(b, "<p class=\"lead\">{}{} people ({}). Source: {}</p>", if e.approximate { "about " } else { "" }, num(Some(e.count as f64), 0), escape(&name(e.scope)), escape(&e.source));
    b.push_str(&caveat());
    let number = |c: &Cell| match c {
        Cell::Number(x) if x.is_finite() => Some(*x),
        _ => None,
    };
    if let Some(t) = c.tables.iter().find(|t| t.id == "headcount_trend") {
        let year = |c: &Cell| match c {
            Cell::Number(x) if x.is_finite() => Some(*x),
            Cell::Text(s) => s.parse::<f64>().ok(),
            _ => None,
        };
        let col = |name: &str| t.headers.iter().position(|h| h == name);
        let pts = |col: usize| -> Vec<(f64, f64)> { t.rows.iter().filter_map(|r| Some((year(r.first()?)?, r.get(col).and_then(number).unwrap_or(f64::NAN)))).collect() };
        let l = Lines { title: t.title.clone(), unit: "people".into(), series: vec![("actual".into(), "actual".into(), pts(col("actual").unwrap_or(1))), ("pre-2020 trend".into(), "trend".into(), pts(col("trend").unwrap_or(2)))], markers: vec![(2020.0, "pandemic".into())] };
        b.push_str(&l.render());
    }
    for (n, sec) in c.sections.iter().enumerate() {
        let _ = write!(b, "<h2>{}. {}</h2><p><b>Test:</b> {}</p>", n + 1, escape(&sec.title), escape(&sec.test));
        let mut t = Table::new(&["indicator", "value", "detail"]).numeric(&[1]);
        for i in &sec.indicators {
            t.row(vec![escape(&i.name), indicator_value(i), escape(i.detail.as_deref().unwrap_or(""))]);
        }
        if !t.is_empty() {
            b.push_str(&t.render());
        }
        let _ = write!(b, "<p><b>What it shows:</b> {}</p>", escape(&sec.finding));
        let missing: Vec<String> = sec.missing.iter().map(|m| format!("<li>{}</li>", escape(m))).collect();
        if !missing.is_empty() {
            let _ = write!(b, "<p><b>Missing:</b></p><ul>{}</ul>", missing.join(""));
        }
        b.push_str("<details><summary>Method and sources</summary><ul>");
        for i in &sec.indicators {
            let _ = write!(b, "<li>{}: {}. {}</li>", escape(&i.name), escape(&i.method), escape(&i.sources.join("; ")));
        }
        b.push_str("</ul></details>");
    }
    b.push_str("<h2 id=\"verdict\">Verdict</h2>");
    let _ = write!(b, "<p class=\"lead\">{}</p>", escape(&c.verdict.summary));
    let mut vt = Table::new(&["explanation", "strength", "deciding number", "why"]);
    for l in &c.verdict.lines {
        let decider = l
            .deciding_id
            .as_ref()
            .and_then(|id| c.sections.iter().flat_map(|s| &s.indicators).find(|i| &i.id == id))
            .map(|i| format!("{} = {}", escape(&i.id), indicator_value(i)))
            .unwrap_or_default();
        let why = format!("{}.{}", l.reason, l.would_decide.as_ref().map(|w| format!(" Would decide it: {w}.")).unwrap_or_default());
        vt.row(vec![escape(culprit_evidence::scorecard::explanation_name(l.explanation)), escape(l.strength.label()), decider, escape(&why)]);
    }
    b.push_str(&vt.render());
    // Could versus does: every occupation, theory against observed use, the roles cut marked.
    let cut: Vec<String> = c
        .tables
        .iter()
        .filter(|t| t.id == "roles_cut")
        .flat_map(|t| t.rows.iter())
        .filter_map(|r| match r.get(2) {
            Some(Cell::Text(s)) => Some(s.clone()),
            _ => None,
        })
        .collect();
    if !cut.is_empty() {
        if let Ok(svg) = blocking(move || app2.catalog().map(|cat| culprit_report::report::theory_vs_use_chart(&cat, &cut, "Theory against observed use, one point per occupation (the roles cut marked)").svg())).await {
            b.push_str("<h2>Could versus does</h2>");
            b.push_str(&svg);
        }
    }
    if !c.claims.is_empty() {
        b.push_str("<h2>Claims checked</h2>");
        let mut t = Table::new(&["claim", "source", "status", "what the numbers say"]);
        for cl in &c.claims {
            t.row(vec![escape(&cl.text), escape(&cl.source), escape(&name(cl.status).replace('_', " ")), escape(&cl.sentence)]);
        }
        b.push_str(&t.render());
    }
    for t in &c.tables {
        let h: Vec<&str> = t.headers.iter().map(|x| x.as_str()).collect();
        let numeric: Vec<usize> = (0..h.len()).filter(|&i| t.rows.iter().all(|r| !matches!(r.get(i), Some(Cell::Text(x)) if x.parse::<f64>().is_err()))).collect();
        let mut tt = Table::new(&h).numeric(&numeric);
        for r in &t.rows {
            tt.row(t.headers.iter().enumerate().map(|(i, hd)| r.get(i).map(|c| cell(c, hd)).unwrap_or_default()).collect());
        }
        let _ = write!(b, "<h3>{}</h3>", escape(&t.title));
        b.push_str(&tt.render());
    }
    if !c.issues.is_empty() {
        b.push_str("<h2>Input issues (the rest was used)</h2><ul id=\"issues\">");
        for i in &c.issues {
            let _ = write!(b, "<li>{}: {}</li>", escape(&i.location), escape(&i.message));
        }
        b.push_str("</ul>");
    }
    b.push_str("<details><summary>Assumptions</summary><ul>");
    for a in &c.assumptions {
        let _ = write!(b, "<li>{} = {} {} ({})</li>", escape(&a.key), num(Some(a.value).filter(|v| v.is_finite()), 2), escape(&a.unit), escape(&a.source));
    }
    b.push_str("</ul></details>");
    for n in &c.notes {
        let _ = write!(b, "<p class=\"muted\">Note: {}</p>", escape(n));
    }
    page(&title, "/company", "", &b).into_response()
}
