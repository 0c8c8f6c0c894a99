//! The scenario engine on small hand-made organisations with known answers.

use culprit_org::coder::KeywordCoder;
use culprit_org::import::no_progress;
use culprit_org::{analyze, Analysis, AnalyzeOptions};
use culprit_scenario::spec::parse_str;
use culprit_scenario::{run, RunOptions};
use std::path::Path;

/// CEO (1) -> Eng manager (2) with 3 software engineers, Ops manager (3) with 2 associates,
/// Eng manager (4) with 2 software engineers; 2 and 4 are siblings in Engineering.
const ORG: &str = include_str!("fixtures/small_org.csv");

fn org(text: &str) -> (Analysis, tempfile::TempDir) {
    org_with(text, 1)
}

/// The organisation analysed with a privacy threshold of `min_group`.
fn org_with(text: &str, min_group: u64) -> (Analysis, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("org.csv");
    std::fs::write(&p, text).unwrap();
    let opts = AnalyzeOptions { privacy: culprit_org::privacy::Privacy { min_group }, ..Default::default() };
    let a = analyze(&p, &opts, &KeywordCoder::sample(), &no_progress).unwrap();
    assert!(a.report.is_clean());
    (a, dir)
}

fn plan(body: &str) -> culprit_scenario::Scenario {
    parse_str(body, Path::new("plan.toml")).unwrap()
}

/// The organisations of [`org`] have a privacy threshold of 1 so that the tiny test organisation
/// shows its pay figures; the threshold itself is tested with [`org_with`].
fn opts() -> RunOptions {
    RunOptions { draws: 500, seed: Some(1) }
}

#[test]
fn cutting_managers_frees_their_pay_and_moves_their_reports_up() {
    let (o, _d) = org(ORG);
    let s = plan("[[action]]\ntype = \"cut\"\nselect = { layer = \"2\", managers_only = true, department = [\"Engineering\"] }\nall = true\n");
    let r = run(&o, &s, &opts()).unwrap();
    assert_eq!(r.summary.people_cut, 2);
    assert_eq!(r.summary.payroll_freed, Some(380_000.0));
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
    let q = r.summary.net_saving.unwrap();
    assert!(q.p10 <= q.p50 && q.p50 <= q.p90);
    assert!(r.summary.h100_equivalent.unwrap() > 0.0);
}

#[test]
fn highest_exposure_first_and_shares_round() {
    let (o, _d) = org(ORG);
    // Engineers (0.6) before associates (0.05): a 50% cut of the 9 people below layer 1 takes 4.
    let s = plan("[[action]]\ntype = \"cut\"\nselect = { individual_contributors_only = true }\nshare = 0.5\n");
    let r = run(&o, &s, &opts()).unwrap();
    assert_eq!(r.summary.people_cut, 4);
    assert!(r.cut.iter().all(|x| x.title == "Software Engineer"), "{:?}", r.cut);
    // Their human-only work (0.4 each) lands on their managers' teams.
    assert!(r.load.teams_receiving_work >= 1);
    let total_human: f64 = r.teams.iter().map(|t| t.human_only_fte).sum();
    assert!((total_human - 1.6).abs() < 1e-9);
}

#[test]
fn a_cut_larger_than_the_group_is_refused_with_the_line() {
    let (o, _d) = org(ORG);
    let s = plan("name = \"x\"\n\n[[action]]\ntype = \"cut\"\nselect = { department = [\"Operations\"] }\ncount = 10\n");
    let e = run(&o, &s, &opts()).unwrap_err().to_string();
    assert!(e.starts_with("plan.toml:3:") && e.contains("only 3 match"), "{e}");
}

#[test]
fn a_selection_that_matches_nobody_warns_with_the_closest_filter() {
    let (o, _d) = org(ORG);
    let s = plan("[[action]]\ntype = \"cut\"\nselect = { department = [\"Operations\"], level = [\"L5\"] }\nall = true\n");
    let r = run(&o, &s, &opts()).unwrap();
    assert_eq!(r.summary.people_cut, 0);
    let w = r.warnings.join("\n");
    assert!(w.contains("matches nobody") && w.contains("without its"), "{w}");
    let s = plan("[[action]]\ntype = \"cut\"\nselect = { department = [\"Finance\"] }\nall = true\n");
    let r = run(&o, &s, &opts()).unwrap();
    assert!(r.warnings.join("\n").contains("department `Finance` is not in the organisation"));
}

