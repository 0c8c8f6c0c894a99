//! HR exports as HR systems write them (fixtures under tests/fixtures/hr, rows made up for these
//! tests, headers and quirks as the systems export them): each imports without `--map`, with the
//! right people, managers and pay.

use culprit_org::columns::Field;
use culprit_org::import::{import_path, no_progress, ImportOptions};
use culprit_org::{analyze, AnalyzeOptions, NoCoder};
use std::io::Write;
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hr").join(name)
}

fn header(t: &culprit_org::raw::RawTable, f: Field) -> Option<&str> {
    t.source.columns.iter().find(|(g, _)| *g == f).map(|(_, h)| h.as_str())
}

fn manager_of<'a>(t: &'a culprit_org::raw::RawTable, id: &str) -> &'a str {
    let i = t.id.iter().position(|x| x == id).unwrap();
    t.manager.get(i)
}

#[test]
fn managers_given_by_name_with_absent_managers_and_a_board() {
    let p = fixture("names_as_managers.csv");
    let t = import_path(&p, &ImportOptions::default(), &no_progress).unwrap();
    assert_eq!(header(&t, Field::Id), Some("Employee Number"));
    assert_eq!(header(&t, Field::Name), Some("Employee Name"));
    assert_eq!(header(&t, Field::ManagerName), Some("Manager"));
    assert_eq!(header(&t, Field::Manager), Some("Manager ID"), "the id column is found, then set aside");
    assert!(t.source.notes.iter().any(|n| n.contains("read from the names")), "{:?}", t.source.notes);
    // "Michael Albert", "Michael  Albert" and "Albert, Michael" are one person; case does not matter.
    assert_eq!(manager_of(&t, "10002"), "10001");
    assert_eq!(manager_of(&t, "10003"), "10001");
    assert_eq!(manager_of(&t, "10009"), "10007");
    assert_eq!(manager_of(&t, "10005"), "10004");
    // Managers not in the file keep their names.
    assert_eq!(manager_of(&t, "10011"), "Priya Raman");

    let a = analyze(&p, &AnalyzeOptions::default(), &NoCoder, &no_progress).unwrap();
    let s = &a.summary;
    assert_eq!(s.spans.people, 15, "placeholders are not people");
    let ph: Vec<(&str, u64)> = s.import.placeholder_managers.iter().map(|p| (p.id.as_str(), p.direct_reports)).collect();
    assert_eq!(ph, [("Priya Raman", 3), ("Tom Becker", 2)]);
    assert_eq!(s.top, "10001", "the CEO, whose manager is the Board, is the top");
    assert_eq!(a.org.people(), 15);
    // Michael Albert manages Lucia Ortega and David Chen, and the two placeholders sit under him.
    let ceo = a.org.find("10001").unwrap();
    assert_eq!(a.org.span[ceo], 2);
    let priya = a.org.find("Priya Raman").unwrap();
    assert!(!a.org.is_person(priya));
    assert_eq!(a.org.span[priya], 3);
    assert_eq!(s.spans.layers, 4, "CEO > VP > manager > engineer; the placeholders sit under the top");
    assert_eq!(s.payroll, Some(2_504_500.0));
}

#[test]
fn an_ambiguous_manager_name_is_a_problem_not_a_guess() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("hr.csv");
    let mut f = std::fs::File::create(&p).unwrap();
    f.write_all(b"Employee ID,Full Name,Supervisor Name\n1,Ann Lee,\n2,John Smith,Ann Lee\n3,John Smith,Ann Lee\n4,Bea Park,John Smith\n").unwrap();
    drop(f);
    let e = analyze(&p, &AnalyzeOptions::default(), &NoCoder, &no_progress).err().expect("refused").to_string();
    assert!(e.contains("ambiguous_manager") && e.contains("matches 2 people"), "{e}");
    let mut o = AnalyzeOptions::default();
    o.validate.repair = true;
    let a = analyze(&p, &o, &NoCoder, &no_progress).unwrap();
    assert_eq!(a.summary.spans.people, 4);
}

