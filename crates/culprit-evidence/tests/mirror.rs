//! Integration tests on the read-only data mirror (../shared/data). They fail when CI=true and
//! the mirror is missing, and are skipped with a message otherwise.

use culprit_evidence::events::{summarise, CountStatus, SourceKind, SummaryOptions};
use culprit_evidence::{layoffs, sec_facts, warn};
use std::path::PathBuf;

fn mirror() -> Option<PathBuf> {
    culprit_data::registry::registry_for_tests()?.mirror_dir()
}

#[test]
fn layoffs_fyi_totals() {
    let Some(m) = mirror() else { return };
    let p = layoffs::read_layoffs_fyi(&m.join("layoffs_fyi/layoffs.csv")).unwrap();
    assert_eq!(p.records.len(), 4365);
    let with_count: Vec<u64> = p.records.iter().filter_map(|r| if let CountStatus::Count(c) = r.count { Some(c) } else { None }).collect();
    assert_eq!(with_count.len(), 2854);
    assert_eq!(with_count.iter().sum::<u64>(), 896_695);
    assert_eq!(p.records.iter().filter(|r| r.count == CountStatus::PercentageOnly).count(), 795);
    // One row has no date: stated, and still counted (year unknown).
    assert_eq!(p.issues.len(), 1, "{:?}", p.issues);
    let s = summarise(&p, &SummaryOptions::default());
    let f = &s.sources[0];
    assert_eq!(f.percentage_only.rows, 795);
    assert_eq!(f.year_unknown.rows, 1);
    let dup = f.not_counted.iter().find(|n| n.reason.starts_with("duplicate")).unwrap();
    assert_eq!(f.counted_jobs + dup.jobs, 896_695);
    assert_eq!(f.by_company[0].key, "Amazon");
    let amazon = summarise(&p, &SummaryOptions { company: Some("Amazon".into()), year: Some(2025), ..Default::default() });
    // 2025 rows: 14,000 (Oct 27), 100, 84 with counts; two without.
    assert_eq!(amazon.sources[0].counted_jobs, 14_184);
}

#[test]
fn warn_consolidated_and_new_york_parse_counts() {
    let Some(m) = mirror() else { return };
    let c = warn::read_warn(&m.join("warn/warn_database_2026_amp2026.csv")).unwrap();
    assert_eq!(c.records.len(), 1262);
    assert!(c.records.iter().all(|r| r.source == SourceKind::Warn));
    let unknown = c.records.iter().filter(|r| matches!(r.count, CountStatus::Unknown { .. })).count();
    assert_eq!(unknown, 1, "one blank jobs cell");
    assert_eq!(c.records.iter().filter(|r| r.date.is_none()).count(), 0);
    assert!(c.records.iter().filter(|r| r.is_amendment).count() >= 5);
    assert_eq!(c.records.iter().filter(|r| r.is_rescinded).count(), 1);
    let wa_amazon: u64 = c
        .records
        .iter()
        .filter(|r| r.key == "amazon" && r.region.as_deref() == Some("WA"))
        .filter_map(|r| if let CountStatus::Count(n) = r.count { Some(n) } else { None })
        .sum();
    assert_eq!(wa_amazon, 2198 + 401);

    let ny = warn::read_warn_dir(&m.join("warn/ny_state_2001_2021")).unwrap();
    // 7,623 rows in 21 files, minus rows with every field empty but the case id.
    assert!(ny.records.len() > 7_400 && ny.records.len() <= 7_623, "{}", ny.records.len());
    assert!(ny.records.iter().all(|r| r.year.is_some()), "New York rows fall back to the file's year");
    assert!(ny.records.iter().filter(|r| r.is_amendment).count() > 1_000);
    let mut all = c;
    all.extend(ny);
    let s = summarise(&all, &SummaryOptions::default());
    assert_eq!(s.sources.len(), 1);
    let w = &s.sources[0];
    assert!(w.not_counted.iter().any(|n| n.reason.starts_with("jobs unknown") && n.rows > 100));
    assert!(w.not_counted.iter().any(|n| n.reason.starts_with("superseded")));
    assert!(w.by_year.iter().any(|b| b.key == "2020" && b.jobs > 200_000), "{:?}", w.by_year);
}