#[test]
fn removing_a_layer_and_reaching_max_layers() {
    let (o, _d) = org(ORG);
    let s = plan("[[action]]\ntype = \"delayer\"\nremove_layer = 2\n");
    let r = run(&o, &s, &opts()).unwrap();
    assert_eq!(r.summary.people_cut, 3);
    assert_eq!(r.summary.layers_after, 2);

    let s = plan("[[action]]\ntype = \"delayer\"\nmax_layers = 2\nremoved_managers = \"individual_contributor\"\n");
    let r = run(&o, &s, &opts()).unwrap();
    assert_eq!(r.summary.people_cut, 0);
    assert_eq!(r.summary.managers_demoted, 3);
    assert_eq!(r.summary.layers_after, 2);
    assert_eq!(r.demoted.len(), 3);
}

#[test]
fn merging_sibling_teams_to_a_target_span() {
    let (o, _d) = org(ORG);
    // Managers 2 (span 3) and 4 (span 2) are Engineering siblings; a target of 5 merges 4 into 2.
    let s = plan("[[action]]\ntype = \"delayer\"\ntarget_span = 5\n");
    let r = run(&o, &s, &opts()).unwrap();
    assert_eq!(r.summary.people_cut, 1);
    assert_eq!(r.cut[0].employee_id, "4");
    assert_eq!(r.cut[0].work_goes_to, "1");
    // Operations (span 2, no sibling in its department) is left alone.
    assert!(r.actions[0].description.contains("merged 1"));
}

#[test]
fn monte_carlo_is_reproducible_for_a_seed() {
    let (o, _d) = org(ORG);
    let s = plan("seed = 9\n[[action]]\ntype = \"cut\"\nselect = { title = \"software\" }\ncount = 3\n\n[[action]]\ntype = \"adopt_ai\"\nselect = { department = [\"Engineering\"] }\ntakeover = 0.5\n");
    let o2 = RunOptions { draws: 300, seed: None };
    let a = run(&o, &s, &o2).unwrap();
    let b = run(&o, &s, &o2).unwrap();
    assert_eq!(a.summary.net_saving.unwrap().p50, b.summary.net_saving.unwrap().p50);
    assert!(a.summary.ai_adopters >= 3);
    assert!(a.breakdown.workslop_cost.unwrap() > 0.0);
}

#[test]
fn a_cut_below_the_privacy_threshold_withholds_pay() {
    let (o, _d) = org_with(ORG, 5);
    // Two people leave (< 5): their pay must not be recoverable from any figure.
    let s = plan("[[action]]\ntype = \"cut\"\nselect = { ids = [\"31\", \"32\"] }\nall = true\n");
    let r = run(&o, &s, &RunOptions { draws: 100, ..Default::default() }).unwrap();
    assert_eq!(r.summary.people_cut, 2);
    assert!(r.summary.pay_suppressed);
    assert!(r.summary.payroll_freed.is_none() && r.summary.net_saving.is_none() && r.compute.h100_equivalent.is_none());
    assert!(r.departments.iter().filter(|d| d.people_cut > 0).all(|d| d.payroll_before.is_none() && d.payroll_after.is_none()));
    let json = serde_json::to_value(&r).unwrap();
    assert!(json["summary"]["payroll_freed"].is_null());
    assert!(r.warnings.iter().any(|w| w.contains("privacy threshold")));
}

/// Every number under a pay-like key, anywhere in a serialised result: (path, key, value).
fn pay_like(v: &serde_json::Value, path: &str, out: &mut Vec<(String, String, serde_json::Value)>) {
    const PAY_WORDS: [&str; 11] = ["pay", "saving", "severance", "cost", "h100", "gpu", "gigawatt", "capex", "loss_probability", "wage", "usd"];
    match v {
        serde_json::Value::Object(o) => {
            for (k, x) in o {
                if PAY_WORDS.iter().any(|w| k.contains(w)) && !x.is_boolean() && !x.is_string() {
                    out.push((path.to_string(), k.clone(), x.clone()));
                }
                pay_like(x, &format!("{path}.{k}"), out);
            }
        }
        serde_json::Value::Array(a) => a.iter().enumerate().for_each(|(i, x)| pay_like(x, &format!("{path}[{i}]"), out)),
        _ => {}
    }
}

