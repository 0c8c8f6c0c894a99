//! The whole market: are AI-exposed jobs being cut more than others, month by month?
//!
//! Every WARN notice of a register with NAICS codes is matched to the OEWS industry it belongs to
//! ([`industry`]), which gives the employment-weighted exposure of that industry's occupation mix.
//! The barometer ([`barometer`]) sums, per period, the jobs cut x their industry's exposure and
//! divides by the exposure of employment: an index above 1 means the notices fall on industries
//! more exposed than employment as a whole. The break test ([`break_test`]) compares the index
//! before and after 2022-11. [`companies`] lists the companies of a year with their jobs in each
//! source. layoffs.fyi events are mapped to NAICS sectors by a stated table ([`fyi`]).
//!
//! Notices that cannot be used are classified here, once, by one reason each (in this order):
//! rescinded, duplicate, superseded by a later amendment (the rules of [`crate::events`]), no
//! date, dated before 1988, dated after the register's vintage, no jobs, no NAICS, unknown NAICS.
//!
//! Industry exposure is the exposure of the industry's whole occupation mix, not of the people
//! cut; exposure is technical feasibility, not a probability of losing a job.

pub mod barometer;
pub mod break_test;
pub mod companies;
pub mod fyi;
pub mod industry;
pub mod load;

use crate::events::{exclusions, CountStatus, LayoffRecord};
use chrono::{Datelike, NaiveDate};
use industry::{IndustryTable, NaicsMatch, NaicsProblem};
use serde::Serialize;

/// A calendar month, written `2022-11`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    pub year: i32,
    /// 1..=12
    pub month: u32,
}

impl Month {
    pub fn new(year: i32, month: u32) -> Month {
        Month { year, month }
    }
    pub fn of(d: NaiveDate) -> Month {
        Month { year: d.year(), month: d.month() }
    }
    fn index(self) -> i32 {
        self.year * 12 + self.month as i32 - 1
    }
    fn from_index(i: i32) -> Month {
        Month { year: i.div_euclid(12), month: i.rem_euclid(12) as u32 + 1 }
    }
    pub fn plus(self, months: i32) -> Month {
        Month::from_index(self.index() + months)
    }
    /// Months from `self` to `other` (positive when `other` is later).
    pub fn until(self, other: Month) -> i32 {
        other.index() - self.index()
    }
    /// `2023-Q1`.
    pub fn quarter(self) -> String {
        format!("{}-Q{}", self.year, (self.month - 1) / 3 + 1)
    }
    /// The month as a year with a fraction, for charts: 2022-11 -> 2022.833.
    pub fn as_year(self) -> f64 {
        self.year as f64 + (self.month - 1) as f64 / 12.0
    }
    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).expect("valid month")
    }
    pub fn last_day(self) -> NaiveDate {
        self.plus(1).first_day().pred_opt().expect("valid day")
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl std::str::FromStr for Month {
    type Err = String;
    fn from_str(s: &str) -> Result<Month, String> {
        let bad = || format!("`{s}` is not a month: write YYYY-MM, e.g. 2022-11");
        let (y, m) = s.trim().split_once('-').ok_or_else(bad)?;
        let (y, m): (i32, u32) = (y.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
        if !(1..=12).contains(&m) || !(1900..=2200).contains(&y) {
            return Err(bad());
        }
        Ok(Month { year: y, month: m })
    }
}

impl Serialize for Month {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Why a notice is not in the index. One reason per notice, the first that applies in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SetApart {
    Rescinded,
    Duplicate,
    Superseded,
    NoDate,
    #[serde(rename = "before_1988")]
    Before1988,
    AfterVintage,
    NoJobs,
    NoNaics,
    UnknownNaics,
}

impl SetApart {
    pub const ALL: [SetApart; 9] = [
        SetApart::Rescinded,
        SetApart::Duplicate,
        SetApart::Superseded,
        SetApart::NoDate,
        SetApart::Before1988,
        SetApart::AfterVintage,
        SetApart::NoJobs,
        SetApart::NoNaics,
        SetApart::UnknownNaics,
    ];

    pub fn key(self) -> &'static str {
        match self {
            SetApart::Rescinded => "rescinded",
            SetApart::Duplicate => "duplicate",
            SetApart::Superseded => "superseded",
            SetApart::NoDate => "no_date",
            SetApart::Before1988 => "before_1988",
            SetApart::AfterVintage => "after_vintage",
            SetApart::NoJobs => "no_jobs",
            SetApart::NoNaics => "no_naics",
            SetApart::UnknownNaics => "unknown_naics",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SetApart::Rescinded => "rescinded notice",
            SetApart::Duplicate => "duplicate (same company, date, location and jobs as an earlier notice)",
            SetApart::Superseded => "superseded by a later amendment (the amendment is counted)",
            SetApart::NoDate => "no readable notice date",
            SetApart::Before1988 => "dated before 1988 (the WARN Act dates from 1988)",
            SetApart::AfterVintage => "dated after the register's vintage (a future date)",
            SetApart::NoJobs => "no jobs (blank, TBD or zero)",
            SetApart::NoNaics => "no NAICS code",
            SetApart::UnknownNaics => "unknown NAICS code (no OEWS industry, not even its sector)",
        }
    }

    /// Reasons that leave a notice without a usable date (listed whatever the window).
    pub fn undated(self) -> bool {
        matches!(self, SetApart::NoDate | SetApart::Before1988 | SetApart::AfterVintage)
    }
}

/// One WARN notice, classified.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Notice {
    /// Index into the records given to [`classify_warn`].
    pub record: usize,
    pub date: Option<NaiveDate>,
    pub state: Option<String>,
    /// Jobs on the notice, when it gives a number.
    pub jobs: Option<u64>,
    pub status: Result<NaicsMatch, SetApart>,
}

impl Notice {
    pub fn month(&self) -> Option<Month> {
        self.date.map(Month::of)
    }
}

/// The earliest date a notice may carry (the WARN Act was enacted in August 1988).
pub fn earliest_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(1988, 1, 1).expect("valid date")
}

