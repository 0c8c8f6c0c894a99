//! The `culprit` binary on the real mirror: the interfaces other tools rely on.

mod common;
use common::mirror_present;

fn culprit(args: &[&str]) -> (bool, String, String) {
    common::culprit_in(std::path::Path::new("."), args)
}

#[test]
fn exposure_summary_json_has_every_measure() {
    if !mirror_present() {
        return;
    }
    let (ok, out, err) = culprit(&["exposure", "summary", "--format", "json"]);
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let rows = v.as_array().unwrap();
    for name in ["gpt4_alpha", "gpt4_beta", "gpt4_gamma", "human_alpha", "human_beta", "human_gamma", "ms_ai_applicability"] {
        let r = rows.iter().find(|r| r["measure"] == name).unwrap_or_else(|| panic!("{name} missing"));
        for k in ["share_ge_10pct", "share_ge_50pct", "mean", "covered_employment", "total_employment"] {
            let x = r[k].as_f64().unwrap_or_else(|| panic!("{name}.{k}"));
            assert!(x.is_finite() && x >= 0.0);
        }
        assert!(r["share_ge_10pct"].as_f64().unwrap() <= 1.0);
        assert!(r["usage_matched"].is_null(), "{name}: usage_matched applies to the observed rows only");
    }
    // The observed rows: the same fields, plus the share of the release's usage that joined.
    for name in ["observed_usage", "observed_automation", "observed_exposure"] {
        let r = rows.iter().find(|r| r["measure"] == name).unwrap_or_else(|| panic!("{name} missing"));
        for k in ["share_ge_10pct", "share_ge_50pct", "mean", "covered_employment", "total_employment", "left_out_employment", "occupations", "rule", "published"] {
            assert!(r.get(k).is_some(), "{name}.{k}");
        }
        assert!(r["published"].is_null());
        let m = r["usage_matched"].as_f64().unwrap();
        assert!(m > 0.9 && m < 1.0, "{m}");
        let mean = r["mean"].as_f64().unwrap();
        assert!(mean > 0.0 && mean < 1.0);
    }
    let obs = rows.iter().find(|r| r["measure"] == "observed_exposure").unwrap()["mean"].as_f64().unwrap();
    let theory = rows.iter().find(|r| r["measure"] == "human_beta").unwrap()["mean"].as_f64().unwrap();
    assert!(obs < theory, "observed {obs} vs theory {theory}");
}

#[test]
fn exposure_summary_table_states_the_rule_and_the_paper() {
    if !mirror_present() {
        return;
    }
    let (ok, out, _) = culprit(&["exposure", "summary"]);
    assert!(ok);
    assert!(out.contains("Rule:") && out.contains("Core weight 2") && out.contains(">=10%: 80%"), "{out}");
    assert!(out.contains("not a probability of losing a job"));
}

#[test]
fn occupation_by_code_and_by_words() {
    if !mirror_present() {
        return;
    }
    let (ok, out, _) = culprit(&["occupation", "15-1252", "--format", "json"]);
    assert!(ok);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["title"], "Software Developers");
    assert!(v["employment"].as_f64().unwrap() > 1e6);
    assert!(v["tasks"].as_array().unwrap().len() >= 15);
    assert!(v["ai_applicability"].as_f64().is_some());
    // Theory and use side by side, with the five most used tasks.
    let o = &v["observed"];
    let (usage, exposure, theory) = (o["observed_usage"].as_f64().unwrap(), o["observed_exposure"].as_f64().unwrap(), o["theoretical_share"].as_f64().unwrap());
    assert!(o["observed_automation"].as_f64().is_some());
    assert!(exposure > 0.0 && exposure <= usage.min(theory), "{o}");
    let top = o["top_tasks"].as_array().unwrap();
    assert_eq!(top.len(), 5);
    assert!(top.windows(2).all(|w| w[0]["usage_share"].as_f64() >= w[1]["usage_share"].as_f64()));
    let (ok, out, _) = culprit(&["occupation", "15-1252"]);
    assert!(ok && out.contains("observed_exposure") && out.contains("Could versus does") && out.contains("Most used tasks"), "{out}");

    let (ok, out, _) = culprit(&["occupation", "human resources managers"]);
    assert!(ok);
    assert!(out.contains("11-3121  Human Resources Managers") && out.contains("human_beta"), "{out}");

    let (ok, out, _) = culprit(&["occupation", "software", "--format", "json"]);
    assert!(ok);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(v["matches"].as_array().unwrap().len() > 3);
    assert_eq!(v["matches"][0]["soc"], "15-1252");
}

#[test]
fn bad_queries_get_clear_errors() {
    if !mirror_present() {
        return;
    }
    let (ok, _, err) = culprit(&["occupation", "99-9999"]);
    assert!(!ok && err.contains("no occupation matches"), "{err}");
    let (ok, _, err) = culprit(&["occupations", "--sort", "human_bta"]);
    assert!(!ok && err.contains("did you mean `human_beta`"), "{err}");
    let (ok, _, err) = culprit(&["occupation"]);
    assert!(!ok && err.contains("give a SOC code"), "{err}");
}

#[test]
fn occupations_csv_is_complete() {
    if !mirror_present() {
        return;
    }
    let (ok, out, _) = culprit(&["occupations", "--format", "csv", "--sort", "soc"]);
    assert!(ok);
    let mut rdr = csv::Reader::from_reader(out.as_bytes());
    let n = rdr.records().count();
    assert!(n > 800, "{n}");
}

#[test]
fn data_status_lists_every_source() {
    if !mirror_present() {
        return;
    }
    let (ok, out, _) = culprit(&["data", "status", "--format", "json"]);
    assert!(ok);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let arr = v.as_array().unwrap();
    assert!(arr.len() >= 13);
    assert!(arr.iter().all(|s| s["verified"] == true), "{out}");
}
