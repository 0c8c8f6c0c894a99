//! Integration tests on the real catalog (built from the data mirror). When CI=true a missing
//! mirror fails these tests; elsewhere they are skipped with a message.

use culprit_data::{Catalog, Registry, TitleKind};
use culprit_titles::{bulk, eval, Coder, CoderOptions, Method, Overrides};
use proptest::prelude::*;
use std::sync::OnceLock;

fn catalog() -> Option<&'static Catalog> {
    static CAT: OnceLock<Option<Catalog>> = OnceLock::new();
    CAT.get_or_init(|| {
        let reg = Registry::builtin().unwrap();
        if reg.locate("onet_alternate_titles").is_err() && !culprit_data::catalog::catalog_path(&reg).exists() {
            if std::env::var("CI").as_deref() == Ok("true") {
                panic!("the data mirror is missing; CI must have it");
            }
            eprintln!("skipping: no data mirror and no compiled catalog");
            return None;
        }
        Some(Catalog::open(&reg).expect("catalog opens").0)
    })
    .as_ref()
}

fn coder() -> Option<&'static Coder> {
    static CODER: OnceLock<Option<Coder>> = OnceLock::new();
    CODER.get_or_init(|| catalog().map(|c| Coder::new(c, CoderOptions::default()).unwrap())).as_ref()
}

fn soc(title: &str) -> Option<String> {
    coder().unwrap().code(title).soc.map(|s| s.to_string())
}

#[test]
fn the_issue_examples_code_to_the_right_occupations() {
    let Some(c) = coder() else { return };
    assert_eq!(soc("Sr. SDE II").as_deref(), Some("15-1252"));
    // An HR business partner is an alternate title of Human Resources Specialists in O*NET.
    assert_eq!(soc("HRBP - Devices").as_deref(), Some("13-1071"));
    assert_eq!(soc("Mgr, Area Operations").as_deref(), Some("11-1021"));
    assert_eq!(soc("Area Manager, Operations").as_deref(), Some("11-1021"));
    // "Program Manager" is an alternate title of five occupations; 11-9199 has the most matching
    // titles ("Regulatory/Compliance/Environmental Program Manager").
    let p = c.code("Program Manager III, Alexa");
    assert_eq!(p.soc.as_deref(), Some("11-9199"));
    assert!(p.alternatives.iter().any(|a| &*a.soc == "11-1021"));
    assert_eq!(p.seniority.as_ref().and_then(|s| s.level), Some(3));
    assert_eq!(soc("Manager, People Experience").as_deref(), Some("11-3121"));
}

#[test]
fn seniority_and_evidence_are_reported() {
    let Some(c) = coder() else { return };
    let x = c.code("Sr. SDE II");
    assert_eq!(x.method, Method::Exact);
    assert!(x.evidence.as_deref().unwrap().contains("Software Development Engineer"));
    let s = x.seniority.unwrap();
    assert_eq!((s.rank, s.level), (Some(culprit_titles::Rank::Senior), Some(2)));
    assert_eq!(x.onet_soc.as_deref(), Some("15-1252.00"));
    assert_eq!(x.occupation.as_deref(), Some("Software Developers"));
}

#[test]
fn typos_and_word_order_still_match() {
    let Some(_) = coder() else { return };
    assert_eq!(soc("Sofware Engneer").as_deref(), Some("15-1252"));
    assert_eq!(soc("Nurse, Registered").as_deref(), Some("29-1141"));
    assert_eq!(soc("Payrol Clerk").as_deref(), Some("43-3051"));
}

#[test]
fn every_bad_input_class_is_refused_with_a_reason() {
    let Some(c) = coder() else { return };
    assert_eq!(c.code("").method, Method::Blank);
    assert_eq!(c.code("   ").method, Method::Blank);
    let long = "Engineer ".repeat(1200);
    for t in [long.as_str(), "软件工程师", "🚀🚀🚀", "!!!???", "\u{0}\u{1}\u{2}binary", "�PNG"] {
        let x = c.code(t);
        assert!(matches!(x.method, Method::Uncodable { .. }), "{t:?}: {:?}", x.method);
        assert!(x.soc.is_none() && x.confidence == 0.0);
    }
    // Emoji around a title do not stop it from coding.
    assert_eq!(c.code("🔥 Registered Nurse 🔥").soc.as_deref(), Some("29-1141"));
    // A word the index has never seen: uncodable, not a guess.
    assert!(c.code("Qzxj Vvkq").soc.is_none());
}

