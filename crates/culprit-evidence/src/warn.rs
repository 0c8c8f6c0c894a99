//! WARN Act notices in three layouts, detected from the header row:
//!
//! - the consolidated multi-state sheet (`State, Company, City, Number of Workers, WARN Received
//!   Date, Effective Date, Closure / Layoff, Temporary/Permanent, Union, Region, County, Industry, Notes`);
//! - the New York State yearly files (`Company, Business Type, County, Total Employees, Number
//!   Affected, Date of Notice, ...`; the column set grows over the years, the company cell holds
//!   the address, and amendments are written into the notice date: `3/20/2020Amendment: 10/13/2020`);
//! - the Big Local News integrated schema (`hash_id, postal_code, company, location, notice_date,
//!   effective_date, jobs, is_temporary, is_closure, is_amendment`).
//!
//! Jobs: a plain number is a count; a number followed by text ("250 at both sites", "147 (93
//! union/54 non-union)") is read as its leading number and flagged `count_from_text`; "TBD",
//! "-----", "Not known at this time" or an empty cell are counted as unknown. A row with an
//! unparsable date is kept and counted under year "unknown" (New York rows fall back to the year
//! of the file, which is the year of notice, and are flagged).

use crate::company_names::canonicalise;
use crate::dates::parse_date;
use crate::error::{EvidenceError, Issue, Result};
use crate::events::{CountStatus, LayoffRecord, ParsedEvents, SourceKind};
use chrono::Datelike;
use regex::Regex;
use std::path::Path;
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WarnLayout {
    Consolidated,
    NewYork,
    BigLocalNews,
}

pub fn detect_layout(headers: &[String]) -> Option<WarnLayout> {
    let has = |h: &str| headers.iter().any(|x| x.eq_ignore_ascii_case(h));
    if has("hash_id") && has("notice_date") && has("jobs") {
        Some(WarnLayout::BigLocalNews)
    } else if has("Number Affected") && has("Date of Notice") {
        Some(WarnLayout::NewYork)
    } else if has("Number of Workers") && has("WARN Received Date") {
        Some(WarnLayout::Consolidated)
    } else {
        None
    }
}

/// Read one WARN file of any of the three layouts.
pub fn read_warn(path: &Path) -> Result<ParsedEvents> {
    let bytes = std::fs::read(path).map_err(|e| EvidenceError::io(path, e))?;
    let text = String::from_utf8_lossy(&bytes);
    let file_year = path.file_stem().and_then(|s| s.to_str()).and_then(|s| s.parse::<i32>().ok()).filter(|y| (1980..2100).contains(y));
    parse_warn(text.as_bytes(), &path.display().to_string(), file_year)
}

/// Read every `*.csv` in a directory (e.g. the New York yearly files), in name order.
pub fn read_warn_dir(dir: &Path) -> Result<ParsedEvents> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| EvidenceError::io(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x.eq_ignore_ascii_case("csv")))
        .collect();
    files.sort();
    let mut all = ParsedEvents::default();
    for f in files {
        all.extend(read_warn(&f)?);
    }
    Ok(all)
}

/// How a jobs cell was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Jobs {
    Count(u64),
    /// The leading number of a longer text.
    FromText(u64),
    Unknown,
}

pub fn parse_jobs(raw: &str) -> Jobs {
    static LEAD: OnceLock<Regex> = OnceLock::new();
    let lead = LEAD.get_or_init(|| Regex::new(r"(?i)^(?:approx\.?\s*|approximately\s*|about\s*)?(\d{1,3}(?:,\d{3})+|\d+)(\.0+)?\+?").unwrap());
    let s = raw.trim();
    if let Some(c) = lead.captures(s) {
        let Ok(n) = c[1].replace(',', "").parse::<u64>() else { return Jobs::Unknown };
        if c[0].len() == s.len() {
            return Jobs::Count(n);
        }
        return Jobs::FromText(n);
    }
    if let Ok(v) = s.parse::<f64>() {
        if v >= 0.0 && v.fract() == 0.0 {
            return Jobs::Count(v as u64);
        }
    }
    Jobs::Unknown
}

