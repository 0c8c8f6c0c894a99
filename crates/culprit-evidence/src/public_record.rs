//! A company's profile assembled from public records, for `culprit company report --company`
//! and `culprit company init`: SEC filings (inline-XBRL 10-Ks, companyfacts JSON, XBRL
//! instances) found in the data mirror or the download cache, WARN notices matched by CIK,
//! ticker or canonical name, and layoffs.fyi events matched by the names the company files WARN
//! notices under. Every value keeps its source and tag; every input that is missing is a named
//! gap, so a person can complete the draft (`company init` writes it as TOML).

use crate::company_names::{canonicalise, matches};
use crate::error::{Issue, Result};
use crate::events::{CountStatus, LayoffRecord, ParsedEvents};
use crate::ixbrl::{headcount_sentences, InlineFiling};
use crate::profile::{CompanyInfo, CompanyProfile, IndustryRef, LayoffEvent, LoadedProfile, Scope, SeriesPoint, Tag, ValueKind};
use crate::sec_facts::{self, AnnualFacts};
use crate::xbrl::XbrlInstance;
use crate::EvidenceError;
use chrono::Datelike;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Where the public records are read from.
#[derive(Debug, Clone, Default)]
pub struct RecordSources {
    /// Folders searched (recursively, two levels) for `.htm`/`.html` 10-Ks, companyfacts `.json`
    /// and XBRL instance `.xml` files: the mirror's `sec_filings/` and the cache's `sec/`.
    pub sec_dirs: Vec<PathBuf>,
    /// Parsed WARN notices (the register) and layoffs.fyi events, already read.
    pub warn: Option<ParsedEvents>,
    pub layoffs: Option<ParsedEvents>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FilingKind {
    TenK,
    CompanyFacts,
    Instance,
}

/// One SEC file found, with who filed it.
#[derive(Debug, Clone, Serialize)]
pub struct Filing {
    pub path: PathBuf,
    pub kind: FilingKind,
    /// CIK without leading zeros.
    pub cik: Option<String>,
    pub name: Option<String>,
    pub tickers: Vec<String>,
    pub fiscal_year: Option<i32>,
    #[serde(skip)]
    facts: Option<AnnualFacts>,
    #[serde(skip)]
    inline: Option<Box<InlineFiling>>,
}

fn strip_cik(c: &str) -> String {
    let t = c.trim().trim_start_matches("CIK").trim_start_matches('0');
    t.to_string()
}

fn files_under(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<PathBuf> = rd.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            if depth > 0 {
                files_under(&p, depth - 1, out);
            }
        } else {
            out.push(p);
        }
    }
}

