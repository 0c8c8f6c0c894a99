//! Layoff events from trackers and WARN notices, and their summary: totals by year, industry,
//! state or country and company, with what could not be counted and why.
//!
//! Rules (stated in every summary and in docs/evidence.md):
//! - layoffs.fyi and WARN are summarised apart and never added together (the same cut can be in both);
//! - duplicate: same canonical company, same notice date, same location and same jobs as an
//!   earlier row: the first is kept;
//! - amendment: a row flagged as an amendment (`*Updated*`, "Amendment:" in a New York notice
//!   date, `is_amendment` true) supersedes the earlier notices of the same canonical company and
//!   location dated up to N days (default 90) before it; the superseded rows are not counted;
//! - rescinded notices are not counted;
//! - rows that give only a percentage are reported apart (rows and companies); no count is
//!   estimated because the file gives no company headcount to apply the percentage to;
//! - rows whose jobs are "TBD", blank or text without a number are not counted (rows reported).

use crate::company_names::matches;
use crate::error::Issue;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    LayoffsFyi,
    /// WARN notices, whatever the layout (read through the `warn` input schema).
    Warn,
}

impl SourceKind {
    /// Sources in one family are summarised together; families never are.
    pub fn family(self) -> &'static str {
        match self {
            SourceKind::LayoffsFyi => "layoffs.fyi",
            _ => "WARN notices",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case", tag = "status")]
pub enum CountStatus {
    Count(u64),
    /// Only a percentage of the workforce is given.
    PercentageOnly,
    /// No usable number ("TBD", blank, text).
    Unknown { raw: String },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LayoffRecord {
    pub source: SourceKind,
    /// File and line.
    pub origin: String,
    pub company: String,
    /// Canonical company key (see company_names).
    pub key: String,
    pub display: String,
    pub date: Option<NaiveDate>,
    pub year: Option<i32>,
    /// The year comes from the file name (New York yearly files) because the date was missing.
    pub year_from_file: bool,
    pub count: CountStatus,
    /// The count is the leading number of a text cell.
    pub count_from_text: bool,
    /// Share of the workforce (0..1), when given.
    pub percentage: Option<f64>,
    pub industry: Option<String>,
    /// State (WARN) or country (layoffs.fyi).
    pub region: Option<String>,
    pub location: Option<String>,
    pub is_amendment: bool,
    pub is_rescinded: bool,
    pub is_temporary: Option<bool>,
    pub is_closure: Option<bool>,
    pub url: Option<String>,
    /// The source's own number for the notice, where it has one (New York's "Event Number",
    /// from 2016): two rows with different numbers are two notices, however alike.
    pub notice_id: Option<String>,
    /// First layoff date, where the source gives it (WARN).
    pub effective_date: Option<NaiveDate>,
    pub county: Option<String>,
    /// NAICS industry code (the WARN register).
    pub naics: Option<String>,
    /// SEC Central Index Key, without leading zeros.
    pub cik: Option<String>,
    pub ticker: Option<String>,
    /// The employer's parent company (canonical key) and its CIK without leading zeros, where
    /// the source gives them (the WARN register): "Whole Foods Market" -> "amazon".
    pub parent: Option<String>,
    pub parent_cik: Option<String>,
    /// SEC SIC industry code (the WARN register gives it for SEC filers, sometimes without NAICS).
    pub sic: Option<String>,
    /// Permanent and temporary jobs, where the source gives them apart (their sum is the count).
    pub jobs_permanent: Option<u64>,
    pub jobs_temporary: Option<u64>,
    /// The notice date was missing: `date` is the layoff (effective) date.
    pub dated_by_effective: bool,
}

/// A file read: what was detected and how its columns were mapped.
#[derive(Debug, Clone, Serialize)]
pub struct InputRead {
    pub source: culprit_input::SourceInfo,
    pub mapping: culprit_input::Mapping,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct ParsedEvents {
    /// The files read, with the mapping chosen for each.
    pub inputs: Vec<InputRead>,
    pub records: Vec<LayoffRecord>,
    pub issues: Vec<Issue>,
    /// Rows the CSV reader could not read at all.
    pub unreadable_rows: usize,
}

impl ParsedEvents {
    pub fn extend(&mut self, other: ParsedEvents) {
        self.inputs.extend(other.inputs);
        self.records.extend(other.records);
        self.issues.extend(other.issues);
        self.unreadable_rows += other.unreadable_rows;
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct SummaryOptions {
    pub company: Option<String>,
    pub year: Option<i32>,
    /// Companies listed (by jobs).
    pub top: usize,
    /// Days before an amendment within which it supersedes earlier notices.
    pub amendment_window_days: i64,
}

impl Default for SummaryOptions {
    fn default() -> Self {
        SummaryOptions { company: None, year: None, top: 15, amendment_window_days: 90 }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Bucket {
    pub key: String,
    pub rows: usize,
    pub jobs: u64,
    /// For companies: the SEC CIK and ticker given by the source (the most frequent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cik: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ticker: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NotCounted {
    pub reason: String,
    pub rows: usize,
    /// Jobs on those rows where a number was given (duplicates, superseded, rescinded).
    pub jobs: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PercentageOnly {
    pub rows: usize,
    pub companies: usize,
    pub median_share: Option<f64>,
    pub method: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceSummary {
    pub family: String,
    pub rows_read: usize,
    pub rows_in_filter: usize,
    pub counted_rows: usize,
    pub counted_jobs: u64,
    pub by_year: Vec<Bucket>,
    pub by_industry: Vec<Bucket>,
    pub by_region: Vec<Bucket>,
    pub by_company: Vec<Bucket>,
    pub companies: usize,
    pub not_counted: Vec<NotCounted>,
    pub percentage_only: PercentageOnly,
    /// Counted rows whose count is the leading number of a text cell.
    pub counts_from_text: Bucket,
    /// Counted rows whose year comes from the file name.
    pub years_from_file_name: usize,
    /// Counted rows dated by their layoff (effective) date because the notice date was missing.
    pub dated_by_effective_date: usize,
    /// Counted rows whose date could not be read (year "unknown").
    pub year_unknown: Bucket,
    pub issues_total: usize,
    /// The first issues, for the terminal; all are in `issues_total`.
    pub issues_sample: Vec<Issue>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EventsSummary {
    /// The files read and the column mapping chosen for each.
    pub inputs: Vec<InputRead>,
    pub options: SummaryOptions,
    pub rules: Vec<String>,
    pub sources: Vec<SourceSummary>,
}

pub fn rules(window: i64) -> Vec<String> {
    vec![
        "layoffs.fyi and WARN notices are summarised apart and never added together (one cut can appear in both)".into(),
        "company names are canonicalised: markers (*Updated*), parentheses, dba, site suffixes after ' - ', street addresses and legal forms (Inc., LLC, Corp., ...) are removed".into(),
        "duplicate: same canonical company, notice date, location and jobs as an earlier row, unless the two rows carry different notice numbers (New York's Event Number); the first is kept (rows without a company name are never duplicates)".into(),
        format!("amendment: a row flagged as amendment supersedes earlier notices of the same canonical company and location dated up to {window} days before it"),
        "rescinded notices are not counted".into(),
        "percentage-only rows are reported apart; no count is estimated (no company headcount in the file)".into(),
        "jobs given as TBD, blank or text without a number are not counted; a number followed by text counts its leading number (flagged); permanent and temporary jobs given apart are summed".into(),
        "industry: the NAICS sector (2-digit code) where the source gives a NAICS code, else the industry as written".into(),
    ]
}

/// The industry a record is summarised under: its NAICS sector when the source gives a code,
/// else the industry text as written.
fn industry_key(r: &LayoffRecord) -> String {
    if let Some(sector) = r.naics.as_deref().and_then(crate::naics::sector_of) {
        return sector;
    }
    r.industry.clone().unwrap_or_else(|| "(not given)".into())
}

fn bucketise(map: HashMap<String, (usize, u64)>, top: Option<usize>, by_key: bool) -> Vec<Bucket> {
    let mut v: Vec<Bucket> = map.into_iter().map(|(key, (rows, jobs))| Bucket { key, rows, jobs, ..Default::default() }).collect();
    if by_key {
        v.sort_by(|a, b| a.key.cmp(&b.key));
    } else {
        v.sort_by(|a, b| b.jobs.cmp(&a.jobs).then(b.rows.cmp(&a.rows)).then(a.key.cmp(&b.key)));
    }
    if let Some(n) = top {
        v.truncate(n);
    }
    v
}

/// Why each record is not counted, by the rules above (rescinded, duplicate, superseded by a
/// later amendment), or `None` when it is counted. `inf` must be sorted by date, then origin
/// (as [`summarise`] sorts it); the market barometer applies the same rules through this.
pub fn exclusions(inf: &[&LayoffRecord], window_days: i64) -> Vec<Option<&'static str>> {
    let n = inf.len();
    let mut excluded: Vec<Option<&'static str>> = vec![None; n];
    let loc_key = |r: &LayoffRecord| r.location.as_deref().unwrap_or("").trim().to_lowercase();
    // Rescinded.
    for (i, r) in inf.iter().enumerate() {
        if r.is_rescinded {
            excluded[i] = Some("rescinded notice");
        }
    }
    // Exact duplicates. The notice numbers of the rows kept under each key: a row repeats one
    // of them unless both carry numbers and the numbers differ (New York lists two sites of one
    // company in one county, or two layoff dates, as two notices with the same figures).
    let mut seen: HashMap<(String, Option<NaiveDate>, String, CountStatus), Vec<Option<&str>>> = HashMap::new();
    for (i, r) in inf.iter().enumerate() {
        // Rows without a company name are never taken for duplicates of each other.
        if excluded[i].is_some() || r.key.is_empty() {
            continue;
        }
        let kept = seen.entry((r.key.clone(), r.date, loc_key(r), r.count.clone())).or_default();
        let id = r.notice_id.as_deref();
        if kept.iter().any(|k| k.is_none() || id.is_none() || *k == id) {
            excluded[i] = Some("duplicate (same company, date, location and jobs)");
        } else {
            kept.push(id);
        }
    }
    // Amendments supersede earlier notices of the same company and location (indexed by that
    // pair: the register has tens of thousands of rows).
    let mut groups: HashMap<(&str, String), Vec<usize>> = HashMap::new();
    for (i, r) in inf.iter().enumerate() {
        if !r.key.is_empty() {
            groups.entry((r.key.as_str(), loc_key(r))).or_default().push(i);
        }
    }
    for a in 0..n {
        if !inf[a].is_amendment || excluded[a].is_some() || inf[a].key.is_empty() {
            continue;
        }
        let Some(ad) = inf[a].date else { continue };
        for &b in &groups[&(inf[a].key.as_str(), loc_key(inf[a]))] {
            if b == a || excluded[b].is_some() || inf[b].is_amendment {
                continue;
            }
            if let Some(bd) = inf[b].date {
                let days = (ad - bd).num_days();
                if (0..=window_days).contains(&days) {
                    excluded[b] = Some("superseded by a later amendment");
                }
            }
        }
    }
    excluded
}

pub fn summarise(parsed: &ParsedEvents, opts: &SummaryOptions) -> EventsSummary {
    let mut families: BTreeMap<&'static str, Vec<&LayoffRecord>> = BTreeMap::new();
    for r in &parsed.records {
        families.entry(r.source.family()).or_default().push(r);
    }
    let sources = families
        .into_iter()
        .map(|(family, recs)| {
            let origins: HashSet<&str> = recs.iter().map(|r| r.origin.rsplit_once(':').map(|(f, _)| f).unwrap_or(&r.origin)).collect();
            let issues: Vec<&Issue> = parsed
                .issues
                .iter()
                .filter(|i| origins.contains(i.location.rsplit_once(':').map(|(f, _)| f).unwrap_or(&i.location)))
                .collect();
            summarise_family(family, &recs, &issues, opts)
        })
        .collect();
    EventsSummary { inputs: parsed.inputs.clone(), options: opts.clone(), rules: rules(opts.amendment_window_days), sources }
}

fn summarise_family(family: &str, recs: &[&LayoffRecord], issues: &[&Issue], opts: &SummaryOptions) -> SourceSummary {
    let rows_read = recs.len();
    let mut inf: Vec<&LayoffRecord> = recs
        .iter()
        .copied()
        .filter(|r| opts.company.as_deref().is_none_or(|q| matches(&r.key, q)))
        .filter(|r| opts.year.is_none_or(|y| r.year == Some(y)))
        .collect();
    inf.sort_by(|a, b| a.date.cmp(&b.date).then(a.origin.cmp(&b.origin)));
    let n = inf.len();
    let excluded = exclusions(&inf, opts.amendment_window_days);

    let mut by_year: HashMap<String, (usize, u64)> = HashMap::new();
    let mut by_ind: HashMap<String, (usize, u64)> = HashMap::new();
    let mut by_reg: HashMap<String, (usize, u64)> = HashMap::new();
    let mut by_co: HashMap<String, (usize, u64)> = HashMap::new();
    let mut display: HashMap<String, HashMap<String, usize>> = HashMap::new();
    let mut ids: HashMap<String, HashMap<(&'static str, String), usize>> = HashMap::new();
    let mut not_counted: BTreeMap<&str, (usize, u64)> = BTreeMap::new();
    let (mut counted_rows, mut counted_jobs) = (0usize, 0u64);
    let mut pct_rows = 0usize;
    let mut pct_companies = HashSet::new();
    let mut pct_values = Vec::new();
    let mut from_text = Bucket { key: "count read from text".into(), ..Default::default() };
    let mut year_unknown = Bucket { key: "unknown".into(), ..Default::default() };
    let mut years_from_file = 0usize;
    let mut by_effective = 0usize;
    for (i, r) in inf.iter().enumerate() {
        let jobs = if let CountStatus::Count(c) = r.count { c } else { 0 };
        if let Some(reason) = excluded[i] {
            let e = not_counted.entry(reason).or_default();
            e.0 += 1;
            e.1 += jobs;
            continue;
        }
        match &r.count {
            CountStatus::PercentageOnly => {
                pct_rows += 1;
                pct_companies.insert(r.key.clone());
                if let Some(p) = r.percentage {
                    pct_values.push(p);
                }
                let e = not_counted.entry("percentage only (reported apart)").or_default();
                e.0 += 1;
                continue;
            }
            CountStatus::Unknown { .. } => {
                let e = not_counted.entry("jobs unknown (TBD, blank or text without a number)").or_default();
                e.0 += 1;
                continue;
            }
            CountStatus::Count(_) => {}
        }
        counted_rows += 1;
        counted_jobs += jobs;
        let add = |m: &mut HashMap<String, (usize, u64)>, k: String| {
            let e = m.entry(k).or_default();
            e.0 += 1;
            e.1 += jobs;
        };
        add(&mut by_year, r.year.map(|y| y.to_string()).unwrap_or_else(|| "unknown".into()));
        add(&mut by_ind, industry_key(r));
        add(&mut by_reg, r.region.clone().unwrap_or_else(|| "(not given)".into()));
        let ck = if r.key.is_empty() { "(company not named in the source)".to_string() } else { r.key.clone() };
        add(&mut by_co, ck.clone());
        *display.entry(ck.clone()).or_default().entry(r.display.clone()).or_default() += 1;
        if let Some(c) = &r.cik {
            *ids.entry(ck.clone()).or_default().entry(("cik", c.clone())).or_default() += 1;
        }
        if let Some(t) = &r.ticker {
            *ids.entry(ck).or_default().entry(("ticker", t.clone())).or_default() += 1;
        }
        if r.count_from_text {
            from_text.rows += 1;
            from_text.jobs += jobs;
        }
        if r.year.is_none() {
            year_unknown.rows += 1;
            year_unknown.jobs += jobs;
        }
        if r.year_from_file {
            years_from_file += 1;
        }
        if r.dated_by_effective {
            by_effective += 1;
        }
    }
    let companies = by_co.len();
    let mut by_company = bucketise(by_co, Some(opts.top), false);
    for b in &mut by_company {
        if let Some(m) = ids.get(&b.key) {
            let best = |kind: &str| m.iter().filter(|((k, _), _)| *k == kind).max_by(|a, b| a.1.cmp(b.1).then(b.0 .1.cmp(&a.0 .1))).map(|((_, v), _)| v.clone());
            b.cik = best("cik");
            b.ticker = best("ticker");
        }
        if let Some(names) = display.get(&b.key) {
            let best = names.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))).map(|(n, _)| n.clone());
            if let Some(best) = best.filter(|s| !s.is_empty()) {
                b.key = best;
            }
        }
    }
    pct_values.sort_by(|a, b| a.total_cmp(b));
    let median_share = (!pct_values.is_empty()).then(|| {
        let m = pct_values.len() / 2;
        if pct_values.len() % 2 == 1 { pct_values[m] } else { (pct_values[m - 1] + pct_values[m]) / 2.0 }
    });
    SourceSummary {
        family: family.to_string(),
        rows_read,
        rows_in_filter: n,
        counted_rows,
        counted_jobs,
        by_year: bucketise(by_year, None, true),
        by_industry: bucketise(by_ind, Some(opts.top), false),
        by_region: bucketise(by_reg, Some(opts.top), false),
        by_company,
        companies,
        not_counted: not_counted.into_iter().map(|(reason, (rows, jobs))| NotCounted { reason: reason.to_string(), rows, jobs }).collect(),
        percentage_only: PercentageOnly {
            rows: pct_rows,
            companies: pct_companies.len(),
            median_share,
            method: "reported apart; no count estimated because the file gives no company headcount".into(),
        },
        counts_from_text: from_text,
        years_from_file_name: years_from_file,
        dated_by_effective_date: by_effective,
        year_unknown,
        issues_total: issues.len(),
        issues_sample: issues.iter().take(12).map(|i| (*i).clone()).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::warn::parse_warn;

    #[test]
    fn duplicates_amendments_and_reasons() {
        let t = "hash_id,postal_code,company,location,notice_date,effective_date,jobs,is_temporary,is_closure,is_amendment
a1,WA,Acme Inc.,Seattle,2025-10-01,,100,false,false,false
a2,WA,ACME LLC,Seattle,2025-10-01,,100,false,false,false
a3,WA,Acme,Seattle,2025-11-15,,120,false,false,true
a4,WA,Acme,Tacoma,2025-10-02,,50,false,false,false
a5,CA,Beta,LA,2025-03-01,,TBD,,,
a6,CA,Beta,LA,bad date,,7,,,
a7,WA,Acme,Seattle,2025-01-01,,30,false,false,false
";
        let p = parse_warn(t.as_bytes(), "bln.csv", None).unwrap();
        let s = summarise(&p, &SummaryOptions::default());
        assert_eq!(s.sources.len(), 1);
        let w = &s.sources[0];
        // a1 superseded by a3 (45 days), a2 duplicate of a1, a7 too old to be superseded.
        assert_eq!(w.counted_jobs, 120 + 50 + 7 + 30, "{w:#?}");
        assert_eq!(w.counted_rows, 4);
        let reason = |r: &str| w.not_counted.iter().find(|n| n.reason.starts_with(r)).map(|n| (n.rows, n.jobs));
        assert_eq!(reason("duplicate"), Some((1, 100)));
        assert_eq!(reason("superseded"), Some((1, 100)));
        assert_eq!(reason("jobs unknown"), Some((1, 0)));
        assert_eq!(w.year_unknown.rows, 1);
        assert_eq!(w.by_company[0].jobs, 200);
        assert_eq!(w.issues_total, 2);
        let only_beta = summarise(&p, &SummaryOptions { company: Some("beta".into()), ..Default::default() });
        assert_eq!(only_beta.sources[0].counted_jobs, 7);
        let y2025 = summarise(&p, &SummaryOptions { year: Some(2025), ..Default::default() });
        assert_eq!(y2025.sources[0].rows_in_filter, 6);
    }

    #[test]
    fn rows_with_different_notice_numbers_are_two_notices() {
        // New York, 2020: one company, two sites in one county, same date and jobs, two Event
        // Numbers; and a third row that repeats the first notice's number.
        let t = "Company,Business Type,County,Total Employees,Number Affected,Date of Notice,Layoff Date,Closing Date,Reason for Dislocation,Classification,Event Number,Case_ID
Kravet Inc. 22 West 21st Street New York NY,Retail,New York | WDB Name: NYC,40,19,3/25/2020,,,Economic,Temporary layoff,2019-0839,8675
Kravet Inc. 979 Third Avenue New York NY,Retail,New York | WDB Name: NYC,40,19,3/25/2020,,,Economic,Temporary layoff,2019-0840,8676
Kravet Inc. 22 West 21st Street New York NY,Retail,New York | WDB Name: NYC,40,19,3/25/2020,,,Economic,Temporary layoff,2019-0839,8677
";
        let p = parse_warn(t.as_bytes(), "2020.csv", Some(2020)).unwrap();
        assert_eq!(p.records[0].notice_id.as_deref(), Some("2019-0839"));
        let w = &summarise(&p, &SummaryOptions::default()).sources[0];
        assert_eq!(w.counted_jobs, 38, "{w:#?}");
        let dup = w.not_counted.iter().find(|n| n.reason.starts_with("duplicate")).map(|n| (n.rows, n.jobs));
        assert_eq!(dup, Some((1, 19)));
    }
}