/// Classify WARN notices: the events rules (rescinded, duplicates, amendments within
/// `amendment_window_days`), then date, jobs and NAICS. Notices dated after `as_of` are set apart.
pub fn classify_warn(records: &[LayoffRecord], table: &IndustryTable, as_of: NaiveDate, amendment_window_days: i64) -> Vec<Notice> {
    let mut order: Vec<usize> = (0..records.len()).collect();
    order.sort_by(|&a, &b| records[a].date.cmp(&records[b].date).then(records[a].origin.cmp(&records[b].origin)));
    let refs: Vec<&LayoffRecord> = order.iter().map(|&i| &records[i]).collect();
    let excl = exclusions(&refs, amendment_window_days);
    let mut by_record: Vec<Option<&'static str>> = vec![None; records.len()];
    for (k, &i) in order.iter().enumerate() {
        by_record[i] = excl[k];
    }
    let mut cache: std::collections::HashMap<String, Result<NaicsMatch, NaicsProblem>> = Default::default();
    records
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let jobs = match r.count {
                CountStatus::Count(n) => Some(n),
                _ => None,
            };
            let status = (|| {
                if let Some(why) = by_record[i] {
                    return Err(if why.starts_with("rescinded") {
                        SetApart::Rescinded
                    } else if why.starts_with("duplicate") {
                        SetApart::Duplicate
                    } else {
                        SetApart::Superseded
                    });
                }
                let d = r.date.ok_or(SetApart::NoDate)?;
                if d < earliest_date() {
                    return Err(SetApart::Before1988);
                }
                if d > as_of {
                    return Err(SetApart::AfterVintage);
                }
                if jobs.unwrap_or(0) == 0 {
                    return Err(SetApart::NoJobs);
                }
                let own = r.naics.as_deref().unwrap_or("").trim().to_string();
                // No NAICS but an SEC SIC code (filers in the register): bridged to NAICS by
                // culprit's table (naics::naics_of_sic), and said in `how`.
                let via_sic = if own.is_empty() { r.sic.as_deref().and_then(|s| crate::naics::naics_of_sic(s).map(|n| (s.to_string(), n.to_string()))) } else { None };
                let code = via_sic.as_ref().map(|v| v.1.clone()).unwrap_or(own);
                let m = cache.entry(code.clone()).or_insert_with(|| table.match_naics(&code)).clone();
                m.map(|mut m| {
                    if let Some((sic, n)) = &via_sic {
                        m.how = format!("SIC {sic} bridged to NAICS {n} (culprit's SIC-to-NAICS table); {}", m.how);
                        m.fallback = true;
                    }
                    m
                })
                .map_err(|p| match p {
                    NaicsProblem::Missing => SetApart::NoNaics,
                    NaicsProblem::Unknown => SetApart::UnknownNaics,
                })
            })();
            Notice { record: i, date: r.date, state: r.region.clone(), jobs, status }
        })
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::warn::parse_warn;

    /// A small register in the WARN register's layout.
    pub const REGISTER: &str = "state,employer_name,naics,cik,ticker,location,notice_date,effective_date,employees_affected,layoff_type,is_temporary,is_amendment