/// Read every SEC file in the folders; files that cannot be read are issues, not errors.
pub fn scan_filings(dirs: &[PathBuf]) -> (Vec<Filing>, Vec<Issue>) {
    let mut files = Vec::new();
    for d in dirs {
        files_under(d, 2, &mut files);
    }
    let mut out = Vec::new();
    let mut issues = Vec::new();
    for path in files {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
        let origin = path.display().to_string();
        let r: Result<Option<Filing>> = match ext.as_str() {
            "htm" | "html" => InlineFiling::load(&path).map(|f| {
                let stem_ticker = path.file_name().and_then(|n| n.to_str()).and_then(|n| n.split(['-', '_']).next()).map(|t| t.to_ascii_uppercase());
                let mut tickers: Vec<String> = f.instance.facts.iter().filter(|x| x.concept == "dei:TradingSymbol").map(|x| x.value.trim().to_ascii_uppercase()).filter(|t| !t.is_empty()).collect();
                if tickers.is_empty() {
                    tickers.extend(stem_ticker.filter(|t| t.len() <= 5 && t.chars().all(|c| c.is_ascii_alphabetic())));
                }
                tickers.dedup();
                Some(Filing {
                    path: path.clone(),
                    kind: FilingKind::TenK,
                    cik: f.dei("EntityCentralIndexKey").map(strip_cik),
                    name: f.dei("EntityRegistrantName").map(str::to_string),
                    tickers,
                    fiscal_year: f.fiscal_year(),
                    facts: Some(sec_facts::from_instance(&f.instance, &origin)),
                    inline: Some(Box::new(f)),
                })
            }),
            "json" => std::fs::read_to_string(&path).map_err(|e| EvidenceError::io(&path, e)).and_then(|text| {
                let v: serde_json::Value = match serde_json::from_str(&text) {
                    Ok(v) => v,
                    Err(_) => return Ok(None),
                };
                if v.get("facts").is_none() {
                    return Ok(None);
                }
                let facts = sec_facts::from_companyfacts(&text, &origin)?;
                Ok(Some(Filing {
                    path: path.clone(),
                    kind: FilingKind::CompanyFacts,
                    cik: v.get("cik").map(|c| strip_cik(&c.to_string().replace('"', ""))),
                    name: v.get("entityName").and_then(|n| n.as_str()).map(str::to_string),
                    tickers: Vec::new(),
                    fiscal_year: None,
                    facts: Some(facts),
                    inline: None,
                }))
            }),
            "xml" => XbrlInstance::load(&path).map(|inst| {
                Some(Filing {
                    path: path.clone(),
                    kind: FilingKind::Instance,
                    cik: inst.dei("EntityCentralIndexKey").map(strip_cik),
                    name: inst.dei("EntityRegistrantName").map(str::to_string),
                    tickers: inst.dei("TradingSymbol").map(|t| vec![t.trim().to_ascii_uppercase()]).unwrap_or_default(),
                    fiscal_year: inst.dei("DocumentFiscalYearFocus").and_then(|y| y.trim().parse().ok()),
                    facts: Some(sec_facts::from_instance(&inst, &origin)),
                    inline: None,
                })
            }),
            _ => Ok(None),
        };
        match r {
            Ok(Some(f)) => out.push(f),
            Ok(None) => {}
            Err(e) => issues.push(Issue::new(origin, format!("not read as an SEC filing: {e}"))),
        }
    }
    (out, issues)
}

/// Who the query names.
#[derive(Debug, Clone, Serialize)]
pub struct Identity {
    pub name: String,
    /// CIK without leading zeros.
    pub cik: Option<String>,
    pub tickers: Vec<String>,
    /// How the query was matched (CIK, ticker or name, and where).
    pub matched_by: String,
}

fn is_cik(q: &str) -> bool {
    let t = q.trim().trim_start_matches("CIK");
    !t.is_empty() && t.len() <= 10 && t.chars().all(|c| c.is_ascii_digit())
}

