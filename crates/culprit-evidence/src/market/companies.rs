//! Companies in the market: every company with WARN jobs or layoffs.fyi events in a window (a
//! year), with its jobs in each source (never added: one cut can be in both), its industry and the
//! industry's exposure, and the command that shows its evidence.
//!
//! Rules: companies are joined across the two sources by their canonical name (the events
//! summary's rule: legal forms, markers and site suffixes removed); WARN jobs are those of the
//! notices counted by the barometer (matched to an industry) plus the notices set apart for no or
//! an unknown NAICS code (their jobs are real, their industry is not known); the industry shown is
//! the one with most of the company's WARN jobs; the exposure is jobs-weighted over its matched
//! notices.

use super::barometer::MarketData;
use super::{Month, SetApart};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

#[derive(Debug, Clone)]
pub struct CompanyFilter {
    pub from: Month,
    pub to: Month,
    pub states: Vec<String>,
    /// NAICS sector labels (`54 Professional, ...`); empty = all.
    pub sectors: Vec<String>,
    pub measure: usize,
}

impl CompanyFilter {
    pub fn year(year: i32, measure: usize) -> CompanyFilter {
        CompanyFilter { from: Month::new(year, 1), to: Month::new(year, 12), states: Vec::new(), sectors: Vec::new(), measure }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CompanyRow {
    pub company: String,
    /// Canonical key, as `events summary --company` takes it.
    pub key: String,
    pub cik: Option<String>,
    pub ticker: Option<String>,
    pub warn_jobs: u64,
    pub warn_notices: usize,
    /// WARN jobs whose industry is not known (no or unknown NAICS).
    pub warn_jobs_no_industry: u64,
    pub states: Vec<String>,
    pub industry: Option<String>,
    pub naics: Option<String>,
    /// Jobs-weighted industry exposure of its matched notices.
    pub exposure: Option<f64>,
    pub fyi_jobs: u64,
    pub fyi_events: usize,
    pub fyi_industry: Option<String>,
    /// The command that shows this company's evidence.
    pub evidence: String,
}

#[derive(Default)]
struct Acc {
    names: HashMap<String, usize>,
    cik: HashMap<String, usize>,
    ticker: HashMap<String, usize>,
    warn_jobs: u64,
    warn_notices: usize,
    no_ind: u64,
    states: BTreeSet<String>,
    industries: HashMap<(String, String), u64>,
    w: f64,
    wj: f64,
    fyi_jobs: u64,
    fyi_events: usize,
    fyi_industry: HashMap<String, usize>,
}

fn most<K: Clone + Ord>(m: &HashMap<K, impl Copy + Ord>) -> Option<K> {
    m.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))).map(|(k, _)| k.clone())
}

