//! The page frame (navigation, one small inline style sheet, system fonts, nothing fetched from
//! the network), escaping, number formats and a table builder for the pages.

use culprit_data::numbers;
use crate::error::ServerError;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use std::fmt::Write;

pub use culprit_report::svg::escape;

pub const CAVEAT: &str = "Exposure is technical feasibility, not a probability of losing a job.";

const STYLE: &str = r#"
:root { color-scheme: light; --ink:#0f172a; --muted:#475569; --line:#e2e8f0; --accent:#1d4ed8; --bad:#b91c1c; --bg:#f8fafc; }
* { box-sizing: border-box; }
body { margin:0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color:var(--ink); background:#fff; }
header { background:var(--ink); color:#fff; padding:0 24px; display:flex; gap:28px; align-items:center; height:52px; }
header a { color:#cbd5e1; text-decoration:none; font-weight:500; }
header a.on, header a:hover { color:#fff; }
header .brand { color:#fff; font-weight:700; letter-spacing:.02em; margin-right:12px; }
main { max-width:1180px; margin:0 auto; padding:24px 24px 64px; }
h1 { font-size:26px; margin:8px 0 6px; } h2 { font-size:19px; margin:32px 0 10px; } h3 { font-size:16px; margin:20px 0 8px; }
p.lead { color:var(--muted); margin-top:0; max-width:820px; }
.caveat { border-left:4px solid #f59e0b; background:#fffbeb; padding:8px 12px; margin:14px 0; color:#78350f; font-size:14px; }
.error { border-left:4px solid var(--bad); background:#fef2f2; padding:10px 14px; margin:14px 0; color:#7f1d1d; white-space:pre-wrap; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size:13px; }
.ok { border-left:4px solid #047857; background:#ecfdf5; padding:8px 12px; margin:14px 0; }
table { border-collapse:collapse; margin:8px 0 16px; font-size:14px; }
th, td { padding:5px 10px; border-bottom:1px solid var(--line); text-align:left; vertical-align:top; }
th { background:var(--bg); font-weight:600; color:#334155; white-space:nowrap; }
td.n, th.n { text-align:right; font-variant-numeric: tabular-nums; white-space:nowrap; }
tr:hover td { background:#f8fafc; }
.cards { display:flex; flex-wrap:wrap; gap:12px; margin:12px 0 8px; }
.card { border:1px solid var(--line); border-radius:8px; padding:10px 14px; min-width:170px; }
.card .k { color:var(--muted); font-size:13px; } .card .v { font-size:21px; font-weight:650; font-variant-numeric: tabular-nums; }
form.inline { display:flex; gap:10px; align-items:end; flex-wrap:wrap; margin:10px 0; }
label { display:flex; flex-direction:column; font-size:13px; color:var(--muted); gap:3px; }
input, select, textarea, button { font: inherit; }
input[type=text], input[type=search], select { padding:5px 8px; border:1px solid #cbd5e1; border-radius:6px; min-width:180px; }
textarea { width:100%; min-height:380px; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size:13px; padding:10px; border:1px solid #cbd5e1; border-radius:6px; }
button { background:var(--accent); color:#fff; border:0; border-radius:6px; padding:6px 14px; cursor:pointer; }
button.secondary { background:#e2e8f0; color:var(--ink); }
a { color:var(--accent); }
.muted { color:var(--muted); font-size:13px; }
.grid2 { display:grid; grid-template-columns: 1fr 1fr; gap:24px; }
.progress { height:10px; background:var(--line); border-radius:5px; overflow:hidden; max-width:480px; }
.progress div { height:100%; background:var(--accent); }
svg { max-width:100%; height:auto; }
code { font-size:13px; background:var(--bg); padding:1px 4px; border-radius:4px; }
"#;

const NAV: [(&str, &str); 7] =
    [("/", "Overview"), ("/occupations", "Occupations"), ("/org", "Organisation"), ("/scenarios", "Scenarios"), ("/company", "Company evidence"), ("/events", "Events"), ("/market", "Market")];

/// A whole page. `active` is the navigation entry to highlight; `head_extra` goes into <head>
/// (a meta refresh for a run in progress).
pub fn page(title: &str, active: &str, head_extra: &str, body: &str) -> Html<String> {
    let mut nav = String::new();
    for (href, label) in NAV {
        let on = if href == active { " class=\"on\"" } else { "" };
        let _ = write!(nav, "<a href=\"{href}\"{on}>{label}</a>");
    }
    Html(format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; script-src 'unsafe-inline'; connect-src 'self'; form-action 'self'\">\
<link rel=\"icon\" href=\"data:,\"><title>{} · culprit</title><style>{STYLE}</style>{head_extra}</head><body><header><span class=\"brand\">culprit</span>{nav}</header><main>{body}</main></body></html>",
        escape(title)
    ))
}

/// An error box with the message as the CLI prints it.
pub fn error_box(e: &ServerError) -> String {
    let mut s = format!("<div class=\"error\" role=\"alert\" data-status=\"{}\">{}</div>", e.status().as_u16(), escape(&e.to_string()));
    if let ServerError::Invalid { problems, .. } = e {
        if !problems.is_empty() {
            let mut t = Table::new(&["line", "employee id", "problem", "detail"]).numeric(&[0]);
            for p in problems.iter().take(200) {
                t.row(vec![p.line.to_string(), escape(&p.employee_id), p.kind.label().to_string(), escape(&p.detail)]);
            }
            s.push_str(&format!("<h3>Problems ({} listed, first 200 shown)</h3>", problems.len()));
            s.push_str(&t.render());
        }
    }
    s
}

/// A page that shows an error, with its status code.
pub fn error_page(active: &str, title: &str, e: &ServerError) -> Response {
    let code = e.status();
    let code = if code == StatusCode::OK { StatusCode::INTERNAL_SERVER_ERROR } else { code };
    (code, page(title, active, "", &format!("<h1>{}</h1>{}", escape(title), error_box(e)))).into_response()
}

/// Thousands separators, `dp` decimals.
pub fn thousands(x: f64, dp: usize) -> String {
    numbers::grouped(x, dp).unwrap_or_else(|| "–".into())
}

pub fn usd(x: Option<f64>) -> String {
    match x {
        None => "suppressed".into(),
        Some(v) => numbers::usd_grouped(v).unwrap_or_default(),
    }
}

pub fn pct(x: Option<f64>, dp: usize) -> String {
    x.and_then(|v| numbers::percent(v, dp)).unwrap_or_else(|| "–".into())
}

pub fn num(x: Option<f64>, dp: usize) -> String {
    x.map(|v| thousands(v, dp)).unwrap_or_else(|| "–".into())
}

/// A table; cells are HTML (escape text before passing it). Numeric columns are right-aligned.
pub struct Table {
    headers: Vec<String>,
    numeric: Vec<usize>,
    rows: Vec<Vec<String>>,
    id: Option<String>,
}

impl Table {
    pub fn new(headers: &[&str]) -> Table {
        Table { headers: headers.iter().map(|h| escape(h)).collect(), numeric: Vec::new(), rows: Vec::new(), id: None }
    }
    pub fn numeric(mut self, cols: &[usize]) -> Table {
        self.numeric = cols.to_vec();
        self
    }
    pub fn id(mut self, id: &str) -> Table {
        self.id = Some(id.to_string());
        self
    }
    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
    pub fn render(&self) -> String {
        let mut s = match &self.id {
            Some(id) => format!("<table id=\"{}\"><thead><tr>", escape(id)),
            None => "<table><thead><tr>".to_string(),
        };
        for (i, h) in self.headers.iter().enumerate() {
            let c = if self.numeric.contains(&i) { " class=\"n\"" } else { "" };
            let _ = write!(s, "<th{c}>{h}</th>");
        }
        s.push_str("</tr></thead><tbody>");
        for r in &self.rows {
            s.push_str("<tr>");
            for (i, cell) in r.iter().enumerate() {
                let c = if self.numeric.contains(&i) { " class=\"n\"" } else { "" };
                let _ = write!(s, "<td{c}>{cell}</td>");
            }
            s.push_str("</tr>");
        }
        s.push_str("</tbody></table>");
        s
    }
}

/// A headline figure; `key` becomes `data-k` so tests can read the figure.
pub fn card(label: &str, key: &str, value: &str) -> String {
    format!("<div class=\"card\"><div class=\"k\">{}</div><div class=\"v\" data-k=\"{}\">{}</div></div>", escape(label), escape(key), escape(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_formats() {
        assert_eq!(thousands(1234567.0, 0), "1,234,567");
        assert_eq!(thousands(-1234.5, 1), "-1,234.5");
        assert_eq!(thousands(999.0, 0), "999");
        assert_eq!(usd(Some(2.5e9)), "$2.50 B");
        assert_eq!(usd(Some(1_234_567.0)), "$1.2 M");
        assert_eq!(usd(None), "suppressed");
        assert_eq!(pct(Some(0.1234), 1), "12.3%");
    }

    #[test]
    fn page_loads_nothing_from_the_network() {
        let Html(p) = page("T <x>", "/", "", "<p>hi</p>");
        assert!(p.contains("T &lt;x&gt;"));
        assert!(!p.contains("http://") && !p.contains("https://") && !p.contains("src=\"//"), "{p}");
        assert!(p.contains("default-src 'none'"));
    }
}