/// Resolve a query (name, ticker or CIK) against the filings and the notices.
pub fn resolve(query: &str, filings: &[Filing], warn: &[LayoffRecord]) -> Option<Identity> {
    let q = query.trim();
    let filing_name = |pred: &dyn Fn(&Filing) -> bool| filings.iter().find(|f| pred(f) && f.name.is_some()).cloned();
    if is_cik(q) {
        let cik = strip_cik(q);
        if let Some(f) = filing_name(&|f| f.cik.as_deref() == Some(cik.as_str())) {
            let tickers = filings.iter().filter(|g| g.cik.as_deref() == Some(cik.as_str())).flat_map(|g| g.tickers.clone()).collect();
            return Some(Identity { name: f.name.unwrap(), cik: Some(cik), tickers, matched_by: format!("CIK in {}", f.path.display()) });
        }
        let w = warn.iter().find(|r| r.cik.as_deref().map(strip_cik).as_deref() == Some(cik.as_str()))?;
        return Some(Identity { name: w.display.clone(), cik: Some(cik), tickers: w.ticker.iter().cloned().collect(), matched_by: format!("CIK on WARN notice {}", w.origin) });
    }
    let upper = q.to_ascii_uppercase();
    if let Some(f) = filing_name(&|f| f.tickers.iter().any(|t| *t == upper)) {
        let cik = f.cik.clone();
        let tickers = filings.iter().filter(|g| g.cik.is_some() && g.cik == cik).flat_map(|g| g.tickers.clone()).collect::<std::collections::BTreeSet<_>>().into_iter().collect();
        return Some(Identity { name: f.name.unwrap(), cik, tickers, matched_by: format!("ticker {upper} in {}", f.path.display()) });
    }
    if let Some(w) = warn.iter().find(|r| r.ticker.as_deref().is_some_and(|t| t.eq_ignore_ascii_case(q))) {
        let cik = w.cik.as_deref().map(strip_cik);
        if let Some(f) = cik.as_ref().and_then(|c| filing_name(&|f| f.cik.as_deref() == Some(c.as_str()))) {
            return Some(Identity { name: f.name.unwrap(), cik, tickers: vec![upper], matched_by: format!("ticker {q} on WARN notice {}, CIK in {}", w.origin, f.path.display()) });
        }
        return Some(Identity { name: w.display.clone(), cik, tickers: vec![upper], matched_by: format!("ticker on WARN notice {}", w.origin) });
    }
    let key = canonicalise(q).key;
    if key.is_empty() {
        return None;
    }
    if let Some(f) = filing_name(&|f| f.name.as_deref().is_some_and(|n| matches(&canonicalise(n).key, q))) {
        let cik = f.cik.clone();
        let tickers = filings.iter().filter(|g| g.cik.is_some() && g.cik == cik).flat_map(|g| g.tickers.clone()).collect::<std::collections::BTreeSet<_>>().into_iter().collect();
        return Some(Identity { name: f.name.unwrap(), cik, tickers, matched_by: format!("name in {}", f.path.display()) });
    }
    // WARN notices by name: the notice with a CIK first (it ties the name to a filer).
    let mut hits: Vec<&LayoffRecord> = warn.iter().filter(|r| matches(&r.key, q)).collect();
    hits.sort_by_key(|r| r.cik.is_none());
    let w = hits.first()?;
    let cik = w.cik.as_deref().map(strip_cik);
    if let Some(f) = cik.as_ref().and_then(|c| filing_name(&|f| f.cik.as_deref() == Some(c.as_str()))) {
        return Some(Identity { name: f.name.unwrap(), cik, tickers: w.ticker.iter().cloned().collect(), matched_by: format!("name on WARN notice {}, CIK in {}", w.origin, f.path.display()) });
    }
    Some(Identity { name: w.display.clone(), cik, tickers: w.ticker.iter().map(|t| t.to_ascii_uppercase()).collect(), matched_by: format!("name on WARN notice {}", w.origin) })
}

/// Does a WARN notice belong to the company? Its CIK or its parent's CIK, its ticker, or its
/// canonical name or its parent's. A notice whose CIK or parent CIK is another filer's is not the
/// company's, whatever its name ("Alphabet", an Ohio parts maker of 2005 owned by another filer,
/// is not Alphabet Inc.).
fn warn_matches(r: &LayoffRecord, id: &Identity, name_keys: &[String]) -> bool {
    if let Some(b) = id.cik.as_deref() {
        if let Some(a) = r.cik.as_deref() {
            return strip_cik(a) == b;
        }
        if let Some(a) = r.parent_cik.as_deref() {
            return strip_cik(a) == b;
        }
    }
    if let Some(t) = r.ticker.as_deref() {
        if id.tickers.iter().any(|x| x.eq_ignore_ascii_case(t)) {
            return true;
        }
    }
    name_keys.iter().any(|k| matches(&r.key, k) || r.parent.as_deref().is_some_and(|p| matches(p, k)))
}

/// A query with the other names it goes by: "GOOGL+Google" is the company GOOGL, also searched
/// under "Google" in WARN notices and layoffs.fyi (brands, subsidiaries, former names).
pub fn split_aliases(query: &str) -> (String, Vec<String>) {
    let mut parts = query.split('+').map(str::trim).filter(|p| !p.is_empty());
    let head = parts.next().unwrap_or("").to_string();
    (head, parts.map(str::to_string).collect())
}

/// WARN jobs and notices by year of notice for a company (rescinded notices left out).
pub fn warn_by_year(id: &Identity, warn: &[LayoffRecord]) -> BTreeMap<i32, (u64, usize)> {
    let keys = vec![canonicalise(&id.name).key];
    jobs_by_year(warn.iter().filter(|r| warn_matches(r, id, &keys)))
}

