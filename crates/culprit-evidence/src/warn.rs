//! WARN Act notices in any layout, read through the shared input layer (`culprit-input`, schema
//! `warn`): each state's own sheet (`Company, Location, Layoff Start Date, # of Workers`;
//! `notice_date, company, num_employees`; `Affected Workers`; `permanent_job_losses` ...), the
//! consolidated multi-state sheet, New York's yearly files, the Big Local News schema and the WARN
//! register with NAICS and CIK/ticker. Columns are found by name and content; the mapping is kept
//! with the records so that every command can show it.
//!
//! Rules:
//! - jobs: a plain number is a count; a number followed by text ("250 at both sites", "147 (93
//!   union/54 non-union)") is read as its leading number and flagged `count_from_text`; "TBD",
//!   "-----", "Not known at this time" or an empty cell are unknown. Permanent and temporary jobs
//!   given apart are summed, and both are kept. When no jobs cell has a number, a text cell that
//!   packs the fields ("Number Affected: 140", as early New York files do) is searched.
//! - dates: the notice date; a row or a file that gives only the layoff (effective) date is
//!   dated by it, flagged and counted apart. A text starting with a date is read by that date ("3/20/2020Amendment: ..."),
//!   and "amend" in it flags an amendment. A row with no readable date is kept and counted under
//!   year "unknown" (or the year of a yearly file named `2019.csv`, flagged).
//! - state: the state column as a two-letter code; with none, a state named by the file's path
//!   (`wa.csv`, `ny_state_2001_2021/`) or given by the caller.

use crate::company_names::canonicalise;
use crate::error::{EvidenceError, Issue, Result};
use crate::events::{CountStatus, InputRead, LayoffRecord, ParsedEvents, SourceKind};
use chrono::Datelike;
use culprit_input::schema::Kind;
use culprit_input::sniff::state_code;
use culprit_input::values::{parse_count, parse_date, parse_flag, Count, DateValue};
use culprit_input::{InferOptions, OpenOptions, Override};
use std::path::Path;

/// How to read WARN files.
#[derive(Debug, Clone, Default)]
pub struct WarnOptions {
    /// `--map FIELD=COLUMN` overrides.
    pub map: Vec<Override>,
    /// The state of a file that has no state column.
    pub state: Option<String>,
    pub sheet: Option<String>,
    pub infer: InferOptions,
}

/// Read one WARN file of any layout.
pub fn read_warn(path: &Path) -> Result<ParsedEvents> {
    read_warn_with(path, &WarnOptions::default())
}

pub fn read_warn_with(path: &Path, opts: &WarnOptions) -> Result<ParsedEvents> {
    let mut infer = opts.infer.clone();
    infer.overrides.extend(opts.map.iter().cloned());
    let open = OpenOptions { sheet: opts.sheet.clone(), ..Default::default() };
    let (table, mapping) = culprit_input::open_mapped(path, Kind::Warn, &open, &infer)?;
    let file_year = path.file_stem().and_then(|s| s.to_str()).and_then(|s| s.parse::<i32>().ok()).filter(|y| (1980..2100).contains(y));
    let state = opts.state.clone().or_else(|| state_from_path(path));
    parse_table(table, mapping, &path.display().to_string(), file_year, state)
}

/// Read every table file in a directory (the New York yearly files, the register's states), in
/// name order.
pub fn read_warn_dir(dir: &Path) -> Result<ParsedEvents> {
    read_warn_dir_with(dir, &WarnOptions::default())
}

pub fn read_warn_dir_with(dir: &Path, opts: &WarnOptions) -> Result<ParsedEvents> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| EvidenceError::io(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let n = p.file_name().map(|n| n.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
            [".csv", ".csv.gz", ".tsv", ".txt", ".xlsx", ".xls", ".ods", ".parquet", ".jsonl", ".jsonl.gz"].iter().any(|x| n.ends_with(x))
        })
        .collect();
    files.sort();
    let mut all = ParsedEvents::default();
    let dir_state = opts.state.clone().or_else(|| state_from_path(dir));
    for f in files {
        let o = WarnOptions { state: dir_state.clone().or_else(|| state_from_path(&f)), ..opts.clone() };
        all.extend(read_warn_with(&f, &o)?);
    }
    Ok(all)
}

