//! Where the time goes: normalisation versus ranking, one thread.
use culprit_data::{Catalog, Registry, TitleKind};
use culprit_titles::{Coder, CoderOptions};
fn main() {
    let (cat, _) = Catalog::open(&Registry::builtin().unwrap()).unwrap();
    let coder = Coder::new(&cat, CoderOptions::default()).unwrap();
    let titles: Vec<&str> = cat.titles.iter().filter(|t| t.kind == TitleKind::Reported).map(|t| t.text.as_str()).collect();
    let t = std::time::Instant::now();
    let mut n = 0;
    for x in &titles { n += coder.index().normalizer.query(x).map(|q| q.core.len()).unwrap_or(0); }
    println!("normalise {:.0}/s ({n})", titles.len() as f64 / t.elapsed().as_secs_f64());
    let t = std::time::Instant::now();
    for x in &titles { n += coder.code(x).alternatives.len(); }
    println!("code {:.0}/s ({n})", titles.len() as f64 / t.elapsed().as_secs_f64());
}
