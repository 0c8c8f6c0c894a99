//! The scorecard on a small synthetic profile: every number is checked by hand.

use culprit_evidence::baseline::{IndustryMix, Industry, OccupationEmployment};
use culprit_evidence::exposure::TableExposure;
use culprit_evidence::profile::CompanyProfile;
use culprit_evidence::scorecard::{assumptions_for, build, Baseline, ClaimStatus, Explanation, Scorecard, ScorecardInputs};
use std::collections::BTreeMap;

const SOCS: &str = "soc,occupation,beta,alpha
15-1252,Software Developers,0.60,0.30
11-3021,Computer and Information Systems Managers,0.50,0.25
41-2031,Retail Salespersons,0.20,0.10
";
const TITLES: &str = "pattern,soc
software engineer,15-1252
engineering manager,11-3021
";

fn profile() -> CompanyProfile {
    let p = CompanyProfile::load(std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/small.toml"))).unwrap();
    assert!(p.issues.iter().all(|i| i.message.contains("no value for 2020, 2022")), "{:?}", p.issues);
    p.profile
}

fn mix() -> IndustryMix {
    let occ = |soc: &str, name: &str, emp: f64| OccupationEmployment { soc: soc.into(), occupation: name.into(), employment: emp, annual_mean_wage: None };
    IndustryMix {
        industries: vec![Industry { code: "455000".into(), name: "General Merchandise Retailers".into(), mapping: "fixture".into() }],
        occupations: vec![occ("41-2031", "Retail Salespersons", 600.0), occ("15-1252", "Software Developers", 200.0), occ("99-9999", "Unknown", 200.0)],
        total_employment: 1000.0,
        detailed_employment: 1000.0,
        suppressed: 0,
        soc_major_groups: vec![],
        source: "fixture mix".into(),
    }
}

fn card(with_exposure: bool) -> Scorecard {
    let p = profile();
    let a = assumptions_for(&p, &BTreeMap::new()).unwrap();
    let x = TableExposure::from_csv(TITLES, SOCS, "fixture exposure").unwrap();
    let m = mix();
    build(ScorecardInputs {
        profile: &p,
        profile_issues: vec![],
        event: None,
        assumptions: &a,
        exposure: if with_exposure { Some(&x) } else { None },
        baseline: Baseline::Industry(&m),
        roles: None,
    })
    .unwrap()
}

fn value(c: &Scorecard, e: Explanation, name: &str) -> f64 {
    let s = c.sections.iter().find(|s| s.explanation == e).unwrap();
    s.indicators.iter().find(|i| i.name == name).unwrap_or_else(|| panic!("no indicator {name}: {:#?}", s.indicators)).value.unwrap()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * b.abs().max(1.0)
}

#[test]
fn over_hiring_on_an_exact_trend() {
    let c = card(true);
    let g = value(&c, Explanation::OverHiring, "pre-2020 trend growth per year");
    assert!(close(g, 0.10), "{g}");
    // 2021 trend = 10000 * 1.1^6 = 17715.61; excess = 3284.39; 2023 trend 21435.89 -> excess -3435.89.
    assert!(close(value(&c, Explanation::OverHiring, "peak excess over trend"), 21000.0 - 10000.0 * 1.1f64.powi(6)));
    assert!(close(value(&c, Explanation::OverHiring, "cut as share of the peak excess"), 400.0 / (21000.0 - 10000.0 * 1.1f64.powi(6))));
    assert!(close(value(&c, Explanation::OverHiring, "excess at the last year-end before the cut"), 18000.0 - 10000.0 * 1.1f64.powi(8)));
    let s = &c.sections[0];
    assert!(s.finding.contains("Caution: the fit is on total headcount"), "{}", s.finding);
    assert!(s.missing.iter().any(|m| m.contains("corporate headcount")));
}

#[test]
fn funding_capex_uses_the_stated_mix_and_guidance() {
    let c = card(true);
    // mean pay = (3*100k + 1*200k)/4 = 125k; payroll = 400 * 125k = 50 M.
    assert!(close(value(&c, Explanation::FundingAiCapex, "payroll freed per year"), 50e6));
    // capex 2024 is guidance 150 M; growth over 2023 = 50 M.
    assert!(close(value(&c, Explanation::FundingAiCapex, "payroll freed / capex"), 50e6 / 150e6));
    assert!(close(value(&c, Explanation::FundingAiCapex, "payroll freed / capex growth"), 1.0));
    assert!(close(value(&c, Explanation::FundingAiCapex, "payroll freed in H100 GPUs"), 2000.0), "profile overrides h100 price to 25,000");
    assert!(close(value(&c, Explanation::FundingAiCapex, "payroll freed in GW of data centre"), 50e6 / 42.5e9));
    assert!(close(value(&c, Explanation::FundingAiCapex, "months of freed payroll to recover the severance"), 10e6 / 50e6 * 12.0));
    assert!(c.sections[1].finding.contains("guidance"));
    assert!(c.assumptions.iter().any(|a| a.key == "h100_price_usd" && a.overridden && a.value == 25000.0));
}

#[test]
fn substitution_with_and_without_a_coder() {
    let c = card(true);
    // coded: 100 x 0.6 + 50 x 0.5 = 85 over 150 people.
    assert!(close(value(&c, Explanation::AiSubstitution, "exposure of the roles cut"), 85.0 / 150.0));
    assert!(close(value(&c, Explanation::AiSubstitution, "AI-doable work in the roles cut"), 85.0));
    // baseline: (600 x 0.2 + 200 x 0.6) / 800 = 0.3 (99-9999 has no exposure).
    assert!(close(value(&c, Explanation::AiSubstitution, "exposure of the industry baseline"), 0.3));
    assert!(close(value(&c, Explanation::AiSubstitution, "exposure gap: roles cut - baseline"), 85.0 / 150.0 - 0.3));
    let s = &c.sections[2];
    assert!(s.missing.iter().any(|m| m.contains("Chef")), "{:?}", s.missing);
    assert!(s.finding.contains("statements conflict"), "{}", s.finding);

    let n = card(false);
    let s = &n.sections[2];
    assert!(s.indicators.iter().all(|i| i.name != "exposure of the roles cut"));
    assert!(s.missing.iter().any(|m| m.contains("RoleExposure")), "{:?}", s.missing);
    assert!(s.finding.starts_with("Exposure not computed"), "{}", s.finding);
}

#[test]
fn theory_against_observed_use_for_the_roles_cut_and_the_baseline() {
    // The same table with an observed_exposure column: roles cut used less than the industry.
    let socs = "soc,occupation,beta,observed_exposure
15-1252,Software Developers,0.60,0.05
11-3021,Computer and Information Systems Managers,0.50,0.02
41-2031,Retail Salespersons,0.20,0.10
";
    let p = profile();
    let a = assumptions_for(&p, &BTreeMap::new()).unwrap();
    let x = TableExposure::from_csv(TITLES, socs, "fixture exposure").unwrap();
    let m = mix();
    let c = build(ScorecardInputs { profile: &p, profile_issues: vec![], event: None, assumptions: &a, exposure: Some(&x), baseline: Baseline::Industry(&m), roles: None }).unwrap();
    // cut: (100 x 0.05 + 50 x 0.02) / 150 = 0.04; baseline: (600 x 0.10 + 200 x 0.05) / 800 = 0.0875.
    assert!(close(value(&c, Explanation::AiSubstitution, "observed exposure of the roles cut"), 0.04));
    assert!(close(value(&c, Explanation::AiSubstitution, "observed exposure of the baseline"), 0.0875));
    let f = &c.sections[2].finding;
    assert!(f.contains("56.7% exposed in theory (beta) and 4.0% in observed use"), "{f}");
    assert!(f.contains("the baseline (the industry mix) is 30.0% in theory and 8.8% in observed use"), "{f}");
    assert!(f.contains("scapegoat signal on this measure, not proof"), "{f}");
    // Without an observed measure in the source the scorecard says nothing of it.
    assert!(!card(true).sections[2].finding.contains("observed use"));
}

#[test]
fn claims_are_computed_with_their_inputs() {
    let c = card(true);
    let h = c.claims.iter().find(|x| x.id == "h100").unwrap();
    // 4000 x 125k x 1% / 25k = 200 -> inside 100-200.
    assert_eq!(h.status, ClaimStatus::Holds);
    assert_eq!(h.lines[0].value, 200.0);
    assert!(h.lines[0].inputs.iter().any(|(k, _)| k == "mean pay"));
    let s = c.claims.iter().find(|x| x.id == "share").unwrap();
    assert_eq!(s.status, ClaimStatus::Holds);
    assert!(close(s.lines[0].value, 0.1));
    let u = c.claims.iter().find(|x| x.id == "rumour").unwrap();
    assert_eq!(u.status, ClaimStatus::Unverified);
    assert!(u.lines.is_empty());
}

#[test]
fn unknown_event_is_a_clear_error() {
    let p = profile();
    let a = assumptions_for(&p, &BTreeMap::new()).unwrap();
    let e = build(ScorecardInputs {
        profile: &p,
        profile_issues: vec![],
        event: chrono::NaiveDate::from_ymd_opt(2020, 1, 1),
        assumptions: &a,
        exposure: None,
        baseline: Baseline::Missing("none".into()),
        roles: None,
    })
    .err()
    .unwrap();
    assert!(e.to_string().contains("no layoff event on 2020-01-01; events in the profile: 2024-03-01"), "{e}");
}

#[test]
fn scorecard_json_snapshot() {
    let c = card(true);
    insta::assert_json_snapshot!("small_profile_scorecard", c);
}

/// A claim off its range says which way: "several thousand" when the numbers say tens of
/// thousands understates; a share above the numbers overstates.
#[test]
fn claims_off_the_numbers_say_which_way() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/small.toml")).unwrap();
    let grade = |from: &str, to: &str, id: &str| {
        assert!(text.contains(from), "fixture changed: {from}");
        let p = CompanyProfile::from_toml(&text.replace(from, to), "t.toml").unwrap().profile;
        let a = assumptions_for(&p, &BTreeMap::new()).unwrap();
        let m = mix();
        let c = build(ScorecardInputs { profile: &p, profile_issues: vec![], event: None, assumptions: &a, exposure: None, baseline: Baseline::Industry(&m), roles: None }).unwrap();
        let claim = c.claims.iter().find(|x| x.id == id).unwrap().clone();
        claim
    };
    // 200 H100s computed.
    let u = grade("claimed_min = 100, claimed_max = 200", "claimed_min = 10, claimed_max = 50", "h100");
    assert_eq!(u.status, ClaimStatus::Understated);
    assert!(u.sentence.contains("understates"), "{}", u.sentence);
    let o = grade("claimed_min = 100, claimed_max = 200", "claimed_min = 500, claimed_max = 900", "h100");
    assert_eq!(o.status, ClaimStatus::Overstated);
}
