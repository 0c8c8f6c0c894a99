//! The report's JSON for an organisation and a scenario on a small hand-made file: a change of
//! what a reader sees is a reviewed snapshot diff.

use culprit_org::coder::KeywordCoder;
use culprit_org::import::no_progress;
use culprit_org::{analyze, AnalyzeOptions};
use culprit_report::report::{org_section, scenario_section, Report};
use culprit_scenario::spec::parse_str;
use culprit_scenario::{run, RunOptions};

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
