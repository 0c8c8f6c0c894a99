//! Page: the whole market (the barometer of the WARN register), drawn from the same sections as
//! `culprit report market`.

use super::*;

pub(super) async fn market_page(State(app): State<AppState>) -> Response {
    let b = match views::market(&app).await {
        Ok(v) => v,
        Err(e) => return error_page("/market", "Market", &e),
    };
    let bt = &b.break_test;
    let mut body = String::from("<h1>The whole market: are AI-exposed jobs cut more than others?</h1><p class=\"lead\">Every WARN notice of the register (45 states and DC; California missing) matched to its industry, whose occupation mix gives the exposure of its jobs; the index divides the exposure of the jobs cut by the exposure of employment. Above 1, the notices fall on industries more exposed than employment as a whole.</p>");
    body.push_str(&caveat());
    let idx = |x: Option<f64>| x.map(|v| format!("{v:.2}")).unwrap_or_else(|| "n/a".into());
    let _ = write!(
        body,
        "<div class=\"cards\">{}{}{}{}</div>",
        figure(&format!("index before {}", bt.break_month), "index_before", bt.before.index, idx(bt.before.index)),
        figure(&format!("index from {}", bt.break_month), "index_after", bt.after.index, idx(bt.after.index)),
        figure("difference (95% CI)", "difference", bt.difference, format!("{} [{} to {}]", bt.difference.map(|d| format!("{d:+.3}")).unwrap_or_default(), bt.difference_ci_low.map(|d| format!("{d:+.3}")).unwrap_or_default(), bt.difference_ci_high.map(|d| format!("{d:+.3}")).unwrap_or_default())),
        figure("WARN jobs matched to an industry", "share_jobs_matched", b.matching.share_jobs_matched, pct(b.matching.share_jobs_matched, 1)),
    );
    for sec in culprit_report::market::market_sections(&b) {
        body.push_str(&culprit_report::report::section_html(&sec));
    }
    let _ = write!(body, "<p class=\"muted\">The same as JSON: <a href=\"/api/market\">/api/market</a>; on the command line: <code>culprit market barometer</code>, <code>culprit report market</code>.</p>");
    page("Market", "/market", "", &body).into_response()
}
