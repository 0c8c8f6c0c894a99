//! The barometer: per month (or quarter), the jobs in WARN notices, the exposure of their
//! industries, the exposure of employment, and the index (the first divided by the second), with
//! breakdowns by exposure band, sector and state, the same for layoffs.fyi, the break test around
//! 2022-11 and every notice set apart by its reason.
//!
//! Rules (docs/market.md):
//! - jobs exposure of a period = sum of jobs x industry exposure / sum of jobs, over the notices
//!   matched to an industry exposure; notices set apart are counted apart, never in the index;
//! - employment exposure = the exposure of national employment, all industries (OEWS `000000`);
//!   with `--sector`, of the chosen sectors' employment (sectors weighted by their employment);
//!   one figure for every period (OEWS May 2025 is one vintage);
//! - index = jobs exposure / employment exposure: above 1, the jobs cut are in industries more
//!   exposed than employment as a whole;
//! - exposure bands: the 3-digit OEWS industries ranked by exposure and cut where their
//!   cumulative employment reaches a third and two thirds; a notice's band is its industry's;
//! - COVID months (default 2020-03 to 2020-12) are shown, flagged, and left out of the break test;
//! - the window runs from `--from` (default 2020-01) to `--to` (default: the last month with a
//!   notice dated on or before the register's vintage); every month in between is a period, with
//!   zero jobs where there are none; a period that ends after the vintage is flagged partial.

use super::break_test::{self, BootstrapOptions, BreakTest, MonthSum};
use super::fyi::{self, FyiApart, FyiEvent};
use super::industry::{level_name, IndustryTable};
use super::{Month, Notice, SetApart};
use crate::events::LayoffRecord;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Granularity {
    Month,
    Quarter,
}

#[derive(Debug, Clone)]
pub struct BarometerOptions {
    pub from: Month,
    pub to: Option<Month>,
    pub by: Granularity,
    /// Measure name; default: the table's first (the headline measure).
    pub measure: Option<String>,
    /// Two-letter state codes.
    pub states: Vec<String>,
    /// NAICS sectors (`54`, `31-33`, or any code in the sector).
    pub sectors: Vec<String>,
    pub break_month: Month,
    pub covid_from: Month,
    pub covid_to: Month,
    pub bootstrap: BootstrapOptions,
    /// Rows of the sector, state and company tables.
    pub top: usize,
    /// Notices set apart listed in `unmatched.examples`.
    pub examples: usize,
}

impl Default for BarometerOptions {
    fn default() -> Self {
        BarometerOptions {
            from: Month::new(2020, 1),
            to: None,
            by: Granularity::Month,
            measure: None,
            states: Vec::new(),
            sectors: Vec::new(),
            break_month: Month::new(2022, 11),
            covid_from: Month::new(2020, 3),
            covid_to: Month::new(2020, 12),
            bootstrap: BootstrapOptions::default(),
            top: 15,
            examples: 40,
        }
    }
}

/// Everything the barometer reads, classified once.
pub struct MarketData {
    pub table: IndustryTable,
    pub warn: Vec<LayoffRecord>,
    pub notices: Vec<Notice>,
    pub fyi: Vec<LayoffRecord>,
    pub fyi_events: Vec<FyiEvent>,
    /// Notices dated after this are set apart (the register's vintage).
    pub as_of: NaiveDate,
    /// Where the vintage comes from.
    pub as_of_source: String,
    /// The files read.
    pub warn_source: String,
    pub fyi_source: String,
}

impl MarketData {
    pub fn new(table: IndustryTable, warn: Vec<LayoffRecord>, fyi: Vec<LayoffRecord>, as_of: NaiveDate, as_of_source: &str, warn_source: &str, fyi_source: &str, amendment_window_days: i64) -> MarketData {
        let notices = super::classify_warn(&warn, &table, as_of, amendment_window_days);
        let fyi_events = fyi::classify(&fyi, &table, amendment_window_days);
        MarketData { table, warn, notices, fyi, fyi_events, as_of, as_of_source: as_of_source.into(), warn_source: warn_source.into(), fyi_source: fyi_source.into() }
    }

    /// The measure index of an option (`None` = headline), or an error naming the measures.
    pub fn measure(&self, name: Option<&str>) -> Result<usize, String> {
        match name {
            None => Ok(0),
            Some(n) => self.table.measure_index(n).ok_or_else(|| format!("unknown measure `{n}`; measures: {}", self.table.measures.join(", "))),
        }
    }
}

