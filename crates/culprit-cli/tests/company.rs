//! The `culprit company report` and `culprit events summary` commands end to end.

use std::process::Command;

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");

fn culprit(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_culprit")).args(args).current_dir(ROOT).output().unwrap();
    (out.status.success(), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn report_on_the_fixture_profile_as_json() {
    let (ok, out, err) = culprit(&["company", "report", "crates/culprit-evidence/tests/fixtures/small.toml", "--format", "json", "--oews", "/nonexistent/oews.sqlite"]);
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let sections = v["scorecard"]["sections"].as_array().unwrap();
    assert_eq!(sections.len(), 3);
    assert_eq!(v["scorecard"]["event"]["count"], 400);
    // The OEWS file does not exist: the baseline is reported missing, not invented.
    let missing = sections[2]["missing"].as_array().unwrap();
    assert!(missing.iter().any(|m| m.as_str().unwrap().contains("a baseline to compare with")), "{missing:?}");
}

#[test]
fn report_rejects_an_unknown_event_and_bad_overrides() {
    let (ok, _, err) = culprit(&["company", "report", "crates/culprit-evidence/tests/fixtures/small.toml", "--event", "2001-01-01"]);
    assert!(!ok);
    assert!(err.contains("no layoff event on 2001-01-01"), "{err}");
    let (ok, _, err) = culprit(&["company", "report", "crates/culprit-evidence/tests/fixtures/small.toml", "--set", "h100_price=1"]);
    assert!(!ok);
    assert!(err.contains("did you mean `h100_price_usd`"), "{err}");
}

#[test]
fn amazon_report_prints_three_sections_and_claims() {
    if culprit_data::registry::registry_for_tests().is_none() {
        return;
    }
    let (ok, out, err) = culprit(&["company", "report", "examples/amazon.toml"]);
    assert!(ok, "{err}");
    for s in ["1. CORRECTING PANDEMIC OVER-HIRING", "2. FUNDING AI CAPITAL SPENDING", "3. AI SUBSTITUTION", "CLAIMS CHECKED", "several thousand", "General Merchandise Retailers"] {
        assert!(out.contains(s), "missing {s:?} in\n{out}");
    }
}

#[test]
fn events_summary_on_a_small_warn_file() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("w.csv");
    std::fs::write(
        &f,
        "hash_id,postal_code,company,location,notice_date,effective_date,jobs,is_temporary,is_closure,is_amendment\n\
         1,WA,Acme Inc.,Seattle,2025-10-01,,100,false,false,false\n\
         2,WA,Acme,Seattle,2025-10-01,,100,false,false,false\n\
         3,CA,Beta,LA,someday,,TBD,,,\n",
    )
    .unwrap();
    let (ok, out, err) = culprit(&["events", "summary", "--source", "warn", "--warn", f.to_str().unwrap(), "--format", "csv"]);
    assert!(ok, "{err}");
    assert!(out.contains("WARN notices,total,counted,1,100"), "{out}");
    assert!(out.contains("not_counted,\"duplicate"), "{out}");
    assert!(out.contains("not_counted,\"jobs unknown"), "{out}");
}
