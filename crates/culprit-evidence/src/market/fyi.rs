//! layoffs.fyi events in the market barometer: its industry labels mapped to NAICS sectors by a
//! stated table, U.S. events only.
//!
//! layoffs.fyi labels a company by the market it serves ("Retail", "Finance", "Food"), and most
//! of the companies it tracks are technology companies: a software company selling to retailers is
//! "Retail". The sector chosen for each label is the NAICS sector of the label's plain meaning;
//! the labels that name a kind of technology product (AI, Data, Security, Infrastructure, Product,
//! Consumer, Media, Sales, Marketing tools...) go to 51 Information, where software publishers and
//! computing infrastructure are classified. "Other" and a blank label are set apart. The table
//! is [`SECTOR_OF_LABEL`]; its caveat is printed with every result.

use super::Month;
use crate::events::{exclusions, CountStatus, LayoffRecord};
use serde::Serialize;

/// layoffs.fyi industry label -> NAICS sector (two digits or a range), with the reason.
pub const SECTOR_OF_LABEL: &[(&str, &str, &str)] = &[
    ("Aerospace", "31-33", "aerospace product manufacturing (NAICS 3364)"),
    ("AI", "51", "AI companies publish software and models (NAICS 5132, 518)"),
    ("Construction", "23", "construction"),
    ("Consumer", "51", "consumer internet and apps (NAICS 516, 5132)"),
    ("Crypto", "52", "crypto exchanges and financial services"),
    ("Data", "51", "data and computing infrastructure (NAICS 518)"),
    ("Education", "61", "educational services"),
    ("Energy", "22", "utilities and energy"),
    ("Finance", "52", "finance and insurance"),
    ("Fintech", "52", "finance and insurance"),
    ("Fitness", "71", "fitness and recreation (NAICS 7139)"),
    ("Food", "72", "food services and delivery"),
    ("Hardware", "31-33", "computer and electronic product manufacturing (NAICS 334)"),
    ("Healthcare", "62", "health care"),
    ("HR", "56", "employment and HR services (NAICS 5613)"),
    ("Infrastructure", "51", "computing infrastructure (NAICS 518)"),
    ("Legal", "54", "legal services (NAICS 5411)"),
    ("Logistics", "48-49", "transportation and warehousing"),
    ("Manufacturing", "31-33", "manufacturing"),
    ("Marketing", "54", "advertising and marketing services (NAICS 5418)"),
    ("Media", "51", "publishing, broadcasting and streaming"),
    ("Product", "51", "software products (NAICS 5132)"),
    ("Real Estate", "53", "real estate"),
    ("Recruiting", "56", "employment services (NAICS 5613)"),
    ("Retail", "44-45", "retail trade (including e-commerce)"),
    ("Sales", "51", "sales software (NAICS 5132)"),
    ("Security", "51", "security software (NAICS 5132)"),
    ("Support", "56", "business support services (NAICS 5614)"),
    ("Transportation", "48-49", "transportation and warehousing"),
    ("Travel", "56", "travel arrangement and reservation (NAICS 5615)"),
];

pub const RULE: &str = "layoffs.fyi: U.S. events only (country \"United States\"); its industry label (the market a company serves) is mapped to a NAICS sector by a stated table (docs/market.md); \"Other\" and blank labels are set apart; exposure is the sector's OEWS occupation mix";

pub const CAVEAT: &str = "layoffs.fyi mostly tracks technology companies and labels them by the market they serve, so a sector's occupation mix describes their staff poorly; read its index as a rough second signal, not a measurement";

/// Why a layoffs.fyi event is not in the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FyiApart {
    Duplicate,
    OutsideUs,
    NoDate,
    NoCount,
    UnmappedIndustry,
    /// The sector has no OEWS exposure.
    NoExposure,
}

impl FyiApart {
    pub fn label(self) -> &'static str {
        match self {
            FyiApart::Duplicate => "duplicate (same company, date, location and count)",
            FyiApart::OutsideUs => "outside the United States",
            FyiApart::NoDate => "no readable date",
            FyiApart::NoCount => "no count (percentage only, blank or text)",
            FyiApart::UnmappedIndustry => "industry \"Other\", blank or not in the mapping table",
            FyiApart::NoExposure => "sector without an OEWS exposure",
        }
    }
}

