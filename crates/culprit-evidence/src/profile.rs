//! The company profile: a documented TOML file with identifiers, yearly series, layoff events,
//! public statements, pay by level and claims to check. Every number carries its source and a
//! support tag (V, S, D or U as in REFERENCE_FACTS.md). See docs/evidence.md for the format.
//!
//! Loading never stops at one bad entry: an entry without a year, a negative count, a U-tagged
//! figure used as fact or two overlapping events produce an [`Issue`] and the rest is kept.

use crate::error::{EvidenceError, Issue};
type Result<T, E = EvidenceError> = std::result::Result<T, E>;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// Support tags of REFERENCE_FACTS.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Tag {
    /// Seen in a primary or near-primary source.
    V,
    /// Secondary report only.
    S,
    /// Arithmetic on sourced figures.
    D,
    /// Unverified or doubtful: never used as fact.
    U,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueKind {
    #[default]
    Actual,
    Guidance,
    Estimate,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompanyInfo {
    pub name: String,
    #[serde(default)]
    pub ticker: Option<String>,
    /// SEC Central Index Key, ten digits with leading zeros.
    #[serde(default)]
    pub cik: Option<String>,
    #[serde(default)]
    pub fiscal_year_end: Option<String>,
    /// Industry used for the occupational baseline.
    #[serde(default)]
    pub industry: Option<IndustryRef>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndustryRef {
    /// NAICS codes of the company (any vintage; mapped to the OEWS industry codes).
    #[serde(default)]
    pub naics: Vec<String>,
    /// OEWS industry codes (6 characters, e.g. "455000") used directly when given.
    #[serde(default)]
    pub oews: Vec<String>,
    /// Restrict the baseline to these SOC major groups (two digits, e.g. "11", "13", "15"), e.g.
    /// office occupations when the cut was corporate. Empty: all occupations.
    #[serde(default)]
    pub soc_major_groups: Vec<String>,
    #[serde(default)]
    pub note: Option<String>,
}

/// One value of a yearly series.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeriesPoint {
    /// Fiscal year. An entry without a year is reported and skipped.
    #[serde(default)]
    pub year: Option<i32>,
    pub value: f64,
    #[serde(default)]
    pub kind: ValueKind,
    pub source: String,
    #[serde(default)]
    pub tag: Option<Tag>,
    #[serde(default)]
    pub note: Option<String>,
    /// Set when the value came from (or was confirmed by) an SEC XBRL fact.
    #[serde(default)]
    pub xbrl_tag: Option<String>,
}

impl SeriesPoint {
    pub fn year(&self) -> i32 {
        self.year.expect("validated profiles have years")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Office (white-collar) staff.
    Corporate,
    /// Warehouse, store, delivery and other operations staff.
    Operations,
    /// The whole company.
    Total,
    #[default]
    Unknown,
}

/// Job titles of the people cut with their counts, e.g. from a WARN notice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleCount {
    pub title: String,
    pub count: i64,
    /// The source says "N or more" (e.g. "600+").
    #[serde(default)]
    pub at_least: bool,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RolesCut {
    /// All roles on the list (e.g. 2,303 in the notice), including the titles not itemised.
    pub total: i64,
    #[serde(default)]
    pub titles: Vec<RoleCount>,
    /// A folder of WARN letters that list every affected title (their text, `*.txt`): when
    /// given, the titles and the total are read from the letters (see `warn_letter`), and the
    /// titles above are replaced. A relative path is taken from the profile's folder, then from
    /// the data mirror (`warn/amazon_wa_2025`).
    #[serde(default)]
    pub warn_letters: Option<String>,
    pub source: String,
    #[serde(default)]
    pub tag: Option<Tag>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LayoffEvent {
    /// Announcement date, `YYYY-MM-DD` (a TOML date or a string).
    #[serde(deserialize_with = "de_date")]
    pub date: NaiveDate,
    /// Last day the cut runs to (optional; used for overlap checks).
    #[serde(default, deserialize_with = "de_opt_date")]
    pub end_date: Option<NaiveDate>,
    /// People cut. Negative counts are reported and the event is dropped.
    pub count: i64,
    #[serde(default)]
    pub approximate: bool,
    #[serde(default)]
    pub scope: Scope,
    #[serde(default)]
    pub stated_reason: Option<String>,
    pub source: String,
    #[serde(default)]
    pub tag: Option<Tag>,
    /// Severance or restructuring charge attributed to this event, USD.
    #[serde(default)]
    pub severance_usd: Option<f64>,
    #[serde(default)]
    pub severance_source: Option<String>,
    #[serde(default)]
    pub roles: Option<RolesCut>,
    #[serde(default)]
    pub note: Option<String>,
}

impl LayoffEvent {
    pub fn end(&self) -> NaiveDate {
        self.end_date.unwrap_or(self.date)
    }
}

/// What a statement says about AI as the cause.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stance {
    /// Names AI as a cause or an enabler of the cut.
    AiCause,
    /// Denies that AI (or money) drove the cut.
    NotAi,
    #[default]
    Other,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Statement {
    #[serde(deserialize_with = "de_date")]
    pub date: NaiveDate,
    pub who: String,
    pub quote: String,
    pub source: String,
    #[serde(default)]
    pub tag: Option<Tag>,
    #[serde(default)]
    pub stance: Stance,
}

/// One pay table: annual total pay by level from one source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaySource {
    pub id: String,
    pub source: String,
    #[serde(default)]
    pub tag: Option<Tag>,
    /// Annual pay in USD by level name.
    pub levels: BTreeMap<String, f64>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pay {
    /// The pay source used for headline figures (an `id` of `sources`).
    pub default: String,
    /// Share of the people cut at each level (weights; normalised). Empty: equal weights over the
    /// levels of the pay source, stated as such.
    #[serde(default)]
    pub mix: BTreeMap<String, f64>,
    #[serde(default)]
    pub mix_source: Option<String>,
    /// Apply the loaded-cost factor (benefits, taxes) to pay when computing payroll freed.
    #[serde(default)]
    pub loaded: bool,
    pub sources: Vec<PaySource>,
}

/// A claim from the press or an article, checked by computation where a check is given.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Claim {
    pub id: String,
    pub text: String,
    pub source: String,
    #[serde(default)]
    pub tag: Option<Tag>,
    #[serde(default)]
    pub check: Option<ClaimCheck>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum ClaimCheck {
    /// `share` of the corporate salary budget (corporate headcount x mean pay) in H100s,
    /// compared with the claimed range.
    PayrollShareInH100 { share: f64, claimed_min: f64, claimed_max: f64, claimed_text: String },
    /// The people cut in the listed events as a share of the corporate base, against the claimed share.
    CutShareOfCorporate {
        #[serde(deserialize_with = "de_dates")]
        events: Vec<NaiveDate>,
        claimed_share: f64,
        tolerance: f64,
    },
}

fn value_to_date<E: serde::de::Error>(v: toml::Value) -> Result<NaiveDate, E> {
    let s = match v {
        toml::Value::String(s) => s,
        toml::Value::Datetime(d) => d.to_string(),
        other => return Err(E::custom(format!("expected a date YYYY-MM-DD, found {other}"))),
    };
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|e| E::custom(format!("date {s:?}: {e} (write YYYY-MM-DD)")))
}

fn de_date<'de, D: serde::Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    value_to_date(toml::Value::deserialize(d)?)
}

fn de_opt_date<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    Ok(Some(value_to_date(toml::Value::deserialize(d)?)?))
}

