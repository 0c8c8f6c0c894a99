//! The real-title gold set coded with the employer's industry (OEWS industry priors) and
//! department: the development loop of issue 18. Prints every part; `--misses N` prints misses
//! of the dev split only.
//! `cargo run --release -p culprit-evidence --example gold_titles [-- --no-context] [--fit-calibration]`
use culprit_data::{Catalog, Registry};
use culprit_evidence::baseline::{cache_dir, OewsDb};
use culprit_titles::{gold, Coder, CoderOptions};
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let use_context = !args.iter().any(|a| a == "--no-context");
    let misses: usize = args.iter().position(|a| a == "--misses").and_then(|i| args.get(i + 1)).and_then(|s| s.parse().ok()).unwrap_or(0);
    let (cat, _) = Catalog::open(&Registry::builtin().unwrap()).unwrap();
    let mirror = culprit_evidence::mirror::locate(None).expect("data mirror");
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../culprit-titles/gold/real_titles.csv");
    let rows = gold::load(&std::fs::read(path).unwrap(), path, Some(&mirror)).unwrap();
    let db = OewsDb::open_gz(&mirror.join("bls_oews_2025/oews-2025.sqlite.gz"), &cache_dir()).unwrap();
    let (priors, unresolved) = db.title_priors(&cat, rows.iter().filter_map(|r| r.industry.as_deref())).unwrap();
    eprintln!("{} industries, unresolved: {unresolved:?}", priors.len());
    let coder = Coder::new(&cat, CoderOptions::default()).unwrap().with_industry_priors(if use_context { priors } else { Default::default() });
    let r = gold::evaluate(&coder, &rows, use_context);
    println!("{:22} {:>5} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6}", "part", "n", "six", "five", "three", "two", "w-six", "alt6", "ece");
    for (k, p) in std::iter::once(("all".to_string(), &r.all)).chain(r.parts.iter().map(|(k, v)| (k.clone(), v))) {
        let a = &p.accuracy;
        println!("{k:22} {:>5} {:>6.1} {:>6.1} {:>6.1} {:>6.1} {:>6.1} {:>6.1} {:>6.3}", p.titles, a.six * 100.0, a.five * 100.0, a.three * 100.0, a.two * 100.0, p.weighted.six * 100.0, p.six_or_alt * 100.0, p.calibration_error);
    }
    if args.iter().any(|a| a == "--fit-calibration") {
        let c = gold::recalibrate(&r);
        println!("calibration in use {:?}, refitted on {} dev titles {:?}", c.current, c.dev_titles, c.fitted);
        println!("ece dev {:.3} -> {:.3}, frozen ({}) {:.3} -> {:.3}, frozen mean confidence {:.3} -> {:.3}, accuracy {:.3}", c.dev_error.0, c.dev_error.1, c.frozen_titles, c.frozen_error.0, c.frozen_error.1, c.frozen_mean_confidence.0, c.frozen_mean_confidence.1, c.frozen_accuracy);
    }
    let dev: std::collections::HashSet<&str> = rows.iter().filter(|g| !g.frozen).map(|g| g.id.as_str()).collect();
    for (id, t, want, got) in r.misses.iter().filter(|m| dev.contains(m.0.as_str())).take(misses) {
        let g = rows.iter().find(|g| &g.id == id).unwrap();
        println!("{id:9} {t:50} want {want} [{}|{}] got {got}", g.department.as_deref().unwrap_or(""), g.industry.as_deref().unwrap_or(""));
    }
}