fn flag(s: Option<&str>) -> Option<bool> {
    let s = s?.trim().to_ascii_lowercase();
    match s.as_str() {
        "true" | "t" | "yes" | "y" | "1" => Some(true),
        "false" | "f" | "no" | "n" | "0" => Some(false),
        _ => None,
    }
}

pub fn parse_warn<R: std::io::Read>(reader: R, origin: &str, file_year: Option<i32>) -> Result<ParsedEvents> {
    let mut rdr = csv::ReaderBuilder::new().flexible(true).from_reader(reader);
    let csv_err = |source| EvidenceError::Csv { path: origin.into(), source };
    let headers: Vec<String> = rdr.headers().map_err(csv_err)?.iter().map(|h| h.trim().to_string()).collect();
    let Some(layout) = detect_layout(&headers) else {
        return Err(EvidenceError::Columns {
            path: origin.into(),
            missing: vec!["a WARN layout: consolidated (Number of Workers, WARN Received Date), New York (Number Affected, Date of Notice) or Big Local News (hash_id, notice_date, jobs)".into()],
            found: headers,
        });
    };
    let col = |name: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(name));
    static PACKED: OnceLock<Regex> = OnceLock::new();
    let packed = PACKED.get_or_init(|| Regex::new(r"Number Affected:\s*(\d[\d,]*)").unwrap());
    let mut out = ParsedEvents::default();
    for (i, rec) in rdr.records().enumerate() {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                out.issues.push(Issue::new(format!("{origin}: row {}", i + 1), format!("unreadable row: {e}")));
                out.unreadable_rows += 1;
                continue;
            }
        };
        let line = rec.position().map(|p| p.line()).unwrap_or(i as u64 + 2);
        let loc = format!("{origin}:{line}");
        let get = |name: &str| col(name).and_then(|c| rec.get(c)).map(str::trim).filter(|s| !s.is_empty());
        if rec.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let (company, raw_date, raw_jobs, industry, region, location);
        let (mut is_amendment, mut is_temporary, mut is_closure) = (false, None, None);
        let mut notice_id = None;
        match layout {
            WarnLayout::Consolidated => {
                company = get("Company").unwrap_or("").to_string();
                raw_date = get("WARN Received Date").unwrap_or("").to_string();
                raw_jobs = get("Number of Workers").unwrap_or("").to_string();
                industry = get("Industry").map(str::to_string);
                region = get("State").map(str::to_string);
                location = get("City").map(str::to_string);
                let kind = get("Closure / Layoff").unwrap_or("").to_ascii_lowercase();
                if !kind.is_empty() {
                    is_closure = Some(kind.contains("clos"));
                }
                let tp = get("Temporary/Permanent").unwrap_or("").to_ascii_lowercase();
                if tp.contains("temporary") || kind.contains("temporary") {
                    is_temporary = Some(true);
                } else if tp.contains("permanent") || kind.contains("permanent") {
                    is_temporary = Some(false);
                }
                if get("Notes").is_some_and(|n| n.to_ascii_lowercase().contains("amend")) {
                    is_amendment = true;
                }
            }
            WarnLayout::NewYork => {
                company = get("Company").unwrap_or("").to_string();
                let d = get("Date of Notice").unwrap_or("").to_string();
                if d.to_ascii_lowercase().contains("amend") {
                    is_amendment = true;
                }
                raw_date = d;
                let mut j = get("Number Affected").unwrap_or("").to_string();
                if parse_jobs(&j) == Jobs::Unknown {
                    // Early files pack every field into the company cell.
                    for cell in [get("Company"), get("Business Type")].into_iter().flatten() {
                        if let Some(c) = packed.captures(cell) {
                            j = c[1].to_string();
                            break;
                        }
                    }
                }
                raw_jobs = j;
                industry = get("Business Type").map(|b| b.lines().next().unwrap_or("").trim().to_string()).filter(|s| !s.is_empty());
                region = Some("New York".to_string());
                location = get("County").map(|c| c.split('|').next().unwrap_or("").trim().to_string()).filter(|s| !s.is_empty());
                notice_id = get("Event Number").map(str::to_string);
                let class = get("Classification").unwrap_or("").to_ascii_lowercase();
                if !class.is_empty() {
                    is_closure = Some(class.contains("clos"));
                    is_temporary = Some(class.contains("temporary"));
                }
            }
            WarnLayout::BigLocalNews => {
                company = get("company").unwrap_or("").to_string();
                raw_date = get("notice_date").unwrap_or("").to_string();
                raw_jobs = get("jobs").unwrap_or("").to_string();
                industry = None;
                region = get("postal_code").map(str::to_string);
                location = get("location").map(str::to_string);
                is_temporary = flag(get("is_temporary"));
                is_closure = flag(get("is_closure"));
                is_amendment = flag(get("is_amendment")).unwrap_or(false);
            }
        }
        let name = canonicalise(&company);
        if name.updated {
            is_amendment = true;
        }
        if company.is_empty() {
            out.issues.push(Issue::new(&loc, "no company name; the row is counted under \"(company not named in the source)\""));
        }
        let date = parse_date(&raw_date);
        let mut year = date.map(|d| d.year());
        let mut year_from_file = false;
        if date.is_none() {
            if let Some(fy) = file_year.filter(|_| layout == WarnLayout::NewYork) {
                year = Some(fy);
                year_from_file = true;
            } else {
                out.issues.push(Issue::new(&loc, format!("{}: notice date {:?} is not a date; the row is counted under year \"unknown\"", name.display, raw_date)));
            }
        }
        let (count, from_text) = match parse_jobs(&raw_jobs) {
            Jobs::Count(n) => (CountStatus::Count(n), false),
            Jobs::FromText(n) => (CountStatus::Count(n), true),
            Jobs::Unknown => {
                out.issues.push(Issue::new(&loc, format!("{}: jobs {:?} is not a number; row kept, jobs counted as unknown", name.display, raw_jobs.chars().take(60).collect::<String>())));
                (CountStatus::Unknown { raw: raw_jobs.chars().take(60).collect() }, false)
            }
        };
        out.records.push(LayoffRecord {
            source: match layout {
                WarnLayout::Consolidated => SourceKind::WarnConsolidated,
                WarnLayout::NewYork => SourceKind::WarnNewYork,
                WarnLayout::BigLocalNews => SourceKind::WarnBigLocalNews,
            },
            origin: loc,
            company,
            key: name.key,
            display: name.display,
            date,
            year,
            year_from_file,
            count,
            count_from_text: from_text,
            percentage: None,
            industry,
            region,
            location,
            is_amendment,
            is_rescinded: name.rescinded,
            is_temporary,
            is_closure,
            url: None,
            notice_id,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jobs_cells() {
        assert_eq!(parse_jobs("80.0"), Jobs::Count(80));
        assert_eq!(parse_jobs("1,200"), Jobs::Count(1200));
        assert_eq!(parse_jobs("250 at both sites"), Jobs::FromText(250));
        assert_eq!(parse_jobs("147 (93 union/54 non-union)"), Jobs::FromText(147));
        assert_eq!(parse_jobs("APPROX. 55"), Jobs::Count(55));
        assert_eq!(parse_jobs("TBD"), Jobs::Unknown);
        assert_eq!(parse_jobs("-----"), Jobs::Unknown);
        assert_eq!(parse_jobs(""), Jobs::Unknown);
        assert_eq!(parse_jobs("Not known at this time"), Jobs::Unknown);
    }

    const CONSOLIDATED: &str = "State,Company,City,Number of Workers,WARN Received Date,Effective Date,Closure / Layoff,Temporary/Permanent,Union,Region,County,Industry,Notes
Massachusetts,\"Replimune, Inc.\",Framingham,80.0,2026-04-17,04/17/2026,,,,,,,
Massachusetts,\"*Updated* Replimune, Inc.\",Framingham,81.0,2026-04-20,04/17/2026,,,,,,,
Texas,Acme LLC,Austin,TBD,2026-03-01,,Layoff,Temporary,,,,,
Texas,Beta Corp,Dallas,55,31/31/2026,,Closure,Permanent,,,,,
Ohio,\"*Rescinded* Gamma, Inc.\",Akron,70,2026-02-01,,,,,,,,
";

    #[test]
    fn consolidated_tbd_and_bad_date_are_stated_and_rest_counted() {
        let p = parse_warn(CONSOLIDATED.as_bytes(), "c.csv", None).unwrap();
        assert_eq!(p.records.len(), 5);
        let r = &p.records;
        assert_eq!(r[0].count, CountStatus::Count(80));
        assert!(r[1].is_amendment && r[1].key == "replimune");
        assert_eq!(r[2].count, CountStatus::Unknown { raw: "TBD".into() });
        assert_eq!(r[2].is_temporary, Some(true));
        assert_eq!(r[3].year, None);
        assert_eq!(r[3].count, CountStatus::Count(55));
        assert_eq!(r[3].is_closure, Some(true));
        assert!(r[4].is_rescinded);
        assert_eq!(p.issues.len(), 2, "{:?}", p.issues);
        assert!(p.issues.iter().any(|i| i.location == "c.csv:4" && i.message.contains("\"TBD\"")));
        assert!(p.issues.iter().any(|i| i.location == "c.csv:5" && i.message.contains("31/31/2026")));
    }

    const NY: &str = "Company,Business Type,County,Total Employees,Number Affected,Date of Notice,Layoff Date,Closing Date,Reason for Dislocation,Classification,Reason Stated for Filing,Union,Contact,Phone,Case_ID
\"Barneys New York 575 5th Avenue New York, NY 10017\",Retail,New York | WDB Name: NEW YORK CITY,165,165,10/16/2019Amendment: 12/23/2019,x,x,Economic,Plant Closing,Plant Closing,u,c,p,7047
\"FOSTER WHEELER ENERGY CORP.\n  9431 FOSTER WHEELER RD.\",MANUFACTURE,,141,250 at both sites,,,,ECONOMIC,PLANT CLOSING,PLANT CLOSING,,c,p,538
\"ALEXANDER DOLL COMPANY, INC.\n Number Affected:   140\",DOLL,,,,,,,,MASS LAYOFF,,,,,1
";

    #[test]
    fn new_york_amendments_text_counts_and_file_year() {
        let p = parse_warn(NY.as_bytes(), "2019.csv", Some(2019)).unwrap();
        assert_eq!(p.records.len(), 3);
        let r = &p.records;
        assert!(r[0].is_amendment);
        assert_eq!(r[0].key, "barneys new york");
        assert_eq!(r[0].date, chrono::NaiveDate::from_ymd_opt(2019, 10, 16));
        assert_eq!(r[0].location.as_deref(), Some("New York"));
        assert_eq!(r[1].count, CountStatus::Count(250));
        assert!(r[1].count_from_text && r[1].year_from_file && r[1].year == Some(2019));
        assert_eq!(r[1].key, "foster wheeler energy");
        assert_eq!(r[2].count, CountStatus::Count(140));
        assert!(p.issues.is_empty(), "{:?}", p.issues);
    }

    #[test]
    fn big_local_news_schema() {
        let t = "hash_id,postal_code,company,location,notice_date,effective_date,jobs,is_temporary,is_closure,is_amendment
a1,WA,Amazon.com Services LLC,Seattle,2025-10-28,2026-01-27,2303,false,false,false
a2,WA,Amazon.com Services LLC,Seattle,2025-11-05,2026-01-27,2310,false,false,true
a3,CA,Foo Inc,,not a date,,TBD,,,
";
        let p = parse_warn(t.as_bytes(), "bln.csv", None).unwrap();
        assert_eq!(p.records.len(), 3);
        assert_eq!(p.records[0].key, "amazon services");
        assert!(p.records[1].is_amendment);
        assert_eq!(p.records[0].region.as_deref(), Some("WA"));
        assert_eq!(p.issues.len(), 2);
    }

    #[test]
    fn unknown_layout_is_an_error() {
        assert!(parse_warn("a,b\n1,2\n".as_bytes(), "x.csv", None).is_err());
    }
}
