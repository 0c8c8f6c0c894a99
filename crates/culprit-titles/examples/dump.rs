//! Regression dump: codes every catalog title (and mangled variants of each, as HR systems write
//! them) and prints one line per title with everything the coder returns, so that two builds can
//! be compared with `diff` (speed work must not change any output).
//! `cargo run --release -p culprit-titles --example dump > before.txt`
use culprit_data::{Catalog, Registry};
use culprit_titles::{Coder, CoderOptions};
use std::io::Write;

fn main() {
    let (cat, _) = Catalog::open(&Registry::builtin().unwrap()).unwrap();
    let coder = Coder::new(&cat, CoderOptions { cache: false, ..Default::default() }).unwrap();
    let mut titles: Vec<String> = Vec::new();
    for (i, t) in cat.titles.iter().enumerate() {
        titles.push(t.text.clone());
        // Cheap deterministic mangles: case, rank prefix, org suffix, a dropped letter.
        match i % 5 {
            0 => titles.push(format!("Sr. {}, Remote", t.text.to_lowercase())),
            1 => titles.push(format!("{} II - Seattle", t.text.to_uppercase())),
            2 => titles.push(format!("Mgr, {}", t.text)),
            3 => {
                let mut s = t.text.clone();
                let k = s.len() / 2;
                if s.is_char_boundary(k) && s.is_char_boundary(k + 1) {
                    s.remove(k);
                }
                titles.push(s)
            }
            _ => titles.push(format!("{} (Contract)", t.text.replace("Assistant", "Asst"))),
        }
    }
    // Found from the crate's directory wherever the dump is run from (from the repository's root
    // a relative path silently missed them).
    for f in ["hand_labelled_titles.csv", "frozen_holdout_titles.csv"] {
        let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(f);
        let s = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        titles.extend(s.lines().skip(1).filter_map(|l| l.split(',').next()).map(|s| s.trim_matches('"').to_string()));
    }
    let out = std::io::stdout();
    let mut out = std::io::BufWriter::new(out.lock());
    for t in &titles {
        let c = coder.code(t);
        write!(out, "{t}\t{:?}\t{:.6}\t{:.6}\t{}\t{:?}\t{:?}", c.soc, c.confidence, c.score, c.method.label(), c.evidence, c.seniority).unwrap();
        for a in &c.alternatives {
            write!(out, "\t{}|{:.6}|{:.6}|{}", a.soc, a.score, a.confidence, a.evidence).unwrap();
        }
        writeln!(out).unwrap();
    }
}
