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
fn amazon_json_has_ids_facts_verdict_and_the_full_warn_list() {
    if culprit_data::registry::registry_for_tests().is_none() {
        return;
    }
    let (ok, out, err) = culprit(&["company", "report", "examples/amazon.toml", "--format", "json"]);
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let ind = |id: &str| {
        v["scorecard"]["sections"].as_array().unwrap().iter().flat_map(|s| s["indicators"].as_array().unwrap()).find(|i| i["id"] == id).cloned().unwrap_or_else(|| panic!("no indicator {id}"))
    };
    // Every person on the Washington WARN letters, itemised and coded.
    assert_eq!(ind("roles_listed")["value"], 2387.0);
    assert!(ind("roles_itemised_share")["value"].as_f64().unwrap() >= 0.95);
    // The trend is organic: Whole Foods is taken out.
    assert_eq!(ind("acquired_headcount")["value"], 87000.0);
    let windows = v["scorecard"]["tables"].as_array().unwrap().iter().find(|t| t["id"] == "trend_windows").unwrap();
    assert_eq!(windows["rows"].as_array().unwrap().len(), 6, "three windows, with and without the acquisition");
    assert!(ind("payroll_freed")["value"].as_f64().unwrap() > 5e9);
    let verdict = &v["scorecard"]["verdict"];
    assert_eq!(verdict["lines"].as_array().unwrap().len(), 3);
    assert_eq!(verdict["lines"][0]["strength"], "contradicted", "{verdict}");
    let facts = v["facts"].as_array().unwrap();
    assert!(facts.iter().any(|f| f["id"] == "capex" && f["fiscal_year"] == 2024 && f["value"] == 82_999_000_000.0), "{facts:?}");
    assert!(facts.iter().any(|f| f["id"] == "headcount" && f["fiscal_year"] == 2024));
}

#[test]
fn any_company_from_public_records_and_compared() {
    if culprit_data::registry::registry_for_tests().is_none() {
        return;
    }
    let (ok, out, err) = culprit(&["company", "compare", "examples/amazon.toml", "GOOGL+Google", "META", "CRM", "--format", "json"]);
    assert!(ok, "{err}");
    let rows: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    assert_eq!(rows.len(), 4);
    let row = |name: &str| rows.iter().find(|r| r["company"].as_str().unwrap().to_lowercase().starts_with(name)).unwrap_or_else(|| panic!("no {name} in {rows:?}"));
    assert_eq!(row("alphabet")["headcount_by_year"]["2024"], 183_323.0);
    assert_eq!(row("alphabet")["capex_by_year"]["2024"], 52_535_000_000.0);
    assert_eq!(row("meta")["headcount_by_year"]["2024"], 74_067.0);
    assert_eq!(row("salesforce")["capex_by_year"]["2025"], 658_000_000.0);
    assert!(row("alphabet")["cuts_by_year"].as_object().is_some_and(|m| !m.is_empty()), "Google's layoffs.fyi events under the alias");
    for r in &rows {
        assert_eq!(r["verdict"].as_object().unwrap().len(), 3, "{r}");
    }
    // The draft profile of a company, with its gaps, reads back as a profile.
    let dir = std::env::temp_dir().join(format!("culprit-init-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("meta.toml");
    let (ok, _, err) = culprit(&["company", "init", "META", "--out", out.to_str().unwrap()]);
    assert!(ok, "{err}");
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("# Gaps") && text.contains("headcount 2015-2019: not in the filings on hand"), "{text}");
    let (ok, report, err) = culprit(&["company", "report", out.to_str().unwrap()]);
    assert!(ok, "{err}");
    assert!(report.contains("VERDICT"), "{report}");
    std::fs::remove_dir_all(&dir).ok();
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