fn de_dates<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<NaiveDate>, D::Error> {
    match toml::Value::deserialize(d)? {
        toml::Value::Array(a) => a.into_iter().map(value_to_date).collect(),
        other => Ok(vec![value_to_date(other)?]),
    }
}

/// The window of the pre-2020 trend fit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrendSettings {
    /// First year wanted (the fit uses the years available from here).
    #[serde(default = "default_trend_start")]
    pub start: i32,
    #[serde(default = "default_trend_end")]
    pub end: i32,
    /// First years of the other windows the trend is also fitted on, to show how the answer
    /// moves with the window (each ends at `end`). Empty: `end`-6, `end`-4 and `end`-3
    /// (2013, 2015 and 2016 for a 2019 end).
    #[serde(default)]
    pub windows: Vec<i32>,
}

impl TrendSettings {
    /// The first years of every window fitted: the main one first, then the others.
    pub fn window_starts(&self) -> Vec<i32> {
        let others = if self.windows.is_empty() { vec![self.end - 6, self.end - 4, self.end - 3] } else { self.windows.clone() };
        let mut v = vec![self.start];
        for y in others {
            if y < self.end && !v.contains(&y) {
                v.push(y);
            }
        }
        v
    }
}

/// A company bought by the profile's company: its staff joined the headcount in `year`, which
/// is not hiring. The over-hiring trend is fitted on organic growth (headcount minus the
/// people acquired up to each year).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Acquisition {
    pub name: String,
    /// Fiscal year whose year-end headcount first includes the acquired staff.
    pub year: i32,
    /// People who joined with the acquisition.
    pub people: f64,
    pub source: String,
    #[serde(default)]
    pub tag: Option<Tag>,
    #[serde(default)]
    pub note: Option<String>,
}