#[test]
fn warn_register_by_year_state_industry_and_company() {
    let Some(m) = mirror() else { return };
    let dir = m.join("warn/register_2026/states");
    let p = warn::read_warn_dir(&dir).unwrap();
    assert_eq!(p.records.len(), 66_676, "every notice of the register is read");
    assert_eq!(p.inputs.len(), 46, "45 states and DC");
    assert!(p.records.iter().all(|r| r.region.as_deref().is_some_and(|s| s.len() == 2)), "states as codes");
    let with_naics = p.records.iter().filter(|r| r.naics.is_some()).count();
    let with_cik = p.records.iter().filter(|r| r.cik.is_some()).count();
    assert!(with_naics > 25_000 && with_cik > 10_000, "{with_naics} {with_cik}");
    let s = summarise(&p, &SummaryOptions { top: 50, ..Default::default() });
    let w = &s.sources[0];
    assert!(w.by_year.iter().any(|b| b.key == "2025" && b.jobs > 250_000), "{:?}", w.by_year);
    assert!(w.by_industry.iter().any(|b| b.key == "31-33 Manufacturing"));
    assert!(w.by_region.iter().any(|b| b.key == "WA"));
    let amazon = w.by_company.iter().find(|b| b.ticker.as_deref() == Some("AMZN")).expect("Amazon in the top 50");
    assert_eq!(amazon.cik.as_deref(), Some("1018724"));
    assert!(w.dated_by_effective_date > 0);
    // Amazon's October 2025 Washington notice (2,303 people at its Seattle-area sites).
    let wa_2025: u64 = p
        .records
        .iter()
        .filter(|r| r.ticker.as_deref() == Some("AMZN") && r.region.as_deref() == Some("WA") && r.year == Some(2025))
        .filter_map(|r| if let CountStatus::Count(n) = r.count { Some(n) } else { None })
        .sum();
    assert!(wa_2025 >= 2_303, "{wa_2025}");
}

#[test]
fn amazon_xbrl_capex_fy2024() {
    let Some(m) = mirror() else { return };
    let a = sec_facts::load_instance(&m.join("sec_amzn/amzn-20241231_htm.xml")).unwrap();
    let capex = a.get("capex", 2024).unwrap();
    assert_eq!(capex.value, 82_999_000_000.0);
    assert_eq!(capex.concept, "us-gaap:PaymentsToAcquireProductiveAssets");
    assert_eq!(a.get("capex", 2023).unwrap().value, 52_729_000_000.0);
    assert_eq!(a.get("capex", 2022).unwrap().value, 63_645_000_000.0);
    assert_eq!(a.get("revenue", 2024).unwrap().value, 637_959_000_000.0);
    assert_eq!(a.get("revenue", 2024).unwrap().concept, "us-gaap:RevenueFromContractWithCustomerExcludingAssessedTax");
    assert_eq!(a.get("net_income", 2022).unwrap().value, -2_722_000_000.0);
    assert_eq!(a.latest_year, Some(2024));
    // Amazon does not tag its employee count: stated, not invented.
    assert!(a.get("headcount", 2024).is_none());
    assert!(a.issues.iter().any(|i| i.message.contains("for headcount")), "{:?}", a.issues);
    // The extract csv of the mirror agrees.
    let csv = std::fs::read_to_string(m.join("sec_amzn/amzn_fy2022_2024_from_10k_fy2024.csv")).unwrap();
    for line in csv.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let y: i32 = f[0].parse().unwrap();
        assert_eq!(a.get("capex", y).unwrap().value, f[4].parse::<f64>().unwrap());
        assert_eq!(a.get("net_income", y).unwrap().value, f[2].parse::<f64>().unwrap());
    }
}