/// Parse WARN rows from bytes (tests, uploads). `origin` names the source in messages.
pub fn parse_warn(bytes: &[u8], origin: &str, file_year: Option<i32>) -> Result<ParsedEvents> {
    let t = culprit_input::open_bytes(origin, bytes.to_vec(), &OpenOptions::default(), None)?;
    let m = culprit_input::infer(Kind::Warn.schema(), Path::new(origin), &t.headers, &t.sample, &InferOptions::default())?;
    let state = state_from_path(Path::new(origin));
    parse_table(t, m, origin, file_year, state)
}

/// A state named by a file or folder name: `wa.csv`, `wa_warn_2025.xlsx`, `ny_state_2001_2021`,
/// `texas-warn-2024.csv`. A code or name that leads a longer name counts only when the rest says
/// what the file is (warn, state, notices, layoffs) or gives a year, so `in_progress.csv` is not Indiana.
pub fn state_from_path(path: &Path) -> Option<String> {
    for comp in path.components().rev().take(2) {
        let name = comp.as_os_str().to_string_lossy().to_ascii_lowercase();
        let stem = name.split('.').next().unwrap_or("");
        if let Some(c) = state_code(stem) {
            return Some(c.to_string());
        }
        let tokens: Vec<&str> = stem.split(['_', '-', ' ']).filter(|t| !t.is_empty()).collect();
        for n in [3usize, 2, 1] {
            if tokens.len() <= n {
                continue;
            }
            let lead = tokens[..n].join(" ");
            let rest = &tokens[n..];
            let says = rest.iter().any(|t| ["warn", "state", "notices", "layoffs", "layoff"].contains(t) || (t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit())));
            if says && (lead.len() == 2 || lead.len() > 3) {
                if let Some(c) = state_code(&lead) {
                    return Some(c.to_string());
                }
            }
        }
    }
    None
}

fn packed_jobs(cell: &str) -> Option<u64> {
    // "Number Affected:   140" inside a cell that packs the whole notice.
    let l = cell.to_ascii_lowercase();
    let i = l.find("number affected:")?;
    match parse_count(&cell[i + "number affected:".len()..]) {
        Count::Exact(n) | Count::FromText(n) => Some(n),
        _ => None,
    }
}