fn default_trend_start() -> i32 {
    2015
}
fn default_trend_end() -> i32 {
    2019
}

impl Default for TrendSettings {
    fn default() -> Self {
        TrendSettings { start: default_trend_start(), end: default_trend_end(), windows: Vec::new() }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompanyProfile {
    pub company: CompanyInfo,
    /// Total employees (full and part time) at fiscal year end.
    #[serde(default)]
    pub headcount: Vec<SeriesPoint>,
    /// Corporate (office) employees, where known.
    #[serde(default)]
    pub corporate_headcount: Vec<SeriesPoint>,
    /// Capital expenditure, USD (purchases of property and equipment).
    #[serde(default)]
    pub capex: Vec<SeriesPoint>,
    #[serde(default)]
    pub revenue: Vec<SeriesPoint>,
    #[serde(default)]
    pub net_income: Vec<SeriesPoint>,
    #[serde(default)]
    pub layoffs: Vec<LayoffEvent>,
    #[serde(default)]
    pub statements: Vec<Statement>,
    #[serde(default)]
    pub pay: Option<Pay>,
    #[serde(default)]
    pub claims: Vec<Claim>,
    #[serde(default)]
    pub trend: TrendSettings,
    /// Acquisitions whose staff joined the headcount (taken out of the trend fit).
    #[serde(default)]
    pub acquisitions: Vec<Acquisition>,
    /// The event the report is about when `--event` is not given (default: the latest event).
    #[serde(default, deserialize_with = "de_opt_date")]
    pub focus_event: Option<NaiveDate>,
    /// Overrides of named assumptions (culprit_data::assumptions), e.g. `h100_price_usd = 30000`.
    #[serde(default)]
    pub assumptions: BTreeMap<String, f64>,
}

/// A profile after validation, with what was wrong with it.
#[derive(Debug, Clone, Serialize)]
pub struct LoadedProfile {
    pub profile: CompanyProfile,
    pub issues: Vec<Issue>,
}

/// The names of the yearly series, in file order.
pub const SERIES: [&str; 5] = ["headcount", "corporate_headcount", "capex", "revenue", "net_income"];

impl CompanyProfile {
    pub fn load(path: &Path) -> Result<LoadedProfile> {
        let text = std::fs::read_to_string(path).map_err(|e| EvidenceError::io(path, e))?;
        Self::from_toml_in(&text, &path.display().to_string(), path.parent())
    }

    pub fn from_toml(text: &str, origin: &str) -> Result<LoadedProfile> {
        Self::from_toml_in(text, origin, None)
    }

    fn from_toml_in(text: &str, origin: &str, dir: Option<&Path>) -> Result<LoadedProfile> {
        let mut profile: CompanyProfile =
            toml::from_str(text).map_err(|e| EvidenceError::Profile { path: origin.into(), message: e.to_string() })?;
        let letter_issues = profile.read_warn_letters(dir);
        let mut loaded = profile.validate();
        loaded.issues.extend(letter_issues);
        Ok(loaded)
    }

    /// Replace the roles of events that name WARN letters by the letters' full title lists.
    fn read_warn_letters(&mut self, dir: Option<&Path>) -> Vec<Issue> {
        let mut issues = Vec::new();
        for e in &mut self.layoffs {
            let Some(r) = &mut e.roles else { continue };
            let Some(rel) = r.warn_letters.clone() else { continue };
            let loc = format!("layoffs ({}) roles.warn_letters", e.date);
            let p = Path::new(&rel);
            let candidates: Vec<std::path::PathBuf> = if p.is_absolute() {
                vec![p.to_path_buf()]
            } else {
                dir.map(|d| d.join(p)).into_iter().chain(crate::mirror::locate(None).map(|m| m.join(p))).collect()
            };
            let Some(folder) = candidates.into_iter().find(|c| c.is_dir()) else {
                issues.push(Issue::new(loc, format!("folder `{rel}` not found (beside the profile or in the data mirror); the titles listed in the profile are used")));
                continue;
            };
            match crate::warn_letter::read_letters(&folder) {
                Ok(set) => {
                    r.titles = set.title_counts().into_iter().map(|(title, n)| RoleCount { title, count: n as i64, at_least: false, note: None }).collect();
                    r.total = set.stated().max(set.people()) as i64;
                    let files: Vec<&str> = set.letters.iter().map(|l| l.origin.as_str()).collect();
                    r.source = format!("WARN letters {} ({}): every affected title, {} people", files.join(", "), folder.display(), set.people());
                    for d in &set.checks {
                        issues.push(Issue::new(loc.clone(), format!("{}: {} on the letter, {} on its title rows", d.what, d.letter, d.other)));
                    }
                    if let Some(x) = set.extraction.as_ref().filter(|x| !x.differences.is_empty()) {
                        issues.push(Issue::new(
                            loc.clone(),
                            format!("the CSV extraction {} lists {} people, the letters {}; the letters are used (culprit events letters lists every difference)", x.path, x.people, set.people()),
                        ));
                    }
                }
                Err(err) => issues.push(Issue::new(loc, format!("{err}; the titles listed in the profile are used"))),
            }
        }
        issues
    }

    pub fn series(&self, name: &str) -> &[SeriesPoint] {
        match name {
            "headcount" => &self.headcount,
            "corporate_headcount" => &self.corporate_headcount,
            "capex" => &self.capex,
            "revenue" => &self.revenue,
            "net_income" => &self.net_income,
            _ => &[],
        }
    }

    pub fn series_mut(&mut self, name: &str) -> Option<&mut Vec<SeriesPoint>> {
        Some(match name {
            "headcount" => &mut self.headcount,
            "corporate_headcount" => &mut self.corporate_headcount,
            "capex" => &mut self.capex,
            "revenue" => &mut self.revenue,
            "net_income" => &mut self.net_income,
            _ => return None,
        })
    }

    /// The value of a series for a year (actual preferred over guidance or estimate).
    pub fn value(&self, series: &str, year: i32) -> Option<&SeriesPoint> {
        let pts = self.series(series).iter().filter(|p| p.year == Some(year));
        let v: Vec<_> = pts.collect();
        v.iter().find(|p| p.kind == ValueKind::Actual).or_else(|| v.first()).copied()
    }

    /// Check every entry, drop the unusable ones with an issue each, and keep the rest.
    pub fn validate(mut self) -> LoadedProfile {
        let mut issues = Vec::new();
        for name in SERIES {
            let counts_people = name.ends_with("headcount");
            let series = self.series_mut(name).expect("known series");
            let mut seen = std::collections::BTreeSet::new();
            let mut kept = Vec::with_capacity(series.len());
            for (i, p) in series.drain(..).enumerate() {
                let loc = format!("{name}[{}]", i + 1);
                let Some(y) = p.year else {
                    issues.push(Issue::new(loc, format!("entry has no year (value {}, source {:?}); skipped, the other entries are used", p.value, p.source)));
                    continue;
                };
                if !p.value.is_finite() || (counts_people && p.value < 0.0) || (name == "capex" && p.value < 0.0) {
                    issues.push(Issue::new(loc, format!("{y}: value {} cannot be negative; skipped", p.value)));
                    continue;
                }
                if p.tag == Some(Tag::U) {
                    issues.push(Issue::new(loc, format!("{y}: value is tagged U (unverified) and is not used as fact; list it under [[claims]] instead")));
                    continue;
                }
                if p.source.trim().is_empty() {
                    issues.push(Issue::new(loc.clone(), format!("{y}: no source given; the value is used but marked unsourced")));
                }
                if !seen.insert((y, p.kind)) {
                    issues.push(Issue::new(loc, format!("{y}: second {:?} value for the same year; the first one is kept", p.kind)));
                    continue;
                }
                kept.push(p);
            }
            kept.sort_by_key(|p| (p.year, p.kind != ValueKind::Actual));
            // Gaps inside the series.
            let years: Vec<i32> = kept.iter().filter_map(|p| p.year).collect();
            if let (Some(&lo), Some(&hi)) = (years.iter().min(), years.iter().max()) {
                let missing: Vec<String> = (lo..=hi).filter(|y| !years.contains(y)).map(|y| y.to_string()).collect();
                if !missing.is_empty() {
                    issues.push(Issue::new(name, format!("no value for {}; computations use the years present", missing.join(", "))));
                }
            }
            *series = kept;
        }

        let mut kept = Vec::new();
        for (i, mut e) in std::mem::take(&mut self.layoffs).into_iter().enumerate() {
            let loc = format!("layoffs[{}] ({})", i + 1, e.date);
            if e.count < 0 {
                issues.push(Issue::new(loc, format!("count {} is negative; event skipped, the other events are used", e.count)));
                continue;
            }
            if e.tag == Some(Tag::U) {
                issues.push(Issue::new(loc, "event is tagged U (unverified) and is not used as fact"));
                continue;
            }
            if let Some(end) = e.end_date {
                if end < e.date {
                    issues.push(Issue::new(loc.clone(), format!("end_date {end} is before the date; end_date ignored")));
                    e.end_date = None;
                }
            }
            if let Some(r) = &mut e.roles {
                let before = r.titles.len();
                r.titles.retain(|t| t.count >= 0);
                if r.titles.len() < before {
                    issues.push(Issue::new(loc.clone(), format!("{} role line(s) with a negative count skipped", before - r.titles.len())));
                }
                let listed: i64 = r.titles.iter().map(|t| t.count).sum();
                if r.total < listed {
                    issues.push(Issue::new(loc.clone(), format!("roles total {} is below the sum of the listed titles ({listed}); the sum is used", r.total)));
                    r.total = listed;
                }
            }
            if let Some(s) = e.severance_usd {
                if s < 0.0 {
                    issues.push(Issue::new(loc.clone(), format!("severance {s} is negative; ignored")));
                    e.severance_usd = None;
                }
            }
            kept.push(e);
        }
        kept.sort_by_key(|e| e.date);
        for (i, a) in kept.iter().enumerate() {
            for b in &kept[i + 1..] {
                if b.date <= a.end() && a.date <= b.end() {
                    issues.push(Issue::new(
                        format!("layoffs ({} and {})", a.date, b.date),
                        format!(
                            "events overlap in time ({}..{} and {}..{}): they may describe the same cut; both are kept and shown apart, and any total over events may count people twice",
                            a.date, a.end(), b.date, b.end()
                        ),
                    ));
                }
            }
        }
        self.layoffs = kept;

        let mut acq = Vec::new();
        for (i, a) in std::mem::take(&mut self.acquisitions).into_iter().enumerate() {
            let loc = format!("acquisitions[{}] ({})", i + 1, a.name);
            if !a.people.is_finite() || a.people < 0.0 {
                issues.push(Issue::new(loc, format!("people {} cannot be negative; the acquisition is not taken out of the trend", a.people)));
            } else if a.tag == Some(Tag::U) {
                issues.push(Issue::new(loc, "tagged U (unverified): not taken out of the trend"));
            } else {
                acq.push(a);
            }
        }
        acq.sort_by_key(|a| a.year);
        self.acquisitions = acq;

        let before = self.statements.len();
        self.statements.retain(|s| s.tag != Some(Tag::U));
        if self.statements.len() < before {
            issues.push(Issue::new("statements", format!("{} statement(s) tagged U skipped: a quote needs a source seen", before - self.statements.len())));
        }

        if let Some(pay) = &mut self.pay {
            for s in &mut pay.sources {
                let before = s.levels.len();
                s.levels.retain(|_, v| v.is_finite() && *v >= 0.0);
                if s.levels.len() < before {
                    issues.push(Issue::new(format!("pay.sources.{}", s.id), "negative pay value(s) skipped"));
                }
            }
            if !pay.sources.iter().any(|s| s.id == pay.default) {
                issues.push(Issue::new("pay.default", format!("no pay source with id {:?}; the first source is used", pay.default)));
                if let Some(first) = pay.sources.first() {
                    pay.default = first.id.clone();
                }
            }
            pay.mix.retain(|level, w| {
                let ok = w.is_finite() && *w >= 0.0;
                if !ok {
                    issues.push(Issue::new("pay.mix", format!("weight of {level} is negative; ignored")));
                }
                ok
            });
        }
        LoadedProfile { profile: self, issues }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = r#"
[company]
name = "Fixture Co"
[[headcount]]
year = 2018
value = 100
source = "fixture"
tag = "S"
"#;

    #[test]
    fn missing_year_is_reported_and_rest_kept() {
        let t = format!("{BASE}\n[[headcount]]\nvalue = 120\nsource = \"x\"\n[[headcount]]\nyear = 2020\nvalue = 130\nsource = \"x\"\n");
        let lp = CompanyProfile::from_toml(&t, "t.toml").unwrap();
        assert_eq!(lp.profile.headcount.len(), 2);
        assert!(lp.issues.iter().any(|i| i.location == "headcount[2]" && i.message.contains("no year")), "{:?}", lp.issues);
        assert!(lp.issues.iter().any(|i| i.message.contains("no value for 2019")), "{:?}", lp.issues);
    }

    #[test]
    fn negative_count_is_reported_and_rest_kept() {
        let t = format!("{BASE}\n[[layoffs]]\ndate = 2025-10-28\ncount = -5\nsource = \"x\"\n[[layoffs]]\ndate = 2026-01-28\ncount = 10\nsource = \"x\"\n[[headcount]]\nyear = 2019\nvalue = -3\nsource = \"x\"\n");
        let lp = CompanyProfile::from_toml(&t, "t.toml").unwrap();
        assert_eq!(lp.profile.layoffs.len(), 1);
        assert_eq!(lp.profile.layoffs[0].count, 10);
        assert_eq!(lp.profile.headcount.len(), 1);
        assert!(lp.issues.iter().any(|i| i.message.contains("count -5 is negative")), "{:?}", lp.issues);
        assert!(lp.issues.iter().any(|i| i.message.contains("-3 cannot be negative")), "{:?}", lp.issues);
    }

    #[test]
    fn overlapping_events_are_flagged() {
        let t = format!("{BASE}\n[[layoffs]]\ndate = 2025-10-28\nend_date = 2026-01-31\ncount = 5\nsource = \"x\"\n[[layoffs]]\ndate = 2026-01-28\ncount = 10\nsource = \"x\"\n[[layoffs]]\ndate = 2026-06-01\ncount = 1\nsource = \"x\"\n");
        let lp = CompanyProfile::from_toml(&t, "t.toml").unwrap();
        assert_eq!(lp.profile.layoffs.len(), 3);
        let overlaps: Vec<_> = lp.issues.iter().filter(|i| i.message.contains("overlap")).collect();
        assert_eq!(overlaps.len(), 1, "{:?}", lp.issues);
        assert!(overlaps[0].location.contains("2025-10-28") && overlaps[0].location.contains("2026-01-28"));
    }

    #[test]
    fn u_tagged_values_are_not_facts() {
        let t = format!("{BASE}\n[[capex]]\nyear = 2024\nvalue = 1e9\nsource = \"rumour\"\ntag = \"U\"\n");
        let lp = CompanyProfile::from_toml(&t, "t.toml").unwrap();
        assert!(lp.profile.capex.is_empty());
        assert!(lp.issues.iter().any(|i| i.message.contains("unverified")));
    }

    #[test]
    fn bad_toml_names_the_file() {
        let e = CompanyProfile::from_toml("[company]\nnam = 1", "bad.toml").unwrap_err();
        assert!(e.to_string().starts_with("bad.toml: not a valid company profile"), "{e}");
    }
}