#[test]
fn overrides_apply_first_exact_and_by_pattern() {
    let Some(cat) = catalog() else { return };
    let text = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/title-overrides.csv")).unwrap();
    let ov = Overrides::parse(&text, "example", cat).unwrap();
    assert_eq!(ov.len(), 3);
    let c = Coder::new(cat, CoderOptions::default()).unwrap().with_overrides(ov);
    let x = c.code("HRBP");
    assert_eq!((x.soc.as_deref(), &x.method), (Some("11-3121"), &Method::Override));
    // Exact rules also match by normalised form.
    assert_eq!(c.code("Sr. HRBP II").soc.as_deref(), Some("11-3121"));
    assert_eq!(c.code("Area Manager - Fulfilment, BFI4").soc.as_deref(), Some("53-1042"));
    // Titles without a rule are coded as before.
    assert_eq!(c.code("Sr. SDE II").soc.as_deref(), Some("15-1252"));
    // Bad rules name their line.
    let e = Overrides::parse(b"title,soc\nX,99-9999\n", "bad", cat).unwrap_err().to_string();
    assert!(e.contains("line 2") && e.contains("99-9999"), "{e}");
    let e = Overrides::parse(b"name,code\nX,11-1011\n", "bad", cat).unwrap_err().to_string();
    assert!(e.contains("name, code"), "{e}");
}

#[test]
fn bulk_csv_keeps_every_row_and_names_found_columns() {
    let Some(c) = coder() else { return };
    let input = "\u{FEFF}id;Job Title;dept\n1;Sr. SDE II;Devices\n2;;Ops\n3;软件工程师;X\n4;Sr. SDE II;Devices\n".as_bytes();
    let mut out = Vec::new();
    let s = bulk::code_csv(input, "t", "Job Title", c, &mut out, |_, _| {}).unwrap();
    assert_eq!((s.rows, s.coded, s.distinct_titles), (4, 2, 3));
    let text = String::from_utf8(out).unwrap();
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let h: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(h, ["id", "Job Title", "dept", "soc", "onet_soc", "occupation", "confidence", "method", "alternatives"]);
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 4);
    assert_eq!(&rows[0][3], "15-1252");
    assert_eq!((&rows[1][3], &rows[1][7]), ("", "blank"));
    assert!(rows[2][7].starts_with("uncodable: ") && rows[2][3].is_empty());
    let e = bulk::code_csv(input, "t.csv", "title", c, Vec::new(), |_, _| {}).unwrap_err().to_string();
    assert!(e.contains("no column `title`") && e.contains("id, Job Title, dept"), "{e}");
    // No column named: the input layer finds the title column by its name.
    let s = bulk::code_csv(input, "t", "", c, Vec::new(), |_, _| {}).unwrap();
    assert_eq!(s.coded, 2);
}

#[test]
fn hand_labelled_dev_set_stays_above_its_floor() {
    let Some(c) = coder() else { return };
    let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/hand_labelled_titles.csv")).unwrap();
    let gold = eval::read_gold(&bytes, "hand", "title", "soc").unwrap();
    assert!(gold.len() >= 100);
    let (r, _) = eval::evaluate(c, &gold, "hand");
    // Measured 82.1% at six digits (development set; 80.2% before the task channel and the
    // head bonus of 0.2, 77.4% before the management and exact-listing bonuses).
    assert!(r.accuracy.six >= 0.70 && r.accuracy.two >= 0.85, "{r:?}");
}

