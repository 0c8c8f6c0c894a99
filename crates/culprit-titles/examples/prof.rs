//! Where the time goes: normalisation versus ranking, one thread, on O*NET's reported titles
//! and on the noisy posting-style corpus (`corpus::distinct_titles`, 100,000 titles, seed 7).
//! `PROF_REPEAT=k` repeats each pass (for perf).
use culprit_data::{Catalog, Registry, TitleKind};
use culprit_titles::corpus::{distinct_titles, CorpusOptions};
use culprit_titles::{Coder, CoderOptions};
fn main() {
    let (cat, _) = Catalog::open(&Registry::builtin().unwrap()).unwrap();
    let coder = Coder::new(&cat, CoderOptions::default()).unwrap();
    let repeat: usize = std::env::var("PROF_REPEAT").ok().and_then(|s| s.parse().ok()).unwrap_or(1);
    let reported: Vec<&str> = cat.titles.iter().filter(|t| t.kind == TitleKind::Reported).map(|t| t.text.as_str()).collect();
    let noisy = distinct_titles(&cat, &CorpusOptions { rows: 100_000, distinct: 100_000, seed: 7, postings: true });
    let noisy: Vec<&str> = noisy.iter().map(String::as_str).collect();
    for (name, titles) in [("O*NET reported", &reported), ("noisy postings", &noisy)] {
        let t = std::time::Instant::now();
        let mut n = 0;
        for _ in 0..repeat {
            for x in titles.iter() {
                n += coder.index().normalizer.query(x).map(|q| q.core.len()).unwrap_or(0);
            }
        }
        println!("{name}: normalise {:.0}/s ({n})", (repeat * titles.len()) as f64 / t.elapsed().as_secs_f64());
        let t = std::time::Instant::now();
        for _ in 0..repeat {
            for x in titles.iter() {
                n += coder.code(x).alternatives.len();
            }
        }
        println!("{name}: code {:.0}/s ({n})", (repeat * titles.len()) as f64 / t.elapsed().as_secs_f64());
    }
}
