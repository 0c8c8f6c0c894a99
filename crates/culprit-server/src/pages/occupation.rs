//! Pages: the occupations table and one occupation.

use super::*;
// ---------------------------------------------------------------- occupations

const SORTS: [(&str, &str); 13] = [
    ("employment", "employment"),
    ("wage", "median wage"),
    ("human_beta", "human β (headline)"),
    ("gpt4_beta", "GPT-4 β"),
    ("human_alpha", "human α"),
    ("human_gamma", "human γ"),
    ("gpt4_alpha", "GPT-4 α"),
    ("gpt4_gamma", "GPT-4 γ"),
    ("ms_ai_applicability", "AI applicability"),
    ("observed_exposure", "observed exposure"),
    ("observed_usage", "observed usage"),
    ("observed_automation", "observed automation"),
    ("soc", "SOC code"),
];

pub(super) async fn occupations(State(app): State<AppState>, Query(q): Query<views::OccupationQuery>) -> Response {
    let q2 = views::OccupationQuery { q: q.q.clone(), sort: q.sort.clone(), limit: q.limit };
    let list = blocking(move || views::occupation_list(&app, &q2)).await;
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
            let mut t = Table::new(&["SOC", "occupation", "employment", "median wage", "human α", "human β", "human γ", "GPT-4 β", "AI applicability", "observed exposure"]).numeric(&[2, 3, 4, 5, 6, 7, 8, 9]).id("occupations");
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
                    pct(r.observed_exposure, 1),
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

pub(super) async fn occupation(State(app): State<AppState>, Path(soc): Path<String>) -> Response {
    let app2 = app.clone();
    let v = match blocking(move || views::occupation(&app, &soc)).await {
        Ok(v) => v,
        Err(e) => return error_page("/occupations", "Occupation", &e),
    };
    // A number that is not finite is written as null by the API, and shown as missing here.
    let fin = |x: Option<f64>| x.filter(|v| v.is_finite());
    let title = format!("{} {}", v.soc, v.title);
    let mut b = format!("<p><a href=\"/occupations\">← all occupations</a></p><h1>{}</h1>", escape(&title));
    b.push_str(&caveat());
    b.push_str("<div class=\"cards\">");
    b.push_str(&figure("employment (OEWS May 2025)", "employment", fin(v.employment), num(fin(v.employment), 0)));
    b.push_str(&figure("annual median wage", "annual_median_wage", fin(v.annual_median_wage), fin(v.annual_median_wage).map(|w| usd(Some(w))).unwrap_or("–".into())));
    b.push_str(&figure("annual mean wage", "annual_mean_wage", fin(v.annual_mean_wage), fin(v.annual_mean_wage).map(|w| usd(Some(w))).unwrap_or("–".into())));
    b.push_str("</div><div class=\"grid2\"><div><h2>Exposure by measure</h2>");
    let mut t = Table::new(&["measure", "exposure", "rule"]).numeric(&[1]).id("measures");
    let mut bars = Bars { title: "Exposure by measure".into(), percent: true, ..Default::default() };
    for m in &v.measures {
        let name = m.measure.to_string();
        let value = fin(m.value);
        let shown = if name == "ms_ai_applicability" { value.map(|x| format!("{x:.3}")).unwrap_or("–".into()) } else { pct(value, 1) };
        t.row(vec![escape(&name), format!("<span data-k=\"{}\" data-v=\"{}\">{}</span>", escape(&name), value.map(|x| x.to_string()).unwrap_or("null".into()), shown), escape(m.rule)]);
        if name != "ms_ai_applicability" {
            bars.rows.push((name.clone(), value.unwrap_or(f64::NAN), if name.starts_with("human") { "human".into() } else { "ai".into() }));
        }
    }
    b.push_str(&t.render());
    b.push_str("</div><div>");
    b.push_str(&bars.render());
    b.push_str("</div></div>");
    // Could versus does: theory against observed Claude use.
    let ob = &v.observed;
    b.push_str("<h2>Could versus does: observed AI use</h2>");
    let mut ot = Table::new(&["measure", "value", "rule"]).numeric(&[1]).id("observed");
    for (k, val, rule) in [
        ("theoretically exposed tasks (human β > 0)", ob.theoretical_share, "share of the task weight the release lists that is E1 or E2"),
        ("observed_usage", ob.observed_usage, "share of task weight with any Claude use"),
        ("observed_automation", ob.observed_automation, "usage-weighted share of use that automates"),
        ("observed_exposure", ob.observed_exposure, ob.rule),
    ] {
        ot.row(vec![escape(k), format!("<span data-k=\"{}\" data-v=\"{}\">{}</span>", escape(k), fin(val).map(|x| x.to_string()).unwrap_or("null".into()), pct(fin(val), 1)), escape(rule)]);
    }
    b.push_str(&ot.render());
    if let Some(g) = &ob.gap {
        let _ = write!(b, "<p class=\"muted\">{}</p>", escape(g));
    }
    if !ob.top_tasks.is_empty() {
        let mut tt = Table::new(&["most used task", "share of conversations", "automation", "human label"]).numeric(&[1, 2]).id("top_tasks");
        for x in &ob.top_tasks {
            tt.row(vec![escape(&x.task), pct(fin(x.usage_share), 3), pct(fin(x.automation_share), 0), escape(&name(x.human_label))]);
        }
        b.push_str(&tt.render());
    }
    let marked = vec![v.soc.clone()];
    if let Ok(svg) = blocking(move || app2.catalog().map(|cat| culprit_report::report::theory_vs_use_chart(&cat, &marked, "Theory against observed use, one point per occupation (this one marked)").svg())).await {
        b.push_str(&svg);
    }
    let mut o = Table::new(&["O*NET-SOC", "title", "job zone", "labelled tasks", "basis"]).numeric(&[2, 3]);
    for x in &v.onet_occupations {
        o.row(vec![escape(&x.onet_soc), escape(&x.title), x.job_zone.map(|z| z.to_string()).unwrap_or_default(), x.labeled_tasks.to_string(), escape(&name(x.exposure_basis))]);
    }
    b.push_str("<h2>O*NET occupations</h2>");
    b.push_str(&o.render());
    b.push_str("<h2>Tasks, most exposed first</h2><p class=\"muted\">Label: E0 no exposure, E1 an LLM alone halves the time, E2 an LLM with software built on it does. Task value (human β) = E1 + 0.5 × E2.</p>");
    let mut tasks: Vec<_> = v.tasks.iter().collect();
    tasks.sort_by(|a, b| fin(b.human_beta).unwrap_or(-1.0).total_cmp(&fin(a.human_beta).unwrap_or(-1.0)));
    let mut tt = Table::new(&["task", "type", "human label", "human β", "O*NET-SOC"]).numeric(&[3]).id("tasks");
    for x in tasks {
        tt.row(vec![escape(&x.task), escape(&name(x.task_type)), escape(&name(x.human_label)), pct(fin(x.human_beta), 0), escape(&x.onet_soc)]);
    }
    b.push_str(&tt.render());
    let _ = write!(b, "<p class=\"muted\">Sources: {}</p>", escape(&v.sources.join("; ")));
    page(&title, "/occupations", "", &b).into_response()
}