#[test]
fn amazon_profile_merges_with_its_xbrl() {
    let Some(m) = mirror() else { return };
    let lp = culprit_evidence::profile::CompanyProfile::load(std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/amazon.toml"))).unwrap();
    let mut p = lp.profile;
    let a = sec_facts::load_instance(&m.join("sec_amzn/amzn-20241231_htm.xml")).unwrap();
    let r = sec_facts::merge_into_profile(&mut p, &a);
    assert!(r.lines.iter().all(|l| l.action == sec_facts::MergeAction::Confirmed), "{:#?}", r.lines);
    assert_eq!(r.lines.len(), 9);
}

#[test]
fn oews_baseline_for_amazon_industries() {
    let Some(m) = mirror() else { return };
    let cache = std::env::temp_dir().join("culprit-evidence-test-cache");
    let db = culprit_evidence::baseline::OewsDb::open_gz(&m.join("bls_oews_2025/oews-2025.sqlite.gz"), &cache).unwrap();
    assert_eq!(db.release, "May 2025");
    let i = db.resolve_industry("454110").unwrap().unwrap();
    assert_eq!(i.code, "455000");
    let mix = db.industry_mix(&[i], &[]).unwrap();
    assert_eq!(mix.total_employment, 3_275_200.0);
    assert_eq!(mix.detailed_employment, 3_220_740.0);
    assert_eq!(mix.occupations.len(), 126);
}

#[test]
fn amazon_washington_warn_letters_itemise_every_person() {
    let Some(m) = mirror() else { return };
    let set = culprit_evidence::warn_letter::read_letters(&m.join("warn/amazon_wa_2025")).unwrap();
    assert_eq!(set.letters.len(), 2);
    // The letters (the primary record): December 84, October 2,303, every person on a title row.
    let totals: Vec<(Option<u64>, u64)> = set.letters.iter().map(|l| (l.stated_total, l.title_total())).collect();
    assert_eq!(totals, [(Some(84), 84), (Some(2_303), 2_303)]);
    assert_eq!(set.people(), 2_387);
    assert_eq!(set.letters[1].remote, Some(116));
    assert!(set.letters.iter().all(|l| l.issues.is_empty()), "{:?}", set.letters.iter().map(|l| &l.issues).collect::<Vec<_>>());
    // The CSV extraction misses people of the October letter: each difference is named.
    let x = set.extraction.as_ref().unwrap();
    assert_eq!(x.people, 2_285);
    assert!(x.differences.iter().any(|d| d.letter == 2_303 && d.other == 2_201), "{:?}", x.differences);
    let distinct = set.title_counts().len();
    assert!(distinct > 320, "{distinct}");
}

/// `company report --company` for the four companies whose FY2024 10-Ks the mirror holds:
/// headcount read from the 10-K's sentence and capex from its tagged facts, equal to the filings.
#[test]
fn four_companies_from_their_10ks() {
    use culprit_evidence::public_record::{assemble, RecordSources};
    let Some(m) = mirror() else { return };
    let src = RecordSources { sec_dirs: vec![m.join("sec_filings")], warn: None, layoffs: None };
    // (query, fiscal year, employees, capex USD, name)
    let cases = [
        ("AMZN", 2024, 1_556_000.0, 82_999e6, "Amazon.com, Inc."),
        ("1652044", 2024, 183_323.0, 52_535e6, "Alphabet Inc."),
        ("Meta Platforms", 2024, 74_067.0, 37_256e6, "Meta Platforms, Inc."),
        ("crm", 2025, 76_453.0, 658e6, "Salesforce, Inc."),
    ];
    for (q, fy, employees, capex, name) in cases {
        let a = assemble(q, &src).unwrap_or_else(|e| panic!("{q}: {e}"));
        assert_eq!(a.identity.name.to_lowercase(), name.to_lowercase(), "{q}");
        let hc = a.profile.value("headcount", fy).unwrap_or_else(|| panic!("{q}: no headcount {fy}: {:?}", a.gaps));
        assert_eq!(hc.value, employees, "{q}");
        assert!(hc.source.contains("employees"), "{q}: the sentence is cited: {}", hc.source);
        let cx = a.profile.value("capex", fy).unwrap_or_else(|| panic!("{q}: no capex {fy}"));
        assert_eq!(cx.value, capex, "{q}");
        // One year of headcount: a named gap, no trend.
        assert!(a.gaps.iter().any(|g| g.starts_with("headcount 2015-2019")), "{q}: {:?}", a.gaps);
    }
}

/// Issue 18: the employer's industry decides titles that words cannot: a nursing home's "Cook"
/// is an institution cook, a framing contractor's "Framer" a carpenter. NAICS 92 and codes OEWS lacks still find an industry;
/// a department names the function of a title that only names a role.
#[test]
fn the_industry_prior_decides_what_words_cannot() {
    let Some(m) = mirror() else { return };
    let cache = std::env::temp_dir().join("culprit-evidence-test-cache");
    let db = culprit_evidence::baseline::OewsDb::open_gz(&m.join("bls_oews_2025/oews-2025.sqlite.gz"), &cache).unwrap();
    let (cat, _) = culprit_data::Catalog::open(&culprit_data::Registry::builtin().unwrap()).unwrap();
    let (priors, unresolved) = db.title_priors(&cat, ["623110", "238130", "493110", "921130", "111998", "bogus"]).unwrap();
    assert_eq!(unresolved, ["bogus"]);
    assert!(priors["921130"].industry.starts_with("999000"), "{}", priors["921130"].industry);
    assert!(priors["111998"].industry.starts_with("11--12"), "{}", priors["111998"].industry);
    let coder = culprit_titles::Coder::new(&cat, Default::default()).unwrap().with_industry_priors(priors);
    let code = |t: &str, industry: Option<&str>, department: Option<&str>| coder.code_with(t, &culprit_titles::TitleContext { industry, department, ..Default::default() }).soc.map(|s| s.to_string());
    assert_eq!(code("Cook", None, None).as_deref(), Some("35-2014"));
    assert_eq!(code("Cook", Some("623110"), None).as_deref(), Some("35-2012"));
    assert_ne!(code("Framer", None, None).as_deref(), Some("47-2031"));
    assert_eq!(code("Framer", Some("238130"), None).as_deref(), Some("47-2031"));
    // Government-only occupations are not readings of a private employer's titles where its
    // industry shows none of them; in government they stay.
    let (priors, _) = db.title_priors(&cat, ["454110", "921130"]).unwrap();
    assert!(priors["454110"].excluded_count() >= 10, "{}", priors["454110"].excluded_count());
    assert_eq!(priors["921130"].excluded_count(), 0);
    let coder2 = culprit_titles::Coder::new(&cat, Default::default()).unwrap().with_industry_priors(priors);
    let code2 = |t: &str, industry: &str| coder2.code_with(t, &culprit_titles::TitleContext { industry: Some(industry), department: None }).soc.map(|s| s.to_string());
    assert_eq!(code("Tax Analyst", None, None).as_deref(), Some("13-2081"));
    assert_eq!(code2("Tax Analyst", "921130").as_deref(), Some("13-2081"));
    let retail_tax = code2("Tax Analyst III", "454110");
    assert!(retail_tax.as_deref().is_some_and(|s| s.starts_with("13-2")) && retail_tax.as_deref() != Some("13-2081"), "{retail_tax:?}");
    let retail_investigator = code2("Investigation Specialist II", "454110");
    assert!(retail_investigator.as_deref() != Some("33-3021"), "{retail_investigator:?}");
    let manager = code("Manager", None, Some("Payroll"));
    assert_ne!(manager.as_deref(), Some("11-1021"), "the department names the function");
    assert!(manager.as_deref().is_some_and(|s| s.starts_with("11-") || s.starts_with("43-1")), "{manager:?}");
}