fn parse_table(mut table: culprit_input::Table, mapping: culprit_input::Mapping, origin: &str, file_year: Option<i32>, state: Option<String>) -> Result<ParsedEvents> {
    let mut out = ParsedEvents::default();
    let col = |k: &str| mapping.get(k);
    let (c_company, c_notice, c_eff) = (col("company"), col("notice_date"), col("effective_date"));
    let (c_jobs, c_perm, c_temp) = (col("jobs"), col("jobs_permanent"), col("jobs_temporary"));
    let notice_hint = mapping.date_hint("notice_date");
    let eff_hint = mapping.date_hint("effective_date");
    let mut notes = mapping.notes.clone();
    if c_notice.is_none() {
        notes.push("no notice-date column: notices are dated by their layoff (effective) date".into());
    }
    let region_from_path = mapping.get("state").is_none() && state.is_some();
    if region_from_path {
        notes.push(format!("no state column: every row is in {} (from the file's name or --state)", state.as_deref().unwrap_or("")));
    }
    while let Some(row) = table.next_row()? {
        let loc = format!("{origin}:{}", row.line);
        if let Some(p) = &row.problem {
            out.issues.push(Issue::new(&loc, format!("unreadable row: {p}")));
            out.unreadable_rows += 1;
            continue;
        }
        if row.cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let get = |c: Option<usize>| c.and_then(|c| row.get(c)).map(str::trim).filter(|s| !s.is_empty());
        // Codes a spreadsheet turned into floats ("454110.0"); CIKs without their leading zeros.
        let code = |c: Option<usize>| get(c).map(|v| v.strip_suffix(".0").unwrap_or(v).to_string());
        let cik = |c: Option<usize>| code(c).map(|v| v.trim_start_matches('0').to_string()).filter(|v| !v.is_empty());
        let company = get(c_company).unwrap_or("").to_string();
        let mut is_amendment = false;
        let raw_notice = get(c_notice).unwrap_or("");
        let raw_eff = get(c_eff).unwrap_or("");
        if raw_notice.to_ascii_lowercase().contains("amend") {
            is_amendment = true;
        }
        let effective_date = parse_date(raw_eff, &eff_hint).date(None);
        // No notice date (no column, or a blank cell): the layoff date dates the notice, flagged.
        let (date, raw_date, dated_by_effective) = match c_notice {
            Some(_) if !raw_notice.is_empty() || effective_date.is_none() => (parse_date(raw_notice, &notice_hint).date(None), raw_notice, false),
            _ => (effective_date, raw_eff, effective_date.is_some()),
        };
        // Jobs: the total, or permanent + temporary.
        let perm = get(c_perm).map(parse_count).and_then(Count::value);
        let temp = get(c_temp).map(parse_count).and_then(Count::value);
        let raw_jobs = get(c_jobs).unwrap_or("").to_string();
        let mut from_text = false;
        let count = match (c_jobs.map(|_| parse_count(&raw_jobs)), perm, temp) {
            (Some(Count::Exact(n)), _, _) => CountStatus::Count(n),
            (Some(Count::FromText(n)), _, _) => {
                from_text = true;
                CountStatus::Count(n)
            }
            (_, p, t) if p.is_some() || t.is_some() => CountStatus::Count(p.unwrap_or(0) + t.unwrap_or(0)),
            _ => match row.cells.iter().find_map(|c| packed_jobs(c)) {
                Some(n) => CountStatus::Count(n),
                None => CountStatus::Unknown { raw: raw_jobs.chars().take(60).collect() },
            },
        };
        let name = canonicalise(&company);
        if name.updated {
            is_amendment = true;
        }
        if let Some(f) = get(col("is_amendment")) {
            is_amendment |= parse_flag(f).unwrap_or_else(|| f.to_ascii_lowercase().contains("amend") || f.eq_ignore_ascii_case("yes"));
        }
        if get(col("notes")).is_some_and(|n| n.to_ascii_lowercase().contains("amend")) {
            is_amendment = true;
        }
        let kind = get(col("layoff_type")).unwrap_or("").to_ascii_lowercase();
        let mut is_closure = (!kind.is_empty()).then(|| kind.contains("clos") || parse_flag(&kind) == Some(true));
        if kind == "unknown" {
            is_closure = None;
        }
        let tp = get(col("is_temporary")).unwrap_or("").to_ascii_lowercase();
        let is_temporary = if tp.contains("temporary") || kind.contains("temporary") || parse_flag(&tp) == Some(true) {
            Some(true)
        } else if tp.contains("permanent") || kind.contains("permanent") || parse_flag(&tp) == Some(false) || !kind.is_empty() && kind.contains("layoff") && c_perm.is_some() {
            Some(false)
        } else {
            None
        };
        if company.is_empty() {
            out.issues.push(Issue::new(&loc, "no company name; the row is counted under \"(company not named in the source)\""));
        }
        let mut year = date.map(|d| d.year());
        let mut year_from_file = false;
        if date.is_none() {
            let relative = matches!(parse_date(raw_date, &notice_hint), DateValue::Relative { .. });
            if let Some(fy) = file_year {
                year = Some(fy);
                year_from_file = true;
            } else {
                out.issues.push(Issue::new(
                    &loc,
                    format!(
                        "{}: notice date {:?} is not a date{}; the row is counted under year \"unknown\"",
                        name.display,
                        raw_date.chars().take(40).collect::<String>(),
                        if relative { " (a relative date)" } else { "" }
                    ),
                ));
            }
        }
        if let CountStatus::Count(_) = count {
        } else {
            out.issues.push(Issue::new(&loc, format!("{}: jobs {:?} is not a number; row kept, jobs counted as unknown", name.display, raw_jobs.chars().take(60).collect::<String>())));
        }
        let region = match get(col("state")) {
            Some(s) => Some(state_code(s).map(str::to_string).unwrap_or_else(|| s.to_string())),
            None => state.clone(),
        };
        let first_line = |s: &str| s.lines().next().unwrap_or("").trim().to_string();
        let county = get(col("county")).map(|c| c.split('|').next().unwrap_or("").trim().to_string()).filter(|s| !s.is_empty());
        out.records.push(LayoffRecord {
            source: SourceKind::Warn,
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
            industry: get(col("industry")).map(first_line).filter(|s| !s.is_empty()),
            region,
            // New York's files have no place column: the county stands for the location.
            location: get(col("location")).map(str::to_string).or_else(|| county.clone()),
            is_amendment,
            is_rescinded: name.rescinded,
            is_temporary,
            is_closure,
            url: get(col("url")).map(str::to_string),
            notice_id: get(col("notice_id")).map(str::to_string),
            effective_date,
            county,
            naics: code(col("naics")),
            cik: cik(col("cik")),
            ticker: get(col("ticker")).map(str::to_string),
            parent: get(col("parent_company")).map(|p| crate::company_names::canonicalise(p).key).filter(|k| !k.is_empty()),
            sic: code(col("sic")).filter(|c| !c.is_empty()),
            parent_cik: cik(col("parent_cik")),
            jobs_permanent: perm,
            jobs_temporary: temp,
            dated_by_effective,
        });
    }
    out.inputs.push(InputRead { source: table.info.clone(), mapping: { let mut m = mapping; m.notes = notes; m } });
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(r[0].region.as_deref(), Some("MA"));
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
        let m = &p.inputs[0].mapping;
        assert_eq!((m.header("company"), m.header("jobs"), m.header("notice_date")), (Some("Company"), Some("Number of Workers"), Some("WARN Received Date")));
    }

    const NY: &str = "Company,Business Type,County,Total Employees,Number Affected,Date of Notice,Layoff Date,Closing Date,Reason for Dislocation,Classification,Reason Stated for Filing,Union,Contact,Phone,Case_ID
