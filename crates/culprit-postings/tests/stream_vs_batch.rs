//! The streaming JSON Lines scan against the batch path (serde_json per line, `PostingRow`s,
//! the csv serialiser): byte-identical postings.csv, equal aggregates and equal file reports
//! on awkward input (escapes, \u sequences, nested values, fields in any order, missing and
//! null fields, numbers and booleans, CRLF, blank lines, invalid UTF-8, bad lines, oversized
//! descriptions, several text columns, a state column, no id column), with chunks and pieces
//! small enough to cut everywhere, with a ready title coder and one still being built.

use culprit_postings::output::PostingsCsv;
use culprit_postings::stream::{set_chunk_sizes, set_map_files};
use culprit_postings::synth::{self, SynthConfig};
use culprit_postings::{scan_files, scan_files_streaming, CoderCell, Coding, ColumnMap, JobOutcome, Matcher, ScanOptions, StageTimes, Taxonomy, TitleCoder, TitleTable};
use std::path::{Path, PathBuf};

fn matcher() -> Matcher {
    Matcher::new(&Taxonomy::builtin()).unwrap()
}

fn awkward() -> Vec<u8> {
    let mut b: Vec<u8> = Vec::new();
    let mut line = |s: &[u8]| {
        b.extend_from_slice(s);
        b.push(b'\n');
    };
    line(br#"{"id":"a1","date":"2024-03-05","company":" Acme ","title":"Data Scientist","description":"We build LLM agents.\nUse \"ChatGPT\" daily \u00e9\u20ac \ud83d\ude00 \/ \\ \b\f\r\t done.","location":"Seattle, WA"}"#);
    line(br#"{"location":"Austin, TX 78701","description":"Machine learning and AI at scale; we use Copilot.","title":"Software Engineer","company":"Beta","date":"03/07/2024","id":"a2","extra":{"nested":[1,2.5,{"x":null,"y":[true,false]}],"e":"\u0041"}}"#);
    line(b"{\"id\":\"a3\",\"description\":\"CRLF line with AI\",\"title\":\"Cook\"}\r");
    line(b"");
    line(b"   \t ");
    line(b"\r");
    line(br#"{"id":7,"description":"numeric id, generative AI","company":null,"title":null}"#);
    line(br#"{"id":1.5,"description":"float id, AI"}"#);
    line(br#"{"id":-3,"description":"negative id, AI"}"#);
    line(br#"{"id":12345678901234567890,"description":"a 20-digit id, AI"}"#);
    line(br#"{"id":true,"description":"boolean id with deep learning"}"#);
    line(br#"{"id":"dup","id":"dup2","description":"duplicate keys, the last wins: NLP"}"#);
    line(br#"{"id":"a4","description":"truncated"#);
    line(br#"{"id":"a5","description":"trailing garbage"} x"#);
    line(br#"{"id":"a6","description":"trailing comma",}"#);
    line(b"{\"id\":\"a7\",\"description\":\"raw\ttab in a string\"}");
    line(br#"{"id":"a8","description":"lone surrogate \ud800 here"}"#);
    line(br#"{"id":"a9","description":{"text":"an object"}}"#);
    line(br#"["id","description"]"#);
    line(br#"{"id":"  ","description":"blank id"}"#);
    line(br#"{"id":"a10","description":"   "}"#);
    line(br#"{"id":"a11"}"#);
    line(b"{\"id\":\"a12\",\"description\":\"caf\xe9 with AI, not UTF-8\",\"title\":\"Barista\"}");
    line(br#"{"id":"a13","date":"3 days ago","description":"relative date; AI tools","location":"Boston, Massachusetts, United States"}"#);
    line(br#"{"id":"a14","date":"1713397508000","description":"epoch milliseconds; Claude","location":"Washington, DC"}"#);
    line(br#"{"id":"a15","date":"not a date","description":"Thai food near Main street with Kai","location":"Remote"}"#);
    line(br#"{"id":"a16","date":"2024-13-01","description":"bad month; AI-powered","title":"Data Scientist"}"#);
    line(br#"{"id":"a17","description":"escaped key","t\u0069tle":"Cook"}"#);
    line(br#"{"id":"a18","description":"exponent in an ignored field, AI","x":1e5}"#);
    line(br#"{"id":"a19","description":"empty object and array","x":{},"y":[],"z":"","w":0,"v":-0.25}"#);
    line(br#"{ "id" : "a20" , "description" : "spaces around everything, GPT-4" , "title" : "Cook" }"#);
    let long = format!("{{\"id\":\"a21\",\"description\":\"{}AI{}\"}}", "é".repeat(150), " x".repeat(200));
    line(long.as_bytes());
    // Sixty bad lines: more than the 50 kept, across pieces.
    for i in 0..60 {
        line(format!("{{\"id\":\"bad{i}\",").as_bytes());
    }
    // A realistic tail, so that chunks and pieces carry many rows.
    let cfg = SynthConfig { n: 300, seed: 5, ..Default::default() };
    synth::write_jsonl(&cfg, &mut b).unwrap();
    // No newline at the end of the last line.
    b.extend_from_slice(br#"{"id":"last","description":"no newline at the end, AI"}"#);
    b
}

fn batch(paths: &[PathBuf], m: &Matcher, coder: &dyn TitleCoder, opts: &ScanOptions, dir: &Path) -> (JobOutcome, Vec<u8>) {
    let mut w = PostingsCsv::create(dir).unwrap();
    // The batch path's writer, as main had it: csv::Writer with headers, one row at a time.
    let mut old = csv::Writer::from_writer(Vec::new());
    let out = scan_files(paths, m, coder, opts, |rows| {
        for r in rows {
            old.serialize(r).unwrap();
        }
        w.write(rows)
    })
    .unwrap();
    w.finish().unwrap();
    let old = old.into_inner().unwrap();
    assert_eq!(std::fs::read(dir.join("postings.csv")).unwrap(), old, "PostingsCsv writes what csv::Writer::serialize wrote");
    (out, old)
}

fn stream(paths: &[PathBuf], m: &Matcher, coding: Coding, opts: &ScanOptions, dir: &Path) -> (JobOutcome, Vec<u8>) {
    let mut w = PostingsCsv::create(dir).unwrap();
    let mut t = StageTimes::default();
    let out = scan_files_streaming(paths, m, coding, opts, Some(&mut w), Some(&mut t)).unwrap();
    w.finish().unwrap();
    assert_eq!(t.postings, out.files.iter().map(|f| f.rows_scanned).sum::<u64>());
    (out, std::fs::read(dir.join("postings.csv")).unwrap())
}

fn same(a: &(JobOutcome, Vec<u8>), b: &(JobOutcome, Vec<u8>), what: &str) {
    assert_eq!(String::from_utf8_lossy(&a.1), String::from_utf8_lossy(&b.1), "{what}: postings.csv");
    assert_eq!(a.1, b.1, "{what}: postings.csv bytes");
    assert_eq!(a.0.aggregates, b.0.aggregates, "{what}: aggregates");
    assert_eq!(serde_json::to_string_pretty(&a.0.files).unwrap(), serde_json::to_string_pretty(&b.0.files).unwrap(), "{what}: file reports");
    assert_eq!(a.0.not_scanned(), b.0.not_scanned(), "{what}: not scanned");
}

fn coder() -> TitleTable {
    TitleTable::new([
        ("Data Scientist".to_string(), "15-2051".to_string(), "Data Scientists".to_string()),
        ("Software Engineer".to_string(), "15-1252".to_string(), "Software Developers".to_string()),
        ("Cook".to_string(), "35-2014".to_string(), "Cooks, Restaurant".to_string()),
    ])
}

#[test]
fn streaming_scan_equals_the_batch_path_on_awkward_json_lines() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("awkward.jsonl");
    std::fs::write(&p, awkward()).unwrap();
    // A second file: several text columns, a state column, no id column, CRLF everywhere.
    let q = dir.path().join("google_style.jsonl");
    let mut t = String::new();
    for i in 0..300 {
        let resp = if i % 3 == 0 { "Build machine learning models" } else { "Answer the phones" };
        let quals = if i % 5 == 0 { "" } else { "Experience with ChatGPT or Gemini" };
        t.push_str(&format!("{{\"Company\":\"Google\",\"Title\":\"Software Engineer\",\"Location\":\"Mountain View\",\"State\":\"{}\",\"Responsibilities\":\"{resp} {i}\",\"Minimum Qualifications\":\"{quals}\",\"Preferred Qualifications\":\"BS degree\"}}\r\n", if i % 2 == 0 { "CA" } else { "" }));
    }
    std::fs::write(&q, t).unwrap();
    let m = matcher();
    let table = coder();
    let paths = vec![p.clone(), q.clone(), dir.path().join("missing.jsonl"), p.clone()];
    // Regular files are mapped; read like a pipe, they must give the same.
    for (k, (chunk, piece, mapped)) in [(8 << 20, 256 << 10, true), (4096, 512, true), (1000, 1, true), (8 << 20, 256 << 10, false), (4096, 512, false), (1000, 1, false)].into_iter().enumerate() {
        set_chunk_sizes(chunk, piece);
        set_map_files(mapped);
        for (j, opts) in [
            ScanOptions::default(),
            ScanOptions { max_description: 200, ..Default::default() },
            ScanOptions { map: ColumnMap { as_of: chrono::NaiveDate::from_ymd_opt(2024, 5, 10), ..Default::default() }, dims: vec![culprit_postings::Dimension::Month], ..Default::default() },
        ]
        .into_iter()
        .enumerate()
        {
            let what = format!("chunk {chunk}, piece {piece}, mapped {mapped}, options {j}");
            let a = batch(&paths, &m, &table, &opts, &dir.path().join(format!("a{k}{j}")));
            let b = stream(&paths, &m, Coding::Ready(&table), &opts, &dir.path().join(format!("b{k}{j}")));
            same(&a, &b, &what);
            // The coder arrives late: phase A runs ahead, then everything is coded.
            let cell = CoderCell::default();
            let c = std::thread::scope(|s| {
                s.spawn(|| {
                    std::thread::sleep(std::time::Duration::from_millis(30));
                    cell.set(Ok(Box::new(coder())));
                });
                stream(&paths, &m, Coding::Pending(&cell), &opts, &dir.path().join(format!("c{k}{j}")))
            });
            same(&a, &c, &format!("{what}, coder built late"));
        }
    }
    set_chunk_sizes(8 << 20, 256 << 10);
    set_map_files(true);
    // What the awkward file gives: bad lines named by their line numbers, the first 50 kept.
    let a = batch(&[p.clone()], &m, &table, &ScanOptions::default(), &dir.path().join("x"));
    let f = &a.0.files[0];
    assert_eq!(f.errors.len(), 50);
    assert!(f.rows_skipped >= 60 + 10, "{}", f.rows_skipped);
    let msg = |line: u64| f.errors.iter().find(|e| e.line == line).map(|e| e.message.clone()).unwrap_or_default();
    assert!(msg(13).contains("malformed JSON") && msg(13).contains("EOF"), "{}", msg(13));
    assert!(msg(14).contains("trailing characters"), "{}", msg(14));
    assert!(msg(18).contains("description"), "{}", msg(18));
    let ns = a.0.not_scanned().join("\n");
    assert!(ns.contains("rows skipped (lines 8, 9, 10,") || ns.contains("rows skipped (lines"), "{ns}");
    let csv = String::from_utf8(a.1).unwrap();
    assert!(csv.starts_with("id,generic_mentions,specific_mentions,tool_mentions,context,specificity,month,company,occupation,state\n"));
    assert!(csv.contains("\na3,"), "the CRLF line is read");
    assert!(csv.contains("\ndup2,"), "the last duplicate key wins");
    assert!(csv.contains("\n12345678901234567890,") && csv.contains("\ntrue,") && csv.contains("\n7,"), "{csv}");
}

#[test]
fn streaming_scan_of_an_empty_file_writes_an_empty_postings_csv() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("e.jsonl");
    std::fs::write(&p, "\n\n").unwrap();
    let m = matcher();
    let a = batch(&[p.clone()], &m, &culprit_postings::NoCoder, &ScanOptions::default(), &dir.path().join("a"));
    let b = stream(&[p], &m, Coding::Ready(&culprit_postings::NoCoder), &ScanOptions::default(), &dir.path().join("b"));
    assert!(b.1.is_empty());
    same(&a, &b, "empty file");
}
