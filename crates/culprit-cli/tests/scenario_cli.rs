//! `culprit synth org`, `culprit scenario run|compare|explain`, `culprit report` and
//! `culprit demo` end to end on small synthetic organisations and the real mirror.

mod common;
use common::{culprit_in as culprit, mirror_present};

fn examples() -> String {
    concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples").to_string()
}

#[test]
fn scenario_run_json_and_cut_csv() {
    if !mirror_present() {
        return;
    }
    let d = tempfile::tempdir().unwrap();
    let (ok, _, err) = culprit(d.path(), &["synth", "org", "--people", "3000", "--seed", "3", "--out", "org.csv"]);
    assert!(ok, "{err}");
    let plan = format!("{}/scenario-cut-managers.toml", examples());
    let (ok, out, err) = culprit(d.path(), &["scenario", "run", "org.csv", &plan, "--format", "json", "--draws", "500", "--out", "sc"]);
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let s = &v["summary"];
    let cut = s["people_cut"].as_u64().unwrap();
    assert!(cut > 0);
    let payroll = s["payroll_freed"].as_f64().unwrap();
    assert!(payroll > 0.0);
    for q in ["p10", "p50", "p90"] {
        assert!(s["net_saving"][q].as_f64().is_some(), "{q}");
    }
    assert!(s["net_saving"]["p10"].as_f64() <= s["net_saving"]["p90"].as_f64());
    assert!(s["h100_equivalent"].as_f64().unwrap() > 0.0);
    // cut.csv lists exactly the people who leave, and their pay adds up to payroll_freed.
    let mut ids = std::collections::HashSet::new();
    for r in csv::Reader::from_path(d.path().join("sc/cut.csv")).unwrap().deserialize::<std::collections::HashMap<String, String>>() {
        ids.insert(r.unwrap()["employee_id"].clone());
    }
    assert_eq!(ids.len() as u64, cut);
    let mut pay = 0.0;
    let mut rdr = csv::Reader::from_path(d.path().join("org.csv")).unwrap();
    let h = rdr.headers().unwrap().clone();
    let (id_col, pay_col, basis_col) = (h.iter().position(|x| x == "Employee ID").unwrap(), h.iter().position(|x| x == "Base Pay").unwrap(), h.iter().position(|x| x == "Pay Basis").unwrap());
    for r in rdr.records() {
        let r = r.unwrap();
        if ids.contains(&r[id_col]) {
            let p: f64 = r[pay_col].parse().unwrap();
            pay += if &r[basis_col] == "Hourly" { p * 2080.0 } else { p };
        }
    }
    assert!((pay - payroll).abs() < 1.0, "{pay} vs {payroll}");
}

#[test]
fn scenario_errors_name_the_file_and_line() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("bad.toml"), "name = \"x\"\n[assumptions]\npilot_success_probability = 1.4\n[[action]]\ntype = \"cut\"\nall = true\n").unwrap();
    std::fs::write(d.path().join("org.csv"), "id,manager\n1,\n2,1\n").unwrap();
    let (ok, _, err) = culprit(d.path(), &["scenario", "run", "org.csv", "bad.toml", "--no-coding"]);
    assert!(!ok && err.contains("bad.toml:3") && err.contains("[0, 1]"), "{err}");
    std::fs::write(d.path().join("typo.toml"), "[[action]]\ntype = \"cut\"\nshar = 0.1\n").unwrap();
    let (ok, _, err) = culprit(d.path(), &["scenario", "run", "org.csv", "typo.toml", "--no-coding"]);
    assert!(!ok && err.contains("typo.toml:3") && err.contains("did you mean `share`"), "{err}");
}

#[test]
fn explain_lists_every_assumption_with_a_source() {
    let d = tempfile::tempdir().unwrap();
    let (ok, out, _) = culprit(d.path(), &["scenario", "explain", "--format", "json"]);
    assert!(ok);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let arr = v.as_array().unwrap();
    assert!(arr.len() >= 15);
    for a in arr {
        assert!(!a["source"].as_str().unwrap().is_empty(), "{a}");
    }
    assert!(arr.iter().any(|a| a["key"] == "workslop_prevalence" && a["value"] == 0.41));
}

#[test]
fn demo_writes_a_self_contained_report() {
    if !mirror_present() {
        return;
    }
    let d = tempfile::tempdir().unwrap();
    let (ok, out, err) = culprit(d.path(), &["demo", "--people", "5000", "--draws", "300", "--json", "report.json"]);
    assert!(ok, "{err}");
    assert!(out.contains("CORRECTING PANDEMIC OVER-HIRING") && out.contains("FUNDING AI CAPITAL SPENDING") && out.contains("AI SUBSTITUTION"), "{out}");
    assert!(out.contains("Net saving, first year"));
    let html = std::fs::read_to_string(d.path().join("report.html")).unwrap();
    assert!(html.starts_with("<!doctype html>"));
    // Every chart of the issue is there.
    for title in [
        "Headcount against its pre-2020 trend",
        "Exposure of the roles cut against the baseline",
        "Net saving, first year",
        "Survivors by added workload",
        "People by layer, as-is and to-be",
        "Payroll freed next to capital spending",
        "Exposure by department",
    ] {
        assert!(html.contains(title), "missing chart {title}");
    }
    assert!(html.contains("not a probability that a job is lost"));
    assert!(!html.contains("https://") && !html.contains("<script src"));
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(d.path().join("report.json")).unwrap()).unwrap();
    assert!(json["sections"].as_array().unwrap().len() >= 6);
}

#[test]
fn postings_scan_codes_titles_with_the_built_in_coder() {
    if !mirror_present() {
        return;
    }
    let d = tempfile::tempdir().unwrap();
    let (ok, _, err) = culprit(d.path(), &["synth", "postings", "--n", "2000", "--seed", "5", "--out", "p.jsonl"]);
    assert!(ok, "{err}");
    let (ok, _, err) = culprit(d.path(), &["postings", "scan", "p.jsonl", "--by", "occupation", "--engine", "rust", "--out", "out"]);
    assert!(ok, "{err}");
    let text = std::fs::read_to_string(d.path().join("out/by_occupation.csv")).unwrap();
    let rows: Vec<&str> = text.lines().skip(1).collect();
    // Titles are coded to SOC occupations ("15-1252 Software Developers"), not left blank.
    let coded = rows.iter().filter(|r| r.len() > 8 && r.as_bytes()[2] == b'-' && r.as_bytes()[7] == b' ').count();
    assert!(coded * 2 > rows.len(), "{text}");
    let postings = std::fs::read_to_string(d.path().join("out/postings.csv")).unwrap();
    assert_eq!(postings.lines().count(), 2001);
    assert!(postings.lines().next().unwrap().starts_with("id,generic_mentions,specific_mentions,tool_mentions,context"));
}
