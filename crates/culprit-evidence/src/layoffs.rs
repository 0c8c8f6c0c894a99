//! The layoffs.fyi export (also the Kaggle "layoffs" layout): company, location, total_laid_off,
//! date, percentage_laid_off, industry, source, stage, funds_raised, country, date_added.

use crate::company_names::canonicalise;
use crate::dates::parse_date;
use crate::error::{EvidenceError, Issue, Result};
use crate::events::{CountStatus, LayoffRecord, ParsedEvents, SourceKind};
use chrono::Datelike;
use std::path::Path;

const REQUIRED: [&str; 4] = ["company", "total_laid_off", "date", "percentage_laid_off"];

pub fn read_layoffs_fyi(path: &Path) -> Result<ParsedEvents> {
    let file = std::fs::File::open(path).map_err(|e| EvidenceError::io(path, e))?;
    parse_layoffs_fyi(file, &path.display().to_string())
}

pub fn parse_layoffs_fyi<R: std::io::Read>(reader: R, origin: &str) -> Result<ParsedEvents> {
    let mut rdr = csv::ReaderBuilder::new().flexible(true).from_reader(reader);
    let csv_err = |source| EvidenceError::Csv { path: origin.into(), source };
    let headers: Vec<String> = rdr.headers().map_err(csv_err)?.iter().map(|h| h.trim().to_ascii_lowercase()).collect();
    let missing: Vec<String> = REQUIRED.iter().filter(|r| !headers.iter().any(|h| h == *r)).map(|s| s.to_string()).collect();
    if !missing.is_empty() {
        return Err(EvidenceError::Columns { path: origin.into(), missing, found: headers });
    }
    let col = |name: &str| headers.iter().position(|h| h == name);
    let (c_company, c_total, c_date, c_pct) = (col("company").unwrap(), col("total_laid_off").unwrap(), col("date").unwrap(), col("percentage_laid_off").unwrap());
    let (c_loc, c_ind, c_country, c_src) = (col("location"), col("industry"), col("country"), col("source"));
    let mut out = ParsedEvents::default();
    for (i, rec) in rdr.records().enumerate() {
        let line = i as u64 + 2;
        let loc = format!("{origin}:{line}");
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                out.issues.push(Issue::new(loc, format!("unreadable row: {e}")));
                out.unreadable_rows += 1;
                continue;
            }
        };
        let get = |c: Option<usize>| c.and_then(|c| rec.get(c)).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
        let company = get(Some(c_company)).unwrap_or_default();
        let name = canonicalise(&company);
        let raw_date = get(Some(c_date)).unwrap_or_default();
        let date = parse_date(&raw_date);
        if date.is_none() {
            out.issues.push(Issue::new(&loc, format!("{company}: date {raw_date:?} is not a date; the row is counted under year \"unknown\"")));
        }
        let raw_total = get(Some(c_total));
        let percentage = get(Some(c_pct)).and_then(|p| p.trim_end_matches('%').parse::<f64>().ok()).map(|p| if p > 1.0 { p / 100.0 } else { p });
        let count = match raw_total.as_deref() {
            None if percentage.is_some() => CountStatus::PercentageOnly,
            None => CountStatus::Unknown { raw: String::new() },
            Some(t) => match t.replace(',', "").parse::<f64>() {
                Ok(v) if v >= 0.0 && v.fract() == 0.0 => CountStatus::Count(v as u64),
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
        });
    }
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
        assert!(e.to_string().contains("total_laid_off"), "{e}");
    }
}
