//! Property tests of every reader and value parser on hostile input: random bytes behind each
//! format's magic number, valid files cut at random points, huge fields, mixed encodings. None
//! may panic; each either reads or returns an error. Bounded (a few hundred cases per property)
//! so that they run in CI in seconds.

use culprit_input::schema::Kind;
use culprit_input::values::{parse_count, parse_date, parse_money, parse_share, person_key, DateHint, DayOrder, NumericDate};
use culprit_input::{infer, open_bytes, InferOptions, OpenOptions};
use proptest::prelude::*;
use std::io::Write;
use std::path::Path;

/// Open, read every row, and map to every schema; errors are fine, panics are not.
fn exercise(bytes: Vec<u8>) {
    let opts = OpenOptions { sample_rows: 50, ..Default::default() };
    let Ok(mut t) = open_bytes("fuzz", bytes, &opts, None) else { return };
    for k in Kind::ALL {
        let _ = infer(k.schema(), Path::new("fuzz"), &t.headers, &t.sample, &InferOptions::default());
    }
    let mut n = 0;
    while let Ok(Some(r)) = t.next_row() {
        n += 1;
        assert!(r.line > 0 || t.info.format == "parquet");
        if n > 100_000 {
            break;
        }
    }
}

fn csv_sample() -> Vec<u8> {
    let mut s = String::from("Employee ID,Name,Manager,Job Title,Annual Salary,Hire Date\n");
    for i in 0..40 {
        s.push_str(&format!("{i},\"Doe, Jane {i}\",{},\"Analyst, \"\"Senior\"\"\",\"$1{i},000\",0{}/1{}/2020\n", i / 3, i % 9 + 1, i % 9));
    }
    s.into_bytes()
}

fn jsonl_sample() -> Vec<u8> {
    let mut s = String::new();
    for i in 0..40 {
        s.push_str(&format!("{{\"job_id\": {i}, \"title\": \"Cook \\u00e9\", \"listed_time\": 17133975{i:02}000.0, \"description\": \"We use AI tools daily\"}}\n"));
    }
    s.into_bytes()
}

fn gzip(b: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(b).unwrap();
    e.finish().unwrap()
}

fn parquet_sample() -> Vec<u8> {
    use arrow::array::{Int64Array, StringArray};
    use arrow::datatypes::{DataType, Field, Schema};
    use arrow::record_batch::RecordBatch;
    use std::sync::Arc;
    let schema = Arc::new(Schema::new(vec![Field::new("id", DataType::Int64, false), Field::new("title", DataType::Utf8, true)]));
    let batch = RecordBatch::try_new(schema.clone(), vec![Arc::new(Int64Array::from((0..100).collect::<Vec<i64>>())), Arc::new(StringArray::from((0..100).map(|i| format!("Title {i}")).collect::<Vec<_>>()))]).unwrap();
    let mut out = Vec::new();
    let mut w = parquet::arrow::ArrowWriter::try_new(&mut out, schema, None).unwrap();
    w.write(&batch).unwrap();
    w.close().unwrap();
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_behind_every_magic_number(magic in 0usize..6, body in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let head: &[u8] = [&b""[..], b"PK\x03\x04", b"PAR1", b"\x1f\x8b", b"\xef\xbb\xbf", b"\xff\xfe"][magic];
        let mut b = head.to_vec();
        b.extend(body);
        exercise(b);
    }

    #[test]
    fn valid_files_cut_anywhere(kind in 0usize..5, cut in 0.0f64..1.0) {
        let full = match kind {
            0 => csv_sample(),
            1 => jsonl_sample(),
            2 => gzip(&csv_sample()),
            3 => gzip(&jsonl_sample()),
            _ => parquet_sample(),
        };
        let n = ((full.len() as f64) * cut) as usize;
        exercise(full[..n].to_vec());
    }

    #[test]
    fn mixed_encodings_and_delimiters(parts in proptest::collection::vec((0usize..4, "[a-zA-Zé€ü ,;|\t\"\n]{0,40}"), 1..30)) {
        let mut b = Vec::new();
        for (enc, text) in parts {
            match enc {
                0 => b.extend_from_slice(text.as_bytes()),
                1 => b.extend(encoding_rs::WINDOWS_1252.encode(&text).0.iter()),
                2 => b.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes())),
                _ => b.extend(text.bytes().map(|x| x ^ 0x80)),
            }
        }
        exercise(b);
    }

    #[test]
    fn value_parsers_never_panic(s in "\\PC{0,40}", t in "[0-9 ,./:$€kKmM%()+-]{0,24}") {
        for v in [s.as_str(), t.as_str()] {
            for hint in [DateHint::default(), DateHint { order: DayOrder::DayFirst, numeric: Some(NumericDate::ExcelSerial), as_of: None }, DateHint { numeric: Some(NumericDate::EpochMillis), ..Default::default() }] {
                let _ = parse_date(v, &hint);
            }
            let _ = parse_money(v);
            let _ = parse_count(v);
            let _ = parse_share(v);
            let _ = person_key(v);
        }
    }
}

#[test]
fn huge_fields_and_long_lines_are_read() {
    let big = "x".repeat(5 << 20);
    let csv = format!("id,description\n1,\"{big}\"\n2,short\n");
    let mut t = open_bytes("big.csv", csv.into_bytes(), &OpenOptions::default(), None).unwrap();
    let r = t.next_row().unwrap().unwrap();
    assert_eq!(r.cells[1].len(), 5 << 20);
    assert_eq!(t.next_row().unwrap().unwrap().line, 3);
    let jl = format!("{{\"id\": 1, \"description\": \"{big}\"}}\n");
    let t = open_bytes("big.jsonl", jl.into_bytes(), &OpenOptions::default(), None).unwrap();
    assert_eq!(t.sample[0].cells[1].len(), 5 << 20);
}
