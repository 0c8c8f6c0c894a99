//! The `culprit org` and `culprit synth org` commands, run as a user would.

use std::process::Command;

fn culprit(args: &[&str], dir: &std::path::Path) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_culprit")).args(args).current_dir(dir).output().unwrap();
    (out.status.success(), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn synth_then_analyze_json_and_tables() {
    let dir = tempfile::tempdir().unwrap();
    let (ok, _, err) = culprit(&["synth", "org", "--people", "3000", "--seed", "9", "--out", "org.csv"], dir.path());
    assert!(ok, "{err}");
    let (ok, out, err) = culprit(&["org", "analyze", "org.csv", "--out", "out", "--format", "json"], dir.path());
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("one JSON object on stdout");
    for k in ["people", "managers", "layers", "mean_span", "median_span", "payroll"] {
        assert!(v.get(k).is_some(), "missing {k}");
    }
    assert_eq!(v["people"], 3000);
    for f in ["summary.json", "teams.csv", "teams.parquet", "managers.csv", "layers.csv", "departments.csv", "levels.csv", "occupations.csv", "titles.csv", "validation.csv"] {
        assert!(dir.path().join("out").join(f).exists(), "{f}");
    }
    assert!(!dir.path().join("out/people.csv").exists(), "people.csv only with --people");
    // The top's team, by id from the summary.
    let top = v["top"].as_str().unwrap();
    let (ok, out, err) = culprit(&["org", "team", top, "--file", "org.csv", "--format", "json"], dir.path());
    assert!(ok, "{err}");
    let t: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(t["team"]["people"], 3000);
    // Table output prints the summary.
    let (ok, out, _) = culprit(&["org", "analyze", "org.csv"], dir.path());
    assert!(ok && out.contains("median") && out.contains("payroll"));
}

#[test]
fn bad_input_is_refused_with_a_report_then_repaired() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bad.csv"), "Employee ID,Manager ID\n1,\n2,1\n2,1\n3,77\n").unwrap();
    let (ok, _, err) = culprit(&["org", "analyze", "bad.csv"], dir.path());
    assert!(!ok);
    assert!(err.contains("line 4") && err.contains("duplicate_id") && err.contains("orphan") && err.contains("--repair"), "{err}");
    assert!(err.contains("bad-validation.csv"), "{err}");
    let report = std::fs::read_to_string(dir.path().join("bad-validation.csv")).unwrap();
    assert_eq!(report.lines().count(), 3, "{report}");
    let (ok, out, err) = culprit(&["org", "analyze", "bad.csv", "--repair", "--format", "json"], dir.path());
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["people"], 3);
    assert_eq!(v["import"]["rows_read"], 4);
    // Empty and non-tabular files.
    std::fs::write(dir.path().join("empty.csv"), "").unwrap();
    let (ok, _, err) = culprit(&["org", "analyze", "empty.csv"], dir.path());
    assert!(!ok && err.contains("is empty"), "{err}");
    std::fs::write(dir.path().join("notes.csv"), "just words\n").unwrap();
    let (ok, _, err) = culprit(&["org", "analyze", "notes.csv"], dir.path());
    assert!(!ok && err.contains("no comma, semicolon, tab or pipe"), "{err}");
    let (ok, _, err) = culprit(&["org", "analyze", "bad.csv", "--map", "boss=Manager ID"], dir.path());
    assert!(!ok && err.contains("`boss` is not a field"), "{err}");
}

#[test]
fn analyze_names_the_titles_to_review_first() {
    let dir = tempfile::tempdir().unwrap();
    // Three people under a title no O*NET title resembles, one under a clear one.
    std::fs::write(
        dir.path().join("org.csv"),
        "Employee ID,Manager ID,Job Title\n1,,Chief Executive Officer\n2,1,Zzqx Blorpist\n3,1,Zzqx Blorpist\n4,1,Zzqx Blorpist\n",
    )
    .unwrap();
    let (ok, out, err) = culprit(&["org", "analyze", "org.csv", "--out", "out"], dir.path());
    assert!(ok, "{err}");
    assert!(out.contains("titles to review first") && out.contains("\"Zzqx Blorpist\" (3 people, uncoded)"), "{out}");
    let (ok, quiet, err) = culprit(&["org", "analyze", "org.csv", "--no-coding"], dir.path());
    assert!(ok && !quiet.contains("titles to review"), "{err}{quiet}");
    let titles = std::fs::read_to_string(dir.path().join("out/titles.csv")).unwrap();
    let lines: Vec<&str> = titles.lines().collect();
    assert!(lines[1].starts_with("Zzqx Blorpist,,3,uncoded,,,"), "{titles}");
    assert!(lines[2].starts_with("Chief Executive Officer,,1,coded,11-1011,"), "{titles}");
}

#[test]
fn analyze_reads_a_role_only_title_with_its_holders_department() {
    // An HR export where the business title names only a role and the department the function.
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::from("Employee ID,Manager ID,Business Title,Department\n1,,Chief Executive Officer,Executive\n");
    for i in 2..=4 {
        csv.push_str(&format!("{i},1,Associate,Customer Service\n"));
    }
    for i in 5..=6 {
        csv.push_str(&format!("{i},1,Associate,Human Resources\n"));
    }
    csv.push_str("7,1,Software Engineer,Customer Service\n");
    std::fs::write(dir.path().join("org.csv"), csv).unwrap();
    let (ok, out, err) = culprit(&["org", "analyze", "org.csv", "--out", "out"], dir.path());
    assert!(ok, "{err}");
    assert!(out.contains("coded with their holders' department as the function: 2 title and department pairs"), "{out}");
    let titles = std::fs::read_to_string(dir.path().join("out/titles.csv")).unwrap();
    assert!(titles.lines().any(|l| l.starts_with("Associate,Customer Service,3,coded,43-4051,")), "{titles}");
    assert!(titles.lines().any(|l| l.starts_with("Associate,Human Resources,2,") && l.contains(",13-1071,")), "{titles}");
    // A title with its own function keeps it whatever the department.
    assert!(titles.lines().any(|l| l.starts_with("Software Engineer,,1,coded,15-1252,")), "{titles}");
    let occupations = std::fs::read_to_string(dir.path().join("out/occupations.csv")).unwrap();
    assert!(occupations.contains("Customer Service Representatives") && occupations.contains("Human Resources Specialists"), "{occupations}");
}

#[test]
fn annual_pay_beside_a_pay_frequency_is_not_multiplied() {
    // A Workday-style export: "Annual Base Pay" with "Pay Frequency: Biweekly". Read as a basis,
    // the frequency multiplied annual pay by 26.
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::from("Worker ID,Manager ID,Business Title,Annual Base Pay,Pay Frequency\n1,,CEO,300000,Biweekly\n");
    for i in 2..=7 {
        csv.push_str(&format!("{i},1,Software Engineer,100000,Biweekly\n"));
    }
    std::fs::write(dir.path().join("org.csv"), csv).unwrap();
    let (ok, out, err) = culprit(&["org", "analyze", "org.csv", "--format", "json", "--no-coding"], dir.path());
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["payroll"], 900000.0, "{out}");
    let notes = v["import"]["notes"].to_string();
    assert!(notes.contains("annual by its name"), "{notes}");
}
