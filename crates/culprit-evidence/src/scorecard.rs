//! The evidence scorecard for one company and one layoff: one section per explanation
//! (correcting pandemic over-hiring, funding AI capital spending, AI substitution), each with its
//! indicators, values, sources and a plain sentence of what they show; the article claims
//! checked by computation; and tables for the report. Everything is computed from the profile,
//! the named assumptions, the baseline and the exposure coder given; nothing is hard-coded.

use crate::baseline::IndustryMix;
use crate::error::{EvidenceError, Issue, Result};
use crate::exposure::{CodedRole, RoleExposure};
use crate::fmt;
use crate::profile::{ClaimCheck, CompanyProfile, LayoffEvent, Pay, RoleCount, Scope, SeriesPoint, Stance, Tag, ValueKind};
use crate::trend::LogLinearFit;
use chrono::{Datelike, NaiveDate};
use culprit_data::assumptions::Assumptions;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Explanation {
    OverHiring,
    FundingAiCapex,
    AiSubstitution,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Indicator {
    /// Stable snake_case identifier for other tools (the name may be reworded).
    pub id: String,
    pub name: String,
    pub value: Option<f64>,
    /// people, usd, share, gpus, gw, gpu_hours, months, years, text.
    pub unit: String,
    /// Extra context for the value (e.g. "2021: 1,608,000 actual vs 1,413,000 trend").
    pub detail: Option<String>,
    pub method: String,
    pub sources: Vec<String>,
}

impl Indicator {
    fn new(id: &str, name: &str, value: Option<f64>, unit: &str, method: impl Into<String>) -> Self {
        Indicator { id: id.into(), name: name.into(), value, unit: unit.into(), detail: None, method: method.into(), sources: Vec::new() }
    }
    fn detail(mut self, d: impl Into<String>) -> Self {
        self.detail = Some(d.into());
        self
    }
    fn sources(mut self, s: impl IntoIterator<Item = String>) -> Self {
        for x in s {
            if !self.sources.contains(&x) {
                self.sources.push(x);
            }
        }
        self
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    pub explanation: Explanation,
    pub title: String,
    /// What this explanation predicts, i.e. the test.
    pub test: String,
    pub indicators: Vec<Indicator>,
    /// A plain sentence (or a few) of what the indicators show.
    pub finding: String,
    /// What could not be computed and why.
    pub missing: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Cell {
    Number(f64),
    Text(String),
    Empty,
}

impl Cell {
    fn num(x: Option<f64>) -> Cell {
        x.filter(|v| v.is_finite()).map(Cell::Number).unwrap_or(Cell::Empty)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportTable {
    pub id: String,
    pub title: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ClaimStatus {
    Holds,
    /// The computed number is below the claim: the claim says more than the numbers.
    Overstated,
    /// The computed number is above the claim: right in direction, too modest.
    Understated,
    /// Holds under some inputs (e.g. one pay source) and not under others.
    Depends,
    /// A U-tagged claim: listed, flagged and not used in any computation.
    Unverified,
    NotChecked,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClaimLine {
    pub label: String,
    pub inputs: Vec<(String, String)>,
    pub value: f64,
    pub unit: String,
    pub holds: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClaimResult {
    pub id: String,
    pub text: String,
    pub source: String,
    pub tag: Option<Tag>,
    pub status: ClaimStatus,
    pub lines: Vec<ClaimLine>,
    pub sentence: String,
}

pub use culprit_data::assumptions::AssumptionUsed;

/// The scorecard lists its assumptions as it always has: key, value, unit, source, overridden
/// (no Monte Carlo range: the scorecard draws nothing).
fn listed_assumptions<S: serde::Serializer>(v: &[AssumptionUsed], s: S) -> std::result::Result<S::Ok, S::Error> {
    #[derive(Serialize)]
    struct Listed<'a> {
        key: &'a str,
        value: f64,
        unit: &'a str,
        source: &'a str,
        overridden: bool,
    }
    s.collect_seq(v.iter().map(|a| Listed { key: &a.key, value: a.value, unit: &a.unit, source: &a.source, overridden: a.overridden }))
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventView {
    pub date: NaiveDate,
    pub count: i64,
    pub approximate: bool,
    pub scope: Scope,
    pub stated_reason: Option<String>,
    pub source: String,
    pub tag: Option<Tag>,
}

impl From<&LayoffEvent> for EventView {
    fn from(e: &LayoffEvent) -> Self {
        EventView { date: e.date, count: e.count, approximate: e.approximate, scope: e.scope, stated_reason: e.stated_reason.clone(), source: e.source.clone(), tag: e.tag }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CompanyHeader {
    pub name: String,
    pub ticker: Option<String>,
    pub cik: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scorecard {
    pub company: CompanyHeader,
    pub event: EventView,
    pub all_events: Vec<EventView>,
    pub sections: Vec<Section>,
    /// The three explanations weighed on the evidence found.
    pub verdict: Verdict,
    pub claims: Vec<ClaimResult>,
    #[serde(serialize_with = "listed_assumptions")]
    pub assumptions: Vec<AssumptionUsed>,
    pub tables: Vec<ReportTable>,
    pub notes: Vec<String>,
    pub issues: Vec<Issue>,
}

/// The occupational baseline the roles cut are compared with.
pub enum Baseline<'a> {
    /// The company's own mix: titles with head counts (an org file).
    Org { roles: Vec<(String, f64)>, source: String },
    /// The occupational mix of the company's industry (OEWS).
    Industry(&'a IndustryMix),
    /// No baseline, with the reason.
    Missing(String),
}

/// A user-supplied list of the roles cut (overrides the event's list).
pub struct RolesInput {
    pub titles: Vec<RoleCount>,
    pub total: i64,
    pub source: String,
}

pub struct ScorecardInputs<'a> {
    pub profile: &'a CompanyProfile,
    pub profile_issues: Vec<Issue>,
    pub event: Option<NaiveDate>,
    pub assumptions: &'a Assumptions,
    pub exposure: Option<&'a dyn RoleExposure>,
    pub baseline: Baseline<'a>,
    pub roles: Option<RolesInput>,
}

/// Defaults, then the profile's `[assumptions]`, then `overrides` (e.g. from the command line).
pub fn assumptions_for(profile: &CompanyProfile, overrides: &std::collections::BTreeMap<String, f64>) -> Result<Assumptions> {
    let mut a = Assumptions::default();
    a.apply(&profile.assumptions).map_err(|e| EvidenceError::Invalid(format!("profile [assumptions]: {e}")))?;
    a.apply(overrides).map_err(|e| EvidenceError::Invalid(e.to_string()))?;
    Ok(a)
}

fn point_source(p: &SeriesPoint) -> String {
    let tag = p.tag.map(|t| format!(" [{t:?}]")).unwrap_or_default();
    let x = p.xbrl_tag.as_ref().map(|t| format!("; XBRL {t}")).unwrap_or_default();
    format!("{} {}: {}{tag}{x}", p.year(), series_kind(p.kind), p.source)
}

fn series_kind(k: ValueKind) -> &'static str {
    match k {
        ValueKind::Actual => "actual",
        ValueKind::Guidance => "guidance",
        ValueKind::Estimate => "estimate",
    }
}

fn scope_word(s: Scope) -> &'static str {
    match s {
        Scope::Corporate => "corporate",
        Scope::Operations => "operations",
        Scope::Total => "company-wide",
        Scope::Unknown => "",
    }
}

/// Mean pay of the people cut under one pay source, and how the mix was chosen.
pub fn mean_pay(pay: &Pay, source_id: &str) -> Option<(f64, String)> {
    let src = pay.sources.iter().find(|s| s.id == source_id)?;
    if src.levels.is_empty() {
        return None;
    }
    let mix: Vec<(&String, f64)> = pay.mix.iter().filter_map(|(l, w)| src.levels.get(l).map(|_| (l, *w))).filter(|(_, w)| *w > 0.0).collect();
    if mix.is_empty() {
        let mean = src.levels.values().sum::<f64>() / src.levels.len() as f64;
        let lv: Vec<&str> = src.levels.keys().map(String::as_str).collect();
        return Some((mean, format!("equal weights over {} (no level mix of the people cut is known)", lv.join(", "))));
    }
    let wsum: f64 = mix.iter().map(|(_, w)| w).sum();
    let mean = mix.iter().map(|(l, w)| src.levels[*l] * w).sum::<f64>() / wsum;
    let desc: Vec<String> = mix.iter().map(|(l, w)| format!("{l} {}", fmt::pct(w / wsum))).collect();
    let unused: Vec<&str> = pay.mix.keys().filter(|l| !src.levels.contains_key(*l)).map(String::as_str).collect();
    let mut d = format!("level mix {}{}", desc.join(", "), pay.mix_source.as_ref().map(|s| format!(" ({s})")).unwrap_or_default());
    if !unused.is_empty() {
        d.push_str(&format!("; levels without pay in this source ignored: {}", unused.join(", ")));
    }
    Some((mean, d))
}

pub fn build(inp: ScorecardInputs) -> Result<Scorecard> {
    let p = inp.profile;
    if p.layoffs.is_empty() {
        return Err(EvidenceError::Invalid(format!("profile of {} has no usable layoff event: a scorecard is about one event", p.company.name)));
    }
    let wanted = inp.event.or(p.focus_event);
    let ev = match wanted {
        Some(d) => p.layoffs.iter().find(|e| e.date == d).ok_or_else(|| {
            EvidenceError::Invalid(format!(
                "no layoff event on {d}; events in the profile: {}",
                p.layoffs.iter().map(|e| e.date.to_string()).collect::<Vec<_>>().join(", ")
            ))
        })?,
        None => p.layoffs.last().expect("non-empty"),
    };
    let a = inp.assumptions;
    let mut tables = Vec::new();
    let (s1, t1, robust) = over_hiring(p, ev);
    tables.extend(t1);
    let (s2, t2) = funding(p, ev, a);
    tables.extend(t2);
    let (s3, t3) = substitution(p, ev, inp.exposure, &inp.baseline, inp.roles.as_ref());
    tables.extend(t3);
    let claims = check_claims(p, ev, a);
    let assumptions = ["h100_price_usd", "gpu_hour_price_usd", "datacentre_cost_per_gw_usd", "loaded_cost_factor"]
        .iter()
        .filter_map(|k| a.get(k))
        .map(AssumptionUsed::from)
        .collect();
    let sections = vec![s1, s2, s3];
    let verdict = verdict(&sections, &robust, ev);
    Ok(Scorecard {
        company: CompanyHeader { name: p.company.name.clone(), ticker: p.company.ticker.clone(), cik: p.company.cik.clone() },
        event: ev.into(),
        all_events: p.layoffs.iter().map(EventView::from).collect(),
        sections,
        verdict,
        claims,
        assumptions,
        tables,
        notes: vec![
            "Evidence, not a verdict: each section shows a test and what it found; the explanations are not exclusive.".into(),
            "Exposure is technical feasibility (share of tasks an LLM-based system could speed up by half at equal quality), not a probability of losing a job.".into(),
            "Figures tagged V were seen in a primary source, S in secondary reports only, D are arithmetic on sourced figures; U claims are listed and never used as fact.".into(),
        ],
        issues: inp.profile_issues,
    })
}

/// One fit of the pre-2020 trend: a window, with or without the acquisitions taken out.
#[derive(Debug, Clone)]
pub(crate) struct TrendVariant {
    pub start: i32,
    pub end: i32,
    pub adjusted: bool,
    pub fit: LogLinearFit,
    /// (year, actual, acquired so far, trend level incl. acquired staff, excess).
    pub rows: Vec<(i32, f64, f64, f64, f64)>,
}

impl TrendVariant {
    /// The years actually fitted (a requested window may reach before the data).
    fn window(&self) -> String {
        format!("{}-{}", self.fit.years.first().copied().unwrap_or(self.start), self.fit.years.last().copied().unwrap_or(self.end))
    }
    fn label(&self) -> String {
        format!("{}{}", self.window(), if self.adjusted { ", organic" } else { ", as reported" })
    }
    /// Largest excess after the window, with its row.
    fn peak(&self) -> Option<&(i32, f64, f64, f64, f64)> {
        self.rows.iter().filter(|r| r.0 > self.end).max_by(|a, b| a.4.total_cmp(&b.4))
    }
    fn before(&self, event_year: i32) -> Option<&(i32, f64, f64, f64, f64)> {
        self.rows.iter().rfind(|r| r.0 < event_year)
    }
}

/// Fit ln(headcount - acquired) on the window; the trend level of a year adds the acquired staff
/// back, so that actual - trend is the organic excess.
fn fit_variant(series: &[&SeriesPoint], acquisitions: &[(i32, f64)], start: i32, end: i32, adjusted: bool) -> Option<TrendVariant> {
    let acquired = |y: i32| if adjusted { acquisitions.iter().filter(|a| a.0 <= y).map(|a| a.1).sum() } else { 0.0 };
    let window: Vec<(i32, f64)> = series.iter().filter(|x| (start..=end).contains(&x.year())).map(|x| (x.year(), x.value - acquired(x.year()))).collect();
    let fit = LogLinearFit::fit(&window)?;
    let rows = series
        .iter()
        .map(|x| {
            let a = acquired(x.year());
            let tr = fit.predict(x.year()) + a;
            (x.year(), x.value, a, tr, x.value - tr)
        })
        .collect();
    Some(TrendVariant { start, end, adjusted, fit, rows })
}

/// How many of the fits agree on each conclusion of the over-hiring test.
#[derive(Debug, Clone, Default)]
pub(crate) struct TrendRobustness {
    pub fits: usize,
    pub peak_above: usize,
    pub above_before_cut: usize,
    pub cut_within_excess: usize,
    /// Excess before the cut as a share of the trend, per fit (for the verdict).
    pub excess_share_before_cut: Vec<f64>,
}

fn over_hiring(p: &CompanyProfile, ev: &LayoffEvent) -> (Section, Vec<ReportTable>, TrendRobustness) {
    let t = &p.trend;
    let in_window = |s: &[SeriesPoint]| s.iter().filter(|x| x.kind == ValueKind::Actual && (t.start..=t.end).contains(&x.year())).count();
    let use_corporate = in_window(&p.corporate_headcount) >= 2;
    let (series_name, series): (&str, Vec<&SeriesPoint>) = if use_corporate {
        ("corporate headcount", p.corporate_headcount.iter().filter(|x| x.kind == ValueKind::Actual).collect())
    } else {
        ("total headcount", p.headcount.iter().filter(|x| x.kind == ValueKind::Actual).collect())
    };
    let test = "If the cut corrects pandemic over-hiring, headcount rose above its pre-2020 trend and the cut is a share of that excess.".to_string();
    let mut missing = Vec::new();
    let mut robust = TrendRobustness::default();
    // Acquired staff are in the total headcount; a corporate series would need the acquired
    // corporate staff, which profiles do not give.
    let acquisitions: Vec<(i32, f64)> = if use_corporate { Vec::new() } else { p.acquisitions.iter().map(|a| (a.year, a.people)).collect() };
    let adjust = !acquisitions.is_empty();
    let window: Vec<(i32, f64)> = series.iter().filter(|x| (t.start..=t.end).contains(&x.year())).map(|x| (x.year(), x.value)).collect();
    let absent: Vec<String> = (t.start..=t.end).filter(|y| !window.iter().any(|w| w.0 == *y)).map(|y| y.to_string()).collect();
    let mut sources = grouped_sources(&series);
    let Some(main) = fit_variant(&series, &acquisitions, t.start, t.end, adjust) else {
        missing.push(format!("the trend needs at least two years of {series_name} in {}-{}; the profile has {}", t.start, t.end, window.len()));
        return (
            Section {
                explanation: Explanation::OverHiring,
                title: "Correcting pandemic over-hiring".into(),
                test,
                indicators: vec![],
                finding: format!("Cannot test: {}. With one year of headcount there is no trend, and none is invented.", missing[0]),
                missing,
            },
            vec![],
            robust,
        );
    };
    let fit = &main.fit;
    let used = format!("{}-{}", fit.years.first().unwrap(), fit.years.last().unwrap());
    let mut window_note = format!(
        "log-linear least squares on {}{series_name}, {used} ({} points, R² {:.3})",
        if adjust { "organic " } else { "" },
        fit.years.len(),
        fit.r_squared
    );
    if adjust {
        window_note.push_str("; organic = headcount minus the staff of acquisitions made up to that year; the trend level adds them back");
    }
    if !absent.is_empty() {
        window_note.push_str(&format!("; window {}-{} requested, {} not in the profile (add earlier years to the profile to widen it)", t.start, t.end, absent.join(", ")));
        missing.push(format!("{series_name} for {} (the trend uses {used})", absent.join(", ")));
    }
    for a in &p.acquisitions {
        sources.push(format!("acquisition {} ({}, {} people): {}{}", a.name, a.year, fmt::int(a.people), a.source, a.tag.map(|t| format!(" [{t:?}]")).unwrap_or_default()));
    }
    let mut headers: Vec<String> = vec!["year".into(), "actual".into()];
    if adjust {
        headers.push("acquired".into());
    }
    headers.extend(["trend".into(), "excess".into(), "excess / trend".into(), "in fit".into()]);
    let table = ReportTable {
        id: "headcount_trend".into(),
        title: format!("{} against its pre-2020 trend ({used} fit{})", capitalise(series_name), if adjust { ", organic" } else { "" }),
        headers,
        rows: main
            .rows
            .iter()
            .map(|(y, v, a, tr, ex)| {
                let mut r = vec![Cell::Text(y.to_string()), Cell::Number(*v)];
                if adjust {
                    r.push(Cell::Number(*a));
                }
                r.extend([Cell::Number(tr.round()), Cell::Number(ex.round()), Cell::Number(ex / tr), Cell::Text(if fit.years.contains(y) { "yes".into() } else { "".into() })]);
                r
            })
            .collect(),
    };
    // (year, actual, trend, excess): the main fit's rows without the acquired column.
    let view = |r: &(i32, f64, f64, f64, f64)| (r.0, r.1, r.3, r.4);
    let peak_excess = main.peak().map(view);
    let peak_hc = main.rows.iter().filter(|r| r.0 > t.end).max_by(|a, b| a.1.total_cmp(&b.1)).map(view);
    let before_event = main.before(ev.date.year()).map(view);
    let latest = main.rows.last().map(view);
    let cumulative: i64 = p.layoffs.iter().map(|e| e.count).sum();
    let mut ind = vec![Indicator::new("trend_growth", "pre-2020 trend growth per year", Some(fit.growth_rate), "share", window_note.clone()).sources(sources.clone())];
    if adjust {
        let total: f64 = acquisitions.iter().map(|a| a.1).sum();
        let names: Vec<String> = p.acquisitions.iter().map(|a| format!("{} {} ({})", a.name, a.year, fmt::int(a.people))).collect();
        ind.push(Indicator::new("acquired_headcount", "staff joined by acquisition (not hiring)", Some(total), "people", "sum of the profile's acquisitions; taken out of the trend fit").detail(names.join("; ")));
    }
    let mut finding = format!(
        "{}{} grew {} a year over {used} (log-linear fit, R² {:.2}).",
        if adjust { "Organically (acquired staff taken out), " } else { "" },
        if adjust { series_name.to_string() } else { capitalise(series_name) },
        fmt::pct(fit.growth_rate),
        fit.r_squared
    );
    match peak_excess {
        Some((y, v, tr, ex)) if ex > 0.0 => {
            ind.push(Indicator::new("peak_excess", "peak excess over trend", Some(ex), "people", "max over years after the window of actual - trend").detail(format!("{y}: {} actual vs {} trend ({} above)", fmt::int(v), fmt::int(tr), fmt::pct(ex / tr))));
            let share = ev.count as f64 / ex;
            ind.push(Indicator::new("cut_share_of_peak_excess", "cut as share of the peak excess", Some(share), "share", "people cut in this event / peak excess").detail(format!("{} / {}", fmt::int(ev.count as f64), fmt::int(ex))));
            if p.layoffs.len() > 1 {
                ind.push(
                    Indicator::new("all_cuts_share_of_peak_excess", "all cuts in the profile as share of the peak excess", Some(cumulative as f64 / ex), "share", "sum of the profile's events / peak excess")
                        .detail(format!("{} in {} events / {}", fmt::int(cumulative as f64), p.layoffs.len(), fmt::int(ex))),
                );
            }
            finding.push_str(&format!(
                " At its largest, in {y}, it was {} ({}) above that trend; the {} cut of {} is {} of that excess.",
                fmt::int(ex),
                fmt::pct(ex / tr),
                ev.date,
                fmt::int(ev.count as f64),
                fmt::pct(share)
            ));
        }
        Some(_) => {
            finding.push_str(" It never rose above that trend after the window: there is no excess to correct on this measure.");
            ind.push(Indicator::new("peak_excess", "peak excess over trend", Some(0.0), "people", "max over years after the window of actual - trend; none positive"));
        }
        None => {
            missing.push(format!("{series_name} after {}", t.end));
            finding.push_str(&format!(" The profile has no {series_name} after {}: the excess cannot be measured.", t.end));
        }
    }
    if let Some((y, v, tr, ex)) = before_event {
        ind.push(Indicator::new("excess_before_cut", "excess at the last year-end before the cut", Some(ex), "people", "actual - trend").detail(format!("{y}: {} actual vs {} trend", fmt::int(v), fmt::int(tr))));
    }
    if let (Some((py, pv, _, _)), Some((ly, lv, ltr, lex))) = (peak_hc, latest) {
        if ly > py {
            ind.push(Indicator::new("headcount_since_peak", "headcount since its peak", Some(lv - pv), "people", "latest - peak actual").detail(format!("{py} {} -> {ly} {} ({})", fmt::int(pv), fmt::int(lv), fmt::pct((lv - pv) / pv))));
        }
        if before_event.map(|b| b.0) != Some(ly) {
            ind.push(Indicator::new("excess_latest", "excess at the latest year", Some(lex), "people", "actual - trend").detail(format!("{ly}: {} actual vs {} trend", fmt::int(lv), fmt::int(ltr))));
        }
        if lex <= 0.0 {
            finding.push_str(&format!(
                " By {ly} it was {} below the extrapolated trend ({} vs {}), so on this measure the excess had already gone before the cut{}.",
                fmt::int(-lex),
                fmt::int(lv),
                fmt::int(ltr),
                if fit.growth_rate > 0.15 { format!("; a trend of {} a year is a generous benchmark", fmt::pct(fit.growth_rate)) } else { String::new() }
            ));
        } else {
            finding.push_str(&format!(" In {ly} it was still {} above the trend.", fmt::int(lex)));
        }
    }

    // The same test on every window, with and without the acquisitions.
    let mut variants = Vec::new();
    let mut unfitted = Vec::new();
    for start in t.window_starts() {
        for adj in if adjust { vec![true, false] } else { vec![false] } {
            match fit_variant(&series, &acquisitions, start, t.end, adj) {
                // A window reaching before the first year on hand fits the same years again.
                Some(v) if variants.iter().any(|w: &TrendVariant| w.adjusted == v.adjusted && w.fit.years == v.fit.years) => {}
                Some(v) => variants.push(v),
                None if !adj || !adjust => unfitted.push(format!("{start}-{}", t.end)),
                None => {}
            }
        }
    }
    let year = ev.date.year();
    let mut wt = ReportTable {
        id: "trend_windows".into(),
        title: "The over-hiring test on every window, with and without acquisitions".into(),
        headers: ["window", "years in fit", "growth / year", "R²", "peak excess", "peak year", "excess before the cut", "excess before the cut / trend"].iter().map(|s| s.to_string()).collect(),
        rows: Vec::new(),
    };
    for v in &variants {
        let peak = v.peak();
        let before = v.before(year);
        robust.fits += 1;
        robust.peak_above += usize::from(peak.is_some_and(|r| r.4 > 0.0));
        robust.above_before_cut += usize::from(before.is_some_and(|r| r.4 > 0.0));
        robust.cut_within_excess += usize::from(before.is_some_and(|r| r.4 >= ev.count as f64));
        if let Some(b) = before {
            robust.excess_share_before_cut.push(b.4 / b.3);
        }
        wt.rows.push(vec![
            Cell::Text(v.label()),
            Cell::Text(v.fit.years.len().to_string()),
            Cell::Number(v.fit.growth_rate),
            Cell::Text(format!("{:.3}", v.fit.r_squared)),
            Cell::num(peak.map(|r| r.4.round())),
            Cell::Text(peak.map(|r| r.0.to_string()).unwrap_or_default()),
            Cell::num(before.map(|r| r.4.round())),
            Cell::num(before.map(|r| r.4 / r.3)),
        ]);
    }
    if !unfitted.is_empty() {
        missing.push(format!("{series_name} for the window(s) {} (fewer than two years in the profile)", unfitted.join(", ")));
    }
    if robust.fits > 1 {
        let say = |k: usize, what: &str| -> String {
            if k == robust.fits && k == 2 {
                format!("{what} in both fits")
            } else if k == robust.fits {
                format!("{what} in all {} fits", robust.fits)
            } else if k == 0 {
                format!("{what} in none of the {} fits", robust.fits)
            } else {
                format!("{what} in {k} of {} fits", robust.fits)
            }
        };
        let mut windows: Vec<String> = Vec::new();
        for v in &variants {
            if !windows.contains(&v.window()) {
                windows.push(v.window());
            }
        }
        ind.push(
            Indicator::new("trend_fits_above_before_cut", "fits with headcount above trend before the cut", Some(robust.above_before_cut as f64 / robust.fits as f64), "share", "share of the windows x adjustments in which the excess at the last year-end before the cut is positive")
                .detail(format!("{} of {}", robust.above_before_cut, robust.fits)),
        );
        finding.push_str(&format!(
            " Tested on the windows {}{}: headcount was above its trend at the peak {}; still above it at the last year-end before the cut {}; and the cut fits inside that remaining excess {}.",
            windows.join(", "),
            if adjust { ", each with and without the acquisitions" } else { "" },
            say(robust.peak_above, "").trim(),
            say(robust.above_before_cut, "").trim(),
            say(robust.cut_within_excess, "").trim(),
        ));
        let survives: Vec<&str> = [
            (robust.peak_above == robust.fits, "there was an excess at the peak"),
            (robust.peak_above == robust.fits && robust.above_before_cut == 0, "the excess had gone before the cut"),
            (robust.above_before_cut == robust.fits, "an excess remained before the cut"),
            (robust.peak_above == 0, "there never was an excess"),
        ]
        .iter()
        .filter(|x| x.0)
        .map(|x| x.1)
        .collect();
        finding.push_str(&if survives.is_empty() {
            " No conclusion survives every window: the answer depends on the window chosen.".to_string()
        } else {
            format!(" What survives every window and adjustment: {}.", survives.join("; "))
        });
    }
    if !use_corporate && ev.scope == Scope::Corporate {
        finding.push_str(" Caution: the fit is on total headcount, which includes the operations staff (warehouse, stores, delivery), while this cut was corporate; a corporate series for these years (not in the profile) would test the explanation directly.");
        missing.push("a corporate headcount series for the trend window".into());
    }
    let mut tables = vec![table];
    if wt.rows.len() > 1 {
        tables.push(wt);
    }
    (
        Section { explanation: Explanation::OverHiring, title: "Correcting pandemic over-hiring".into(), test, indicators: ind, finding, missing },
        tables,
        robust,
    )
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// Sources of a series, with the years that share a source text grouped: "2016-2024 actual: ...".
fn grouped_sources(series: &[&SeriesPoint]) -> Vec<String> {
    let mut groups: Vec<(String, Vec<i32>)> = Vec::new();
    for p in series {
        let tag = p.tag.map(|t| format!(" [{t:?}]")).unwrap_or_default();
        let x = p.xbrl_tag.as_ref().map(|t| format!("; XBRL {t}")).unwrap_or_default();
        let text = format!("{}: {}{tag}{x}", series_kind(p.kind), p.source);
        match groups.iter_mut().find(|g| g.0 == text) {
            Some(g) => g.1.push(p.year()),
            None => groups.push((text, vec![p.year()])),
        }
    }
    groups
        .into_iter()
        .map(|(text, years)| {
            let contiguous = years.windows(2).all(|w| w[1] == w[0] + 1);
            let ys = if years.len() > 1 && contiguous {
                format!("{}-{}", years[0], years[years.len() - 1])
            } else {
                years.iter().map(|y| y.to_string()).collect::<Vec<_>>().join(", ")
            };
            format!("{ys} {text}")
        })
        .collect()
}

fn funding(p: &CompanyProfile, ev: &LayoffEvent, a: &Assumptions) -> (Section, Vec<ReportTable>) {
    let test = "If the cut funds AI capital spending, the payroll freed is material next to capex and its growth.".to_string();
    let mut missing = Vec::new();
    let mut ind = Vec::new();
    let h100 = a.value("h100_price_usd");
    let gw = a.value("datacentre_cost_per_gw_usd");
    let gpu_hour = a.value("gpu_hour_price_usd");
    let loaded_factor = a.value("loaded_cost_factor");
    let year = ev.date.year();
    let capex = p.value("capex", year);
    let capex_prev = p.value("capex", year - 1);
    let Some(pay) = p.pay.as_ref() else {
        missing.push("pay by level ([pay] in the profile): the payroll freed cannot be computed".into());
        return (Section { explanation: Explanation::FundingAiCapex, title: "Funding AI capital spending".into(), test, indicators: ind, finding: "Cannot test: the profile gives no pay by level.".into(), missing }, vec![]);
    };
    let factor = if pay.loaded { loaded_factor } else { 1.0 };
    let loaded_txt = if pay.loaded { format!(" x loaded-cost factor {loaded_factor}") } else { " (pay only, not loaded with benefits and taxes)".to_string() };
    let mut table = ReportTable {
        id: "payroll_freed".into(),
        title: format!("Payroll freed by the {} cut, by pay source", ev.date),
        headers: ["pay source", "mean pay", "payroll freed / year", "H100s", "GW of data centre", "share of capex", "share of capex growth"].iter().map(|s| s.to_string()).collect(),
        rows: Vec::new(),
    };
    let capex_v = capex.map(|c| c.value);
    let growth = match (capex, capex_prev) {
        (Some(c), Some(pv)) => Some(c.value - pv.value),
        _ => None,
    };
    for s in &pay.sources {
        if let Some((m, _)) = mean_pay(pay, &s.id) {
            let payroll = ev.count as f64 * m * factor;
            table.rows.push(vec![
                Cell::Text(format!("{}{}", s.id, if s.id == pay.default { " (headline)" } else { "" })),
                Cell::Number(m),
                Cell::Number(payroll),
                Cell::Number((payroll / h100).round()),
                Cell::Number(payroll / gw),
                Cell::num(capex_v.map(|c| payroll / c)),
                Cell::num(growth.filter(|g| *g > 0.0).map(|g| payroll / g)),
            ]);
        }
    }
    let Some((mean, mix_desc)) = mean_pay(pay, &pay.default) else {
        missing.push(format!("pay source {:?} has no levels", pay.default));
        return (Section { explanation: Explanation::FundingAiCapex, title: "Funding AI capital spending".into(), test, indicators: ind, finding: "Cannot test: no usable pay source.".into(), missing }, vec![table]);
    };
    let src = pay.sources.iter().find(|s| s.id == pay.default).expect("validated");
    let pay_src = format!("{} [{}]", src.source, src.tag.map(|t| format!("{t:?}")).unwrap_or_else(|| "untagged".into()));
    let payroll = ev.count as f64 * mean * factor;
    let a_src = |k: &str| format!("{k} = {} ({})", a.value(k), a.get(k).map(|x| x.source).unwrap_or(""));
    ind.push(
        Indicator::new("payroll_freed", "payroll freed per year", Some(payroll), "usd", format!("people cut x mean pay{loaded_txt}; {mix_desc}"))
            .detail(format!("{} x {}", fmt::int(ev.count as f64), fmt::usd(mean * factor)))
            .sources([ev.source.clone(), pay_src.clone()]),
    );
    let mut finding = format!(
        "Cutting {} {} roles frees about {} a year ({} x {} mean pay from {}, {}{}).",
        fmt::int(ev.count as f64),
        scope_word(ev.scope),
        fmt::usd(payroll),
        fmt::int(ev.count as f64),
        fmt::usd(mean),
        src.id,
        mix_desc,
        if pay.loaded { format!(", loaded x{loaded_factor}") } else { String::new() }
    )
    .replace("  ", " ");
    match capex {
        Some(c) => {
            let kind = series_kind(c.kind);
            ind.push(Indicator::new("capex", &format!("capex {year}"), Some(c.value), "usd", format!("{kind} value of the event's year")).sources([point_source(c)]));
            ind.push(Indicator::new("payroll_freed_share_of_capex", "payroll freed / capex", Some(payroll / c.value), "share", format!("payroll freed / capex {year} ({kind})")));
            finding.push_str(&format!(" That is {} of {year} capex ({}, {kind})", fmt::pct(payroll / c.value), fmt::usd(c.value)));
            if let (Some(g), Some(pv)) = (growth, capex_prev) {
                ind.push(Indicator::new("capex_growth", "capex growth", Some(g), "usd", format!("capex {year} - capex {}", year - 1)).detail(format!("{} -> {} ({})", fmt::usd(pv.value), fmt::usd(c.value), fmt::pct(g / pv.value))).sources([point_source(pv)]));
                if g > 0.0 {
                    ind.push(Indicator::new("payroll_freed_share_of_capex_growth", "payroll freed / capex growth", Some(payroll / g), "share", "payroll freed / (capex - capex of the year before)"));
                    finding.push_str(&format!(" and {} of its increase over {} ({}).", fmt::pct(payroll / g), year - 1, fmt::usd(g)));
                } else {
                    finding.push_str(&format!("; capex did not grow over {} ({}).", year - 1, fmt::usd(g)));
                }
            } else {
                missing.push(format!("capex {} (for the growth)", year - 1));
                finding.push('.');
            }
            if let Some(next) = p.value("capex", year + 1) {
                let g2 = next.value - c.value;
                ind.push(
                    Indicator::new("capex_growth_next", &format!("capex growth {} over {year}", year + 1), Some(g2), "usd", format!("capex {} ({}) - capex {year}", year + 1, series_kind(next.kind)))
                        .detail(format!("{} -> {}", fmt::usd(c.value), fmt::usd(next.value)))
                        .sources([point_source(next)]),
                );
            }
        }
        None => {
            missing.push(format!("capex {year} in the profile (actual or guidance)"));
            finding.push_str(&format!(" The profile has no capex for {year} to compare with."));
        }
    }
    let n_h100 = payroll / h100;
    let n_gw = payroll / gw;
    ind.push(Indicator::new("payroll_freed_h100", "payroll freed in H100 GPUs", Some(n_h100.round()), "gpus", format!("payroll freed / {}", a_src("h100_price_usd"))));
    ind.push(Indicator::new("payroll_freed_gw", "payroll freed in GW of data centre", Some(n_gw), "gw", format!("payroll freed / {}", a_src("datacentre_cost_per_gw_usd"))));
    ind.push(Indicator::new("payroll_freed_gpu_hours", "payroll freed in rented H100-hours", Some(payroll / gpu_hour), "gpu_hours", format!("payroll freed / {}", a_src("gpu_hour_price_usd"))));
    let dc = if n_gw >= 0.1 { format!("{n_gw:.2} GW") } else { format!("{:.1} MW", n_gw * 1000.0) };
    finding.push_str(&format!(" In hardware, that is about {} H100s or {dc} of data-centre capacity a year.", fmt::int(n_h100)));
    match ev.severance_usd {
        Some(sev) => {
            let months = sev / payroll * 12.0;
            ind.push(
                Indicator::new("severance", "severance charge", Some(sev), "usd", "as reported")
                    .sources([ev.severance_source.clone().unwrap_or_else(|| ev.source.clone())]),
            );
            ind.push(Indicator::new("severance_payback_months", "months of freed payroll to recover the severance", Some(months), "months", "severance / payroll freed x 12"));
            finding.push_str(&format!(" The {} severance charge equals {:.1} months of the pay freed.", fmt::usd(sev), months));
        }
        None => missing.push("the severance charge of the event".into()),
    }
    if let (Some(g), true) = (growth, p.layoffs.len() > 1) {
        let total: i64 = p.layoffs.iter().map(|e| e.count).sum();
        let all = total as f64 * mean * factor;
        if g > 0.0 {
            ind.push(Indicator::new("all_cuts_share_of_capex_growth", "all cuts in the profile: payroll freed / capex growth", Some(all / g), "share", format!("{} people x mean pay / capex growth {year}", fmt::int(total as f64))));
        }
    }
    if let Some(g) = growth.filter(|g| *g > 0.0) {
        let share = payroll / g;
        finding.push_str(if share < 0.2 {
            " The payroll freed is small next to the capex increase: it cannot be a material source of the AI spending, though it can still be a motive at the margin."
        } else if share < 0.5 {
            " The payroll freed is a noticeable part of the capex increase."
        } else {
            " The payroll freed is comparable to the capex increase: the funding explanation is plausible on size."
        });
    }
    (Section { explanation: Explanation::FundingAiCapex, title: "Funding AI capital spending".into(), test, indicators: ind, finding, missing }, vec![table])
}

fn substitution(p: &CompanyProfile, ev: &LayoffEvent, exposure: Option<&dyn RoleExposure>, baseline: &Baseline, roles_in: Option<&RolesInput>) -> (Section, Vec<ReportTable>) {
    let test = "If AI substitutes for the work cut, the roles cut are more exposed to AI than the roles kept (or the industry), much of the removed work is AI-doable, and the company says so consistently.".to_string();
    let mut ind = Vec::new();
    let mut missing = Vec::new();
    let mut tables = Vec::new();
    let mut finding = String::new();
    let (titles, total, roles_source): (Vec<RoleCount>, i64, String) = match (roles_in, &ev.roles) {
        (Some(r), _) => (r.titles.clone(), r.total, r.source.clone()),
        (None, Some(r)) => (r.titles.clone(), r.total, format!("{}{}", r.source, r.tag.map(|t| format!(" [{t:?}]")).unwrap_or_default())),
        (None, None) => (Vec::new(), 0, String::new()),
    };
    let listed: i64 = titles.iter().map(|t| t.count).sum();
    if titles.is_empty() {
        missing.push("job titles of the people cut (a WARN notice listing titles, `roles` in the event, or --roles FILE)".into());
    } else {
        ind.push(Indicator::new("roles_listed", "people on the lists used", Some(total as f64), "people", "all people on the notices or lists of the roles cut, itemised or not").sources([roles_source.clone()]));
        ind.push(
            Indicator::new("roles_titled_share", "roles itemised by title", Some(listed as f64 / total.max(1) as f64), "share", "people in listed titles / all people on the list")
                .detail(format!("{} of {}{}", fmt::int(listed as f64), fmt::int(total as f64), if titles.iter().any(|t| t.at_least) { " (counts given as 'N+' taken at N)" } else { "" }))
                .sources([roles_source.clone()]),
        );
    }
    let coded: Vec<(RoleCount, Option<CodedRole>)> = titles.iter().map(|t| (t.clone(), exposure.and_then(|x| x.title_exposure(&t.title)))).collect();
    let mut roles_table = ReportTable {
        id: "roles_cut".into(),
        title: format!("Roles cut ({})", if roles_source.is_empty() { "none listed".to_string() } else { roles_source.clone() }),
        headers: ["title", "count", "SOC", "occupation", "coder confidence", "exposure (headline)"].iter().map(|s| s.to_string()).collect(),
        rows: coded
            .iter()
            .map(|(t, c)| {
                vec![
                    Cell::Text(t.title.clone()),
                    Cell::Text(format!("{}{}", fmt::int(t.count as f64), if t.at_least { "+" } else { "" })),
                    c.as_ref().map(|c| Cell::Text(c.soc.clone())).unwrap_or(Cell::Empty),
                    c.as_ref().map(|c| Cell::Text(c.occupation.clone())).unwrap_or(Cell::Empty),
                    Cell::num(c.as_ref().map(|c| c.confidence)),
                    Cell::num(c.as_ref().and_then(|c| c.headline()).map(|h| h.1)),
                ]
            })
            .collect(),
    };
    if listed < total {
        roles_table.rows.push(vec![Cell::Text("(not itemised)".into()), Cell::Text(fmt::int((total - listed) as f64)), Cell::Empty, Cell::Empty, Cell::Empty, Cell::Empty]);
    }
    if !titles.is_empty() {
        tables.push(roles_table);
    }

    let mut cut_exposure: Option<(f64, String)> = None;
    match exposure {
        None => missing.push("a job-title coder and exposure catalog (RoleExposure) is not plugged in: the exposure of the roles cut, of the baseline and the AI-doable share of the work removed are not computed".into()),
        Some(x) => {
            let mut num = 0.0;
            let mut den = 0.0;
            let mut measure = String::new();
            for (t, c) in &coded {
                if let Some((m, e)) = c.as_ref().and_then(|c| c.headline()) {
                    num += t.count as f64 * e;
                    den += t.count as f64;
                    measure = m.to_string();
                }
            }
            let uncoded: Vec<&str> = coded.iter().filter(|(_, c)| c.is_none()).map(|(t, _)| t.title.as_str()).collect();
            if !uncoded.is_empty() {
                missing.push(format!("titles the coder could not code: {}", uncoded.join("; ")));
            }
            if total > 0 {
                ind.push(
                    Indicator::new("roles_itemised_share", "roles itemised by title and coded", Some(den / total as f64), "share", "people in titles the coder placed in an occupation with an exposure / all people on the lists")
                        .detail(format!("{} of {}", fmt::int(den), fmt::int(total as f64))),
                );
            }
            if den > 0.0 {
                let e = num / den;
                cut_exposure = Some((e, measure.clone()));
                ind.push(
                    Indicator::new("cut_exposure", "exposure of the roles cut", Some(e), "share", format!("head-count-weighted mean of the {measure} exposure of the coded titles"))
                        .detail(format!("{} coded people of {} on the list", fmt::int(den), fmt::int(total as f64)))
                        .sources([roles_source.clone(), x.describe()]),
                );
                ind.push(
                    Indicator::new("ai_doable_fte", "AI-doable work in the roles cut", Some(num), "people", "sum over coded titles of count x exposure: full-time equivalents of exposed task time")
                        .detail(format!("{} of {} coded people's task time", fmt::pct(e), fmt::int(den))),
                );
                finding.push_str(&format!(
                    "The {} coded people cut ({} of the list) hold roles with a mean {measure} exposure of {}: about {} full-time equivalents of the work removed is AI-doable on this measure.",
                    fmt::int(den),
                    fmt::pct(den / total.max(1) as f64),
                    fmt::pct(e),
                    fmt::int(num)
                ));
            } else if !titles.is_empty() {
                missing.push("none of the titles cut could be coded".into());
            }
        }
    }

    // Baseline.
    match baseline {
        Baseline::Missing(why) => missing.push(format!("a baseline to compare with: {why}")),
        Baseline::Org { roles, source } => {
            if let Some(x) = exposure {
                let (mut num, mut den, mut all) = (0.0, 0.0, 0.0);
                for (t, n) in roles {
                    all += n;
                    if let Some((_, e)) = x.title_exposure(t).as_ref().and_then(|c| c.headline()) {
                        num += n * e;
                        den += n;
                    }
                }
                if den > 0.0 {
                    let b = num / den;
                    ind.push(Indicator::new("baseline_exposure", "exposure of the company's own mix (baseline)", Some(b), "share", "head-count-weighted mean exposure of the org file's coded titles").detail(format!("{} of {} people coded", fmt::int(den), fmt::int(all))).sources([source.clone()]));
                    baseline_sentence(&mut ind, &mut finding, cut_exposure.as_ref(), b, "the company's own mix");
                } else {
                    missing.push("no title of the org file could be coded".into());
                }
            }
        }
        Baseline::Industry(mix) => {
            let names: Vec<String> = mix.industries.iter().map(|i| format!("{} {}", i.code, i.name)).collect();
            let desc = format!(
                "OEWS {}{}",
                names.join(" + "),
                if mix.soc_major_groups.is_empty() { String::new() } else { format!(", SOC groups {}", mix.soc_major_groups.join(", ")) }
            );
            let mut t = ReportTable {
                id: "baseline_mix".into(),
                title: format!("Baseline: occupational mix of {desc} (top 15)"),
                headers: ["SOC", "occupation", "employment", "share", "exposure (headline)"].iter().map(|s| s.to_string()).collect(),
                rows: Vec::new(),
            };
            let emp_all: f64 = mix.occupations.iter().map(|o| o.employment).sum();
            let (mut num, mut den) = (0.0, 0.0);
            for (i, o) in mix.occupations.iter().enumerate() {
                let e = exposure.and_then(|x| x.soc_exposure(&o.soc)).and_then(|m| m.first().map(|f| f.1));
                if let Some(e) = e {
                    num += o.employment * e;
                    den += o.employment;
                }
                if i < 15 {
                    t.rows.push(vec![Cell::Text(o.soc.clone()), Cell::Text(o.occupation.clone()), Cell::Number(o.employment), Cell::Number(o.employment / emp_all), Cell::num(e)]);
                }
            }
            tables.push(t);
            ind.push(
                Indicator::new("baseline_employment", "baseline employment", Some(emp_all), "people", format!("{}; {} detailed occupations; {} suppressed cells skipped", mix.source, mix.occupations.len(), mix.suppressed))
                    .detail(desc.clone())
                    .sources(mix.industries.iter().map(|i| i.mapping.clone())),
            );
            if exposure.is_some() {
                if den > 0.0 {
                    let b = num / den;
                    ind.push(
                        Indicator::new("baseline_exposure", "exposure of the industry baseline", Some(b), "share", "employment-weighted mean of the occupations' headline exposure")
                            .detail(format!("{} of baseline employment has an exposure", fmt::pct(den / emp_all))),
                    );
                    baseline_sentence(&mut ind, &mut finding, cut_exposure.as_ref(), b, &desc);
                } else {
                    missing.push("the exposure catalog has none of the baseline's occupations".into());
                }
            }
        }
    }

    // Theory against observed use (exposure::theory_vs_use): the roles cut and the baseline.
    if let Some(x) = exposure {
        let cut_m: Vec<(f64, Vec<(String, f64)>)> = coded.iter().filter_map(|(t, c)| c.as_ref().map(|c| (t.count as f64, c.measures.clone()))).collect();
        let base_m: Option<(Vec<(f64, Vec<(String, f64)>)>, String)> = match baseline {
            Baseline::Industry(mix) => Some((mix.occupations.iter().filter_map(|o| x.soc_exposure(&o.soc).map(|m| (o.employment, m))).collect(), "the industry mix".into())),
            Baseline::Org { roles, .. } => Some((roles.iter().filter_map(|(t, n)| x.title_exposure(t).map(|c| (*n, c.measures))).collect(), "the company's own mix".into())),
            _ => None,
        };
        let cut = crate::exposure::theory_vs_use(cut_m.iter().map(|(w, m)| (*w, m.as_slice())));
        let base = base_m.as_ref().and_then(|(v, d)| crate::exposure::theory_vs_use(v.iter().map(|(w, m)| (*w, m.as_slice()))).map(|b| (b, d.as_str())));
        // Said only where the exposure source gives observed use at all.
        if let Some(cut) = cut.filter(|c| c.observed.is_some() || base.as_ref().is_some_and(|(b, _)| b.observed.is_some())) {
            ind.push(Indicator::new("cut_observed_exposure", "observed exposure of the roles cut", cut.observed, "share", "head-count-weighted mean of observed_exposure (Anthropic Economic Index 2025-03-27 joined to O*NET tasks)").detail(format!("{} of the coded people have a figure; theory ({}) {:.1}%", fmt::pct(cut.observed_coverage), cut.theory_measure, cut.theory * 100.0)));
            if let Some((b, _)) = &base {
                ind.push(Indicator::new("baseline_observed_exposure", "observed exposure of the baseline", b.observed, "share", "weighted mean of observed_exposure over the baseline's occupations").detail(format!("theory ({}) {:.1}%", b.theory_measure, b.theory * 100.0)));
            }
            finding.push_str(&crate::exposure::theory_vs_use_sentence(&cut, base.as_ref().map(|(b, d)| (b, *d))));
        }
    }

    // Statements.
    let for_ai: Vec<_> = p.statements.iter().filter(|s| s.stance == Stance::AiCause).collect();
    let against: Vec<_> = p.statements.iter().filter(|s| s.stance == Stance::NotAi).collect();
    for s in &p.statements {
        let stance = match s.stance {
            Stance::AiCause => "cites AI",
            Stance::NotAi => "denies AI or money as the driver",
            Stance::Other => "other",
        };
        ind.push(
            Indicator::new(&format!("statement_{}", s.date.format("%Y_%m_%d")), &format!("statement {} ({})", s.date, s.who), None, "text", stance)
                .detail(format!("\"{}\"", s.quote))
                .sources([format!("{}{}", s.source, s.tag.map(|t| format!(" [{t:?}]")).unwrap_or_default())]),
        );
    }
    if !for_ai.is_empty() && !against.is_empty() {
        let f = for_ai[0];
        let g = against[0];
        ind.push(Indicator::new("statements_conflict", "contradiction in the company's statements", Some((for_ai.len().min(against.len())) as f64), "text", "statements that cite AI and statements that deny it").detail(format!("{} ({}) vs {} ({})", f.date, f.who, g.date, g.who)));
        finding.push_str(&format!(
            " The company's own statements conflict: on {} {} tied the cut to AI, and on {} {} denied that it was AI-driven.",
            f.date, f.who, g.date, g.who
        ));
    } else if !for_ai.is_empty() {
        finding.push_str(&format!(" The company tied the cut to AI ({} {}), and no statement in the profile denies it.", for_ai[0].date, for_ai[0].who));
    } else if !against.is_empty() {
        finding.push_str(&format!(" The company denied that AI drove the cut ({} {}).", against[0].date, against[0].who));
    }
    if exposure.is_none() {
        finding = format!(
            "Exposure not computed: no job-title coder is plugged in.{}{}",
            if titles.is_empty() { String::new() } else { format!(" The list itemises {} of {} roles by title.", fmt::int(listed as f64), fmt::int(total as f64)) },
            finding
        );
    }
    let finding = finding.trim().to_string();
    (
        Section {
            explanation: Explanation::AiSubstitution,
            title: "AI substitution".into(),
            test,
            indicators: ind,
            finding: if finding.is_empty() { "Nothing to show: see what is missing.".into() } else { finding },
            missing,
        },
        tables,
    )
}

fn baseline_sentence(ind: &mut Vec<Indicator>, finding: &mut String, cut: Option<&(f64, String)>, b: f64, desc: &str) {
    if let Some((c, m)) = cut {
        ind.push(Indicator::new("exposure_gap", "exposure gap: roles cut - baseline", Some(c - b), "share", format!("difference of the {m} means, in share of tasks")));
        finding.push_str(&format!(
            " Against the baseline ({desc}, {}), the roles cut are {}.",
            fmt::pct(b),
            if (c - b).abs() < 0.02 {
                "about as exposed".to_string()
            } else if c > &b {
                format!("more exposed by {} points", ((c - b) * 100.0).round())
            } else {
                format!("less exposed by {} points", ((b - c) * 100.0).round())
            }
        ));
    }
}

fn corporate_base(p: &CompanyProfile, year: i32) -> Option<&SeriesPoint> {
    p.corporate_headcount
        .iter()
        .rfind(|x| x.year() <= year)
        .or_else(|| p.corporate_headcount.first())
}

fn check_claims(p: &CompanyProfile, ev: &LayoffEvent, a: &Assumptions) -> Vec<ClaimResult> {
    let h100 = a.value("h100_price_usd");
    p.claims
        .iter()
        .map(|c| {
            let mut r = ClaimResult { id: c.id.clone(), text: c.text.clone(), source: c.source.clone(), tag: c.tag, status: ClaimStatus::NotChecked, lines: vec![], sentence: String::new() };
            if c.tag == Some(Tag::U) {
                r.status = ClaimStatus::Unverified;
                r.sentence = "Unverified (U): the primary source was not found; listed for transparency and not used in any computation.".into();
                return r;
            }
            match &c.check {
                None => r.sentence = "No computational check is defined for this claim.".into(),
                Some(ClaimCheck::PayrollShareInH100 { share, claimed_min, claimed_max, claimed_text }) => {
                    let (Some(base), Some(pay)) = (corporate_base(p, ev.date.year()), p.pay.as_ref()) else {
                        r.sentence = "Cannot check: needs a corporate headcount and pay by level in the profile.".into();
                        return r;
                    };
                    for s in &pay.sources {
                        let Some((m, mix)) = mean_pay(pay, &s.id) else { continue };
                        let budget = base.value * m;
                        let n = budget * share / h100;
                        r.lines.push(ClaimLine {
                            label: format!("with {} pay", s.id),
                            inputs: vec![
                                ("corporate staff".into(), format!("{} ({})", fmt::int(base.value), point_source(base))),
                                ("mean pay".into(), format!("{} ({}; {mix})", fmt::usd(m), s.source)),
                                ("salary budget".into(), fmt::usd(budget)),
                                ("share".into(), fmt::pct(*share)),
                                ("H100 price".into(), format!("{} ({})", fmt::usd(h100), a.get("h100_price_usd").map(|x| x.source).unwrap_or(""))),
                            ],
                            value: n.round(),
                            unit: "H100s".into(),
                            holds: n >= *claimed_min && n <= *claimed_max,
                        });
                    }
                    let holds: Vec<bool> = r.lines.iter().map(|l| l.holds).collect();
                    r.status = status_of(&holds);
                    // Off the range on the same side under every pay source: say which way.
                    if r.status == ClaimStatus::Overstated && r.lines.iter().all(|l| l.value > *claimed_max) {
                        r.status = ClaimStatus::Understated;
                    }
                    let vals: Vec<String> = r.lines.iter().map(|l| format!("{} H100s {}", fmt::int(l.value), l.label)).collect();
                    r.sentence = format!(
                        "{} of the salary budget of {} corporate staff buys {}; the claim \"{claimed_text}\" ({}-{}) {}.",
                        fmt::pct(*share),
                        fmt::int(base.value),
                        vals.join(", or "),
                        fmt::int(*claimed_min),
                        fmt::int(*claimed_max),
                        match r.status {
                            ClaimStatus::Holds => "holds",
                            ClaimStatus::Understated => "understates: every computed number is above the claimed range",
                            ClaimStatus::Overstated => "overstates: the computed numbers are below the claimed range",
                            _ => "holds under some pay sources only",
                        }
                    );
                }
                Some(ClaimCheck::CutShareOfCorporate { events, claimed_share, tolerance }) => {
                    let found: Vec<&LayoffEvent> = p.layoffs.iter().filter(|e| events.contains(&e.date)).collect();
                    let absent: Vec<String> = events.iter().filter(|d| !found.iter().any(|e| e.date == **d)).map(|d| d.to_string()).collect();
                    let last = found.iter().map(|e| e.date.year()).max().unwrap_or(ev.date.year());
                    let Some(base) = corporate_base(p, last) else {
                        r.sentence = "Cannot check: needs a corporate headcount in the profile.".into();
                        return r;
                    };
                    let cut: i64 = found.iter().map(|e| e.count).sum();
                    let share = cut as f64 / base.value;
                    let holds = absent.is_empty() && (share - claimed_share).abs() <= *tolerance;
                    r.lines.push(ClaimLine {
                        label: "people cut / corporate staff".into(),
                        inputs: vec![
                            ("people cut".into(), format!("{} ({})", fmt::int(cut as f64), found.iter().map(|e| format!("{}: {}", e.date, fmt::int(e.count as f64))).collect::<Vec<_>>().join(" + "))),
                            ("corporate staff".into(), format!("{} ({})", fmt::int(base.value), point_source(base))),
                        ],
                        value: share,
                        unit: "share".into(),
                        holds,
                    });
                    r.status = if !absent.is_empty() {
                        ClaimStatus::NotChecked
                    } else if holds {
                        ClaimStatus::Holds
                    } else if share < *claimed_share {
                        ClaimStatus::Overstated
                    } else {
                        ClaimStatus::Understated
                    };
                    let verdict = match r.status {
                        ClaimStatus::Holds => "holds",
                        ClaimStatus::Overstated => "overstates: the share is below the claim by more than the tolerance",
                        _ => "understates: the share is above the claim by more than the tolerance",
                    };
                    r.sentence = if absent.is_empty() {
                        format!("{} / {} = {}, against the claimed {} (tolerance {}): {verdict}.", fmt::int(cut as f64), fmt::int(base.value), fmt::pct(share), fmt::pct(*claimed_share), fmt::pct(*tolerance))
                    } else {
                        format!("Events {} are not in the profile; the check cannot be completed.", absent.join(", "))
                    };
                }
            }
            r
        })
        .collect()
}

fn status_of(holds: &[bool]) -> ClaimStatus {
    if holds.is_empty() {
        ClaimStatus::NotChecked
    } else if holds.iter().all(|h| *h) {
        ClaimStatus::Holds
    } else if holds.iter().any(|h| *h) {
        ClaimStatus::Depends
    } else {
        // Off the claim everywhere; the caller says which way when it knows.
        ClaimStatus::Overstated
    }
}

/// How strongly the evidence found supports one explanation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Strength {
    Strong,
    Weak,
    Contradicted,
    CannotTell,
}

impl Strength {
    pub fn label(self) -> &'static str {
        match self {
            Strength::Strong => "strong",
            Strength::Weak => "weak",
            Strength::Contradicted => "contradicted",
            Strength::CannotTell => "cannot tell",
        }
    }
}

/// One explanation weighed: its strength, the one number that decides it, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VerdictLine {
    pub explanation: Explanation,
    pub strength: Strength,
    /// The deciding indicator's id and value (None when it could not be computed).
    pub deciding_id: Option<String>,
    pub deciding_value: Option<f64>,
    pub deciding_unit: Option<String>,
    pub reason: String,
    /// What data would decide it, when the strength is "cannot tell" or weak for want of data.
    pub would_decide: Option<String>,
}

/// The scorecard's closing weighing of the three explanations.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    pub lines: Vec<VerdictLine>,
    /// The explanation the evidence favours, when one is strong and the others are not.
    pub favoured: Option<Explanation>,
    pub summary: String,
}

/// Thresholds of the verdict (documented in docs/evidence.md).
pub const FUNDING_STRONG: f64 = 0.5;
pub const FUNDING_WEAK: f64 = 0.2;
pub const EXPOSURE_GAP_MATERIAL: f64 = 0.05;
pub const CODED_SHARE_ENOUGH: f64 = 0.5;

fn indicator<'a>(s: &'a Section, id: &str) -> Option<&'a Indicator> {
    s.indicators.iter().find(|i| i.id == id && i.value.is_some_and(f64::is_finite))
}

fn line(explanation: Explanation, strength: Strength, deciding: Option<&Indicator>, reason: String, would_decide: Option<String>) -> VerdictLine {
    VerdictLine {
        explanation,
        strength,
        deciding_id: deciding.map(|i| i.id.clone()),
        deciding_value: deciding.and_then(|i| i.value),
        deciding_unit: deciding.map(|i| i.unit.clone()),
        reason,
        would_decide,
    }
}

pub fn explanation_name(e: Explanation) -> &'static str {
    match e {
        Explanation::OverHiring => "correcting pandemic over-hiring",
        Explanation::FundingAiCapex => "funding AI capital spending",
        Explanation::AiSubstitution => "AI substitution",
    }
}

pub(crate) fn verdict(sections: &[Section], robust: &TrendRobustness, ev: &LayoffEvent) -> Verdict {
    let mut lines = Vec::new();
    for s in sections {
        let l = match s.explanation {
            Explanation::OverHiring => {
                let d = indicator(s, "excess_before_cut");
                if robust.fits == 0 || d.is_none() {
                    line(s.explanation, Strength::CannotTell, None, "no pre-2020 trend or no headcount before the cut to compare with it".into(), Some("year-end headcount for the five years before 2020 and for the year before the cut (10-K, Item 1)".into()))
                } else if robust.above_before_cut == robust.fits && robust.cut_within_excess == robust.fits {
                    line(s.explanation, Strength::Strong, d, format!("headcount was above its pre-2020 trend before the cut in every fit ({}), by more than the {} cut", robust.fits, fmt::int(ev.count as f64)), None)
                } else if robust.above_before_cut == 0 {
                    line(s.explanation, Strength::Contradicted, d, format!("headcount was at or below its pre-2020 trend before the cut in every fit ({}): no excess was left to correct", robust.fits), None)
                } else {
                    line(s.explanation, Strength::Weak, d, format!("an excess before the cut in {} of {} fits: the answer depends on the window", robust.above_before_cut, robust.fits), Some("a longer pre-2020 headcount series, or a corporate headcount series".into()))
                }
            }
            Explanation::FundingAiCapex => match (indicator(s, "payroll_freed_share_of_capex_growth"), indicator(s, "capex_growth")) {
                (Some(d), _) => {
                    let v = d.value.unwrap();
                    if v >= FUNDING_STRONG {
                        line(s.explanation, Strength::Strong, Some(d), format!("the payroll freed is {} of the capex increase: comparable in size", fmt::pct(v)), None)
                    } else if v >= FUNDING_WEAK {
                        line(s.explanation, Strength::Weak, Some(d), format!("the payroll freed is {} of the capex increase: noticeable, not decisive", fmt::pct(v)), None)
                    } else {
                        line(s.explanation, Strength::Contradicted, Some(d), format!("the payroll freed is only {} of the capex increase: not a material source of the AI spending (it can still be a motive at the margin)", fmt::pct(v)), None)
                    }
                }
                (None, Some(g)) => line(s.explanation, Strength::Weak, Some(g), "capex did not grow over the year before: the cut cannot be funding an increase".into(), None),
                (None, None) => line(s.explanation, Strength::CannotTell, None, "the payroll freed or the capex of the cut's year and the year before is missing".into(), Some("capex for the cut's year and the year before (10-K cash-flow statement) and pay by level of the people cut".into())),
            },
            Explanation::AiSubstitution => {
                let coded = indicator(s, "roles_itemised_share").and_then(|i| i.value).unwrap_or(0.0);
                match (indicator(s, "exposure_gap"), indicator(s, "cut_exposure")) {
                    (Some(d), _) => {
                        let g = d.value.unwrap();
                        if g >= EXPOSURE_GAP_MATERIAL && coded >= CODED_SHARE_ENOUGH {
                            line(s.explanation, Strength::Strong, Some(d), format!("the roles cut are {} points more exposed than the baseline, on {} of the people cut", (g * 100.0).round(), fmt::pct(coded)), None)
                        } else if g >= EXPOSURE_GAP_MATERIAL {
                            line(s.explanation, Strength::Weak, Some(d), format!("the roles cut are {} points more exposed than the baseline, but only {} of the people cut are coded", (g * 100.0).round(), fmt::pct(coded)), Some("job titles for more of the people cut".into()))
                        } else if g <= -EXPOSURE_GAP_MATERIAL {
                            line(s.explanation, Strength::Contradicted, Some(d), format!("the roles cut are {} points less exposed than the baseline: the cut did not fall on the work AI can do", (-g * 100.0).round()), None)
                        } else {
                            line(s.explanation, Strength::Weak, Some(d), "the roles cut are about as exposed as the baseline: nothing singles out AI-doable work".into(), None)
                        }
                    }
                    (None, Some(c)) => line(s.explanation, Strength::CannotTell, Some(c), "the exposure of the roles cut has no baseline to compare with".into(), Some("the company's industry (NAICS) or its own staff by title".into())),
                    (None, None) => line(s.explanation, Strength::CannotTell, None, "the job titles of the people cut are not known".into(), Some("WARN notices or lists that give the job title of each person cut".into())),
                }
            }
        };
        lines.push(l);
    }
    let strong: Vec<&VerdictLine> = lines.iter().filter(|l| l.strength == Strength::Strong).collect();
    let favoured = if strong.len() == 1 { Some(strong[0].explanation) } else { None };
    let summary = match strong.len() {
        1 => format!("The evidence favours {}: {}.", explanation_name(strong[0].explanation), strong[0].reason),
        0 => {
            let needs: Vec<String> = lines.iter().filter_map(|l| l.would_decide.clone()).collect();
            let by = |st: Strength| lines.iter().filter(|l| l.strength == st).map(|l| explanation_name(l.explanation)).collect::<Vec<_>>();
            let mut parts = Vec::new();
            for (st, word) in [(Strength::Contradicted, "contradicted"), (Strength::Weak, "weak"), (Strength::CannotTell, "not testable on the data found")] {
                let names = by(st);
                if !names.is_empty() {
                    parts.push(format!("{} {} {word}", names.join(" and "), if names.len() > 1 { "are" } else { "is" }));
                }
            }
            format!(
                "Cannot tell: no explanation is strongly supported ({}){}",
                parts.join("; "),
                if needs.is_empty() { ".".to_string() } else { format!(". What would decide it: {}.", needs.join("; ")) }
            )
        }
        _ => format!(
            "Several explanations hold on the evidence ({}); they are not exclusive.",
            strong.iter().map(|l| explanation_name(l.explanation)).collect::<Vec<_>>().join(" and ")
        ),
    };
    Verdict { lines, favoured, summary }
}