\"Barneys New York 575 5th Avenue New York, NY 10017\",Retail,New York | WDB Name: NEW YORK CITY,165,165,10/16/2019Amendment: 12/23/2019,x,x,Economic,Plant Closing,Plant Closing,u,c,p,7047
\"FOSTER WHEELER ENERGY CORP.\n  9431 FOSTER WHEELER RD.\",MANUFACTURE,,141,250 at both sites,,,,ECONOMIC,PLANT CLOSING,PLANT CLOSING,,c,p,538
\"ALEXANDER DOLL COMPANY, INC.\n Number Affected:   140\",DOLL,,,,,,,,MASS LAYOFF,,,,,1
";

    #[test]
    fn new_york_amendments_text_counts_and_file_year() {
        let p = parse_warn(NY.as_bytes(), "ny_state_2001_2021/2019.csv", Some(2019)).unwrap();
        assert_eq!(p.records.len(), 3);
        let r = &p.records;
        assert!(r[0].is_amendment);
        assert_eq!(r[0].key, "barneys new york");
        assert_eq!(r[0].date, chrono::NaiveDate::from_ymd_opt(2019, 10, 16));
        assert_eq!(r[0].location.as_deref(), Some("New York"));
        assert_eq!(r[0].region.as_deref(), Some("NY"), "the state from the folder's name");
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
        assert_eq!(p.records[0].notice_id, None, "a row hash is not a notice number");
        assert_eq!(p.issues.len(), 2);
    }

    #[test]
    fn state_layouts_without_help() {
        // A state portal's own sheet: no notice date, no state, jobs with text.
        let t = "Company,Location,Layoff Start Date,# of Workers\nAcme Corp,Tacoma,01/15/2025,120 (approx.)\nBeta LLC,Spokane,02/01/2025,45\n";
        let p = parse_warn(t.as_bytes(), "wa_warn_2025.csv", None).unwrap();
        assert_eq!(p.records.len(), 2);
        assert_eq!(p.records[0].count, CountStatus::Count(120));
        assert!(p.records[0].count_from_text);
        assert_eq!(p.records[0].date, chrono::NaiveDate::from_ymd_opt(2025, 1, 15));
        assert_eq!(p.records[0].region.as_deref(), Some("WA"));
        assert!(p.inputs[0].mapping.notes.iter().any(|n| n.contains("effective")), "{:?}", p.inputs[0].mapping.notes);
        // Lower-case layout with num_employees.
        let t = "notice_date,company,num_employees\n2024-03-05,Gamma Inc,33\n";
        let p = parse_warn(t.as_bytes(), "x.csv", None).unwrap();
        assert_eq!((p.records[0].count.clone(), p.records[0].year), (CountStatus::Count(33), Some(2024)));
        // Affected Workers.
        let t = "Employer,Received Date,Affected Workers,City,County\nDelta,3/4/2024,12,Austin,Travis\n";
        let p = parse_warn(t.as_bytes(), "tx.csv", None).unwrap();
        assert_eq!((p.records[0].count.clone(), p.records[0].county.as_deref()), (CountStatus::Count(12), Some("Travis")));
        // Permanent and temporary apart: summed, both kept.
        let t = "Company,Notice Date,permanent_job_losses,temporary_job_losses\nEps,2024-01-02,10,5\nZeta,2024-01-03,,7\n";
        let p = parse_warn(t.as_bytes(), "x.csv", None).unwrap();
        assert_eq!(p.records[0].count, CountStatus::Count(15));
        assert_eq!((p.records[0].jobs_permanent, p.records[0].jobs_temporary), (Some(10), Some(5)));
        assert_eq!(p.records[1].count, CountStatus::Count(7));
    }

    #[test]
    fn register_layout_with_naics_and_cik() {
        let t = "state,employer_name,normalized_name,canonical_name,industry,naics,naics_level,cik,ticker,county_name,location,notice_date,effective_date,employees_affected,layoff_type,is_temporary,is_amendment,source_notice_id\n\
WA,Amazon.com Services LLC,amazon com services,Amazon.com Inc,,454110,6,0001018724,AMZN,King County,Seattle,2025-10-28,2026-01-02,2303,mass_layoff,0,0,h1\n\
WA,Foo,foo,Foo,,,,,,,Tacoma,2025-11-01,,,unknown,0,1,h2\n";
        let p = parse_warn(t.as_bytes(), "wa.csv", None).unwrap();
        let r = &p.records[0];
        assert_eq!((r.naics.as_deref(), r.cik.as_deref(), r.ticker.as_deref()), (Some("454110"), Some("1018724"), Some("AMZN")));
        assert_eq!((r.county.as_deref(), r.location.as_deref()), (Some("King County"), Some("Seattle")));
        assert_eq!(r.effective_date, chrono::NaiveDate::from_ymd_opt(2026, 1, 2));
        assert_eq!((r.is_closure, r.is_temporary), (Some(false), Some(false)));
        assert!(p.records[1].is_amendment);
        assert!(matches!(p.records[1].count, CountStatus::Unknown { .. }));
    }

    #[test]
    fn unknown_layout_is_an_error_naming_the_fix() {
        let e = parse_warn("a,b\n1,2\n".as_bytes(), "x.csv", None).unwrap_err().to_string();
        assert!(e.contains("company") && e.contains("--map company="), "{e}");
    }

    #[test]
    fn day_order_is_the_users_when_the_file_cannot_tell() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.csv");
        std::fs::write(&p, "Company,Date Received,Number of Workers\nA,03/04/2024,5\nB,05/06/2024,7\n").unwrap();
        let us = read_warn(&p).unwrap();
        assert_eq!(us.records[0].date, chrono::NaiveDate::from_ymd_opt(2024, 3, 4));
        assert!(us.inputs[0].mapping.chosen("notice_date").unwrap().detected.as_deref().unwrap().contains("--date-order"));
        let mut o = WarnOptions::default();
        o.infer.date_order = Some(culprit_input::values::DayOrder::DayFirst);
        let eu = read_warn_with(&p, &o).unwrap();
        assert_eq!(eu.records[0].date, chrono::NaiveDate::from_ymd_opt(2024, 4, 3));
    }

    #[test]
    fn states_from_paths() {
        let s = |p: &str| state_from_path(Path::new(p));
        assert_eq!(s("data/wa.csv").as_deref(), Some("WA"));
        assert_eq!(s("warn/ny_state_2001_2021/2005.csv").as_deref(), Some("NY"));
        assert_eq!(s("texas_warn_2024.csv").as_deref(), Some("TX"));
        assert_eq!(s("new-york-2024.xlsx").as_deref(), Some("NY"));
        assert_eq!(s("warn_database_2026.csv"), None);
        assert_eq!(s("layoffs.csv"), None);
    }
}
