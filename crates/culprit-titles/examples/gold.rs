//! Development loop on the real-title gold set: scores every part and prints the misses of the
//! **dev** split only (the frozen split is never looked at row by row).
//! `cargo run --release -p culprit-titles --example gold [-- --no-context] [-- --misses N]`
use culprit_data::{Catalog, Registry};
use culprit_titles::{gold, Coder, CoderOptions};
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let use_context = !args.iter().any(|a| a == "--no-context");
    let misses: usize = args.iter().position(|a| a == "--misses").and_then(|i| args.get(i + 1)).and_then(|s| s.parse().ok()).unwrap_or(60);
    let (cat, _) = Catalog::open(&Registry::builtin().unwrap()).unwrap();
    let coder = Coder::new(&cat, CoderOptions::default()).unwrap();
    if let Ok(t) = std::env::var("DEBUG_TITLE") {
        let q = coder.index().normalizer.query(&t);
        println!("{q:?}");
        let c = coder.code(&t);
        println!("{:?} {:?} {:?} {}", c.soc, c.occupation, c.evidence, c.confidence);
        return;
    }
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/gold/real_titles.csv");
    let mirror = std::env::var_os("CULPRIT_MIRROR").map(std::path::PathBuf::from).unwrap_or_else(|| "/work/shared/data".into());
    let rows = gold::load(&std::fs::read(path).unwrap(), path, Some(&mirror)).unwrap();
    let r = gold::evaluate(&coder, &rows, use_context);
    println!("{:16} {:>5} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6}", "part", "n", "six", "five", "three", "two", "w-six", "alt6", "ece");
    for (k, p) in std::iter::once(("all".to_string(), &r.all)).chain(r.parts.iter().map(|(k, v)| (k.clone(), v))) {
        let a = &p.accuracy;
        println!("{k:16} {:>5} {:>6.1} {:>6.1} {:>6.1} {:>6.1} {:>6.1} {:>6.1} {:>6.3}", p.titles, a.six * 100.0, a.five * 100.0, a.three * 100.0, a.two * 100.0, p.weighted.six * 100.0, p.six_or_alt * 100.0, p.calibration_error);
    }
    let dev: std::collections::HashSet<&str> = rows.iter().filter(|g| !g.frozen).map(|g| g.id.as_str()).collect();
    for (id, t, want, got) in r.misses.iter().filter(|m| dev.contains(m.0.as_str())).take(misses) {
        let g = rows.iter().find(|g| &g.id == id).unwrap();
        println!("{id:9} {t:50} want {want} [{}|{}] got {got}", g.department.as_deref().unwrap_or(""), g.industry.as_deref().unwrap_or(""));
    }
}
