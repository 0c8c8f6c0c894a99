//! The report's JSON for an organisation and a scenario on a small hand-made file: a change of
//! what a reader sees is a reviewed snapshot diff.

use culprit_org::coder::KeywordCoder;
use culprit_org::import::no_progress;
use culprit_org::{analyze, AnalyzeOptions};
use culprit_report::report::{org_section, scenario_section, Report};
use culprit_scenario::spec::parse_str;
use culprit_scenario::{run, RunOptions};

const ORG: &str = include_str!("../../culprit-scenario/tests/fixtures/small_org.csv");

#[test]
fn report_json_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("org.csv");
    std::fs::write(&p, ORG).unwrap();
    let opts = AnalyzeOptions { privacy: culprit_org::privacy::Privacy { min_group: 2 }, ..Default::default() };
    let a = analyze(&p, &opts, &KeywordCoder::sample(), &no_progress).unwrap();
    let plan = parse_str("name = \"Cut the engineering managers\"\nseed = 3\n[[action]]\ntype = \"cut\"\nselect = { ids = [\"2\", \"4\"] }\nall = true\n", std::path::Path::new("plan.toml")).unwrap();
    let r = run(&a, &plan, &RunOptions { draws: 200, seed: None }).unwrap();
    let mut rep = Report::new("Scenario on a small organisation", "snapshot");
    rep.sections.push(org_section(&a));
    rep.sections.push(scenario_section(&r));
    insta::assert_json_snapshot!("report", rep);
}