/// Jobs and notices by year of notice, rescinded notices left out. The register dates some
/// notices decades back; a notice is counted in its own year.
fn jobs_by_year<'a>(records: impl Iterator<Item = &'a LayoffRecord>) -> BTreeMap<i32, (u64, usize)> {
    let mut out: BTreeMap<i32, (u64, usize)> = BTreeMap::new();
    for r in records.filter(|r| !r.is_rescinded) {
        if let Some(y) = r.year.or(r.date.map(|d| d.year())) {
            let e = out.entry(y).or_default();
            e.0 += event_count(r).unwrap_or(0);
            e.1 += 1;
        }
    }
    out
}

/// The identity a scorecard's company header gives (for matching its WARN notices).
pub fn identity_of(c: &crate::scorecard::CompanyHeader) -> Identity {
    Identity {
        name: c.name.clone(),
        cik: c.cik.as_deref().map(strip_cik),
        tickers: c.ticker.iter().map(|t| t.to_ascii_uppercase()).collect(),
        matched_by: "the profile's [company]".into(),
    }
}

/// The assembled draft, with what it is made of and what it lacks.
#[derive(Debug, Clone, Serialize)]
pub struct AssembledProfile {
    pub profile: CompanyProfile,
    pub identity: Identity,
    /// Files and notices used, one line each.
    pub used: Vec<String>,
    /// Inputs the records on hand do not give, each named.
    pub gaps: Vec<String>,
    /// Problems met on the way (unreadable files, conflicting facts).
    pub issues: Vec<Issue>,
    /// WARN jobs and notices by year of notice (for `company compare`).
    pub warn_by_year: BTreeMap<i32, (u64, usize)>,
    /// layoffs.fyi people by year.
    pub layoffs_by_year: BTreeMap<i32, u64>,
}

impl AssembledProfile {
    pub fn loaded(&self) -> LoadedProfile {
        let mut l = self.profile.clone().validate();
        l.issues.splice(0..0, self.issues.iter().cloned());
        l
    }
}

fn event_count(r: &LayoffRecord) -> Option<u64> {
    match r.count {
        CountStatus::Count(n) => Some(n),
        _ => None,
    }
}

