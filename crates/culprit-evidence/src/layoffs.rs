//! Layoff trackers: the layoffs.fyi export (also the Kaggle "layoffs" layout: company, location,
//! total_laid_off, date, percentage_laid_off, industry, source, stage, funds_raised, country,
//! date_added) and trackers laid out like it, read through the shared input layer (schema
//! `layoffs`): columns are found by name and content, and the mapping is kept with the records.

use crate::company_names::canonicalise;
use crate::error::{Issue, Result};
use crate::events::{CountStatus, InputRead, LayoffRecord, ParsedEvents, SourceKind};
use chrono::Datelike;
use culprit_input::schema::Kind;
use culprit_input::values::{parse_count, parse_date, parse_share, Count};
use culprit_input::{InferOptions, OpenOptions, Override};
use std::path::Path;

pub fn read_layoffs_fyi(path: &Path) -> Result<ParsedEvents> {
    read_layoffs_with(path, &[])
}

/// Read a layoff tracker export with `--map` overrides.
pub fn read_layoffs_with(path: &Path, map: &[Override]) -> Result<ParsedEvents> {
    let infer = InferOptions { overrides: map.to_vec(), ..Default::default() };
    let (t, m) = culprit_input::open_mapped(path, Kind::Layoffs, &OpenOptions::default(), &infer)?;
    parse_table(t, m, &path.display().to_string())
}

pub fn parse_layoffs_fyi(bytes: &[u8], origin: &str) -> Result<ParsedEvents> {
    let t = culprit_input::open_bytes(origin, bytes.to_vec(), &OpenOptions::default(), None)?;
    let m = culprit_input::infer(Kind::Layoffs.schema(), Path::new(origin), &t.headers, &t.sample, &InferOptions::default())?;
    parse_table(t, m, origin)
}

fn parse_table(mut t: culprit_input::Table, m: culprit_input::Mapping, origin: &str) -> Result<ParsedEvents> {
    let mut out = ParsedEvents::default();
    let hint = m.date_hint("date");
    let col = |k: &str| m.get(k);
    let (c_company, c_total, c_date, c_pct) = (col("company"), col("total_laid_off"), col("date"), col("percentage_laid_off"));
    let (c_loc, c_ind, c_country, c_src) = (col("location"), col("industry"), col("country"), col("url"));
    while let Some(rec) = t.next_row()? {
        let loc = format!("{origin}:{}", rec.line);
        if let Some(p) = &rec.problem {
            out.issues.push(Issue::new(loc, format!("unreadable row: {p}")));
            out.unreadable_rows += 1;
            continue;
        }
        let get = |c: Option<usize>| c.and_then(|c| rec.get(c)).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
        let company = get(c_company).unwrap_or_default();
        let name = canonicalise(&company);
        let raw_date = get(c_date).unwrap_or_default();
        let date = parse_date(&raw_date, &hint).date(None);
        if date.is_none() {
            out.issues.push(Issue::new(&loc, format!("{company}: date {raw_date:?} is not a date; the row is counted under year \"unknown\"")));
        }
        let raw_total = get(c_total);
        let percentage = get(c_pct).and_then(|p| parse_share(&p));
        let count = match raw_total.as_deref() {
            None if percentage.is_some() => CountStatus::PercentageOnly,
            None => CountStatus::Unknown { raw: String::new() },
            Some(t) => match parse_count(t) {
                Count::Exact(n) => CountStatus::Count(n),
                _ => {
                    out.issues.push(Issue::new(&loc, format!("{company}: total_laid_off {t:?} is not a count; not counted")));
                    CountStatus::Unknown { raw: t.to_string() }
                }
            },
        };
        out.records.push(LayoffRecord {
            source: SourceKind::LayoffsFyi,
            origin: loc,
            company,
            key: name.key,
            display: name.display,
            date,
            year: date.map(|d| d.year()),
            year_from_file: false,
            count,
            count_from_text: false,
            percentage,
            industry: get(c_ind),
            region: get(c_country),
            location: get(c_loc),
            is_amendment: false,
            is_rescinded: false,
            is_temporary: None,
            is_closure: None,
            url: get(c_src),
            notice_id: None,
            effective_date: None,
            county: None,
            naics: None,
            cik: None,
            ticker: None,
            parent: None,
            parent_cik: None,
            sic: None,
            jobs_permanent: None,
            jobs_temporary: None,
            dated_by_effective: false,
        });
    }
    out.inputs.push(InputRead { source: t.info.clone(), mapping: m });
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIX: &str = "company,location,total_laid_off,date,percentage_laid_off,industry,source,stage,funds_raised,country,date_added
Pentera,Boston,40.0,4/27/2026,0.08,Security,https://x,Series D,249,United States,4/30/2026
Acme Inc.,SF Bay Area,,4/20/2026,0.1,Retail,https://y,Unknown,,United States,4/20/2026
Beta LLC,London,,4/20/2026,,Retail,https://y,Unknown,,United Kingdom,4/20/2026
Gamma,NYC,12,someday,,Retail,https://y,Unknown,,United States,4/20/2026
";

    #[test]
    fn counts_percentages_and_bad_dates() {
        let p = parse_layoffs_fyi(FIX.as_bytes(), "fix.csv").unwrap();
        assert_eq!(p.records.len(), 4);
        assert_eq!(p.records[0].count, CountStatus::Count(40));
        assert_eq!(p.records[0].year, Some(2026));
        assert_eq!(p.records[1].count, CountStatus::PercentageOnly);
        assert_eq!(p.records[1].key, "acme");
        assert_eq!(p.records[2].count, CountStatus::Unknown { raw: String::new() });
        assert_eq!(p.records[3].count, CountStatus::Count(12));
        assert_eq!(p.records[3].year, None);
        assert_eq!(p.issues.len(), 1);
        assert!(p.issues[0].location == "fix.csv:5" && p.issues[0].message.contains("\"someday\""), "{:?}", p.issues);
    }

    #[test]
    fn missing_columns_are_named() {
        let e = parse_layoffs_fyi("company,date\nA,1/1/2020\n".as_bytes(), "x.csv").unwrap_err();
        assert!(e.to_string().contains("--map total_laid_off="), "{e}");
    }
}
