//! Pages: layoff events (layoffs.fyi and WARN notices).

use super::*;
// ---------------------------------------------------------------- events

pub(super) async fn events_page(State(app): State<AppState>) -> Response {
    let v = match views::events(&app).await {
        Ok(v) => v,
        Err(e) => return error_page("/events", "Events", &e),
    };
    let mut b = String::from("<h1>Layoff events</h1><p class=\"lead\">Layoffs.fyi and state WARN notices from the data mirror, summarised apart and never added (one cut can be in both). Counts are of jobs on the rows counted; what could not be counted is listed with its reason.</p>");
    for src in &v.sources {
        let fam = &src.family;
        let _ = write!(
            b,
            "<h2>{}</h2><div class=\"cards\">{}{}{}</div>",
            escape(&fam.to_uppercase()),
            figure("rows read", &format!("{fam}_rows_read"), src.rows_read, num(Some(src.rows_read as f64), 0)),
            figure("jobs counted", &format!("{fam}_jobs"), src.counted_jobs, num(Some(src.counted_jobs as f64), 0)),
            figure("companies", &format!("{fam}_companies"), src.companies, num(Some(src.companies as f64), 0))
        );
        let bars = Bars { title: format!("Jobs by year ({fam})"), rows: src.by_year.iter().map(|y| (y.key.clone(), y.jobs as f64, "cut".into())).collect(), ..Default::default() };
        b.push_str(&bars.render());
        b.push_str("<div class=\"grid2\">");
        for (title, rows) in [("By company (top)", &src.by_company), ("By state / country (top)", &src.by_region)] {
            let mut t = Table::new(&[title, "rows", "jobs"]).numeric(&[1, 2]);
            for x in rows {
                t.row(vec![escape(&x.key), num(Some(x.rows as f64), 0), num(Some(x.jobs as f64), 0)]);
            }
            let _ = write!(b, "<div>{}</div>", t.render());
        }
        b.push_str("</div>");
        let mut t = Table::new(&["not counted: reason", "rows", "jobs on those rows"]).numeric(&[1, 2]);
        for x in &src.not_counted {
            t.row(vec![escape(&x.reason), num(Some(x.rows as f64), 0), num(Some(x.jobs as f64), 0)]);
        }
        if !t.is_empty() {
            b.push_str(&t.render());
        }
    }
    b.push_str("<details><summary>Rules</summary><ul>");
    for r in &v.rules {
        let _ = write!(b, "<li>{}</li>", escape(r));
    }
    b.push_str("</ul></details>");
    page("Events", "/events", "", &b).into_response()
}

