//! Pages: company evidence (profiles, upload, the scorecard).

use super::*;
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

pub(super) async fn company_page(State(app): State<AppState>, Path(key): Path<String>) -> Response {
    let k = key.clone();
    let card_v = match blocking(move || crate::company::scorecard_for(&app, &k)).await {
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