/// The privacy rule is proved on the serialised result, not on field names: a small cut (2 people)
/// with AI adopters, and every pay-like figure anywhere in the output must be withheld unless it
/// is listed here as allowed, with the reason. A new pay field fails this test until it is either
/// covered by `culprit_scenario::privacy` or allowed here on purpose.
#[test]
fn no_pay_figure_of_a_small_cut_reaches_the_output() {
    let (o, _d) = org_with(ORG, 5);
    let s = plan("[[action]]\ntype = \"cut\"\nselect = { ids = [\"41\", \"42\"] }\nall = true\n\n[[action]]\ntype = \"adopt_ai\"\nselect = { department = [\"Operations\"] }\ntakeover = 0.5\n[compare]\ncapex_usd = 1e9\ncapex_prior_usd = 5e8\n");
    let privacy = culprit_org::privacy::Privacy { min_group: 5 };
    let r = run(&o, &s, &RunOptions { draws: 50, seed: Some(1) }).unwrap();
    assert_eq!(r.summary.people_cut, 2);
    let json = serde_json::to_value(&r).unwrap();
    let mut found = Vec::new();
    pay_like(&json, "", &mut found);
    let shown: Vec<_> = found.iter().filter(|(_, _, v)| !v.is_null()).collect();
    for (path, key, v) in &shown {
        let allowed = match (path.as_str(), key.as_str()) {
            // Prices are assumptions, not anyone's pay.
            (".compute", "h100_price_usd" | "gpu_hour_price_usd" | "datacentre_cost_per_gw_usd" | "capex_usd" | "capex_growth_usd") => true,
            (".breakdown", "loaded_cost_factor") => true,
            // A count of people, not pay.
            (".summary", "people_cut_without_pay") => true,
            // The whole organisation (11 people) is above the threshold.
            (".summary", "payroll_before") => r.summary.people_before >= privacy.min_group,
            (p, "payroll_before" | "payroll_after") if p.starts_with(".departments") || p.starts_with(".layers") || p.starts_with(".levels") => {
                let row = path_get(&json, p);
                row["people_cut"] == 0 && row["people_before"].as_u64().unwrap() >= privacy.min_group
            }
            (p, "adopter_payroll") if p.starts_with(".economics_by_department") => path_get(&json, p)["adopters"].as_f64().unwrap() >= privacy.min_group as f64,
            _ => false,
        };
        assert!(allowed, "{path}.{key} = {v} reaches the output of a cut of 2 people");
    }
    // The walk saw the figures it should have.
    for key in ["payroll_freed", "net_saving", "severance", "h100_equivalent", "share_of_capex", "payroll_cut"] {
        assert!(found.iter().any(|(_, k, v)| k == key && v.is_null()), "{key} was not seen withheld");
    }
}

fn path_get<'a>(v: &'a serde_json::Value, path: &str) -> &'a serde_json::Value {
    let mut cur = v;
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let (name, idx) = match part.split_once('[') {
            Some((n, i)) => (n, Some(i.trim_end_matches(']').parse::<usize>().unwrap())),
            None => (part, None),
        };
        cur = &cur[name];
        if let Some(i) = idx {
            cur = &cur[i];
        }
    }
    cur
}

/// The whole result of a plan on the hand-made organisation, as JSON (timings removed): a change
/// of any figure or field is a reviewed snapshot diff.
#[test]
fn scenario_result_snapshot() {
    let (o, _d) = org_with(ORG, 2);
    let s = plan("seed = 4\n[[action]]\ntype = \"cut\"\nselect = { title = \"software\" }\ncount = 3\n\n[[action]]\ntype = \"adopt_ai\"\nselect = { department = [\"Engineering\"] }\ntakeover = 0.5\n[compare]\ncapex_usd = 1e9\ncapex_prior_usd = 5e8\ncapex_label = \"capex\"\n");
    let r = run(&o, &s, &RunOptions { draws: 200, seed: None }).unwrap();
    let mut json = serde_json::to_value(&r).unwrap();
    json.as_object_mut().unwrap().remove("timings");
    insta::assert_json_snapshot!("scenario_result", json);
}
