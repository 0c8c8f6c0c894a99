//! Pages: layoff events (layoffs.fyi and WARN notices).

use super::*;
// ---------------------------------------------------------------- events

pub(super) async fn events_page(State(app): State<AppState>) -> Response {
    let v = match views::events(&app).await {
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

