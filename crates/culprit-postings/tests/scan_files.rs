//! A scan job over real files: the three formats agree, per-posting rows match what the
//! generator planted, and bad input is skipped, counted and reported, never silently lost.

use culprit_postings::output::{write_tables, PostingsCsv, Summary};
use culprit_postings::synth::{self, SynthConfig};
use culprit_postings::{scan_files, ColumnMap, ContextClass, Matcher, NoCoder, PostingRow, ScanOptions, Taxonomy, TitleTable};
use std::io::Write;
use std::path::{Path, PathBuf};

fn matcher() -> Matcher {
    Matcher::new(&Taxonomy::builtin()).unwrap()
}

fn run(paths: &[PathBuf], opts: &ScanOptions) -> (Vec<PostingRow>, culprit_postings::JobOutcome) {
    let mut rows = Vec::new();
    let out = scan_files(paths, &matcher(), &NoCoder, opts, |r| {
        rows.extend_from_slice(r);
        Ok(())
    })
    .unwrap();
    (rows, out)
}

fn write_csv(path: &Path, ps: &[synth::SynthPosting]) {
    let mut w = csv::Writer::from_path(path).unwrap();
    w.write_record(["posting id", "date", "company", "title", "text", "location"]).unwrap();
    for p in ps {
        let q = &p.posting;
        w.write_record([&q.id, &q.date, &q.company, &q.title, &q.description, &q.location]).unwrap();
    }
    w.flush().unwrap();
}

fn write_parquet(path: &Path, ps: &[synth::SynthPosting]) {
    use arrow::array::StringArray;
    use arrow::datatypes::{DataType, Field, Schema};
    use arrow::record_batch::RecordBatch;
    use std::sync::Arc;
    let names = ["id", "date", "company", "title", "description", "location"];
    let schema = Arc::new(Schema::new(names.iter().map(|n| Field::new(*n, DataType::Utf8, true)).collect::<Vec<_>>()));
    let col = |f: fn(&culprit_postings::Posting) -> &str| Arc::new(StringArray::from(ps.iter().map(|p| f(&p.posting)).collect::<Vec<_>>())) as arrow::array::ArrayRef;
    let batch = RecordBatch::try_new(
        schema.clone(),
        vec![col(|p| &p.id), col(|p| &p.date), col(|p| &p.company), col(|p| &p.title), col(|p| &p.description), col(|p| &p.location)],
    )
    .unwrap();
    let mut w = parquet::arrow::ArrowWriter::try_new(std::fs::File::create(path).unwrap(), schema, None).unwrap();
    w.write(&batch).unwrap();
    w.close().unwrap();
}

#[test]
fn jsonl_csv_and_parquet_give_the_same_scan_and_the_planted_truth() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = SynthConfig { n: 12_000, seed: 11, ..Default::default() };
    let ps = synth::generate(&cfg);
    let jsonl = dir.path().join("c.jsonl");
    synth::write_jsonl(&cfg, std::fs::File::create(&jsonl).unwrap()).unwrap();
    let csv = dir.path().join("c.csv");
    write_csv(&csv, &ps);
    let pq = dir.path().join("c.parquet");
    write_parquet(&pq, &ps);

    let (rows_j, out_j) = run(&[jsonl], &ScanOptions::default());
    let csv_opts = ScanOptions { map: ColumnMap::parse(&["id=posting id", "description=text"]).unwrap(), ..Default::default() };
    let (rows_c, out_c) = run(&[csv], &csv_opts);
    let (rows_p, out_p) = run(&[pq], &ScanOptions::default());
    assert_eq!(rows_j.len(), 12_000);
    assert_eq!(rows_j, rows_c);
    assert_eq!(rows_j, rows_p);
    assert_eq!(out_j.aggregates, out_c.aggregates);
    assert_eq!(out_j.aggregates, out_p.aggregates);
    for (r, p) in rows_j.iter().zip(&ps) {
        assert_eq!(r.id, p.posting.id);
        assert_eq!((r.generic_mentions, r.specific_mentions, r.tool_mentions), (p.truth.generic, p.truth.specific, p.truth.tool));
        assert_eq!(r.context, p.truth.context.unwrap_or(ContextClass::None));
    }
    let months = out_j.aggregates.groups[&culprit_postings::Dimension::Month].len();
    assert_eq!(months, 48);
    assert!(out_j.not_scanned().is_empty());
}

