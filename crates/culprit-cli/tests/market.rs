//! `culprit market barometer` and `culprit market companies` on the real WARN register of the
//! data mirror (skipped with a message without it; CI=true fails instead), and on small files.

mod common;

use serde_json::Value;
use std::path::Path;

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");

fn month_after(m: &str) -> String {
    let (y, mo) = m.split_once('-').unwrap();
    let (y, mo): (i32, u32) = (y.parse().unwrap(), mo.parse().unwrap());
    if mo == 12 {
        format!("{:04}-01", y + 1)
    } else {
        format!("{y:04}-{:02}", mo + 1)
    }
}

#[test]
fn barometer_on_the_register_gives_every_month_and_the_break_test() {
    if !common::mirror_present() {
        return;
    }
    let (ok, out, err) = common::culprit_in(Path::new(ROOT), &["market", "barometer", "--format", "json", "--reps", "300"]);
    assert!(ok, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let periods = v["periods"].as_array().unwrap();
    // One period per month from 2020-01 to the register's last month (its snapshot is 2026-08-08).
    assert_eq!(periods[0]["period"], "2020-01");
    assert_eq!(periods.last().unwrap()["period"], "2026-08");
    assert_eq!(periods.len(), 80);
    for w in periods.windows(2) {
        assert_eq!(month_after(w[0]["period"].as_str().unwrap()), w[1]["period"].as_str().unwrap());
    }
    let mut jobs = 0u64;
    for p in periods {
        for k in ["period", "warn_jobs", "warn_notices", "jobs_exposure", "employment_exposure", "index"] {
            assert!(p.get(k).is_some(), "{k} missing in {p}");
        }
        jobs += p["warn_jobs"].as_u64().unwrap();
        if let (Some(e), Some(i)) = (p["jobs_exposure"].as_f64(), p["index"].as_f64()) {
            assert!((e / p["employment_exposure"].as_f64().unwrap() - i).abs() < 1e-9);
        }
        let covid = p["period"].as_str().unwrap().starts_with("2020-") && !["2020-01", "2020-02"].contains(&p["period"].as_str().unwrap());
        assert_eq!(p["covid"].as_bool(), Some(covid), "{p}");
    }
    assert!(periods.last().unwrap()["partial"].as_bool().unwrap());
    let m = &v["matching"];
    assert_eq!(m["jobs_matched"].as_u64(), Some(jobs));
    let share = m["share_jobs_matched"].as_f64().unwrap();
    assert!((0.35..0.55).contains(&share), "share of jobs matched {share}");
    let levels: Vec<&str> = m["by_level"].as_array().unwrap().iter().map(|l| l["level"].as_str().unwrap()).collect();
    assert!(levels.contains(&"6-digit industry") && levels.contains(&"sector"), "{levels:?}");
    // The national baseline is the exposure summary's human_beta mean (30.8%).
    assert!((v["employment_exposure"].as_f64().unwrap() - 0.308).abs() < 0.002);
    let bt = &v["break_test"];
    assert_eq!(bt["break_month"], "2022-11");
    for w in ["before", "after"] {
        let (lo, x, hi) = (bt[w]["ci_low"].as_f64().unwrap(), bt[w]["index"].as_f64().unwrap(), bt[w]["ci_high"].as_f64().unwrap());
        assert!(lo <= hi && x > 0.5 && x < 1.5, "{w}: {lo} {x} {hi}");
    }
    assert_eq!(bt["excluded_months"].as_array().unwrap().len(), 10);
    // Every reason counted apart, the no-NAICS notices first among the bad inputs by jobs.
    let u = &v["unmatched"];
    let reasons = u["reasons"].as_array().unwrap();
    let sum: u64 = reasons.iter().map(|r| r["notices"].as_u64().unwrap()).sum();
    assert_eq!(u["notices"].as_u64(), Some(sum));
    let get = |k: &str| reasons.iter().find(|r| r["reason"] == k).map(|r| r["notices"].as_u64().unwrap()).unwrap_or(0);
    assert!(get("no_naics") > 10_000 && get("duplicate") > 0 && get("after_vintage") > 0 && get("no_jobs") > 0, "{reasons:?}");
    assert!(v["sources"][0].as_str().unwrap().contains("66676 notices"));
}

#[test]
fn companies_of_2025_list_amazon_with_both_sources() {
    if !common::mirror_present() {
        return;
    }
    let (ok, out, err) = common::culprit_in(Path::new(ROOT), &["market", "companies", "--year", "2025", "--format", "json"]);
    assert!(ok, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let rows = v["companies"].as_array().unwrap();
    let amazon = rows.iter().find(|r| r["key"] == "amazon").expect("Amazon in 2025");
    assert!(amazon["warn_jobs"].as_u64().unwrap() > 1_000 && amazon["fyi_jobs"].as_u64().unwrap() >= 14_000, "{amazon}");
    assert_eq!(amazon["evidence"], "culprit company report examples/amazon.toml");
}

#[test]
fn barometer_on_small_files_sets_bad_rows_apart() {
    if !common::mirror_present() {
        return; // the OEWS database and the catalog come from the mirror
    }
    let dir = tempfile::tempdir().unwrap();
    let w = dir.path().join("warn.csv");
    std::fs::write(
        &w,
        "state,employer_name,naics,location,notice_date,employees_affected\nWA,Soft Co,513210,Seattle,2023-01-10,100\nWA,Soft Co,513210,Seattle,2023-01-10,100\nWA,No Code,,Seattle,2023-01-11,50\nWA,Odd Code,9999,Seattle,2023-01-12,40\nWA,Late Co,513210,Seattle,2031-01-01,10\n",
    )
    .unwrap();
    let (ok, out, err) = common::culprit_in(
        dir.path(),
        &["market", "barometer", "--warn", w.to_str().unwrap(), "--no-layoffs", "--as-of", "2024-01-01", "--from", "2022-06", "--reps", "50", "--format", "json", "--notices", "n.csv"],
    );
    assert!(ok, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let p = v["periods"].as_array().unwrap();
    assert_eq!(p.len(), 8, "2022-06..2023-01");
    assert_eq!(p[7]["warn_jobs"], 100);
    let reasons: Vec<(&str, u64)> = v["unmatched"]["reasons"].as_array().unwrap().iter().map(|r| (r["reason"].as_str().unwrap(), r["notices"].as_u64().unwrap())).collect();
    assert_eq!(reasons, vec![("duplicate", 1), ("after_vintage", 1), ("no_naics", 1), ("unknown_naics", 1)]);
    let csv = std::fs::read_to_string(dir.path().join("n.csv")).unwrap();
    assert_eq!(csv.lines().count(), 6);
    assert!(csv.contains(",matched,513200,") || csv.contains(",matched,5132"), "{csv}");
    let (ok, _, err) = common::culprit_in(dir.path(), &["market", "barometer", "--warn", w.to_str().unwrap(), "--no-layoffs", "--measure", "nope"]);
    assert!(!ok && err.contains("unknown measure `nope`"), "{err}");
}

/// Needs the `engine` feature (DataFusion): `cargo test -p culprit-cli --features engine --test
/// market` (CI runs it).
#[cfg(feature = "engine")]
#[test]
fn datafusion_gives_the_rust_paths_monthly_sums() {
    if !common::mirror_present() {
        return;
    }
    let args = ["market", "barometer", "--state", "WA,TX,NY", "--by", "quarter", "--reps", "50", "--format", "json", "--engine"];
    let run = |engine: &str| {
        let mut a = args.to_vec();
        a.push(engine);
        let (ok, out, err) = common::culprit_in(Path::new(ROOT), &a);
        assert!(ok, "{engine}: {err}");
        (serde_json::from_str::<Value>(&out).unwrap(), err)
    };
    let (rust, _) = run("rust");
    let (df, err) = run("datafusion");
    assert!(err.contains("the same jobs, notices and jobs x exposure as the Rust path"), "{err}");
    let (r, d) = (rust["periods"].as_array().unwrap(), df["periods"].as_array().unwrap());
    assert_eq!(r.len(), d.len());
    assert!(r.iter().map(|p| p["warn_jobs"].as_u64().unwrap()).sum::<u64>() > 10_000);
    for (a, b) in r.iter().zip(d) {
        assert_eq!((&a["period"], &a["warn_jobs"], &a["warn_notices"]), (&b["period"], &b["warn_jobs"], &b["warn_notices"]));
        match (a["index"].as_f64(), b["index"].as_f64()) {
            (Some(x), Some(y)) => assert!((x - y).abs() < 1e-12, "{a} {b}"),
            (x, y) => assert_eq!(x, y),
        }
    }
}