struct Expect {
    file: &'static str,
    id: &'static str,
    manager: Option<&'static str>,
    manager_name: Option<&'static str>,
    title: &'static str,
    pay: Option<&'static str>,
    people: u64,
    top: &'static str,
    /// (employee id, manager id after resolution)
    link: (&'static str, &'static str),
    /// (employee id, annual pay)
    pay_of: Option<(&'static str, f64)>,
}

#[test]
fn hr_system_layouts_import_without_map() {
    let cases = [
        Expect {
            file: "workday.csv",
            id: "Worker ID",
            manager: Some("Manager Worker ID"),
            manager_name: None,
            title: "Business Title",
            pay: Some("Total Base Pay Annualized"),
            people: 8,
            top: "W-0001",
            link: ("W-0004", "W-0003"),
            pay_of: Some(("W-0007", 41_600.0)),
        },
        Expect {
            file: "successfactors.tsv",
            id: "User ID",
            manager: Some("Manager User ID"),
            manager_name: None,
            title: "Job Title",
            pay: Some("Annual Salary"),
            people: 6,
            top: "u100",
            link: ("u105", "u104"),
            // "Annual Salary" is annual by name: the monthly pay frequency beside it is not applied.
            pay_of: Some(("u102", 62_000.0)),
        },
        Expect {
            file: "adp.csv",
            id: "Associate ID",
            manager: Some("Reports To Associate ID"),
            manager_name: None,
            title: "Job Title Description",
            pay: Some("Regular Pay Rate Amount"),
            people: 5,
            top: "G3XK01",
            link: ("G3XK03", "G3XK02"),
            // Salaried: a biweekly amount x 26; hourly (Rate Type): the rate x 2,080 hours.
            pay_of: Some(("G3XK03", 21.5 * 2080.0)),
        },
        Expect {
            file: "bamboohr.csv",
            id: "Employee #",
            manager: None,
            manager_name: Some("Reports To"),
            title: "Job Title",
            pay: Some("Pay Rate"),
            people: 6,
            top: "1",
            link: ("3", "2"),
            pay_of: Some(("5", 26.5 * 2080.0)),
        },
        Expect {
            file: "rippling.csv",
            id: "Employee ID",
            manager: Some("Manager's Employee ID"),
            manager_name: Some("Manager"),
            title: "Title",
            pay: Some("Annual salary"),
            people: 5,
            top: "E-1",
            link: ("E-4", "E-2"),
            pay_of: Some(("E-3", 165_000.0)),
        },
        Expect {
            file: "hibob.csv",
            id: "Employee ID",
            manager: Some("Reports to ID"),
            manager_name: Some("Reports to"),
            title: "Job title",
            pay: Some("Base salary"),
            people: 4,
            top: "1001",
            link: ("1004", "1002"),
            pay_of: Some(("1003", 264_000.0)),
        },
        Expect {
            file: "personio_cp1252.csv",
            id: "ID",
            manager: None,
            manager_name: Some("Vorgesetzter"),
            title: "Position",
            pay: Some("Jahresgehalt"),
            people: 4,
            top: "1",
            link: ("3", "2"),
            pay_of: Some(("2", 85_000.0)),
        },
    ];
    for c in cases {
        let p = fixture(c.file);
        let t = import_path(&p, &ImportOptions::default(), &no_progress).unwrap_or_else(|e| panic!("{}: {e}", c.file));
        assert_eq!(header(&t, Field::Id), Some(c.id), "{} id", c.file);
        assert_eq!(header(&t, Field::Manager), c.manager, "{} manager", c.file);
        assert_eq!(header(&t, Field::ManagerName), c.manager_name, "{} manager name", c.file);
        assert_eq!(header(&t, Field::Title), Some(c.title), "{} title", c.file);
        assert_eq!(header(&t, Field::Pay), c.pay, "{} pay", c.file);
        assert_eq!(manager_of(&t, c.link.0), c.link.1, "{} link {:?}", c.file, c.link);
        if let Some((id, pay)) = c.pay_of {
            let i = t.id.iter().position(|x| x == id).unwrap();
            assert!((t.pay[i] - pay).abs() < 0.01, "{}: pay of {id} {} != {pay}", c.file, t.pay[i]);
        }
        let a = analyze(&p, &AnalyzeOptions::default(), &NoCoder, &no_progress).unwrap_or_else(|e| panic!("{}: {e}", c.file));
        assert_eq!(a.summary.spans.people, c.people, "{}", c.file);
        assert_eq!(a.summary.top, c.top, "{}", c.file);
        assert!(a.summary.import.placeholder_managers.is_empty(), "{}", c.file);
    }
}

#[test]
fn personio_export_in_windows_1252_with_euro_amounts() {
    let t = import_path(&fixture("personio_cp1252.csv"), &ImportOptions::default(), &no_progress).unwrap();
    assert_eq!(t.source.encoding, "Latin-1 (windows-1252)");
    assert_eq!(t.source.delimiter.as_deref(), Some(";"));
    let i = t.id.iter().position(|x| x == "1").unwrap();
    assert_eq!(t.name.get(i), "Krüger, Sabine");
    assert_eq!(t.pay[i], 180_000.0);
}

#[test]
fn gzip_and_json_lines_exports() {
    let dir = tempfile::tempdir().unwrap();
    let csv = std::fs::read(fixture("workday.csv")).unwrap();
    let gz = dir.path().join("workday.csv.gz");
    let mut e = flate2::write::GzEncoder::new(std::fs::File::create(&gz).unwrap(), flate2::Compression::fast());
    e.write_all(&csv).unwrap();
    e.finish().unwrap();
    let t = import_path(&gz, &ImportOptions::default(), &no_progress).unwrap();
    assert_eq!(t.rows(), 8);
    assert_eq!(manager_of(&t, "W-0008"), "W-0006");
    let jl = dir.path().join("people.jsonl");
    std::fs::write(&jl, "{\"employeeId\": 7, \"displayName\": \"A B\", \"managerId\": null, \"jobTitle\": \"CEO\"}\n{\"employeeId\": 8, \"displayName\": \"C D\", \"managerId\": 7, \"jobTitle\": \"CFO\"}\n").unwrap();
    let t = import_path(&jl, &ImportOptions::default(), &no_progress).unwrap();
    assert_eq!(t.source.format, "jsonl");
    assert_eq!(manager_of(&t, "8"), "7");
    assert_eq!(t.title.get(1), Some("CFO"));
}

#[test]
fn managers_by_email_and_ids_that_lost_their_leading_zeros() {
    let dir = tempfile::tempdir().unwrap();
    // An Okta/Rippling-style export: managers by email only.
    let p = dir.path().join("okta.csv");
    std::fs::write(&p, "Employee ID,Work Email,Title,Manager Email\nA1,ceo@x.com,CEO,\nA2,Cfo@x.com,CFO,CEO@x.com\nA3,an@x.com,Analyst,cfo@x.com\n").unwrap();
    let t = import_path(&p, &ImportOptions::default(), &no_progress).unwrap();
    assert_eq!((manager_of(&t, "A2"), manager_of(&t, "A3")), ("A1", "A2"));
    assert!(t.source.notes.iter().any(|n| n.contains("emails")), "{:?}", t.source.notes);
    // Employee ids kept as text ("00123"), manager ids turned into numbers by a spreadsheet.
    let p = dir.path().join("zeros.csv");
    std::fs::write(&p, "Employee ID,Manager ID\n00100,\n00101,100\n00102,100\n00103,101\n").unwrap();
    let a = analyze(&p, &AnalyzeOptions::default(), &NoCoder, &no_progress).unwrap();
    assert_eq!((a.summary.spans.people, a.summary.spans.layers), (4, 3));
    assert!(a.summary.import.source.notes.iter().any(|n| n.contains("leading zeros")));
}
