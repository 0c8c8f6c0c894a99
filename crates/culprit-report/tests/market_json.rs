//! The market page's JSON on a small hand-made register and industry table: a change of what a
//! reader sees is a reviewed snapshot diff.

use culprit_evidence::market::barometer::{barometer, BarometerOptions, MarketData};
use culprit_evidence::market::break_test::BootstrapOptions;
use culprit_evidence::market::industry::{oews_digits, IndustryExposure, IndustryTable};
use culprit_evidence::market::Month;
use culprit_report::market::{market_sections, market_summary};
use culprit_report::report::{render_html, Report};
use std::collections::BTreeMap;

const REGISTER: &str = "state,employer_name,naics,cik,ticker,location,notice_date,effective_date,employees_affected,layoff_type,is_temporary,is_amendment
WA,Acme Software,513210,1,ACME,Seattle,2021-03-10,2021-05-01,100,mass_layoff,0,0
WA,Acme Software,513210,1,ACME,Seattle,2021-03-10,2021-05-01,100,mass_layoff,0,0
WA,Big Box,455000,,,Tacoma,2021-04-02,,300,closure,0,0
TX,Food Co,311,,,Austin,2020-04-15,,1000,closure,0,0
TX,Food Co,311,,,Dallas,2023-02-01,,200,closure,0,0
TX,Consultants LLP,541511,,,Austin,2023-02-20,,150,mass_layoff,0,0
TX,Consultants LLP,541511,,,Austin,2023-03-20,,160,mass_layoff,0,1
NY,Mystery Inc,,,,Albany,2023-05-05,,80,mass_layoff,0,0
NY,No Jobs Ltd,311,,,Albany,2023-05-07,,,mass_layoff,0,0
";

const FYI: &str = "company,location,total_laid_off,date,percentage_laid_off,industry,source,stage,funds_raised,country,date_added
Shop,SF,100,2023-02-10,,Retail,x,IPO,1,United States,2023-02-11
Far,Berlin,70,2023-02-10,,Retail,x,IPO,1,Germany,2023-02-11
";

fn table() -> IndustryTable {
    let row = |code: &str, name: &str, emp: f64, e: f64| IndustryExposure { code: code.into(), name: name.into(), digits: oews_digits(code), employment: emp, covered_employment: emp, exposure: vec![e, e / 2.0] };
    let mut industries = BTreeMap::new();
    for r in [
        row("455000", "General Merchandise Retailers", 3000.0, 0.10),
        row("44--46", "Retail Trade", 3000.0, 0.12),
        row("513200", "Software Publishers", 500.0, 0.60),
        row("513000", "Publishing Industries", 600.0, 0.50),
        row("541500", "Computer Systems Design", 2000.0, 0.55),
        row("54--55", "Professional Services", 3000.0, 0.45),
        row("311000", "Food Manufacturing", 2000.0, 0.05),
        row("31--34", "Manufacturing", 2000.0, 0.08),
    ] {
        industries.insert(r.code.clone(), r);
    }
    let sectors = [("31", "31--34"), ("32", "31--34"), ("33", "31--34"), ("44", "44--46"), ("45", "44--46"), ("54", "54--55")].iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
    IndustryTable { measures: vec!["beta".into(), "alpha".into()], industries, national: row("000000", "All", 10_000.0, 0.30), sectors, without_exposure: vec![], source: "hand-made table".into() }
}

#[test]
fn market_report_json_snapshot() {
    let warn = culprit_evidence::warn::parse_warn(REGISTER.as_bytes(), "register.csv", None).unwrap().records;
    let fyi = culprit_evidence::layoffs::parse_layoffs_fyi(FYI.as_bytes(), "fyi.csv").unwrap().records;
    let data = MarketData::new(table(), warn, fyi, Month::new(2026, 8).first_day(), "fixture vintage", "register.csv", "fyi.csv", 90);
    let b = barometer(&data, &BarometerOptions { from: Month::new(2021, 1), to: Some(Month::new(2023, 6)), bootstrap: BootstrapOptions { reps: 200, ..Default::default() }, ..Default::default() }).unwrap();
    let mut rep = Report::new("The whole market", "snapshot");
    rep.summary = market_summary(&b);
    rep.sections = market_sections(&b);
    let html = render_html(&rep);
    assert!(html.contains("<svg") && html.contains("Exposure index of the WARN jobs cut") && !html.contains("NaN"));
    insta::assert_json_snapshot!("market", rep);
}
