//! End-to-end tests of the organisation engine: files in, tables out.

use culprit_org::coder::KeywordCoder;
use culprit_org::import::{import_path, list_sheets, no_progress, ImportOptions};
use culprit_org::synth::{generate, SynthOptions};
use culprit_org::validate::{validate, ValidateOptions};
use culprit_org::{analyze, team, title_rows, write_outputs, AnalyzeOptions, NoCoder, OrgError};
use proptest::prelude::*;
use std::io::Write;
use std::path::Path;

/// A minimal XLSX (inline strings, stored) with the given sheets of rows.
fn write_xlsx(path: &Path, sheets: &[(&str, Vec<Vec<&str>>)]) {
    use zip::write::SimpleFileOptions;
    let f = std::fs::File::create(path).unwrap();
    let mut z = zip::ZipWriter::new(f);
    let o = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut types = String::from(r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#);
    let mut wb = String::from(r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>"#);
    let mut rels = String::from(r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#);
    for (k, (name, rows)) in sheets.iter().enumerate() {
        let n = k + 1;
        types.push_str(&format!(r#"<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#));
        wb.push_str(&format!(r#"<sheet name="{name}" sheetId="{n}" r:id="rId{n}"/>"#));
        rels.push_str(&format!(r#"<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{n}.xml"/>"#));
        let mut sx = String::from(r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#);
        for (r, row) in rows.iter().enumerate() {
            sx.push_str(&format!(r#"<row r="{}">"#, r + 1));
            for (c, v) in row.iter().enumerate() {
                let col = (b'A' + c as u8) as char;
                if !v.is_empty() && v.parse::<f64>().is_ok() {
                    sx.push_str(&format!(r#"<c r="{col}{}"><v>{v}</v></c>"#, r + 1));
                } else if !v.is_empty() {
                    sx.push_str(&format!(r#"<c r="{col}{}" t="inlineStr"><is><t>{v}</t></is></c>"#, r + 1));
                }
            }
            sx.push_str("</row>");
        }
        sx.push_str("</sheetData></worksheet>");
        z.start_file(format!("xl/worksheets/sheet{n}.xml"), o).unwrap();
        z.write_all(sx.as_bytes()).unwrap();
    }
    types.push_str("</Types>");
    wb.push_str("</sheets></workbook>");
    rels.push_str("</Relationships>");
    for (name, body) in [
        ("[Content_Types].xml", types),
        ("_rels/.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_string()),
        ("xl/workbook.xml", wb),
        ("xl/_rels/workbook.xml.rels", rels),
    ] {
        z.start_file(name, o).unwrap();
        z.write_all(body.as_bytes()).unwrap();
    }
    z.finish().unwrap();
}

fn org_rows() -> Vec<Vec<&'static str>> {
    vec![
        vec!["Worker ID", "Supervisor ID", "Business Title", "Base Pay"],
        vec!["1", "", "Chief Executive Officer", "500000"],
        vec!["2", "1", "Software Engineer", "150000"],
        vec!["3", "1", "Financial Analyst", "$90,000"],
    ]
}

#[test]
fn xlsx_with_several_sheets() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("hr.xlsx");
    write_xlsx(&p, &[("Read me", vec![vec!["This export was generated", ""], vec!["by the HRIS", "on Monday"]]), ("Workers", org_rows()), ("Old", org_rows())]);
    assert_eq!(list_sheets(&p).unwrap(), ["Read me", "Workers", "Old"]);
    // No --sheet: the first sheet with id and manager columns, and say so.
    let t = import_path(&p, &ImportOptions::default(), &no_progress).unwrap();
    assert_eq!(t.source.sheet.as_deref(), Some("Workers"));
    assert!(t.source.notes[0].contains("3 sheets") && t.source.notes[0].contains("--sheet"));
    assert_eq!(t.rows(), 3);
    assert_eq!(t.pay, [500_000.0, 150_000.0, 90_000.0]);
    assert_eq!(t.line, [2, 3, 4]);
    // --sheet chooses; a wrong name lists the sheets.
    let t = import_path(&p, &ImportOptions { sheet: Some("old".into()), ..Default::default() }, &no_progress).unwrap();
    assert_eq!(t.source.sheet.as_deref(), Some("Old"));
    let e = import_path(&p, &ImportOptions { sheet: Some("Nope".into()), ..Default::default() }, &no_progress).unwrap_err();
    assert!(e.to_string().contains("Read me, Workers, Old"), "{e}");
    // A workbook where no sheet has the columns.
    let q = dir.path().join("none.xlsx");
    write_xlsx(&q, &[("A", vec![vec!["x", "y"], vec!["1", "2"]]), ("B", vec![vec!["p", "q"], vec!["1", "2"]])]);
    let e = import_path(&q, &ImportOptions::default(), &no_progress).unwrap_err();
    assert!(e.to_string().contains("--map id="), "{e}");
}

#[test]
fn parquet_round_trip_matches_csv() {
    let dir = tempfile::tempdir().unwrap();
    let s = generate(&SynthOptions { people: 5000, seed: 11, corporate_only: false, pay: None }).unwrap();
    let csv = dir.path().join("org.csv");
    let pq = dir.path().join("org.parquet");
    s.write(&csv).unwrap();
    s.write(&pq).unwrap();
    let a = analyze(&csv, &AnalyzeOptions::default(), &NoCoder, &no_progress).unwrap();
    let b = analyze(&pq, &AnalyzeOptions::default(), &NoCoder, &no_progress).unwrap();
    assert_eq!(a.summary.spans.people, 5000);
    assert_eq!(a.summary.spans.people, b.summary.spans.people);
    assert_eq!(a.summary.spans.layers, b.summary.spans.layers);
    assert_eq!(a.summary.spans.median_span, b.summary.spans.median_span);
    let (pa, pb) = (a.summary.payroll.unwrap(), b.summary.payroll.unwrap());
    assert!((pa - pb).abs() < 1e-6 * pa, "{pa} vs {pb}");
}

#[test]
fn analyze_writes_every_table_and_respects_privacy() {
    let dir = tempfile::tempdir().unwrap();
    let s = generate(&SynthOptions { people: 3000, seed: 5, corporate_only: true, pay: None }).unwrap();
    let csv = dir.path().join("org.csv");
    s.write(&csv).unwrap();
    let a = analyze(&csv, &AnalyzeOptions::default(), &KeywordCoder::sample(), &no_progress).unwrap();
    let out = dir.path().join("out");
    let files = write_outputs(&a, &out, true).unwrap();
    for name in ["summary.json", "layers.csv", "layers.parquet", "managers.csv", "departments.csv", "levels.csv", "occupations.csv", "teams.csv", "teams.parquet", "titles.csv", "validation.csv", "people.csv"] {
        assert!(files.contains(&out.join(name)), "{name} missing from {files:?}");
    }
    let summary: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    for k in ["people", "managers", "layers", "mean_span", "median_span", "payroll"] {
        assert!(summary.get(k).is_some(), "summary.json lacks {k}");
    }
    assert_eq!(summary["people"], 3000);
    // people.csv carries no pay column.
    let people = std::fs::read_to_string(out.join("people.csv")).unwrap();
    let header = people.lines().next().unwrap();
    assert!(!header.contains("pay") && header.contains("exposure_human_beta") && header.contains("benchmark_median_wage"), "{header}");
    // No team with fewer than 5 people shows payroll.
    let mut r = csv::Reader::from_path(out.join("teams.csv")).unwrap();
    let h = r.headers().unwrap().clone();
    let (pi, ppl) = (h.iter().position(|c| c == "payroll").unwrap(), h.iter().position(|c| c == "people").unwrap());
    let mut small = 0;
    for rec in r.records() {
        let rec = rec.unwrap();
        if rec[ppl].parse::<u64>().unwrap() < 5 {
            small += 1;
            assert_eq!(&rec[pi], "", "team of {} shows payroll", &rec[ppl]);
        }
    }
    assert!(small > 0);
    // Coded people and low-confidence counts are reported.
    assert!(a.summary.exposure.stats.coded > 0);
    assert_eq!(a.summary.exposure.stats.coded + a.summary.exposure.stats.uncoded, 3000);
    // titles.csv: every person under one distinct title, largest first, with how it was coded;
    // the same counts as the summary's coded / low-confidence / uncoded people.
    let titles = title_rows(&a);
    assert_eq!(titles.iter().map(|t| t.people).sum::<u64>(), 3000);
    assert!(titles.windows(2).all(|w| w[0].people >= w[1].people));
    let by = |k: &str| titles.iter().filter(|t| t.coding == k).map(|t| t.people).sum::<u64>();
    let st = &a.summary.exposure.stats;
    assert_eq!(by("uncoded"), st.uncoded);
    assert_eq!(by("low confidence"), st.low_confidence);
    assert_eq!(by("coded") + by("low confidence"), st.coded);
    assert!(titles.iter().all(|t| (t.coding == "uncoded") == t.soc.is_empty()));
    let header = std::fs::read_to_string(out.join("titles.csv")).unwrap();
    assert!(header.starts_with("title,department,people,coding,soc,occupation,coding_confidence"), "{header}");
    // Team view of the top.
    let v = team(&a, &a.summary.top).unwrap();
    assert_eq!(v.team.people, 3000);
    assert!(v.manager_of_manager.is_none());
    assert_eq!(v.by_layer.iter().map(|(_, n)| n).sum::<u64>(), 3000);
    assert!(matches!(team(&a, "no-such-id"), Err(OrgError::UnknownPerson(_))));
}

#[test]
fn refusal_then_repair_keeps_everyone() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("bad.csv");
    std::fs::write(
        &p,
        "Employee ID,Manager ID,Annual Salary\n1,,100\n2,1,100\n2,1,100\n3,3,100\n4,99,100\n5,6,100\n6,5,100\n7,1,abc\n8,1,-4\n9,1,\n10,1,100,extra\n",
    )
    .unwrap();
    let e = analyze(&p, &AnalyzeOptions::default(), &NoCoder, &no_progress).err().unwrap();
    let OrgError::Refused(report) = e else { panic!("expected a refusal") };
    let labels: Vec<&str> = report.counts.keys().map(|k| k.label()).collect();
    assert_eq!(
        labels,
        ["ragged_row", "duplicate_id", "self_manager", "orphan", "cycle", "multiple_roots", "blank_pay", "unparsable_pay", "negative_pay"]
    );
    let mut o = AnalyzeOptions::default();
    o.validate.repair = true;
    let a = analyze(&p, &o, &NoCoder, &no_progress).unwrap();
    assert_eq!(a.summary.import.rows_read, 11);
    assert_eq!(a.summary.spans.people, 10); // one duplicate dropped, and listed
    assert!(a.report.problems.iter().all(|p| !p.repair.is_empty()));
    assert!(a.summary.import.placeholder_manager);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    /// Random forests with random extra links: after repair every person has a layer, the sum
    /// of spans is people minus one (one top), and subtree sizes add up.
    #[test]
    fn tree_invariants(parents in proptest::collection::vec(0usize..1000, 1..200), extra in proptest::collection::vec((0usize..200, 0usize..200), 0..5)) {
        let n = parents.len();
        let mut mgr: Vec<Option<usize>> = (0..n).map(|i| if i == 0 || parents[i] % 10 == 0 { None } else { Some(parents[i] % i) }).collect();
        for (a, b) in extra { if a < n && b < n { mgr[a] = Some(b); } }
        let mut text = String::from("Employee ID,Manager ID\n");
        for (i, m) in mgr.iter().enumerate() {
            text.push_str(&format!("e{i},{}\n", m.map(|m| format!("e{m}")).unwrap_or_default()));
        }
        let f = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(f.path(), text).unwrap();
        let raw = import_path(f.path(), &ImportOptions::default(), &no_progress).unwrap();
        let (org, _) = validate(raw, &ValidateOptions { repair: true, ..Default::default() }).unwrap();
        prop_assert_eq!(org.people(), n);
        prop_assert_eq!(org.shape.order.len(), org.nodes());
        prop_assert!((0..org.nodes()).all(|i| org.layer(i) >= 1));
        let span_sum: u64 = (0..org.nodes()).map(|i| org.span[i] as u64).sum();
        prop_assert_eq!(span_sum, n as u64 - 1);
        prop_assert_eq!(org.under[org.root as usize] as usize, n - 1);
        for i in 0..org.nodes() {
            let kids: u32 = org.shape.children_of(i).iter().map(|&c| org.under[c as usize] + u32::from(org.is_person(c as usize))).sum();
            prop_assert_eq!(org.under[i], kids);
        }
    }
}

/// Every object under a pay-like key in a serialised output: (path, object, key, value).
fn pay_like(v: &serde_json::Value, path: &str, out: &mut Vec<(String, serde_json::Value, String, serde_json::Value)>) {
    const PAY_WORDS: [&str; 4] = ["pay", "wage", "salary", "cost"];
    match v {
        serde_json::Value::Object(o) => {
            for (k, x) in o {
                if PAY_WORDS.iter().any(|w| k.contains(w)) && !x.is_boolean() && !x.is_string() {
                    out.push((path.to_string(), v.clone(), k.clone(), x.clone()));
                }
                pay_like(x, &format!("{path}.{k}"), out);
            }
        }
        serde_json::Value::Array(a) => a.iter().enumerate().for_each(|(i, x)| pay_like(x, &format!("{path}[{i}]"), out)),
        _ => {}
    }
}

/// The privacy rule is proved on what is serialised, not on field names: on a small organisation,
/// every pay-like figure of every output (summary, roll-ups by layer, department, level,
/// occupation and team, managers, titles, people, every team view) is either withheld or belongs
/// to a group of at least the threshold, or is listed here as not being anyone's pay.
#[test]
fn no_pay_figure_of_a_small_group_reaches_any_output() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("org.csv");
    generate(&SynthOptions { people: 80, seed: 11, corporate_only: true, pay: None }).unwrap().write(&csv).unwrap();
    let a = analyze(&csv, &AnalyzeOptions::default(), &KeywordCoder::sample(), &no_progress).unwrap();
    let min = AnalyzeOptions::default().privacy.min_group;
    let mut outputs = vec![
        ("summary", serde_json::to_value(&a.summary).unwrap()),
        ("rollups", serde_json::to_value(&a.rollups).unwrap()),
        ("managers", serde_json::to_value(&a.spans.managers).unwrap()),
        ("titles", serde_json::to_value(title_rows(&a)).unwrap()),
        ("people", serde_json::to_value(culprit_org::analyze::people_rows(&a)).unwrap()),
    ];
    for t in &a.rollups.teams {
        outputs.push(("team", serde_json::to_value(team(&a, &t.manager_id).unwrap()).unwrap()));
    }
    let (mut withheld, mut shown) = (0, 0);
    for (name, v) in &outputs {
        let mut found = Vec::new();
        pay_like(v, name, &mut found);
        for (path, obj, key, x) in found {
            if x.is_null() {
                withheld += 1;
                continue;
            }
            // Occupation benchmarks (BLS wages) describe an occupation, not a person.
            let benchmark = key.starts_with("benchmark_");
            let big_group = obj["people"].as_u64().is_some_and(|n| n >= min);
            assert!(benchmark || big_group, "{path}.{key} = {x} shown for {obj}");
            shown += usize::from(!benchmark);
        }
    }
    assert!(withheld > 0 && shown > 0, "the small organisation should both show and withhold pay ({withheld} withheld, {shown} shown)");
    // Partitions: the groups withheld hold no one or at least the threshold, so shown groups
    // cannot be subtracted from the total to isolate a small one.
    for part in [&a.rollups.layers, &a.rollups.departments, &a.rollups.levels, &a.rollups.occupations] {
        let hidden: u64 = part.iter().filter(|g| g.payroll.is_none()).map(|g| g.people).sum();
        assert!(hidden == 0 || hidden >= min, "{hidden} people withheld in a partition");
    }
}

/// The organisation summary (summary.json) of a small hand-made file, as JSON (timings removed,
/// the temporary path replaced): a change of output is a reviewed snapshot diff.
#[test]
fn org_summary_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("org.csv");
    std::fs::write(
        &p,
        "Employee ID,Manager ID,Job Title,Department,Job Level,Annual Salary
1,,Chief Executive,Exec,L10,500000
2,1,Engineering Manager,Engineering,L7,200000
3,1,Operations Manager,Operations,L7,150000
21,2,Software Engineer,Engineering,L5,150000
22,2,Software Engineer,Engineering,L5,140000
23,2,Software Engineer,Engineering,L4,130000
24,2,Data Scientist,Engineering,L4,135000
25,2,Software Engineer,Engineering,L4,128000
31,3,Warehouse Associate,Operations,L1,40000
32,3,Warehouse Associate,Operations,L1,42000
33,3,Warehouse Associate,Operations,L1,41000
",
    )
    .unwrap();
    let a = analyze(&p, &AnalyzeOptions::default(), &KeywordCoder::sample(), &no_progress).unwrap();
    let mut json = serde_json::to_value(&a.summary).unwrap();
    let o = json.as_object_mut().unwrap();
    o.remove("timings");
    o["import"]["path"] = serde_json::json!("org.csv");
    insta::assert_json_snapshot!("org_summary", json);
}