/// Companies with jobs in the window, largest first (by the larger of their WARN and layoffs.fyi jobs).
pub fn companies(data: &MarketData, f: &CompanyFilter) -> Vec<CompanyRow> {
    let t = &data.table;
    let mut acc: BTreeMap<String, Acc> = BTreeMap::new();
    let in_window = |m: Option<Month>| m.is_some_and(|m| m >= f.from && m <= f.to);
    let state_ok = |s: &Option<String>| f.states.is_empty() || s.as_deref().is_some_and(|x| f.states.iter().any(|y| y.eq_ignore_ascii_case(x)));
    for n in &data.notices {
        if !in_window(n.month()) || !state_ok(&n.state) {
            continue;
        }
        let r = &data.warn[n.record];
        if r.key.is_empty() {
            continue;
        }
        let jobs = n.jobs.unwrap_or(0);
        let matched = match &n.status {
            Ok(h) => {
                if !f.sectors.is_empty() && !f.sectors.contains(&h.sector) {
                    continue;
                }
                Some(h)
            }
            Err(SetApart::NoNaics | SetApart::UnknownNaics) if f.sectors.is_empty() => None,
            Err(_) => continue,
        };
        let a = acc.entry(r.key.clone()).or_default();
        *a.names.entry(r.display.clone()).or_default() += 1;
        if let Some(c) = &r.cik {
            *a.cik.entry(c.clone()).or_default() += 1;
        }
        if let Some(c) = &r.ticker {
            *a.ticker.entry(c.clone()).or_default() += 1;
        }
        a.warn_jobs += jobs;
        a.warn_notices += 1;
        if let Some(s) = &n.state {
            a.states.insert(s.clone());
        }
        match matched {
            Some(h) => {
                let ind = &t.industries[&h.oews_code];
                *a.industries.entry((ind.name.clone(), h.naics.clone())).or_default() += jobs;
                let e = ind.exposure[f.measure];
                if e.is_finite() {
                    a.w += jobs as f64 * e;
                    a.wj += jobs as f64;
                }
            }
            None => a.no_ind += jobs,
        }
    }
    for ev in &data.fyi_events {
        let r = &data.fyi[ev.record];
        if !in_window(ev.month) || r.key.is_empty() || matches!(ev.status, Err(super::fyi::FyiApart::Duplicate)) {
            continue;
        }
        if !f.sectors.is_empty() && !matches!(&ev.status, Ok((_, label)) if f.sectors.contains(label)) {
            continue;
        }
        if !f.states.is_empty() {
            continue; // layoffs.fyi gives cities, not states: a state filter leaves it out.
        }
        let a = acc.entry(r.key.clone()).or_default();
        *a.names.entry(r.display.clone()).or_default() += 1;
        a.fyi_jobs += ev.jobs.unwrap_or(0);
        a.fyi_events += 1;
        if let Some(i) = &r.industry {
            *a.fyi_industry.entry(i.clone()).or_default() += 1;
        }
    }
    let mut rows: Vec<CompanyRow> = acc
        .into_iter()
        .map(|(key, a)| {
            let ind = most(&a.industries);
            let company = most(&a.names).unwrap_or_else(|| key.clone());
            // The company's scorecard, assembled from public records by ticker, CIK or name
            // (the seed case has its written profile).
            let evidence = if key == "amazon" {
                "culprit company report examples/amazon.toml".to_string()
            } else {
                let q = most(&a.ticker).or_else(|| most(&a.cik)).unwrap_or_else(|| key.clone());
                format!("culprit company report --company {}", shell_word(&q))
            };
            CompanyRow {
                company,
                cik: most(&a.cik),
                ticker: most(&a.ticker),
                warn_jobs: a.warn_jobs,
                warn_notices: a.warn_notices,
                warn_jobs_no_industry: a.no_ind,
                states: a.states.into_iter().collect(),
                industry: ind.as_ref().map(|(n, _)| n.clone()),
                naics: ind.map(|(_, c)| c),
                exposure: (a.wj > 0.0).then(|| a.w / a.wj),
                fyi_jobs: a.fyi_jobs,
                fyi_events: a.fyi_events,
                fyi_industry: most(&a.fyi_industry),
                evidence,
                key,
            }
        })
        .collect();
    rows.sort_by(|a, b| b.warn_jobs.max(b.fyi_jobs).cmp(&a.warn_jobs.max(a.fyi_jobs)).then(a.key.cmp(&b.key)));
    rows
}

/// Quote a word for a shell when it needs it.
fn shell_word(s: &str) -> String {
    if s.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)) {
        s.to_string()
    } else {
        format!("\"{}\"", s.replace('"', "\\\""))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::market::barometer::MarketData;
    use crate::market::industry::tests::table;
    use crate::market::tests::{as_of, records};

    #[test]
    fn a_year_of_companies_with_jobs_by_source() {
        let fyi = crate::layoffs::parse_layoffs_fyi(
            "company,location,total_laid_off,date,percentage_laid_off,industry,source,stage,funds_raised,country,date_added\nFood Co.,Austin,500,2023-03-01,,Food,x,IPO,1,United States,2023-03-02\nNew Co,SF,10,2023-03-01,,Other,x,IPO,1,United States,2023-03-02\n".as_bytes(),
            "fyi.csv",
        )
        .unwrap()
        .records;
        let d = MarketData::new(table(), records(), fyi, as_of(), "v", "w", "f", 90);
        let rows = companies(&d, &CompanyFilter::year(2023, 0));
        let keys: Vec<(&str, u64, u64)> = rows.iter().map(|r| (r.key.as_str(), r.warn_jobs, r.fyi_jobs)).collect();
        // Food Co: WARN 200 (Dallas), layoffs.fyi 500, joined by canonical name; consultants 160
        // (the superseded notice is out); Mystery and Odd Codes count with no industry.
        assert_eq!(keys, vec![("food", 200, 500), ("consultants", 160, 0), ("mystery", 80, 0), ("odd codes", 40, 0), ("new", 0, 10)]);
        let food = &rows[0];
        assert_eq!(food.industry.as_deref(), Some("Food Manufacturing"));
        assert!((food.exposure.unwrap() - 0.05).abs() < 1e-12);
        assert_eq!(food.states, ["TX"]);
        assert_eq!(food.evidence, "culprit company report --company food");
        assert_eq!(shell_word("odd codes"), "\"odd codes\"");
        assert_eq!(rows[2].warn_jobs_no_industry, 80);
        assert_eq!(rows[2].exposure, None);
    }
}
