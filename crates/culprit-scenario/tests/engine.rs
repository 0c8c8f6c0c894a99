//! The scenario engine on small hand-made organisations with known answers.

use culprit_org::coder::{code_titles, KeywordCoder, LOW_CONFIDENCE};
use culprit_org::import::{import_path, no_progress, ImportOptions};
use culprit_org::tree::Org;
use culprit_org::validate::{validate, ValidateOptions};
use culprit_scenario::spec::parse_str;
use culprit_scenario::{run, RunOptions};
use std::path::Path;

/// CEO (1) -> Eng manager (2) with 3 software engineers, Ops manager (3) with 2 associates,
/// Eng manager (4) with 2 software engineers; 2 and 4 are siblings in Engineering.
const ORG: &str = "Employee ID,Manager ID,Job Title,Department,Job Level,Annual Salary
1,,Chief Executive,Exec,L10,500000
2,1,Engineering Manager,Engineering,L7,200000
3,1,Operations Manager,Operations,L7,150000
4,1,Engineering Manager,Engineering,L6,180000
21,2,Software Engineer,Engineering,L5,150000
22,2,Software Engineer,Engineering,L5,140000
23,2,Software Engineer,Engineering,L4,130000
31,3,Warehouse Associate,Operations,L1,40000
32,3,Warehouse Associate,Operations,L1,42000
41,4,Software Engineer,Engineering,L5,150000
42,4,Software Engineer,Engineering,L4,120000
";

fn org(text: &str) -> (Org, culprit_org::coder::Coding, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("org.csv");
    std::fs::write(&p, text).unwrap();
    let raw = import_path(&p, &ImportOptions::default(), &no_progress).unwrap();
    let (org, report) = validate(raw, &ValidateOptions::default()).unwrap();
    assert!(report.is_clean());
    let coding = code_titles(&org.title.values, &KeywordCoder::sample(), LOW_CONFIDENCE);
    (org, coding, dir)
}

fn plan(body: &str) -> culprit_scenario::Scenario {
    parse_str(body, Path::new("plan.toml")).unwrap()
}

/// A privacy threshold of 1 so that the tiny test organisation shows its pay figures; the
/// threshold itself is tested in `a_cut_below_the_privacy_threshold_withholds_pay`.
fn opts() -> RunOptions {
    RunOptions { draws: 500, seed: Some(1), privacy: culprit_org::privacy::Privacy { min_group: 1 }, ..Default::default() }
}

#[test]
fn cutting_managers_frees_their_pay_and_moves_their_reports_up() {
    let (o, c, _d) = org(ORG);
    let s = plan("[[action]]\ntype = \"cut\"\nselect = { layer = \"2\", managers_only = true, department = [\"Engineering\"] }\nall = true\n");
    let r = run(&o, &c, &s, &opts()).unwrap();
    assert_eq!(r.summary.people_cut, 2);
    assert_eq!(r.summary.payroll_freed, 380_000.0);
    let mut ids: Vec<&str> = r.cut.iter().map(|c| c.employee_id.as_str()).collect();
    ids.sort();
    assert_eq!(ids, ["2", "4"]);
    assert!(r.cut.iter().all(|c| c.work_goes_to == "1" && c.was_manager));
    // The five engineers now report to the CEO; operations keeps its middle layer: 3 layers.
    assert_eq!(r.summary.layers_before, 3);
    assert_eq!(r.summary.layers_after, 3);
    assert_eq!(r.summary.people_after, 9);
    // Exposure of the managers (KeywordCoder: "engineer" comes first -> human_beta 0.4).
    assert!((r.summary.ai_doable_fte - 0.8).abs() < 1e-9);
    assert!((r.summary.human_only_fte - 1.2).abs() < 1e-9);
    assert!(r.summary.net_saving.p10 <= r.summary.net_saving.p50 && r.summary.net_saving.p50 <= r.summary.net_saving.p90);
    assert!(r.summary.h100_equivalent > 0.0);
}

#[test]
fn highest_exposure_first_and_shares_round() {
    let (o, c, _d) = org(ORG);
    // Engineers (0.6) before associates (0.05): a 50% cut of the 9 people below layer 1 takes 4.
    let s = plan("[[action]]\ntype = \"cut\"\nselect = { individual_contributors_only = true }\nshare = 0.5\n");
    let r = run(&o, &c, &s, &opts()).unwrap();
    assert_eq!(r.summary.people_cut, 4);
    assert!(r.cut.iter().all(|x| x.title == "Software Engineer"), "{:?}", r.cut);
    // Their human-only work (0.4 each) lands on their managers' teams.
    assert!(r.load.teams_receiving_work >= 1);
    let total_human: f64 = r.teams.iter().map(|t| t.human_only_fte).sum();
    assert!((total_human - 1.6).abs() < 1e-9);
}

