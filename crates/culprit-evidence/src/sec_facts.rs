//! Full-year facts from SEC filings (an XBRL instance or the SEC companyfacts JSON) for capex,
//! revenue, net income and employees, and their merge into a company profile.
//!
//! Selection rule: a fact counts for fiscal year Y when its context has no dimension (no segment
//! or scenario member), its period is a duration of 350 to 380 days ending in year Y (employees:
//! an instant or duration ending in Y), and its unit is USD (employees: any unit). Concepts are
//! tried in the order of [`CONCEPTS`]; the first one found for a year is used and the others are
//! listed as alternatives. Where the same concept and period appear twice with different values,
//! the value of the latest filing (companyfacts) or the first in the file (instance) is used and
//! the conflict is reported.

use crate::error::{EvidenceError, Issue, Result};
use crate::profile::{CompanyProfile, SeriesPoint, Tag, ValueKind};
use crate::xbrl::{Period, XbrlInstance};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// Profile series -> concepts, in order of preference.
pub const CONCEPTS: &[(&str, &[&str])] = &[
    ("capex", &["us-gaap:PaymentsToAcquirePropertyPlantAndEquipment", "us-gaap:PaymentsToAcquireProductiveAssets"]),
    (
        "revenue",
        &[
            "us-gaap:Revenues",
            "us-gaap:RevenueFromContractWithCustomerExcludingAssessedTax",
            "us-gaap:RevenueFromContractWithCustomerIncludingAssessedTax",
            "us-gaap:SalesRevenueNet",
        ],
    ),
    ("net_income", &["us-gaap:NetIncomeLoss", "us-gaap:ProfitLoss"]),
    ("headcount", &["dei:EntityNumberOfEmployees"]),
];

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnnualFact {
    /// Profile series: capex, revenue, net_income, headcount.
    pub series: String,
    pub year: i32,
    pub value: f64,
    pub concept: String,
    pub start: Option<NaiveDate>,
    pub end: NaiveDate,
    pub decimals: Option<String>,
    /// Other concepts with a value for the same series and year (concept, value).
    pub alternatives: Vec<(String, f64)>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct AnnualFacts {
    /// Where the facts came from (file name, entity).
    pub origin: String,
    pub entity: Option<String>,
    pub facts: Vec<AnnualFact>,
    /// Latest fiscal year with any fact.
    pub latest_year: Option<i32>,
    pub issues: Vec<Issue>,
}

impl AnnualFacts {
    pub fn get(&self, series: &str, year: i32) -> Option<&AnnualFact> {
        self.facts.iter().find(|f| f.series == series && f.year == year)
    }
}

struct Candidate {
    concept: String,
    value: f64,
    start: Option<NaiveDate>,
    end: NaiveDate,
    decimals: Option<String>,
    /// Ordering key among duplicates: larger wins (filing date for companyfacts).
    rank: String,
}

fn full_year(start: NaiveDate, end: NaiveDate) -> bool {
    (350..=380).contains(&(end - start).num_days())
}

fn select(origin: &str, entity: Option<String>, cands: Vec<Candidate>) -> AnnualFacts {
    let mut out = AnnualFacts { origin: origin.to_string(), entity, ..Default::default() };
    // (series, year, concept) -> candidates
    let mut by: BTreeMap<(String, i32), BTreeMap<String, Vec<Candidate>>> = BTreeMap::new();
    for c in cands {
        let Some((series, _)) = CONCEPTS.iter().find(|(_, cs)| cs.contains(&c.concept.as_str())) else { continue };
        by.entry((series.to_string(), c.end.year())).or_default().entry(c.concept.clone()).or_default().push(c);
    }
    for (series, concepts) in CONCEPTS {
        let years: Vec<i32> = by.keys().filter(|(s, _)| s == series).map(|(_, y)| *y).collect();
        if years.is_empty() {
            out.issues.push(Issue::new(
                origin,
                format!("no full-year, non-dimensional fact for {series} (looked for {}); the profile keeps its own values", concepts.join(", ")),
            ));
        }
        for y in years {
            let found = by.get_mut(&(series.to_string(), y)).expect("key exists");
            let mut chosen: Option<AnnualFact> = None;
            let mut alternatives = Vec::new();
            for concept in concepts.iter() {
                let Some(list) = found.get_mut(*concept) else { continue };
                list.sort_by(|a, b| b.rank.cmp(&a.rank));
                let best = &list[0];
                let differing: Vec<f64> = list.iter().skip(1).map(|c| c.value).filter(|v| *v != best.value).collect();
                if !differing.is_empty() {
                    out.issues.push(Issue::new(origin, format!("{concept} {y}: several values ({} and {:?}); {} used", best.value, differing, best.value)));
                }
                if chosen.is_none() {
                    chosen = Some(AnnualFact {
                        series: series.to_string(),
                        year: y,
                        value: best.value,
                        concept: concept.to_string(),
                        start: best.start,
                        end: best.end,
                        decimals: best.decimals.clone(),
                        alternatives: Vec::new(),
                    });
                } else {
                    alternatives.push((concept.to_string(), best.value));
                }
            }
            if let Some(mut c) = chosen {
                c.alternatives = alternatives;
                out.facts.push(c);
            }
        }
    }
    out.latest_year = out.facts.iter().filter(|f| f.series != "headcount").map(|f| f.year).max();
    out
}

/// Full-year facts from an XBRL instance.
pub fn from_instance(inst: &XbrlInstance, origin: &str) -> AnnualFacts {
    let mut cands = Vec::new();
    let wanted: Vec<&str> = CONCEPTS.iter().flat_map(|(_, cs)| cs.iter().copied()).collect();
    for (i, f) in inst.facts.iter().enumerate() {
        if !wanted.contains(&f.concept.as_str()) {
            continue;
        }
        let Some(ctx) = inst.contexts.get(&f.context) else { continue };
        if !ctx.dimensions.is_empty() {
            continue;
        }
        let is_employees = f.concept == "dei:EntityNumberOfEmployees";
        if !is_employees && f.unit.as_deref().and_then(|u| inst.units.get(u)).is_none_or(|m| m != "iso4217:USD") {
            continue;
        }
        let (start, end) = match ctx.period {
            Period::Duration { start, end } if full_year(start, end) => (Some(start), end),
            Period::Instant(d) if is_employees => (None, d),
            Period::Duration { end, .. } if is_employees => (None, end),
            _ => continue,
        };
        let Some(value) = f.number() else { continue };
        // Earlier facts rank higher, so the first in the file wins among duplicates.
        cands.push(Candidate { concept: f.concept.clone(), value, start, end, decimals: f.decimals.clone(), rank: format!("{:>10}", usize::MAX - i) });
    }
    let entity = inst.dei("EntityRegistrantName").map(str::to_string).or_else(|| inst.contexts.values().next().map(|c| c.entity.clone()));
    select(origin, entity, cands)
}

pub fn load_instance(path: &Path) -> Result<AnnualFacts> {
    let inst = XbrlInstance::load(path)?;
    Ok(from_instance(&inst, &path.display().to_string()))
}

#[derive(Debug, Deserialize)]
struct CfRoot {
    #[serde(default)]
    cik: Option<serde_json::Value>,
    #[serde(rename = "entityName", default)]
    entity_name: Option<String>,
    facts: BTreeMap<String, BTreeMap<String, CfConcept>>,
}

#[derive(Debug, Deserialize)]
struct CfConcept {
    units: BTreeMap<String, Vec<CfValue>>,
}

#[derive(Debug, Deserialize)]
struct CfValue {
    #[serde(default)]
    start: Option<NaiveDate>,
    end: NaiveDate,
    val: f64,
    #[serde(default)]
    fp: Option<String>,
    #[serde(default)]
    form: Option<String>,
    #[serde(default)]
    filed: Option<String>,
    #[serde(default)]
    frame: Option<String>,
}

/// Full-year facts from the SEC companyfacts JSON (`facts -> us-gaap -> TAG -> units -> USD -> [...]`).
/// Only 10-K (and 10-K/A, 20-F, 40-F) values are read; among repeats of the same period the one
/// filed last is used.
pub fn from_companyfacts(json: &str, origin: &str) -> Result<AnnualFacts> {
    let root: CfRoot = serde_json::from_str(json).map_err(|e| EvidenceError::CompanyFacts { path: origin.into(), message: e.to_string() })?;
    let mut cands = Vec::new();
    for (taxonomy, concepts) in &root.facts {
        for (name, c) in concepts {
            let concept = format!("{taxonomy}:{name}");
            let is_employees = concept == "dei:EntityNumberOfEmployees";
            for (unit, values) in &c.units {
                if !is_employees && unit != "USD" {
                    continue;
                }
                for v in values {
                    let annual_form = v.form.as_deref().is_some_and(|f| f.starts_with("10-K") || f.starts_with("20-F") || f.starts_with("40-F"));
                    if !annual_form {
                        continue;
                    }
                    let start = match v.start {
                        Some(s) if full_year(s, v.end) => Some(s),
                        Some(_) => continue,
                        None if is_employees => None,
                        None => continue,
                    };
                    if !is_employees && v.fp.as_deref().is_some_and(|fp| fp != "FY") && v.frame.is_none() {
                        continue;
                    }
                    cands.push(Candidate { concept: concept.clone(), value: v.val, start, end: v.end, decimals: None, rank: v.filed.clone().unwrap_or_default() });
                }
            }
        }
    }
    let entity = root.entity_name.or(root.cik.map(|c| c.to_string()));
    Ok(select(origin, entity, cands))
}

pub fn load_companyfacts(path: &Path) -> Result<AnnualFacts> {
    let text = std::fs::read_to_string(path).map_err(|e| EvidenceError::io(path, e))?;
    from_companyfacts(&text, &path.display().to_string())
}

/// Load a file as companyfacts JSON when it starts with `{`, else as an XBRL instance.
pub fn load_any(path: &Path) -> Result<AnnualFacts> {
    let text = std::fs::read_to_string(path).map_err(|e| EvidenceError::io(path, e))?;
    let origin = path.display().to_string();
    if text.trim_start().starts_with('{') {
        from_companyfacts(&text, &origin)
    } else {
        Ok(from_instance(&XbrlInstance::parse(&text, &origin)?, &origin))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MergeAction {
    /// The profile had no actual value for that year: the fact was added.
    Added,
    /// The profile value agrees within 0.5%: it is now marked with the tag.
    Confirmed,
    /// The profile value differs by more than 0.5%: the profile value is kept.
    Differs,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MergeLine {
    pub series: String,
    pub year: i32,
    pub xbrl_value: f64,
    pub concept: String,
    pub profile_value: Option<f64>,
    pub action: MergeAction,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct MergeReport {
    pub origin: String,
    pub lines: Vec<MergeLine>,
    pub issues: Vec<Issue>,
}

/// Merge facts into a profile: fill missing actual values, confirm agreeing ones (marking the
/// concept used) and report disagreements without overwriting the profile.
pub fn merge_into_profile(profile: &mut CompanyProfile, facts: &AnnualFacts) -> MergeReport {
    let mut report = MergeReport { origin: facts.origin.clone(), issues: facts.issues.clone(), lines: Vec::new() };
    for f in &facts.facts {
        let series = profile.series_mut(&f.series).expect("known series");
        let existing = series.iter_mut().find(|p| p.year == Some(f.year) && p.kind == ValueKind::Actual);
        let (action, profile_value) = match existing {
            None => {
                series.push(SeriesPoint {
                    year: Some(f.year),
                    value: f.value,
                    kind: ValueKind::Actual,
                    source: format!("SEC XBRL {} ({})", facts.origin.rsplit('/').next().unwrap_or(&facts.origin), f.concept),
                    tag: Some(Tag::V),
                    note: Some(format!("period ending {}", f.end)),
                    xbrl_tag: Some(f.concept.clone()),
                });
                series.sort_by_key(|p| (p.year, p.kind));
                (MergeAction::Added, None)
            }
            Some(p) => {
                let pv = p.value;
                if (pv - f.value).abs() <= 0.005 * f.value.abs().max(1.0) {
                    p.xbrl_tag = Some(f.concept.clone());
                    (MergeAction::Confirmed, Some(pv))
                } else {
                    (MergeAction::Differs, Some(pv))
                }
            }
        };
        report.lines.push(MergeLine { series: f.series.clone(), year: f.year, xbrl_value: f.value, concept: f.concept.clone(), profile_value, action });
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xbrl::tests::MINI;

    #[test]
    fn instance_full_year_non_dimensional() {
        let x = XbrlInstance::parse(MINI, "mini.xml").unwrap();
        let a = from_instance(&x, "mini.xml");
        let capex = a.get("capex", 2024).unwrap();
        assert_eq!(capex.value, 1.2e9);
        assert_eq!(capex.concept, "us-gaap:PaymentsToAcquireProductiveAssets");
        assert_eq!(a.get("capex", 2023).unwrap().value, 1e9);
        assert_eq!(a.get("revenue", 2024).unwrap().concept, "us-gaap:Revenues");
        assert_eq!(a.get("net_income", 2024).unwrap().value, -2e7);
        assert_eq!(a.get("headcount", 2024).unwrap().value, 1234.0);
        assert_eq!(a.latest_year, Some(2024));
        assert!(a.issues.is_empty(), "{:?}", a.issues);
    }

    #[test]
    fn instance_without_the_tags_says_so() {
        let t = r#"<xbrl xmlns:us-gaap="http://fasb.org/us-gaap/2024"><context id="c"><entity><identifier>1</identifier></entity><period><startDate>2024-01-01</startDate><endDate>2024-12-31</endDate></period></context><unit id="usd"><measure>iso4217:USD</measure></unit><us-gaap:Revenues contextRef="c" unitRef="usd" decimals="0">10</us-gaap:Revenues></xbrl>"#;
        let a = from_instance(&XbrlInstance::parse(t, "t.xml").unwrap(), "t.xml");
        assert_eq!(a.facts.len(), 1);
        let msgs: Vec<&str> = a.issues.iter().map(|i| i.message.as_str()).collect();
        assert_eq!(msgs.len(), 3, "{msgs:?}");
        assert!(msgs[0].starts_with("no full-year, non-dimensional fact for capex (looked for us-gaap:PaymentsToAcquirePropertyPlantAndEquipment, us-gaap:PaymentsToAcquireProductiveAssets)"));
    }

    pub const COMPANYFACTS: &str = r#"{"cik": 1, "entityName": "Fixture Co", "facts": {
      "dei": {"EntityNumberOfEmployees": {"units": {"pure": [{"end": "2024-01-31", "val": 1500, "fy": 2023, "fp": "FY", "form": "10-K", "filed": "2024-02-02"}]}}},
      "us-gaap": {
        "PaymentsToAcquirePropertyPlantAndEquipment": {"units": {"USD": [
          {"start": "2023-01-01", "end": "2023-12-31", "val": 500, "fy": 2023, "fp": "FY", "form": "10-K", "filed": "2024-02-02", "frame": "CY2023"},
          {"start": "2023-01-01", "end": "2023-12-31", "val": 510, "fy": 2024, "fp": "FY", "form": "10-K", "filed": "2025-02-02"},
          {"start": "2023-10-01", "end": "2023-12-31", "val": 150, "fy": 2023, "fp": "FY", "form": "10-K", "filed": "2024-02-02", "frame": "CY2023Q4"},
          {"start": "2024-01-01", "end": "2024-06-30", "val": 300, "fy": 2024, "fp": "Q2", "form": "10-Q", "filed": "2024-08-02"}]}},
        "PaymentsToAcquireProductiveAssets": {"units": {"USD": [
          {"start": "2023-01-01", "end": "2023-12-31", "val": 520, "fy": 2023, "fp": "FY", "form": "10-K", "filed": "2024-02-02"}]}},
        "NetIncomeLoss": {"units": {"USD": [{"start": "2023-01-01", "end": "2023-12-31", "val": -7, "fy": 2023, "fp": "FY", "form": "10-K", "filed": "2024-02-02"}]}}
      }}}"#;

    #[test]
    fn companyfacts_selects_annual_latest_filed() {
        let a = from_companyfacts(COMPANYFACTS, "cf.json").unwrap();
        let capex = a.get("capex", 2023).unwrap();
        assert_eq!(capex.value, 510.0, "the later filing wins");
        assert_eq!(capex.concept, "us-gaap:PaymentsToAcquirePropertyPlantAndEquipment");
        assert_eq!(capex.alternatives, vec![("us-gaap:PaymentsToAcquireProductiveAssets".to_string(), 520.0)]);
        assert!(a.get("capex", 2024).is_none(), "10-Q half year is not a full year");
        assert_eq!(a.get("net_income", 2023).unwrap().value, -7.0);
        assert_eq!(a.get("headcount", 2024).unwrap().value, 1500.0);
        assert_eq!(a.entity.as_deref(), Some("Fixture Co"));
        assert!(a.issues.iter().any(|i| i.message.contains("several values")));
        assert!(a.issues.iter().any(|i| i.message.contains("for revenue")));
        assert!(from_companyfacts("{\"facts\": 3}", "bad.json").is_err());
    }

    #[test]
    fn merge_adds_confirms_and_reports_differences() {
        let lp = CompanyProfile::from_toml(
            r#"[company]
name = "Fixture Co"
[[capex]]
year = 2023
value = 509
source = "press"
[[net_income]]
year = 2023
value = 99
source = "press"
"#,
            "p.toml",
        )
        .unwrap();
        let mut p = lp.profile;
        let a = from_companyfacts(COMPANYFACTS, "cf.json").unwrap();
        let r = merge_into_profile(&mut p, &a);
        let act = |s: &str| r.lines.iter().find(|l| l.series == s).unwrap().action;
        assert_eq!(act("capex"), MergeAction::Confirmed);
        assert_eq!(act("net_income"), MergeAction::Differs);
        assert_eq!(act("headcount"), MergeAction::Added);
        assert_eq!(p.capex[0].xbrl_tag.as_deref(), Some("us-gaap:PaymentsToAcquirePropertyPlantAndEquipment"));
        assert_eq!(p.net_income[0].value, 99.0);
        assert_eq!(p.headcount[0].value, 1500.0);
        assert!(p.headcount[0].source.contains("dei:EntityNumberOfEmployees"));
    }
}