#[test]
fn held_out_reported_titles_stay_above_the_measured_floor() {
    let Some(cat) = catalog() else { return };
    let h = eval::held_out(cat, &[TitleKind::Reported], 5, 7, &CoderOptions::default(), "reported");
    let r = &h.report;
    // Measured 51.5% at six digits and 76.5% at two (5 folds, seed 7; 51.0% and 75.9% a round
    // earlier); floors are 2 points below the earlier 50.8% and 75.7%.
    assert!(r.titles > 7000, "{r:?}");
    assert!(r.accuracy.six >= 0.488, "{r:?}");
    assert!(r.accuracy.two >= 0.737, "{r:?}");
    assert!(r.coverage >= 0.98, "{r:?}");
    // Calibration: mean confidence within 10 points of the accuracy of coded titles.
    assert!((r.mean_confidence - r.precision_six).abs() < 0.10, "{r:?}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    #[test]
    fn code_never_panics_and_confidence_is_a_probability(s in "\\PC{0,80}|[a-zA-Z ,./()&-]{0,60}") {
        if let Some(c) = coder() {
            let x = c.code(&s);
            prop_assert!((0.0..=1.0).contains(&x.confidence));
            prop_assert!(x.alternatives.iter().all(|a| (0.0..=1.0).contains(&a.confidence)));
            prop_assert_eq!(x.soc.is_some(), matches!(x.method, Method::Exact | Method::Ranked | Method::Override));
        }
    }
}

#[test]
fn pruned_ranking_equals_the_exhaustive_ranking() {
    let Some(cat) = catalog() else { return };
    let c = coder().unwrap();
    let ix = c.index();
    // Real titles of every kind, plus words the pruning has to walk far for (common words only).
    let mut titles: Vec<&str> = cat.titles.iter().step_by(97).map(|t| t.text.as_str()).collect();
    titles.extend(["Manager", "Assistant Manager", "Senior Manager, Operations", "Sales Associate", "Engineer II", "Asst Mgr", "Technician"]);
    let (mut compared, mut differ) = (0, 0);
    for t in titles {
        let Ok(q) = ix.normalizer.query(t) else { continue };
        let a = culprit_titles::score::rank(ix, &q, 5, cat.socs.len());
        let b = culprit_titles::score::rank_exhaustive(ix, &q, 5, cat.socs.len());
        compared += 1;
        let socs = |r: &culprit_titles::score::Ranking| r.top.iter().map(|x| (x.soc_index, (x.score * 1e4).round() as i64)).collect::<Vec<_>>();
        // Scores are summed in another order, so an exact tie may break the other way; the
        // first occupation and every score must agree.
        if socs(&a) != socs(&b) {
            differ += 1;
            assert_eq!(a.top.first().map(|x| (x.score * 1e4).round() as i64), b.top.first().map(|x| (x.score * 1e4).round() as i64), "{t}");
        }
    }
    assert!(compared > 500, "{compared}");
    assert!(differ * 100 <= compared, "{differ} of {compared} rankings differ");
}

#[test]
fn bulk_output_renames_added_columns_the_input_already_has() {
    let Some(c) = coder() else { return };
    let long = "Engineer ".repeat(1200);
    let mut input = b"title,soc,Method\nSr. SDE II,99-9999,x\n,,\n".to_vec();
    for bad in [long.as_str(), "软件工程师", "🚀🚀🚀", "!!!???"] {
        input.extend_from_slice(format!("\"{bad}\",,\n").as_bytes());
    }
    input.extend_from_slice(b"\x00\x01\x02\xff\xfe binary,,\n");
    let mut out = Vec::new();
    let s = bulk::code_csv(&input, "t", "title", c, &mut out, |_, _| {}).unwrap();
    assert_eq!(s.renamed_columns, ["soc -> soc_coded", "method -> method_coded"]);
    // The file is UTF-8 with a few stray bytes: those cells alone are read as Latin-1
    // (windows-1252), so the last reads "ÿþ binary", which the coder may code by its last word.
    assert_eq!(s.rows, 7);
    assert!((1..=2).contains(&s.coded), "{s:?}");
    let text = String::from_utf8_lossy(&out).into_owned();
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let h: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(h, ["title", "soc", "Method", "soc_coded", "onet_soc", "occupation", "confidence", "method_coded", "alternatives"]);
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    // The input's own soc column is kept as it was.
    assert_eq!((&rows[0][1], &rows[0][3]), ("99-9999", "15-1252"));
    assert_eq!(&rows[1][7], "blank");
    for r in &rows[2..6] {
        assert!(r[7].starts_with("uncodable: ") && r[3].is_empty(), "{r:?}");
    }
    assert!(rows[6][0].ends_with("\u{ff}\u{fe} binary"), "{:?}", &rows[6][0]);
}

#[test]
fn task_channel_vectors_are_unit_length_and_name_the_occupations_that_do_the_task() {
    let Some(cat) = catalog() else { return };
    let ix = coder().unwrap().index();
    // Each SOC code's task-word vector has length 1 (or 0 without tasks).
    let mut sq = vec![0f64; cat.socs.len()];
    for p in &ix.task_postings {
        for &(s, w) in p.iter() {
            sq[s as usize] += (w as f64) * (w as f64);
        }
    }
    assert!(sq.iter().all(|&x| x == 0.0 || (x - 1.0).abs() < 1e-3), "{:?}", sq.iter().find(|&&x| x != 0.0 && (x - 1.0).abs() >= 1e-3));
    assert!(sq.iter().filter(|&&x| x > 0.0).count() > 700);
    // Posting lists are sorted by SOC (the scorer binary-searches them) and bounded by their max.
    for (p, &m) in ix.task_postings.iter().zip(&ix.task_max_weight) {
        assert!(p.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(p.iter().all(|x| x.1 <= m));
    }
    // "Sortation" is in no indexed title; O*NET's task statements use it for mail clerks.
    assert!(!ix.vocab.contains_key("sortation"));
    let p = &ix.task_postings[ix.task_vocab["sortation"] as usize];
    let best = p.iter().max_by(|a, b| a.1.total_cmp(&b.1)).unwrap();
    assert_eq!(cat.socs[best.0 as usize].soc, "43-9051");
}

#[test]
fn a_capitalised_word_is_not_read_as_a_learned_acronym() {
    let Some(c) = coder() else { return };
    // O*NET teaches "APP" = advanced practice provider; "App" in a mixed-case title is an app.
    assert_eq!(c.index().normalizer.learned_acronyms().get("app").map(String::as_str), Some("advanced practice provider"));
    assert_eq!(soc("Mobile App Developer").as_deref(), Some("15-1252"));
    assert!(soc("APP, Cardiology").is_some_and(|s| s.starts_with("29-")));
}

#[test]
fn confidence_does_not_depend_on_how_many_candidates_are_shown() {
    let Some(cat) = catalog() else { return };
    let one = Coder::new(cat, CoderOptions { top_k: 1, ..Default::default() }).unwrap();
    let five = coder().unwrap();
    for t in ["Delivery Station Associate", "Program Manager III, Alexa", "Sr. SDE II", "Mgr, Area Operations", "Sortation Associate"] {
        let (a, b) = (one.code(t), five.code(t));
        assert_eq!(a.soc, b.soc, "{t}");
        assert_eq!(a.confidence, b.confidence, "{t}");
        assert!(a.alternatives.is_empty(), "{t}: top 1 shows no alternatives");
    }
}

#[test]
fn alternatives_do_not_depend_on_how_many_are_shown_nor_outrank_the_pick() {
    let Some(cat) = catalog() else { return };
    let two = Coder::new(cat, CoderOptions { top_k: 2, ..Default::default() }).unwrap();
    let five = coder().unwrap();
    // Generic titles with weak picks and close runners-up (the case that showed an alternative
    // at 0.22 under a pick at 0.18).
    for t in ["Delivery Station Associate", "Sortation Associate", "FC Associate I", "Program Manager III, Alexa", "Associate"] {
        let (a, b) = (two.code(t), five.code(t));
        assert_eq!(a.alternatives.len(), 1, "{t}");
        assert_eq!(a.alternatives[0].confidence, b.alternatives[0].confidence, "{t}");
        assert!(b.alternatives.iter().all(|x| x.confidence <= b.confidence), "{t}: {b:?}");
        let total: f32 = b.confidence + b.alternatives.iter().map(|x| x.confidence).sum::<f32>();
        assert!(total <= 1.0 + 1e-5, "{t}: {total}");
    }
}

#[test]
fn titles_with_a_repeated_word_match_their_own_listing_exactly() {
    let Some(c) = coder() else { return };
    // O*NET lists these under one occupation each; the query side drops the repeated word, so
    // the index must too, or they never match exactly.
    for (t, want) in [("Door to Door Sales Representative", "41-9091"), ("Door to Door Salesman", "41-9091")] {
        let x = c.code(t);
        assert_eq!(x.soc.as_deref(), Some(want), "{t}: {x:?}");
        assert_eq!(x.method.label(), "exact", "{t}");
    }
}

#[test]
fn a_final_lead_is_a_leader() {
    let Some(c) = coder() else { return };
    // O*NET writes "Team Leader"; its one "... Team Lead" title (an instructional coordinator)
    // used to take every "X Lead".
    for t in ["Team Lead", "Production Lead", "Shift Lead", "Warehouse Lead"] {
        let x = c.code(t);
        assert_ne!(x.soc.as_deref(), Some("25-9031"), "{t}: {x:?}");
    }
    assert_eq!(c.code("Team Lead").soc, c.code("Team Leader").soc);
}

/// Issue 17: every distinct title of a file is coded once whatever the row order, titles that
/// read the same are ranked once, and the codes equal coding each title alone.
#[test]
fn bulk_codes_each_distinct_title_once_whatever_the_order_with_the_same_codes() {
    let (Some(cat), Some(c)) = (catalog(), coder()) else { return };
    use culprit_titles::corpus::{titles, CorpusOptions};
    // More rows than one batch, so that a per-batch cache would code titles twice.
    let rows = titles(cat, &CorpusOptions { rows: bulk::BATCH + 5_000, distinct: 3_000, seed: 11, postings: true });
    let mut csv_in = String::from("title\n");
    for t in &rows {
        csv_in.push('"');
        csv_in.push_str(&t.replace('"', "\"\""));
        csv_in.push_str("\"\n");
    }
    let mut out = Vec::new();
    let sum = bulk::code_csv(csv_in.as_bytes(), "corpus.csv", "title", c, &mut out, |_, _| {}).unwrap();
    assert_eq!((sum.rows, sum.distinct_titles, sum.codings), (rows.len(), 3_000, 3_000));
    let text = String::from_utf8(out).unwrap();
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let mut by_title: std::collections::HashMap<String, Vec<String>> = std::collections::HashMap::new();
    for (i, rec) in rdr.records().enumerate() {
        let rec = rec.unwrap();
        // Every title comes back whole (a one-column file with `|` in its titles is not split).
        assert_eq!(&rec[0], rows[i].as_str());
        let cells: Vec<String> = rec.iter().skip(1).map(String::from).collect();
        if let Some(prev) = by_title.insert(rec[0].to_string(), cells.clone()) {
            assert_eq!(prev, cells, "{} coded two ways", &rec[0]);
        }
    }
    // Batch coding (readings ranked once) equals coding each title alone.
    let distinct: Vec<&str> = by_title.keys().map(String::as_str).collect();
    let batch = c.code_many(&distinct);
    for (t, b) in distinct.iter().zip(&batch) {
        let one = c.code(t);
        assert_eq!((one.soc.as_deref(), one.confidence, &one.method, one.alternatives.len()), (b.soc.as_deref(), b.confidence, &b.method, b.alternatives.len()), "{t}");
        assert_eq!(by_title[*t][0], one.soc.as_deref().unwrap_or("").to_string(), "{t}");
    }
}

/// Issue 18: managers of a function code to the management occupation that manages it; a
/// player-coach stays with the function; a manager of no known function is a general manager.
#[test]
fn managers_of_a_function_code_to_its_management_occupation() {
    let Some(_) = coder() else { return };
    for (t, want) in [
        ("Manager III, Software Dev", "11-3021"),
        ("Sr Manager, Software Dev", "11-3021"),
        ("Sr.Mgr, Product MKTG", "11-2021"),
        ("Sr Manager, Corp Strat Procur", "11-3061"),
        ("Lead Software Engineer", "15-1252"),
        ("Manager", "11-1021"),
    ] {
        assert_eq!(soc(t).as_deref(), Some(want), "{t}");
    }
}

/// Issue 18 item 1: one manager title per family of SOC major group 11 (every detailed
/// occupation O*NET 29.2 has there), written as HR systems write them ("Manager, X", "Director,
/// X", "Head of X", "VP X", "Sr Mgr, X"), codes to that family.
#[test]
fn every_management_family_of_major_group_11_codes_from_a_manager_title() {
    let Some(_) = coder() else { return };
    let cases: &[(&str, &[&str])] = &[
        ("Chief Executive Officer", &["11-1011"]),
        ("General Manager", &["11-1021"]),
        ("City Council Member", &["11-1031"]),
        ("Manager, Operations", &["11-1021"]),
        ("Manager, Advertising", &["11-2011"]),
        ("Sr Manager, Marketing", &["11-2021"]),
        ("Head of Marketing", &["11-2021"]),
        ("Director, Sales", &["11-2022"]),
        ("VP Sales", &["11-2022"]),
        ("Manager, Public Relations", &["11-2032"]),
        ("Director, Fundraising", &["11-2033"]),
        ("Manager, Administrative Services", &["11-3012"]),
        ("Manager, Facilities", &["11-3013"]),
        ("Director, Information Technology", &["11-3021"]),
        ("Director, Finance", &["11-3031"]),
        // O*NET lists "Finance Vice President" under Chief Executives.
        ("VP, Finance", &["11-3031", "11-1011"]),
        ("Manager, Production", &["11-3051"]),
        ("Sr Mgr, Procurement", &["11-3061"]),
        ("Manager, Distribution", &["11-3071"]),
        ("Manager, Compensation and Benefits", &["11-3111"]),
        ("Director, Human Resources", &["11-3121"]),
        ("Manager, Training and Development", &["11-3131"]),
        ("Farm Manager", &["11-9013"]),
        ("Manager, Construction", &["11-9021"]),
        ("Director, Child Care Center", &["11-9031"]),
        ("School Principal", &["11-9032"]),
        ("Dean of Students", &["11-9033"]),
        ("Director, Museum Education", &["11-9039"]),
        ("Head of Engineering", &["11-9041"]),
        ("Manager, Food Service", &["11-9051"]),
        ("Manager, Casino", &["11-9071"]),
        ("Manager, Recreation", &["11-9072"]),
        ("Manager, Hotel", &["11-9081"]),
        ("Director, Nursing", &["11-9111"]),
        ("Manager, Research Laboratory", &["11-9121"]),
        ("Postmaster", &["11-9131"]),
        ("Manager, Property", &["11-9141"]),
        ("Director, Social Services", &["11-9151"]),
        ("Director, Emergency Management", &["11-9161"]),
        ("Manager, Funeral Home", &["11-9171"]),
        ("Spa Manager", &["11-9179"]),
        ("Manager, Compliance", &["11-9199"]),
    ];
    let mut wrong = Vec::new();
    for (t, want) in cases {
        let got = soc(t);
        if !want.iter().any(|w| got.as_deref() == Some(*w)) {
            wrong.push(format!("{t}: {got:?}, want {want:?}"));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
    // Every detailed occupation of major group 11 in the catalog is named above.
    let listed: std::collections::BTreeSet<&str> = cases.iter().flat_map(|(_, w)| w.iter().copied()).collect();
    let missing: Vec<&str> = catalog().unwrap().socs.iter().map(|s| s.soc.as_str()).filter(|s| s.starts_with("11-") && !listed.contains(s)).collect();
    assert!(missing.is_empty(), "management occupations without a case: {missing:?}");
}

/// Issue 18 item 4: a known word read as the longer word it begins when it keeps no company
/// with the title's other words in any indexed title and the longer word does ("Intel" beside
/// "Business"); titles the index reads as written keep their words.
#[test]
fn a_short_word_reads_as_the_word_whose_company_it_keeps() {
    let Some(_) = coder() else { return };
    assert_eq!(soc("Business Intel Engineer II").as_deref(), Some("15-2051"));
    assert_eq!(soc("General Labor - Construction Site").as_deref(), Some("47-2061"));
    assert_eq!(soc("Data Entry Clerk").as_deref(), Some("43-9021"));
    assert_eq!(soc("Sales Associate").as_deref(), Some("41-2031"));
}

/// Issue 18 item 2: a title that names only a role takes its function from its department, and
/// the evidence says so; a title with its own function is not re-read.
#[test]
fn a_role_only_title_takes_its_function_from_the_department() {
    let Some(c) = coder() else { return };
    let with = |t: &str, d: &str| c.code_with(t, &culprit_titles::TitleContext { department: Some(d), industry: None });
    for (t, d, want) in [
        ("Associate", "Customer Service", "43-4051"),
        ("Associate", "Human Resources", "13-1071"),
        ("Specialist", "Payroll", "43-3051"),
        ("Engineer", "Software Development", "15-1252"),
    ] {
        let x = with(t, d);
        assert_eq!(x.soc.as_deref(), Some(want), "{t} in {d}");
        assert!(x.evidence.as_deref().unwrap().contains(&format!("department \"{d}\"")), "{:?}", x.evidence);
    }
    assert!(c.reads_department("Associate") && c.reads_department("Sr Manager II"));
    assert!(!c.reads_department("Software Engineer") && !c.reads_department("Registered Nurse"));
    let own = with("Software Engineer", "Customer Service");
    assert_eq!(own.soc.as_deref(), Some("15-1252"));
    assert!(!own.evidence.as_deref().unwrap().contains("department"), "{:?}", own.evidence);
}

/// The real-title gold set (crates/culprit-titles/gold): floors a little under the measured
/// figures (session of 2026-12-07: dev 68.2%, frozen 67.5% at six digits), so that a change
/// that loses real-world accuracy fails here.
#[test]
fn real_title_gold_set_stays_above_its_floors() {
    let Some(c) = coder() else { return };
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/gold/real_titles.csv");
    let mirror = std::env::var_os("CULPRIT_MIRROR").map(std::path::PathBuf::from).or_else(|| {
        let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
        p.exists().then_some(p)
    });
    let Some(mirror) = mirror else {
        assert_ne!(std::env::var("CI").as_deref(), Ok("true"), "CI must have the data mirror");
        return;
    };
    let rows = culprit_titles::gold::load(&std::fs::read(path).unwrap(), path, Some(&mirror)).unwrap();
    assert!(rows.len() >= 1_000, "{}", rows.len());
    let r = culprit_titles::gold::evaluate(c, &rows, true);
    let dev = &r.parts["split:dev"];
    let frozen = &r.parts["split:frozen"];
    assert!(dev.accuracy.six >= 0.665, "dev {:.3}", dev.accuracy.six);
    assert!(frozen.accuracy.six >= 0.655, "frozen {:.3}", frozen.accuracy.six);
    assert!(r.all.accuracy.two >= r.all.accuracy.three && r.all.accuracy.three >= r.all.accuracy.six);
}

/// Issue 18, round 7: a title with no role noun names a field, and its last word is the field
/// ("Functional MKTG III" is marketing, not "Functional Analyst"); with a role noun anywhere the
/// rule is off ("RN Float Pool" stays a nurse).
#[test]
fn a_title_without_a_role_noun_is_read_by_its_last_word() {
    let Some(_) = coder() else { return };
    // A marketing occupation (the specialists, or the managers whose O*NET title is the word).
    for t in ["Functional MKTG III", "Functional Marketing"] {
        let got = soc(t);
        assert!(matches!(got.as_deref(), Some("13-1161" | "11-2021")), "{t}: {got:?}");
    }
    // Policy work (it was 19-3091 Anthropologists, through "Principal Anthropologist").
    let policy = soc("Principal Public Policy");
    assert!(matches!(policy.as_deref(), Some("19-3094" | "27-3031")), "{policy:?}");
    // Without the rule's guard this was 33-9092 Lifeguards, through "Pool Lifeguard".
    assert_ne!(soc("RN Float Pool").as_deref(), Some("33-9092"));
    assert_eq!(soc("Functional Analyst").as_deref(), Some("15-1211"));
}

/// Issue 18 item 4: the abbreviation and noise layer against words of real titles that O*NET's
/// titles never use, labelled by hand (tests/data/real_title_words.csv: the word, the readings
/// accepted, "-" for "not read as another word"). Each word is read alone.
#[test]
fn words_of_real_titles_read_as_labelled_by_hand() {
    let Some(coder) = coder() else { return };
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/real_title_words.csv")).unwrap();
    let mut by_kind: std::collections::BTreeMap<String, (usize, usize)> = Default::default();
    let mut wrong = Vec::new();
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let (word, accept, kind) = (f[0], f[1], f[2]);
        let readings = coder.word_readings(word);
        // "=": indexed as written (O*NET's titles use it so: nothing to read); "-": unknown.
        let got = if readings.iter().all(|(w, r, how)| *how == "known" && r == w) && !readings.is_empty() {
            "=".to_string()
        } else if readings.is_empty() || readings.iter().all(|(w, r, how)| *how == "unknown" || (*how == "known" && r == w)) {
            "-".to_string()
        } else {
            readings.iter().map(|(w, r, how)| if *how == "unknown" { w.clone() } else { r.clone() }).collect::<Vec<_>>().join(" ")
        };
        let right = got == "=" || accept.split('|').any(|a| a == got);
        if got == "=" {
            eprintln!("{word}: indexed as written");
        }
        let e = by_kind.entry(kind.to_string()).or_default();
        e.0 += 1;
        e.1 += usize::from(right);
        if !right {
            wrong.push(format!("{word} ({kind}): read {got:?}, want {accept}"));
        }
    }
    let (n, right) = by_kind.values().fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    eprintln!("{right} of {n} words read as labelled; by kind: {by_kind:?}\n{wrong:#?}");
    assert!(right * 100 >= n * 90, "{right} of {n}: {wrong:#?}");
}

/// Issue 18 item 4: segments and words of job ads that say nothing of the job are dropped once
/// the index knows its words ("NOW HIRING:", "Urgently Hiring -", "Apply Today!"); a word O*NET
/// titles use keeps its meaning ("Remote Sensing"), and a first segment of noise words only is
/// kept ("MA" is a medical assistant).
#[test]
fn recruiting_phrases_say_nothing_of_the_job() {
    let Some(c) = coder() else { return };
    assert_eq!(soc("NOW HIRING: Forklift Operator / Orlando, FL / Benefits Day 1").as_deref(), Some("53-7051"));
    assert_eq!(soc("Urgently Hiring - Registered Nurse (Seasonal)").as_deref(), Some("29-1141"));
    assert_eq!(soc("Hiring Immediately - Forklift Operator").as_deref(), Some("53-7051"));
    assert_eq!(soc("Apply Today! Forklift Operator").as_deref(), Some("53-7051"));
    assert_eq!(soc("Store Manager in Training").as_deref(), Some("41-1011"));
    assert_eq!(soc("Civil Engineer PE").as_deref(), Some("17-2051"));
    let q = c.index().normalizer.query("Remote Sensing Scientist").unwrap();
    assert_eq!(q.core, ["remote", "sensing", "scientist"]);
    let q = c.index().normalizer.query("MA - Back Office").unwrap();
    assert!(q.core.iter().any(|w| w == "medical" || w == "ma"), "{q:?}");
}

#[test]
fn a_staff_title_is_not_coded_to_the_manager_of_its_field() {
    let Some(c) = coder() else { return };
    let ix = c.index();
    let staff = |w: &str| ix.vocab.get(w).is_some_and(|h| ix.staff_heads.binary_search(h).is_ok());
    // Learned from O*NET: titles ending in these are almost never management occupations...
    for w in ["associate", "clerk", "technician", "analyst"] {
        assert!(staff(w), "{w}");
    }
    // ... and these often are.
    for w in ["supervisor", "coordinator", "administrator", "manager", "director"] {
        assert!(!staff(w), "{w}");
    }
    // Issue 18: O*NET's "Delivery Supervisor" (postmasters) used to take a delivery station's
    // associate; it is a delivery job.
    let x = c.code("Delivery Station Associate");
    assert!(x.soc.as_deref().is_some_and(|s| s.starts_with("53-")), "{x:?}");
    // A manager title keeps its management reading.
    assert!(soc("Delivery Manager").is_some_and(|s| s.starts_with("11-")));
}

/// The compiled coder (saved beside the catalog, loaded by the commands) codes exactly as the
/// coder built from the catalog, and a file of another key, or a damaged one, is rebuilt.
#[test]
fn a_compiled_coder_codes_as_the_built_one() {
    use culprit_titles::compiled::Compiled;
    let Some(cat) = catalog() else { return };
    let built = coder().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("catalog.titles.bin");
    let open = |key: &str| Coder::open_compiled(cat, CoderOptions::default(), &file, key).unwrap();

    let (_, how) = open("key one");
    assert_eq!(how, Compiled::Built { reason: "not compiled yet".into(), saved: Ok(()) });
    let (loaded, how) = open("key one");
    assert_eq!(how, Compiled::Loaded);

    // Every hand-labelled and frozen title, and every tenth catalog title with noise around it.
    let mut titles: Vec<String> = Vec::new();
    for f in ["hand_labelled_titles.csv", "frozen_holdout_titles.csv"] {
        let text = std::fs::read_to_string(format!("{}/tests/data/{f}", env!("CARGO_MANIFEST_DIR"))).unwrap();
        let mut r = csv::Reader::from_reader(text.as_bytes());
        titles.extend(r.records().map(|rec| rec.unwrap()[0].to_string()));
    }
    titles.extend(cat.titles.iter().step_by(10).map(|t| format!("Sr. {} - Remote (Night Shift) $25/hr", t.text)));
    assert!(titles.len() > 5_000, "{}", titles.len());
    for t in &titles {
        assert_eq!(loaded.code(t), built.code(t), "{t}");
    }

    // Another key (another culprit, another catalog): rebuilt, and saved under the new key.
    let (_, how) = open("key two");
    assert!(matches!(&how, Compiled::Built { reason, saved: Ok(()) } if reason.contains("another version")), "{how:?}");
    assert_eq!(open("key two").1, Compiled::Loaded);
    // A truncated file: rebuilt.
    let bytes = std::fs::read(&file).unwrap();
    std::fs::write(&file, &bytes[..bytes.len() / 2]).unwrap();
    let (again, how) = open("key two");
    assert!(matches!(&how, Compiled::Built { reason, .. } if reason.starts_with("corrupt")), "{how:?}");
    assert_eq!(again.code("Sr. SDE II"), built.code("Sr. SDE II"));
    assert_eq!(open("key two").1, Compiled::Loaded);
}