#[test]
fn a_cut_larger_than_the_group_is_refused_with_the_line() {
    let (o, c, _d) = org(ORG);
    let s = plan("name = \"x\"\n\n[[action]]\ntype = \"cut\"\nselect = { department = [\"Operations\"] }\ncount = 10\n");
    let e = run(&o, &c, &s, &opts()).unwrap_err().to_string();
    assert!(e.starts_with("plan.toml:3:") && e.contains("only 3 match"), "{e}");
}

#[test]
fn a_selection_that_matches_nobody_warns_with_the_closest_filter() {
    let (o, c, _d) = org(ORG);
    let s = plan("[[action]]\ntype = \"cut\"\nselect = { department = [\"Operations\"], level = [\"L5\"] }\nall = true\n");
    let r = run(&o, &c, &s, &opts()).unwrap();
    assert_eq!(r.summary.people_cut, 0);
    let w = r.warnings.join("\n");
    assert!(w.contains("matches nobody") && w.contains("without its"), "{w}");
    let s = plan("[[action]]\ntype = \"cut\"\nselect = { department = [\"Finance\"] }\nall = true\n");
    let r = run(&o, &c, &s, &opts()).unwrap();
    assert!(r.warnings.join("\n").contains("department `Finance` is not in the organisation"));
}

#[test]
fn removing_a_layer_and_reaching_max_layers() {
    let (o, c, _d) = org(ORG);
    let s = plan("[[action]]\ntype = \"delayer\"\nremove_layer = 2\n");
    let r = run(&o, &c, &s, &opts()).unwrap();
    assert_eq!(r.summary.people_cut, 3);
    assert_eq!(r.summary.layers_after, 2);

    let s = plan("[[action]]\ntype = \"delayer\"\nmax_layers = 2\nremoved_managers = \"individual_contributor\"\n");
    let r = run(&o, &c, &s, &opts()).unwrap();
    assert_eq!(r.summary.people_cut, 0);
    assert_eq!(r.summary.managers_demoted, 3);
    assert_eq!(r.summary.layers_after, 2);
    assert_eq!(r.demoted.len(), 3);
}

#[test]
fn merging_sibling_teams_to_a_target_span() {
    let (o, c, _d) = org(ORG);
    // Managers 2 (span 3) and 4 (span 2) are Engineering siblings; a target of 5 merges 4 into 2.
    let s = plan("[[action]]\ntype = \"delayer\"\ntarget_span = 5\n");
    let r = run(&o, &c, &s, &opts()).unwrap();
    assert_eq!(r.summary.people_cut, 1);
    assert_eq!(r.cut[0].employee_id, "4");
    assert_eq!(r.cut[0].work_goes_to, "1");
    // Operations (span 2, no sibling in its department) is left alone.
    assert!(r.actions[0].description.contains("merged 1"));
}

#[test]
fn monte_carlo_is_reproducible_for_a_seed() {
    let (o, c, _d) = org(ORG);
    let s = plan("seed = 9\n[[action]]\ntype = \"cut\"\nselect = { title = \"software\" }\ncount = 3\n\n[[action]]\ntype = \"adopt_ai\"\nselect = { department = [\"Engineering\"] }\ntakeover = 0.5\n");
    let o2 = RunOptions { draws: 300, seed: None, ..opts() };
    let a = run(&o, &c, &s, &o2).unwrap();
    let b = run(&o, &c, &s, &o2).unwrap();
    assert_eq!(a.summary.net_saving.p50, b.summary.net_saving.p50);
    assert!(a.summary.ai_adopters >= 3);
    assert!(a.breakdown.workslop_cost > 0.0);
}

#[test]
fn a_cut_below_the_privacy_threshold_withholds_pay() {
    let (o, c, _d) = org(ORG);
    // Two people leave (< 5): their pay must not be recoverable from any figure.
    let s = plan("[[action]]\ntype = \"cut\"\nselect = { ids = [\"31\", \"32\"] }\nall = true\n");
    let r = run(&o, &c, &s, &RunOptions { draws: 100, ..Default::default() }).unwrap();
    assert_eq!(r.summary.people_cut, 2);
    assert!(r.summary.pay_suppressed);
    assert!(r.summary.payroll_freed.is_nan() && r.summary.net_saving.p50.is_nan() && r.compute.h100_equivalent.is_nan());
    assert!(r.departments.iter().filter(|d| d.people_cut > 0).all(|d| d.payroll_before.is_none() && d.payroll_after.is_none()));
    let json = serde_json::to_value(&r).unwrap();
    assert!(json["summary"]["payroll_freed"].is_null());
    assert!(r.warnings.iter().any(|w| w.contains("privacy threshold")));
}