/// Assemble a company's profile from the records. `query` is a name, ticker or CIK, with other
/// names after `+` (see [`split_aliases`]).
pub fn assemble(query: &str, src: &RecordSources) -> Result<AssembledProfile> {
    let (query, aliases) = split_aliases(query);
    let query = query.as_str();
    let (filings, mut issues) = scan_filings(&src.sec_dirs);
    let warn: &[LayoffRecord] = src.warn.as_ref().map(|w| w.records.as_slice()).unwrap_or(&[]);
    let layoffs: &[LayoffRecord] = src.layoffs.as_ref().map(|w| w.records.as_slice()).unwrap_or(&[]);
    let identity = resolve(query, &filings, warn).ok_or_else(|| {
        let names: Vec<String> = filings.iter().filter_map(|f| f.name.clone().map(|n| format!("{n} ({})", f.tickers.join("/")))).collect::<std::collections::BTreeSet<_>>().into_iter().collect();
        EvidenceError::Invalid(format!(
            "no company matches {query:?} in the SEC filings on hand ({}) or the WARN register\n  fix: pass a ticker, a CIK or the name as filed; `culprit data fetch --company TICKER` downloads a company's filings where there is internet; or write a profile (`culprit company init`, docs/evidence.md)",
            if names.is_empty() { "none found".to_string() } else { names.join(", ") }
        ))
    })?;
    let mut used = vec![format!("{} matched by {}", identity.name, identity.matched_by)];
    let mut gaps = Vec::new();
    let mine: Vec<&Filing> = filings
        .iter()
        .filter(|f| match (&f.cik, &identity.cik) {
            (Some(a), Some(b)) => a == b,
            _ => f.name.as_deref().is_some_and(|n| canonicalise(n).key == canonicalise(&identity.name).key),
        })
        .collect();

    let mut profile = CompanyProfile {
        company: CompanyInfo {
            name: identity.name.clone(),
            ticker: identity.tickers.first().cloned(),
            cik: identity.cik.as_ref().map(|c| format!("{c:0>10}")),
            fiscal_year_end: mine.iter().find_map(|f| f.inline.as_ref().and_then(|i| i.dei("CurrentFiscalYearEndDate")).map(|d| d.trim_start_matches('-').to_string())),
            industry: None,
        },
        headcount: Vec::new(),
        corporate_headcount: Vec::new(),
        capex: Vec::new(),
        revenue: Vec::new(),
        net_income: Vec::new(),
        layoffs: Vec::new(),
        statements: Vec::new(),
        pay: None,
        claims: Vec::new(),
        trend: Default::default(),
        acquisitions: Vec::new(),
        focus_event: None,
        assumptions: BTreeMap::new(),
    };

    // SEC facts: 10-Ks newest first, then instances, then companyfacts (which fill older years).
    let mut order: Vec<&&Filing> = mine.iter().collect();
    order.sort_by_key(|f| (f.kind != FilingKind::TenK, f.kind != FilingKind::Instance, std::cmp::Reverse(f.fiscal_year)));
    for f in &order {
        if let Some(facts) = &f.facts {
            let rep = sec_facts::merge_into_profile(&mut profile, facts);
            issues.extend(rep.issues.iter().cloned());
            used.push(format!("{} ({:?}): {} yearly facts", f.path.display(), f.kind, facts.facts.len()));
        }
        // Headcount is a sentence in the 10-K's Item 1, not a tagged fact.
        if let Some(inline) = &f.inline {
            match headcount_sentences(&inline.text).into_iter().next() {
                Some(h) => {
                    let year = h.as_of.map(|d| d.year()).or(f.fiscal_year).unwrap_or_default();
                    if profile.headcount.iter().all(|p| p.year != Some(year)) {
                        profile.headcount.push(SeriesPoint {
                            year: Some(year),
                            value: h.employees,
                            kind: ValueKind::Actual,
                            source: format!("{}: \"{}\"", f.path.file_name().and_then(|n| n.to_str()).unwrap_or(""), h.sentence),
                            tag: Some(Tag::V),
                            note: Some("the 10-K states headcount in prose (Item 1, Human Capital); read from that sentence".into()),
                            xbrl_tag: None,
                        });
                    }
                }
                None => gaps.push(format!("headcount: {} has no sentence stating the number of employees", f.path.display())),
            }
        }
    }
    for s in ["headcount", "capex", "revenue", "net_income"] {
        if let Some(v) = profile.series_mut(s) {
            v.sort_by_key(|p| p.year);
        }
    }
    if mine.is_empty() {
        gaps.push(format!("SEC filings of {}: none in the mirror or the cache (`culprit data fetch --company {}` downloads them)", identity.name, identity.tickers.first().cloned().unwrap_or_else(|| "TICKER".into())));
    }
    let hc_years: Vec<i32> = profile.headcount.iter().filter_map(|p| p.year).collect();
    let t = &profile.trend;
    let pre: Vec<i32> = (t.start..=t.end).filter(|y| !hc_years.contains(y)).collect();
    if !pre.is_empty() {
        gaps.push(format!(
            "headcount {}: not in the filings on hand (the pre-2020 trend needs at least two of these years; add them from older 10-Ks)",
            if pre.len() > 1 { format!("{}-{}", pre[0], pre[pre.len() - 1]) } else { pre[0].to_string() }
        ));
    }
    if profile.capex.is_empty() {
        gaps.push("capex: no PaymentsToAcquirePropertyPlantAndEquipment (or ProductiveAssets) fact in the filings on hand".into());
    }

    // WARN notices: by CIK or ticker, else by the canonical name; then layoffs.fyi by every name
    // the company files WARN notices under.
    let mut name_keys = vec![canonicalise(&identity.name).key];
    for a in &aliases {
        let k = canonicalise(a).key;
        if !k.is_empty() && !name_keys.contains(&k) {
            name_keys.push(k);
        }
    }
    let my_warn: Vec<&LayoffRecord> = warn.iter().filter(|r| warn_matches(r, &identity, &name_keys)).collect();
    for r in &my_warn {
        if r.cik.is_some() && !name_keys.contains(&r.key) && !r.key.is_empty() {
            name_keys.push(r.key.clone());
        }
    }
    let warn_by_year = jobs_by_year(my_warn.iter().copied());
    let mut naics_jobs: BTreeMap<String, u64> = BTreeMap::new();
    for r in my_warn.iter().filter(|r| !r.is_rescinded) {
        if let Some(n) = r.naics.as_ref().filter(|n| n.len() >= 2) {
            *naics_jobs.entry(n.clone()).or_default() += event_count(r).unwrap_or(0).max(1);
        }
    }
    if my_warn.is_empty() {
        gaps.push("WARN notices: none matched by CIK, ticker or name in the register".into());
    } else {
        used.push(format!(
            "{} WARN notices matched (by CIK, ticker or the names {}), {} jobs",
            my_warn.len(),
            name_keys.join(", "),
            warn_by_year.values().map(|v| v.0).sum::<u64>()
        ));
    }
    // Industry: the NAICS code carrying most of the company's WARN jobs; else its SEC SIC code
    // bridged to NAICS (naics::naics_of_sic).
    let mut basis = "NAICS";
    if naics_jobs.is_empty() {
        for r in my_warn.iter().filter(|r| !r.is_rescinded) {
            if let Some(n) = r.sic.as_deref().and_then(crate::naics::naics_of_sic) {
                *naics_jobs.entry(n.to_string()).or_default() += event_count(r).unwrap_or(0).max(1);
                basis = "SIC";
            }
        }
    }
    match naics_jobs.iter().max_by_key(|(_, j)| **j) {
        Some((code, jobs)) => {
            let total: u64 = naics_jobs.values().sum();
            let how = if basis == "SIC" {
                format!("NAICS {code}, bridged from the SEC SIC code of the company's WARN notices ({jobs} of {total} jobs; culprit's SIC-to-NAICS table, docs/evidence.md)")
            } else {
                format!("NAICS {code} carries {jobs} of the {total} jobs on the company's WARN notices (WARN register)")
            };
            profile.company.industry = Some(IndustryRef {
                naics: vec![code.clone()],
                oews: Vec::new(),
                soc_major_groups: Vec::new(),
                note: Some(format!("{how}; a culprit inference, not a filing fact: override it (--naics) for another baseline")),
            });
        }
        None => gaps.push("industry (NAICS): no WARN notice of the company gives a NAICS or SIC code; pass --naics CODE or set [company.industry] for the baseline".into()),
    }

    let mut my_layoffs: Vec<&LayoffRecord> = layoffs.iter().filter(|r| name_keys.iter().any(|k| matches(&r.key, k))).collect();
    // Trackers list brands: "Meta" for Meta Platforms, Inc. With nothing under the full names,
    // the registrant's first word is tried as an exact name (four letters or more), and said.
    if my_layoffs.is_empty() {
        let first = canonicalise(&identity.name).key.split(' ').next().unwrap_or("").to_string();
        if first.len() >= 4 && !name_keys.contains(&first) {
            my_layoffs = layoffs.iter().filter(|r| r.key == first).collect();
            if !my_layoffs.is_empty() {
                used.push(format!("layoffs.fyi lists the company as \"{first}\" (the first word of its name): taken as the same company"));
                name_keys.push(first);
            }
        }
    }
    let mut layoffs_by_year: BTreeMap<i32, u64> = BTreeMap::new();
    for r in &my_layoffs {
        let (Some(d), Some(n)) = (r.date, event_count(r)) else { continue };
        *layoffs_by_year.entry(d.year()).or_default() += n;
        profile.layoffs.push(LayoffEvent {
            date: d,
            end_date: None,
            count: n as i64,
            approximate: false,
            scope: Scope::Unknown,
            stated_reason: None,
            source: format!("layoffs.fyi: {}{}", r.display, r.url.as_ref().map(|u| format!(", {u}")).unwrap_or_default()),
            tag: Some(Tag::S),
            severance_usd: None,
            severance_source: None,
            roles: None,
            note: r.percentage.map(|p| format!("{:.0}% of the workforce", p * 100.0)),
        });
    }
    if my_layoffs.is_empty() {
        gaps.push(format!("layoffs.fyi events: none under the names {} (add other names the company goes by after a +, e.g. GOOGL+Google)", name_keys.join(", ")));
    } else {
        used.push(format!("{} layoffs.fyi events under the names {}", my_layoffs.len(), name_keys.join(", ")));
    }
    // Without tracker events, the WARN notices of each month make one event.
    if profile.layoffs.is_empty() {
        let mut by_month: BTreeMap<(i32, u32), Vec<&LayoffRecord>> = BTreeMap::new();
        for r in my_warn.iter().filter(|r| !r.is_rescinded && r.date.is_some() && event_count(r).is_some()) {
            let d = r.date.unwrap();
            by_month.entry((d.year(), d.month())).or_default().push(r);
        }
        for ((y, m), rs) in by_month {
            let jobs: u64 = rs.iter().filter_map(|r| event_count(r)).sum();
            let first = rs.iter().filter_map(|r| r.date).min().unwrap();
            let last = rs.iter().filter_map(|r| r.date).max().unwrap();
            let states: std::collections::BTreeSet<&str> = rs.iter().filter_map(|r| r.region.as_deref()).collect();
            profile.layoffs.push(LayoffEvent {
                date: first,
                end_date: (last > first).then_some(last),
                count: jobs as i64,
                approximate: false,
                scope: Scope::Unknown,
                stated_reason: None,
                source: format!("WARN notices of {y}-{m:02}: {} notices in {}", rs.len(), states.into_iter().collect::<Vec<_>>().join(", ")),
                tag: Some(Tag::V),
                severance_usd: None,
                severance_source: None,
                roles: None,
                note: None,
            });
        }
    }
    if profile.layoffs.is_empty() {
        gaps.push("layoff events: none in layoffs.fyi or the WARN register; a scorecard is about one event".into());
    }
    gaps.push("job titles of the people cut: the register's notices do not list them (WARN letters that do: roles.warn_letters)".into());
    gaps.push("pay by level of the people cut ([pay]): not in public filings".into());
    gaps.push("public statements on the cut's reasons ([[statements]]): not in these records".into());
    Ok(AssembledProfile { profile, identity, used, gaps, issues, warn_by_year, layoffs_by_year })
}