/// One period of the barometer. The first six fields are the interface other tools rely on.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Period {
    pub period: String,
    /// Jobs on the notices matched to an industry exposure.
    pub warn_jobs: u64,
    pub warn_notices: usize,
    /// Jobs-weighted exposure of the notices' industries (null without jobs).
    pub jobs_exposure: Option<f64>,
    pub employment_exposure: f64,
    pub index: Option<f64>,
    /// Part of the COVID window (left out of the break test).
    pub covid: bool,
    /// The period ends after the register's vintage: notices still to come.
    pub partial: bool,
    /// Jobs by exposure band: low, middle, high.
    pub jobs_by_band: [u64; 3],
    /// Dated notices of the period set apart (no jobs, no or unknown NAICS, duplicates...).
    pub set_apart_notices: usize,
    /// Jobs on them, where they give a number.
    pub set_apart_jobs: u64,
    pub fyi_jobs: u64,
    pub fyi_events: usize,
    pub fyi_index: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReasonRow {
    pub reason: SetApart,
    pub label: String,
    pub notices: usize,
    pub jobs: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CodeRow {
    pub naics: String,
    pub notices: usize,
    pub jobs: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Example {
    pub origin: String,
    pub company: String,
    pub state: Option<String>,
    pub date: Option<NaiveDate>,
    pub jobs: Option<u64>,
    pub naics: Option<String>,
    pub reason: SetApart,
}

/// Notices set apart: counted by reason, the unknown codes listed, the first ones shown.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unmatched {
    pub notices: usize,
    pub jobs: u64,
    pub reasons: Vec<ReasonRow>,
    pub unknown_naics_codes: Vec<CodeRow>,
    pub examples: Vec<Example>,
    pub scope: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LevelRow {
    pub level: String,
    pub notices: usize,
    pub jobs: u64,
    /// Notices whose own code was more detailed than the industry used.
    pub fallback_notices: usize,
}

/// How the notices in the window were matched to an industry exposure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Matching {
    /// Jobs on dated notices with a number of jobs, after duplicates and amendments.
    pub jobs_with_count: u64,
    pub jobs_matched: u64,
    pub share_jobs_matched: Option<f64>,
    pub notices_matched: usize,
    pub by_level: Vec<LevelRow>,
    pub rule: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupRow {
    pub key: String,
    pub notices: usize,
    pub jobs: u64,
    pub jobs_exposure: Option<f64>,
    pub employment_exposure: Option<f64>,
    pub index: Option<f64>,
    /// Outside the COVID window: before the break month and from it on.
    pub jobs_before: u64,
    pub jobs_after: u64,
    pub index_before: Option<f64>,
    pub index_after: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BandRow {
    pub band: String,
    pub exposure_from: Option<f64>,
    pub exposure_to: Option<f64>,
    pub jobs: u64,
    pub jobs_before: u64,
    pub jobs_after: u64,
    pub share_before: Option<f64>,
    pub share_after: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeasureRow {
    pub measure: String,
    pub employment_exposure: f64,
    pub index_before: Option<f64>,
    pub index_after: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CovidRow {
    pub from: Month,
    pub to: Month,
    pub warn_jobs: u64,
    pub warn_notices: usize,
    pub index: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assumption {
    pub key: String,
    pub value: String,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FyiSummary {
    pub events_read: usize,
    pub events_used: usize,
    pub jobs_used: u64,
    pub set_apart: Vec<(FyiApart, String, usize, u64)>,
    /// label, sector, events, jobs (in the window).
    pub by_label: Vec<(String, String, usize, u64)>,
    pub break_test: BreakTest,
    pub rule: String,
    pub caveat: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Barometer {
    pub periods: Vec<Period>,
    pub break_test: BreakTest,
    pub unmatched: Unmatched,
    pub measure: String,
    pub by: Granularity,
    pub from: Month,
    pub to: Month,
    pub states: Vec<String>,
    pub sectors: Vec<String>,
    pub employment_exposure: f64,
    pub employment_baseline: String,
    pub matching: Matching,
    pub covid: CovidRow,
    pub bands: Vec<BandRow>,
    pub by_sector: Vec<GroupRow>,
    pub by_state: Vec<GroupRow>,
    pub top_companies: Vec<super::companies::CompanyRow>,
    pub by_measure: Vec<MeasureRow>,
    pub layoffs_fyi: FyiSummary,
    pub assumptions: Vec<Assumption>,
    pub rules: Vec<String>,
    pub caveats: Vec<String>,
    pub sources: Vec<String>,
}

pub const CAVEATS: [&str; 5] = [
    "WARN notices cover only large layoffs at one site (50+ workers under the federal Act, lower in some states): most job losses never appear in them",
    "California is missing from this register (its file was too large for the snapshot), and each state's history starts when its portal does",
    "a notice is not a reason: it says nothing about whether AI had any part in a layoff",
    "industry exposure is the exposure of the industry's whole occupation mix, not of the people cut: a software company cutting its warehouse staff counts as software",
    "exposure is technical feasibility (could an LLM halve the time of a task?), not a probability of losing a job",
];

/// Normalise a sector option to the NAICS sector label (`54 Professional, ...`).
pub fn sector_label(s: &str) -> Option<String> {
    crate::naics::sector_of(s.trim())
}

fn ratio(num: f64, den: f64) -> Option<f64> {
    (den > 0.0).then(|| num / den)
}

#[derive(Default, Clone, Copy)]
struct Acc {
    notices: usize,
    jobs: u64,
    weighted: f64,
    jobs_b: u64,
    w_b: f64,
    jobs_a: u64,
    w_a: f64,
}

impl Acc {
    fn add(&mut self, jobs: u64, e: f64, side: Option<bool>) {
        self.notices += 1;
        self.jobs += jobs;
        self.weighted += jobs as f64 * e;
        match side {
            Some(false) => {
                self.jobs_b += jobs;
                self.w_b += jobs as f64 * e;
            }
            Some(true) => {
                self.jobs_a += jobs;
                self.w_a += jobs as f64 * e;
            }
            None => {}
        }
    }
    fn row(&self, key: String, emp: Option<f64>) -> GroupRow {
        let e = ratio(self.weighted, self.jobs as f64);
        let idx = |w: f64, j: u64| emp.filter(|x| *x > 0.0).and_then(|x| ratio(w, j as f64).map(|v| v / x));
        GroupRow {
            key,
            notices: self.notices,
            jobs: self.jobs,
            jobs_exposure: e,
            employment_exposure: emp,
            index: idx(self.weighted, self.jobs),
            jobs_before: self.jobs_b,
            jobs_after: self.jobs_a,
            index_before: idx(self.w_b, self.jobs_b),
            index_after: idx(self.w_a, self.jobs_a),
        }
    }
}

fn period_key(m: Month, by: Granularity) -> String {
    match by {
        Granularity::Month => m.to_string(),
        Granularity::Quarter => m.quarter(),
    }
}

/// Build the barometer.
pub fn barometer(data: &MarketData, opts: &BarometerOptions) -> Result<Barometer, String> {
    let t = &data.table;
    let m = data.measure(opts.measure.as_deref())?;
    let measure = t.measures[m].clone();
    let states: Vec<String> = opts.states.iter().map(|s| culprit_input::sniff::state_code(s).map(str::to_string).unwrap_or_else(|| s.trim().to_uppercase())).collect();
    let mut sectors = Vec::new();
    for s in &opts.sectors {
        sectors.push(sector_label(s).ok_or_else(|| format!("`{s}` is not a NAICS sector (e.g. 54, 31-33, 44-45)"))?);
    }
    let state_ok = |s: &Option<String>| states.is_empty() || s.as_deref().is_some_and(|x| states.iter().any(|y| y.eq_ignore_ascii_case(x)));
    let sector_ok = |label: &str| sectors.is_empty() || sectors.iter().any(|s| s == label);

    // The employment baseline.
    let (emp_exp, baseline) = employment_baseline(t, &sectors, m)?;
    let emp_exp_all: Vec<f64> = (0..t.measures.len()).map(|k| employment_baseline(t, &sectors, k).map(|x| x.0).unwrap_or(f64::NAN)).collect();

    // The window: to the last month with a usable date (by default).
    let last = data
        .notices
        .iter()
        .filter(|n| state_ok(&n.state))
        .filter(|n| !matches!(n.status, Err(r) if r.undated()))
        .filter_map(|n| n.month())
        .max();
    let to = opts.to.or(last).unwrap_or(opts.from);
    if to < opts.from {
        return Err(format!("the window is empty: --to {to} is before --from {}", opts.from));
    }
    let in_window = |mo: Option<Month>| mo.is_some_and(|mo| mo >= opts.from && mo <= to);
    let covid = |mo: Month| mo >= opts.covid_from && mo <= opts.covid_to;
    let side = |mo: Month| (!covid(mo)).then_some(mo >= opts.break_month);
    let (cut_lo, cut_hi) = t.tercile_cuts(m);
    let band_of = |e: f64| if e <= cut_lo { 0 } else if e <= cut_hi { 1 } else { 2 };

    // Periods, all of them.
    let n_months = opts.from.until(to) + 1;
    let mut keys: Vec<String> = Vec::new();
    let mut key_of_month: BTreeMap<Month, usize> = BTreeMap::new();
    let mut period_months: Vec<Vec<Month>> = Vec::new();
    for k in 0..n_months {
        let mo = opts.from.plus(k);
        let key = period_key(mo, opts.by);
        if keys.last() != Some(&key) {
            keys.push(key);
            period_months.push(Vec::new());
        }
        key_of_month.insert(mo, keys.len() - 1);
        period_months.last_mut().expect("a period").push(mo);
    }
    let mut per: Vec<Period> = keys
        .iter()
        .zip(&period_months)
        .map(|(k, ms)| Period {
            period: k.clone(),
            warn_jobs: 0,
            warn_notices: 0,
            jobs_exposure: None,
            employment_exposure: emp_exp,
            index: None,
            covid: ms.iter().any(|x| covid(*x)),
            partial: ms.last().is_some_and(|x| x.last_day() > data.as_of),
            jobs_by_band: [0; 3],
            set_apart_notices: 0,
            set_apart_jobs: 0,
            fyi_jobs: 0,
            fyi_events: 0,
            fyi_index: None,
        })
        .collect();
    let mut weighted = vec![0.0; per.len()];
    let mut month_sums: BTreeMap<Month, (f64, f64)> = (0..n_months).map(|k| (opts.from.plus(k), (0.0, 0.0))).collect();
    let mut measure_sums: Vec<[f64; 4]> = vec![[0.0; 4]; t.measures.len()];

    // Unmatched and matching.
    let mut reasons: BTreeMap<SetApart, (usize, u64)> = BTreeMap::new();
    let mut codes: BTreeMap<String, (usize, u64)> = BTreeMap::new();
    let mut examples = Vec::new();
    let mut levels: BTreeMap<u8, (usize, u64, usize)> = BTreeMap::new();
    let (mut jobs_with_count, mut jobs_matched, mut notices_matched) = (0u64, 0u64, 0usize);
    let mut by_sector: BTreeMap<String, (Acc, Option<f64>)> = BTreeMap::new();
    let mut by_state: BTreeMap<String, Acc> = BTreeMap::new();
    let mut bands = [Acc::default(); 3];
    let mut covid_acc = Acc::default();

    for n in &data.notices {
        if !state_ok(&n.state) {
            continue;
        }
        let r = &data.warn[n.record];
        match &n.status {
            Err(reason) => {
                if !(reason.undated() || in_window(n.month())) {
                    continue;
                }
                let e = reasons.entry(*reason).or_default();
                e.0 += 1;
                e.1 += n.jobs.unwrap_or(0);
                if *reason == SetApart::UnknownNaics {
                    let c = codes.entry(r.naics.clone().unwrap_or_default()).or_default();
                    c.0 += 1;
                    c.1 += n.jobs.unwrap_or(0);
                }
                if matches!(reason, SetApart::NoNaics | SetApart::UnknownNaics) {
                    jobs_with_count += n.jobs.unwrap_or(0);
                }
                if examples.len() < opts.examples {
                    examples.push(Example { origin: r.origin.clone(), company: r.display.clone(), state: n.state.clone(), date: n.date, jobs: n.jobs, naics: r.naics.clone(), reason: *reason });
                }
                if let Some(p) = n.month().filter(|_| !reason.undated()).and_then(|mo| key_of_month.get(&mo)) {
                    per[*p].set_apart_notices += 1;
                    per[*p].set_apart_jobs += n.jobs.unwrap_or(0);
                }
            }
            Ok(hit) => {
                let Some(mo) = n.month().filter(|mo| in_window(Some(*mo))) else { continue };
                let jobs = n.jobs.unwrap_or(0);
                jobs_with_count += jobs;
                if !sector_ok(&hit.sector) {
                    continue;
                }
                let ind = &t.industries[&hit.oews_code];
                let e = ind.exposure[m];
                jobs_matched += jobs;
                notices_matched += 1;
                let l = levels.entry(hit.level).or_default();
                l.0 += 1;
                l.1 += jobs;
                l.2 += hit.fallback as usize;
                let p = key_of_month[&mo];
                per[p].warn_jobs += jobs;
                per[p].warn_notices += 1;
                weighted[p] += jobs as f64 * e;
                per[p].jobs_by_band[band_of(e)] += jobs;
                let ms = month_sums.get_mut(&mo).expect("month in window");
                ms.0 += jobs as f64;
                ms.1 += jobs as f64 * e;
                let sd = side(mo);
                if let Some(after) = sd {
                    for (k, acc) in measure_sums.iter_mut().enumerate() {
                        let ek = ind.exposure[k];
                        if ek.is_finite() {
                            let o = if after { 2 } else { 0 };
                            acc[o] += jobs as f64;
                            acc[o + 1] += jobs as f64 * ek;
                        }
                    }
                } else {
                    covid_acc.add(jobs, e, None);
                }
                let sec_emp = t.sector_code(&hit.naics).and_then(|c| t.industries.get(c)).map(|i| i.exposure[m]);
                let s = by_sector.entry(hit.sector.clone()).or_insert((Acc::default(), sec_emp));
                s.0.add(jobs, e, sd);
                by_state.entry(n.state.clone().unwrap_or_else(|| "(not given)".into())).or_default().add(jobs, e, sd);
                bands[band_of(e)].add(jobs, e, sd);
            }
        }
    }
    for (p, w) in per.iter_mut().zip(&weighted) {
        p.jobs_exposure = ratio(*w, p.warn_jobs as f64);
        p.index = p.jobs_exposure.map(|e| e / emp_exp);
    }

    // layoffs.fyi.
    let mut fyi_w = vec![0.0; per.len()];
    let mut fyi_months: BTreeMap<Month, (f64, f64)> = (0..n_months).map(|k| (opts.from.plus(k), (0.0, 0.0))).collect();
    let mut fyi_apart: BTreeMap<FyiApart, (usize, u64)> = BTreeMap::new();
    let mut by_label: BTreeMap<String, (String, usize, u64)> = BTreeMap::new();
    let (mut fyi_used, mut fyi_jobs) = (0usize, 0u64);
    for ev in &data.fyi_events {
        let r = &data.fyi[ev.record];
        match &ev.status {
            Err(why) => {
                // Events outside the U.S. are counted whatever their date; the others in the window.
                if *why != FyiApart::OutsideUs && ev.month.is_some() && !in_window(ev.month) {
                    continue;
                }
                let e = fyi_apart.entry(*why).or_default();
                e.0 += 1;
                e.1 += ev.jobs.unwrap_or(0);
            }
            Ok((code, label)) => {
                let Some(mo) = ev.month.filter(|mo| in_window(Some(*mo))) else { continue };
                if !sector_ok(label) {
                    continue;
                }
                let e = t.industries[code].exposure[m];
                let jobs = ev.jobs.unwrap_or(0);
                let p = key_of_month[&mo];
                per[p].fyi_jobs += jobs;
                per[p].fyi_events += 1;
                fyi_w[p] += jobs as f64 * e;
                let x = fyi_months.get_mut(&mo).expect("month in window");
                x.0 += jobs as f64;
                x.1 += jobs as f64 * e;
                fyi_used += 1;
                fyi_jobs += jobs;
                let b = by_label.entry(r.industry.clone().unwrap_or_default()).or_insert((label.clone(), 0, 0));
                b.1 += 1;
                b.2 += jobs;
            }
        }
    }
    for (p, w) in per.iter_mut().zip(&fyi_w) {
        p.fyi_index = ratio(*w, p.fyi_jobs as f64).map(|e| e / emp_exp);
    }

    // Break tests.
    let excluded: Vec<Month> = month_sums.keys().copied().filter(|mo| covid(*mo)).collect();
    let series = |sums: &BTreeMap<Month, (f64, f64)>| -> Vec<MonthSum> {
        sums.iter().filter(|(mo, _)| !covid(**mo)).map(|(mo, (j, w))| MonthSum { month: *mo, jobs: *j, weighted: *w }).collect()
    };
    let bt = break_test::run(&series(&month_sums), opts.break_month, emp_exp, opts.bootstrap, excluded.clone());
    let fyi_bt = break_test::run(&series(&fyi_months), opts.break_month, emp_exp, opts.bootstrap, excluded);

    // Tables.
    let mut reason_rows: Vec<ReasonRow> = SetApart::ALL
        .iter()
        .filter_map(|r| reasons.get(r).map(|(n, j)| ReasonRow { reason: *r, label: r.label().into(), notices: *n, jobs: *j }))
        .collect();
    reason_rows.sort_by_key(|r| SetApart::ALL.iter().position(|x| *x == r.reason));
    let mut code_rows: Vec<CodeRow> = codes.into_iter().map(|(naics, (notices, jobs))| CodeRow { naics, notices, jobs }).collect();
    code_rows.sort_by(|a, b| b.jobs.cmp(&a.jobs).then(a.naics.cmp(&b.naics)));
    let unmatched = Unmatched {
        notices: reason_rows.iter().map(|r| r.notices).sum(),
        jobs: reason_rows.iter().map(|r| r.jobs).sum(),
        reasons: reason_rows,
        unknown_naics_codes: code_rows,
        examples,
        scope: format!(
            "notices dated {}..{}{} plus every notice without a usable date; before any --sector filter",
            opts.from,
            to,
            if states.is_empty() { String::new() } else { format!(" in {}", states.join(", ")) }
        ),
    };
    let matching = Matching {
        jobs_with_count,
        jobs_matched,
        share_jobs_matched: ratio(jobs_matched as f64, jobs_with_count as f64),
        notices_matched,
        by_level: levels.into_iter().rev().map(|(l, (n, j, f))| LevelRow { level: level_name(l).into(), notices: n, jobs: j, fallback_notices: f }).collect(),
        rule: "share of jobs matched = jobs on notices matched to an industry exposure / jobs on dated notices with a number of jobs (after duplicates and amendments) in the window; level = digits of the OEWS industry used".into(),
    };
    let mut sector_rows: Vec<GroupRow> = by_sector.into_iter().map(|(k, (a, e))| a.row(k, e)).collect();
    sector_rows.sort_by(|a, b| b.jobs.cmp(&a.jobs).then(a.key.cmp(&b.key)));
    let mut state_rows: Vec<GroupRow> = by_state.into_iter().map(|(k, a)| a.row(k, Some(emp_exp))).collect();
    state_rows.sort_by(|a, b| b.jobs.cmp(&a.jobs).then(a.key.cmp(&b.key)));
    state_rows.truncate(opts.top);
    let jb: u64 = bands.iter().map(|b| b.jobs_b).sum();
    let ja: u64 = bands.iter().map(|b| b.jobs_a).sum();
    let band_names = ["low", "middle", "high"];
    let bounds = [(None, Some(cut_lo)), (Some(cut_lo), Some(cut_hi)), (Some(cut_hi), None)];
    let band_rows = (0..3)
        .map(|i| BandRow {
            band: band_names[i].into(),
            exposure_from: bounds[i].0,
            exposure_to: bounds[i].1,
            jobs: bands[i].jobs,
            jobs_before: bands[i].jobs_b,
            jobs_after: bands[i].jobs_a,
            share_before: ratio(bands[i].jobs_b as f64, jb as f64),
            share_after: ratio(bands[i].jobs_a as f64, ja as f64),
        })
        .collect();
    let by_measure = t
        .measures
        .iter()
        .enumerate()
        .map(|(k, name)| {
            let s = measure_sums[k];
            let ee = emp_exp_all[k];
            MeasureRow { measure: name.clone(), employment_exposure: ee, index_before: ratio(s[1], s[0]).map(|e| e / ee), index_after: ratio(s[3], s[2]).map(|e| e / ee) }
        })
        .collect();
    let companies = super::companies::companies(data, &super::companies::CompanyFilter { from: opts.from, to, states: states.clone(), sectors: sectors.clone(), measure: m });
    let top_companies = companies.into_iter().filter(|c| c.warn_jobs > 0).take(opts.top).collect();
    let mut set_apart: Vec<(FyiApart, String, usize, u64)> = fyi_apart.into_iter().map(|(k, (n, j))| (k, k.label().to_string(), n, j)).collect();
    set_apart.sort_by_key(|x| x.0);
    let mut labels: Vec<(String, String, usize, u64)> = by_label.into_iter().map(|(l, (s, n, j))| (l, s, n, j)).collect();
    labels.sort_by(|a, b| b.3.cmp(&a.3).then(a.0.cmp(&b.0)));
    let b = &opts.bootstrap;
    Ok(Barometer {
        periods: per,
        break_test: bt,
        unmatched,
        measure: measure.clone(),
        by: opts.by,
        from: opts.from,
        to,
        states,
        sectors: sectors.clone(),
        employment_exposure: emp_exp,
        employment_baseline: baseline,
        matching,
        covid: CovidRow { from: opts.covid_from, to: opts.covid_to, warn_jobs: covid_acc.jobs, warn_notices: covid_acc.notices, index: ratio(covid_acc.weighted, covid_acc.jobs as f64).map(|e| e / emp_exp) },
        bands: band_rows,
        by_sector: sector_rows,
        by_state: state_rows,
        top_companies,
        by_measure,
        layoffs_fyi: FyiSummary { events_read: data.fyi.len(), events_used: fyi_used, jobs_used: fyi_jobs, set_apart, by_label: labels, break_test: fyi_bt, rule: fyi::RULE.into(), caveat: fyi::CAVEAT.into() },
        assumptions: vec![
            Assumption { key: "measure".into(), value: measure, source: "the headline exposure measure unless --measure (culprit exposure summary lists them)".into() },
            Assumption { key: "break_month".into(), value: opts.break_month.to_string(), source: "ChatGPT's public release, 30 November 2022 (--break)".into() },
            Assumption { key: "covid_months".into(), value: format!("{}..{}", opts.covid_from, opts.covid_to), source: "the 2020 pandemic closures; 10,870 of the register's notices are dated 2020 against 1,328 in 2021 (--covid-from, --covid-to)".into() },
            Assumption { key: "bootstrap".into(), value: format!("blocks of {} months, {} draws, seed {}", b.block_months, b.reps, b.seed), source: "moving-block bootstrap over months; 6-month blocks keep a half-year of autocorrelation (--block-months, --reps, --seed)".into() },
            Assumption { key: "register_vintage".into(), value: data.as_of.to_string(), source: data.as_of_source.clone() },
            Assumption { key: "amendment_window_days".into(), value: "90".into(), source: "the events summary's rule (docs/evidence.md); --amendment-window".into() },
        ],
        rules: rules(),
        caveats: CAVEATS.iter().map(|s| s.to_string()).chain([fyi::CAVEAT.to_string()]).collect(),
        sources: vec![
            format!("WARN notices: {}", data.warn_source),
            format!("layoffs.fyi: {}", data.fyi_source),
            t.source.clone(),
        ],
    })
}

/// The employment exposure for the sectors chosen (all employment when none), and its description.
fn employment_baseline(t: &IndustryTable, sectors: &[String], m: usize) -> Result<(f64, String), String> {
    if sectors.is_empty() {
        return Ok((t.national.exposure[m], format!("national employment, all industries (OEWS {} {})", t.national.code, t.national.name)));
    }
    let (mut num, mut den, mut names) = (0.0, 0.0, Vec::new());
    for s in sectors {
        let key = s.split(' ').next().unwrap_or("");
        let ind = t.sector_code(key).and_then(|c| t.industries.get(c)).ok_or_else(|| format!("sector {s} has no OEWS exposure"))?;
        num += ind.employment * ind.exposure[m];
        den += ind.employment;
        names.push(format!("OEWS {} {}", ind.code, ind.name));
    }
    Ok((num / den, format!("employment of {} (weighted by employment)", names.join(" + "))))
}

pub fn rules() -> Vec<String> {
    vec![
        "industry exposure = employment-weighted mean exposure of the industry's detailed occupations (OEWS May 2025 national industry-by-occupation employment); suppressed cells and occupations without exposure left out".into(),
        "a notice's NAICS code is matched to the most detailed OEWS industry with an exposure: its own code, the NAICS 2022 successor of a dissolved 2017 code, its 5-, 4-, 3-digit parents, then its sector (NAICS 92 -> OEWS government); the level is kept per notice".into(),
        "jobs exposure of a period = sum of jobs x industry exposure / jobs, over the notices matched; index = jobs exposure / employment exposure (national, all industries; with --sector, those sectors' employment)".into(),
        "set apart, one reason each, in order: rescinded, duplicate, superseded by a later amendment (within 90 days, same company and location), no date, before 1988, after the register's vintage, no jobs, no NAICS, unknown NAICS".into(),
        "exposure bands: the 3-digit OEWS industries ranked by exposure, cut where cumulative employment reaches 1/3 and 2/3".into(),
        "COVID months are shown and flagged, and left out of the break test; the break test compares pooled indices before and after the break month, 95% intervals by moving-block bootstrap over months".into(),
        fyi::RULE.into(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::market::industry::tests::table;
    use crate::market::tests::{as_of, records};

    fn data() -> MarketData {
        let fyi = crate::layoffs::parse_layoffs_fyi(
            "company,location,total_laid_off,date,percentage_laid_off,industry,source,stage,funds_raised,country,date_added\nShop,SF,100,2023-02-10,,Retail,x,IPO,1,United States,2023-02-11\nFar,Berlin,70,2023-02-10,,Retail,x,IPO,1,Germany,2023-02-11\n".as_bytes(),
            "fyi.csv",
        )
        .unwrap()
        .records;
        MarketData::new(table(), records(), fyi, as_of(), "test vintage", "register.csv", "fyi.csv", 90)
    }

    #[test]
    fn periods_index_and_set_apart_counts() {
        let d = data();
        let b = barometer(&d, &BarometerOptions { to: Some(Month::new(2023, 6)), bootstrap: BootstrapOptions { reps: 200, ..Default::default() }, ..Default::default() }).unwrap();
        assert_eq!(b.periods.len(), 42, "2020-01..2023-06");
        assert_eq!(b.periods[0].period, "2020-01");
        assert_eq!(b.employment_exposure, 0.30);
        let p = |k: &str| b.periods.iter().find(|p| p.period == k).unwrap();
        // 2021-03: Acme software 100 jobs (513200, 0.60); its duplicate is set apart.
        assert_eq!((p("2021-03").warn_jobs, p("2021-03").warn_notices), (100, 1));
        assert!((p("2021-03").index.unwrap() - 2.0).abs() < 1e-12);
        assert_eq!(p("2021-03").set_apart_notices, 1);
        // 2023-02: food 200 x 0.05; the consultants' first notice is superseded by March's.
        let f = p("2023-02");
        assert_eq!(f.warn_jobs, 200);
        assert!((f.jobs_exposure.unwrap() - 0.05).abs() < 1e-12);
        assert_eq!(f.jobs_by_band, [200, 0, 0]);
        assert_eq!((f.fyi_jobs, f.fyi_events), (100, 1));
        assert!((f.fyi_index.unwrap() - 0.12 / 0.30).abs() < 1e-12);
        assert_eq!(p("2023-03").warn_jobs, 160);
        assert!(p("2020-04").covid && !p("2021-04").covid);
        assert_eq!(p("2022-01").index, None);
        assert_eq!(p("2022-01").employment_exposure, 0.30);
        // Set apart: 1 duplicate, 1 superseded (in the window), no NAICS, unknown, no jobs, and the
        // three undated ones whatever the window.
        let r: Vec<(&str, usize, u64)> = b.unmatched.reasons.iter().map(|r| (r.reason.key(), r.notices, r.jobs)).collect();
        assert_eq!(
            r,
            vec![("duplicate", 1, 100), ("superseded", 1, 150), ("no_date", 1, 50), ("before_1988", 1, 50), ("after_vintage", 1, 50), ("no_jobs", 1, 0), ("no_naics", 1, 80), ("unknown_naics", 1, 40)]
        );
        assert_eq!(b.unmatched.unknown_naics_codes[0].naics, "9999");
        // Matched 100 + 300 + 1000 + 200 + 160 of 1760 + 80 + 40.
        assert_eq!(b.matching.jobs_matched, 1760);
        assert_eq!(b.matching.jobs_with_count, 1880);
        assert_eq!(b.covid.warn_jobs, 1000);
        // Break test: before = 2021 (400 jobs: 100 x 0.6 + 300 x 0.1), after = 2023 (200 x 0.05 + 160 x 0.55).
        let bt = &b.break_test;
        assert!((bt.before.index.unwrap() - (60.0 + 30.0) / 400.0 / 0.30).abs() < 1e-12);
        assert!((bt.after.index.unwrap() - (10.0 + 88.0) / 360.0 / 0.30).abs() < 1e-12);
        assert_eq!(bt.excluded_months.len(), 10);
        let lvl: Vec<(&str, u64)> = b.matching.by_level.iter().map(|l| (l.level.as_str(), l.jobs)).collect();
        assert_eq!(lvl, vec![("4-digit industry", 260), ("3-digit industry", 1500)]);
        assert_eq!(b.by_sector[0].key, "31-33 Manufacturing");
        assert_eq!(b.layoffs_fyi.set_apart[0].0, FyiApart::OutsideUs);
    }

    #[test]
    fn quarters_filters_and_bad_options() {
        let d = data();
        let q = barometer(&d, &BarometerOptions { by: Granularity::Quarter, to: Some(Month::new(2023, 6)), bootstrap: BootstrapOptions { reps: 50, ..Default::default() }, ..Default::default() }).unwrap();
        assert_eq!(q.periods.len(), 14);
        assert_eq!(q.periods[4].period, "2021-Q1");
        assert_eq!(q.periods[4].warn_jobs, 100);
        let tx = barometer(&d, &BarometerOptions { states: vec!["texas".into()], bootstrap: BootstrapOptions { reps: 50, ..Default::default() }, ..Default::default() }).unwrap();
        assert_eq!(tx.to, Month::new(2023, 3), "the last month of Texas's notices");
        assert_eq!(tx.periods.iter().map(|p| p.warn_jobs).sum::<u64>(), 1000 + 200 + 160);
        let sec = barometer(&d, &BarometerOptions { sectors: vec!["31-33".into()], bootstrap: BootstrapOptions { reps: 50, ..Default::default() }, ..Default::default() }).unwrap();
        assert_eq!(sec.employment_exposure, 0.08);
        assert_eq!(sec.periods.iter().map(|p| p.warn_jobs).sum::<u64>(), 1200);
        assert!(barometer(&d, &BarometerOptions { measure: Some("nope".into()), ..Default::default() }).unwrap_err().contains("beta, alpha"));
        assert!(barometer(&d, &BarometerOptions { sectors: vec!["99".into()], ..Default::default() }).is_err());
        let alpha = barometer(&d, &BarometerOptions { measure: Some("alpha".into()), bootstrap: BootstrapOptions { reps: 50, ..Default::default() }, ..Default::default() }).unwrap();
        assert_eq!(alpha.employment_exposure, 0.15);
        assert_eq!(alpha.by_measure.len(), 2);
    }
}