WA,Acme Software,513210,1,ACME,Seattle,2021-03-10,2021-05-01,100,mass_layoff,0,0
WA,Acme Software,513210,1,ACME,Seattle,2021-03-10,2021-05-01,100,mass_layoff,0,0
WA,Big Box,455000,,,Tacoma,2021-04-02,,300,closure,0,0
TX,Food Co,311,,,Austin,2020-04-15,,1000,closure,0,0
TX,Food Co,311,,,Dallas,2023-02-01,,200,closure,0,0
TX,Consultants LLP,541511,,,Austin,2023-02-20,,150,mass_layoff,0,0
TX,Consultants LLP,541511,,,Austin,2023-03-20,,160,mass_layoff,0,1
NY,Mystery Inc,,,,Albany,2023-05-05,,80,mass_layoff,0,0
NY,Odd Codes,9999,,,Albany,2023-05-06,,40,mass_layoff,0,0
NY,No Jobs Ltd,311,,,Albany,2023-05-07,,,mass_layoff,0,0
NY,Old Mill,311,,,Albany,1987-06-01,,50,closure,0,0
NY,Future Corp,311,,,Albany,2031-01-01,,50,closure,0,0
NY,Undated Corp,311,,,Albany,,,50,closure,0,0
";

    pub fn records() -> Vec<LayoffRecord> {
        parse_warn(REGISTER.as_bytes(), "register.csv", None).unwrap().records
    }

    pub fn as_of() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 8, 8).unwrap()
    }

    #[test]
    fn months_parse_print_and_step() {
        let m: Month = "2022-11".parse().unwrap();
        assert_eq!(m.to_string(), "2022-11");
        assert_eq!(m.plus(2).to_string(), "2023-01");
        assert_eq!(m.plus(-11).to_string(), "2021-12");
        assert_eq!(m.quarter(), "2022-Q4");
        assert_eq!(Month::new(2020, 1).until(m), 34);
        assert_eq!(m.last_day(), NaiveDate::from_ymd_opt(2022, 11, 30).unwrap());
        assert!("2022-13".parse::<Month>().is_err() && "22/11".parse::<Month>().is_err());
        assert_eq!(serde_json::to_string(&m).unwrap(), "\"2022-11\"");
    }

    #[test]
    fn every_notice_gets_one_reason_or_a_match() {
        let recs = records();
        let t = industry::tests::table();
        let n = classify_warn(&recs, &t, as_of(), 90);
        let status: Vec<Result<String, SetApart>> = n.iter().map(|x| x.status.clone().map(|m| m.oews_code)).collect();
        assert_eq!(
            status,
            vec![
                Ok("513200".into()),
                Err(SetApart::Duplicate),
                Ok("455000".into()),
                Ok("311000".into()),
                Ok("311000".into()),
                Err(SetApart::Superseded),
                Ok("541500".into()),
                Err(SetApart::NoNaics),
                Err(SetApart::UnknownNaics),
                Err(SetApart::NoJobs),
                Err(SetApart::Before1988),
                Err(SetApart::AfterVintage),
                Err(SetApart::NoDate),
            ]
        );
        assert_eq!(n[6].jobs, Some(160));
        // The JSON names are the keys the CSV and the docs use.
        for r in SetApart::ALL {
            assert_eq!(serde_json::to_string(&r).unwrap(), format!("\"{}\"", r.key()));
        }
        assert_eq!(n[0].state.as_deref(), Some("WA"));
    }
}