/// A stand-in pay table when the records give none: the employment-weighted mean annual wage
/// of the occupations of the company's industry (OEWS), as one level "all". It prices the
/// average job of the industry, not the company's own pay; the source says so.
pub fn industry_pay(mix: &crate::baseline::IndustryMix) -> Option<crate::profile::Pay> {
    let (mut w, mut e) = (0.0, 0.0);
    for o in &mix.occupations {
        if let Some(wage) = o.annual_mean_wage {
            w += wage * o.employment;
            e += o.employment;
        }
    }
    if e <= 0.0 {
        return None;
    }
    let names: Vec<String> = mix.industries.iter().map(|i| format!("{} {}", i.code, i.name)).collect();
    Some(crate::profile::Pay {
        default: "oews_industry".into(),
        mix: BTreeMap::new(),
        mix_source: None,
        loaded: false,
        sources: vec![crate::profile::PaySource {
            id: "oews_industry".into(),
            source: format!("{}: employment-weighted mean annual wage of the occupations of {} (a stand-in: the industry's average job, not the company's pay)", mix.source, names.join(" + ")),
            tag: Some(Tag::D),
            levels: BTreeMap::from([("all".to_string(), (w / e).round())]),
            note: None,
        }],
    })
}

/// The draft as a TOML profile for a person to complete: the gaps and the records used as
/// comments at the top, every value with its source and tag.
pub fn to_toml(a: &AssembledProfile) -> std::result::Result<String, String> {
    let body = toml::to_string(&a.profile).map_err(|e| e.to_string())?;
    let mut s = format!("# Company profile of {}, assembled by `culprit company init` from public records.\n", a.identity.name);
    s.push_str("# Every value carries its source and tag (V primary, S secondary, D arithmetic). Complete the gaps,\n# check each value, and run `culprit company report FILE.toml`. Format: docs/evidence.md.\n#\n# Records used:\n");
    for u in &a.used {
        s.push_str(&format!("#   - {u}\n"));
    }
    s.push_str("#\n# Gaps (inputs the records on hand do not give):\n");
    for g in &a.gaps {
        s.push_str(&format!("#   - {g}\n"));
    }
    s.push('\n');
    s.push_str(&body);
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::SourceKind;

    fn warn_rec(company: &str, cik: Option<&str>, ticker: Option<&str>, date: &str, jobs: u64, naics: &str) -> LayoffRecord {
        let c = canonicalise(company);
        let d = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap();
        LayoffRecord {
            source: SourceKind::Warn,
            origin: "fixture:2".into(),
            company: company.into(),
            key: c.key,
            display: c.display,
            date: Some(d),
            year: Some(d.year()),
            year_from_file: false,
            count: CountStatus::Count(jobs),
            count_from_text: false,
            percentage: None,
            industry: None,
            region: Some("WA".into()),
            location: None,
            is_amendment: false,
            is_rescinded: false,
            is_temporary: None,
            is_closure: None,
            url: None,
            notice_id: None,
            effective_date: None,
            county: None,
            naics: Some(naics.into()),
            cik: cik.map(str::to_string),
            ticker: ticker.map(str::to_string),
            parent: None,
            parent_cik: None,
            sic: None,
            jobs_permanent: None,
            jobs_temporary: None,
            dated_by_effective: false,
        }
    }

    #[test]
    fn a_company_known_only_from_warn_notices_gets_a_draft_with_named_gaps() {
        let warn = ParsedEvents {
            records: vec![
                warn_rec("Widget Corp", Some("0000000042"), Some("WDGT"), "2024-03-04", 120, "334413"),
                warn_rec("Widget Corporation - Site 2", None, None, "2024-03-20", 80, "334413"),
                warn_rec("Other Inc", None, None, "2024-03-20", 50, "541511"),
                // Same name, another filer's: not the company's.
                LayoffRecord { parent_cik: Some("777".into()), ..warn_rec("Widget Corp", None, None, "2005-07-15", 250, "336390") },
                // A subsidiary under another name, tied by its parent.
                LayoffRecord { parent: Some("widget".into()), ..warn_rec("Gizmo Stores", None, None, "2024-03-25", 30, "334413") },
                warn_rec("Gizmo Brand Shops", None, None, "2024-04-02", 10, "334413"),
            ],
            ..Default::default()
        };
        let src = RecordSources { sec_dirs: vec![], warn: Some(warn), layoffs: None };
        for q in ["WDGT", "42", "widget"] {
            let a = assemble(q, &src).unwrap();
            assert_eq!(a.identity.cik.as_deref(), Some("42"), "{q}");
            assert_eq!(a.warn_by_year[&2024], (230, 3), "{q}: both Widget notices and its subsidiary's, not Other's");
            assert!(!a.warn_by_year.contains_key(&2005), "{q}: another filer's Widget is not this one");
            assert_eq!(a.profile.layoffs.len(), 1, "one month of notices, one event");
            assert_eq!(a.profile.layoffs[0].count, 230);
            assert_eq!(a.profile.company.industry.as_ref().unwrap().naics, vec!["334413".to_string()]);
            assert!(a.gaps.iter().any(|g| g.starts_with("SEC filings of")), "{:?}", a.gaps);
            assert!(a.gaps.iter().any(|g| g.starts_with("headcount 2015-2019")), "{:?}", a.gaps);
        }
        // Another name the company goes by, after a +.
        let a = assemble("WDGT+Gizmo Brand", &src).unwrap();
        assert_eq!(a.warn_by_year[&2024], (240, 4));
        assert_eq!(split_aliases("GOOGL + Google+ "), ("GOOGL".to_string(), vec!["Google".to_string()]));
        let toml = to_toml(&assemble("WDGT", &src).unwrap()).unwrap();
        assert!(toml.contains("# Gaps"), "{toml}");
        let back = CompanyProfile::from_toml(&toml, "draft.toml").unwrap();
        assert_eq!(back.profile.layoffs.len(), 1);
        let e = assemble("nobody", &src).unwrap_err().to_string();
        assert!(e.contains("no company matches") && e.contains("data fetch"), "{e}");
    }
}