/// One layoffs.fyi event, classified.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FyiEvent {
    pub record: usize,
    pub month: Option<Month>,
    pub jobs: Option<u64>,
    /// The OEWS sector code and the NAICS sector label, or why not.
    pub status: Result<(String, String), FyiApart>,
}

pub fn sector_of_label(label: &str) -> Option<&'static str> {
    SECTOR_OF_LABEL.iter().find(|(l, _, _)| l.eq_ignore_ascii_case(label.trim())).map(|(_, s, _)| *s)
}

/// Classify layoffs.fyi events (duplicates by the events rule).
pub fn classify(records: &[LayoffRecord], table: &super::industry::IndustryTable, window_days: i64) -> Vec<FyiEvent> {
    let mut order: Vec<usize> = (0..records.len()).collect();
    order.sort_by(|&a, &b| records[a].date.cmp(&records[b].date).then(records[a].origin.cmp(&records[b].origin)));
    let refs: Vec<&LayoffRecord> = order.iter().map(|&i| &records[i]).collect();
    let excl = exclusions(&refs, window_days);
    let mut dup = vec![false; records.len()];
    for (k, &i) in order.iter().enumerate() {
        dup[i] = excl[k].is_some();
    }
    records
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let jobs = if let CountStatus::Count(n) = r.count { Some(n) } else { None };
            let status = (|| {
                if dup[i] {
                    return Err(FyiApart::Duplicate);
                }
                if !r.region.as_deref().is_some_and(|c| c.trim().eq_ignore_ascii_case("united states")) {
                    return Err(FyiApart::OutsideUs);
                }
                r.date.ok_or(FyiApart::NoDate)?;
                if jobs.unwrap_or(0) == 0 {
                    return Err(FyiApart::NoCount);
                }
                let sector = r.industry.as_deref().and_then(sector_of_label).ok_or(FyiApart::UnmappedIndustry)?;
                let code = table.sector_code(sector).filter(|c| table.industries.contains_key(*c)).ok_or(FyiApart::NoExposure)?;
                Ok((code.clone(), crate::naics::sector_of(sector).unwrap_or_else(|| sector.to_string())))
            })();
            FyiEvent { record: i, month: r.date.map(Month::of), jobs, status }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layoffs::parse_layoffs_fyi;

    const FIX: &str = "company,location,total_laid_off,date,percentage_laid_off,industry,source,stage,funds_raised,country,date_added
Shop AI,SF Bay Area,100,2023-01-10,0.1,Retail,https://x,Series B,10,United States,2023-01-11
Shop AI,SF Bay Area,100,2023-01-10,0.1,Retail,https://x,Series B,10,United States,2023-01-11
Bank App,NYC,50,2023-02-10,,Fintech,https://x,IPO,10,United States,2023-02-11
Euro Co,Berlin,70,2023-02-10,,Retail,https://x,IPO,10,Germany,2023-02-11
Misc,Austin,20,2023-03-10,,Other,https://x,IPO,10,United States,2023-03-11
Half,Austin,,2023-03-10,0.5,Retail,https://x,IPO,10,United States,2023-03-11
Docs,Austin,30,2023-03-12,,Healthcare,https://x,IPO,10,United States,2023-03-11
";

    #[test]
    fn labels_map_to_sectors_and_the_rest_is_set_apart() {
        let p = parse_layoffs_fyi(FIX.as_bytes(), "fyi.csv").unwrap();
        let t = crate::market::industry::tests::table();
        let ev = classify(&p.records, &t, 90);
        let st: Vec<Result<String, FyiApart>> = ev.iter().map(|e| e.status.clone().map(|s| s.0)).collect();
        assert_eq!(
            st,
            vec![
                Ok("44--46".into()),
                Err(FyiApart::Duplicate),
                Err(FyiApart::NoExposure),
                Err(FyiApart::OutsideUs),
                Err(FyiApart::UnmappedIndustry),
                Err(FyiApart::NoCount),
                Err(FyiApart::NoExposure),
            ]
        );
        assert_eq!(ev[0].month, Some(Month::new(2023, 1)));
        assert_eq!(sector_of_label(" retail "), Some("44-45"));
        // Every label's sector is a NAICS sector.
        for (l, s, _) in SECTOR_OF_LABEL {
            assert!(crate::naics::sector_of(s).is_some(), "{l} -> {s}");
        }
    }
}