#[test]
fn bad_input_is_skipped_counted_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("bad.jsonl");
    let mut f = std::fs::File::create(&p).unwrap();
    writeln!(f, r#"{{"id":"a","date":"2024-01-02","description":"We build machine learning models."}}"#).unwrap();
    writeln!(f, r#"{{"id":"b","description": oops}}"#).unwrap();
    f.write_all(b"{\"id\":\"c\",\"description\":\"AI \xff\xfe tools\"}\n").unwrap();
    let big = "filler text about logistics. ".repeat(1_800_000) + "Use ChatGPT daily.";
    writeln!(f, "{}", serde_json::json!({"id": "big", "description": big})).unwrap();
    drop(f);
    let missing = dir.path().join("missing.jsonl");
    let nodesc = dir.path().join("nodesc.csv");
    std::fs::write(&nodesc, "id,title\n1,Cook\n").unwrap();
    let unknown = dir.path().join("notes.txt");
    std::fs::write(&unknown, "AI").unwrap();

    let (rows, out) = run(&[p.clone(), missing, nodesc, unknown], &ScanOptions::default());
    assert_eq!(rows.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(), ["a", "c", "big"]);
    assert_eq!(rows[2].tool_mentions, 1, "the end of a 50 MB description is scanned");
    assert!(big.len() > 50_000_000);
    let f0 = &out.files[0];
    assert_eq!((f0.rows_read, f0.rows_scanned, f0.rows_skipped, f0.invalid_utf8_rows), (4, 3, 1, 1));
    let ns = out.not_scanned();
    assert!(ns.iter().any(|l| l.contains("bad.jsonl: 1 rows skipped (lines 2)")), "{ns:?}");
    assert!(ns.iter().any(|l| l.contains("missing.jsonl") && l.contains("No such file")), "{ns:?}");
    assert!(ns.iter().any(|l| l.contains("nodesc.csv") && l.contains("--map description=")), "{ns:?}");
    assert!(ns.iter().any(|l| l.contains("notes.txt") && l.contains("--map description=")), "{ns:?}");
    assert_eq!(out.files.iter().filter(|f| f.aborted.is_some()).count(), 3);

    // A limit below the big description: scanned up to it, and said so.
    let opts = ScanOptions { max_description: 1 << 20, ..Default::default() };
    let (rows, out) = run(&[p], &opts);
    assert_eq!(rows[2].tool_mentions, 0);
    assert!(out.not_scanned().iter().any(|l| l.contains("posting big (line 4)") && l.contains("not scanned")));
}

#[test]
fn output_files_have_the_interface_columns_and_a_chart() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = SynthConfig { n: 3000, seed: 5, ..Default::default() };
    let jsonl = dir.path().join("c.jsonl");
    synth::write_jsonl(&cfg, std::fs::File::create(&jsonl).unwrap()).unwrap();
    let m = matcher();
    let coder = TitleTable::new(synth::title_rows());
    let out_dir = dir.path().join("out");
    let mut w = PostingsCsv::create(&out_dir).unwrap();
    let outcome = scan_files(&[jsonl], &m, &coder, &ScanOptions::default(), |r| w.write(r)).unwrap();
    w.finish().unwrap();
    let s = Summary::new("rust", &m, &outcome.aggregates, outcome.files.clone(), outcome.not_scanned(), 0.0);
    write_tables(&out_dir, &m, &outcome.aggregates, &s).unwrap();
    let head = std::fs::read_to_string(out_dir.join("postings.csv")).unwrap();
    assert!(head.starts_with("id,generic_mentions,specific_mentions,tool_mentions,context,"));
    assert_eq!(head.lines().count(), 3001);
    for f in ["by_month.csv", "by_company.csv", "by_occupation.csv", "by_state.csv", "keywords.csv", "summary.json", "keywords.svg"] {
        assert!(out_dir.join(f).exists(), "{f}");
    }
    let occ = std::fs::read_to_string(out_dir.join("by_occupation.csv")).unwrap();
    assert!(occ.contains("15-2051 Data Scientists") && !occ.contains("uncoded"));
    let svg = std::fs::read_to_string(out_dir.join("keywords.svg")).unwrap();
    assert!(svg.contains("#d95f02") && svg.contains("#1b9e77") && svg.contains("#7570b3"));
    let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(out_dir.join("summary.json")).unwrap()).unwrap();
    assert_eq!(v["postings"], 3000);
    assert!(v["specificity_index"].as_f64().unwrap() > 0.0);
}
