//! Throughput of the coder on a realistic mix of one million titles: drawn with a seed from
//! O*NET's reported and alternate titles, mangled the way HR systems write them (abbreviations,
//! level suffixes, org and place suffixes, case, typos), with a Zipf repeat pattern over 30,000
//! distinct strings (an HRIS export repeats its titles heavily). Prints titles per second on one
//! core and on all cores, with and without the cache. `cargo bench -p culprit-titles`
use culprit_data::{Catalog, Registry, TitleKind};
use culprit_titles::{Coder, CoderOptions};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::time::Instant;

const DISTINCT: usize = 30_000;
const TOTAL: usize = 1_000_000;

fn mangle(t: &str, rng: &mut ChaCha8Rng) -> String {
    let mut s = t.to_string();
    for (long, short) in [("Senior ", "Sr. "), ("Manager", "Mgr"), ("Assistant", "Asst"), ("Representative", "Rep"), ("Engineer", "Engr"), ("Administrative", "Admin"), ("Coordinator", "Coord"), ("Specialist", "Spec"), ("Technician", "Tech")] {
        if rng.gen_bool(0.5) {
            s = s.replace(long, short);
        }
    }
    if rng.gen_bool(0.2) {
        s = format!("Senior {s}");
    }
    match rng.gen_range(0..10) {
        0 => s.push_str(" II"),
        1 => s.push_str(" III"),
        2 => s.push_str(", Remote"),
        3 => s.push_str(" - Seattle"),
        4 => s.push_str(" (Contract)"),
        _ => {}
    }
    match rng.gen_range(0..10) {
        0 => s = s.to_uppercase(),
        1 => s = s.to_lowercase(),
        _ => {}
    }
    if rng.gen_bool(0.05) && s.len() > 6 {
        let i = rng.gen_range(1..s.len() - 1);
        if s.is_char_boundary(i) && s.is_char_boundary(i + 1) {
            s.remove(i);
        }
    }
    s
}

fn main() {
    let (cat, _) = Catalog::open(&Registry::builtin().expect("registry")).expect("catalog (needs the data mirror)");
    let t = Instant::now();
    let coder = Coder::new(&cat, CoderOptions::default()).unwrap();
    println!("index build: {:.0} ms ({} distinct normalised titles)", t.elapsed().as_secs_f64() * 1e3, coder.indexed_titles());
    let base: Vec<&str> = cat.titles.iter().filter(|t| matches!(t.kind, TitleKind::Reported | TitleKind::Alternate)).map(|t| t.text.as_str()).collect();
    let mut rng = ChaCha8Rng::seed_from_u64(2026);
    let mut pool: Vec<String> = Vec::with_capacity(DISTINCT);
    let mut seen = ahash::AHashSet::new();
    while pool.len() < DISTINCT {
        let s = mangle(base[rng.gen_range(0..base.len())], &mut rng);
        if seen.insert(s.clone()) {
            pool.push(s);
        }
    }
    // Zipf(1) ranks by inverse-CDF sampling.
    let h: Vec<f64> = (1..=DISTINCT).scan(0.0, |a, k| {
        *a += 1.0 / k as f64;
        Some(*a)
    }).collect();
    let total_h = h[DISTINCT - 1];
    let titles: Vec<&str> = (0..TOTAL)
        .map(|_| {
            let u = rng.gen::<f64>() * total_h;
            pool[h.partition_point(|&x| x < u).min(DISTINCT - 1)].as_str()
        })
        .collect();
    let distinct: Vec<&str> = pool.iter().map(String::as_str).collect();

    let one = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
    let cores = rayon::current_num_threads();
    let nocache = Coder::new(&cat, CoderOptions { cache: false, ..Default::default() }).unwrap();
    let run = |name: &str, pool: Option<&rayon::ThreadPool>, c: &Coder, xs: &[&str]| {
        let t = Instant::now();
        let out = match pool {
            Some(p) => p.install(|| c.code_many(xs)),
            None => c.code_many(xs),
        };
        let s = t.elapsed().as_secs_f64();
        let coded = out.iter().filter(|x| x.soc.is_some()).count();
        println!("{name:52} {:>10.0} titles/s  ({} titles, {:.2} s, {:.1}% coded)", xs.len() as f64 / s, xs.len(), s, 100.0 * coded as f64 / xs.len() as f64);
    };
    run("1 core, no cache, 30k distinct titles", Some(&one), &nocache, &distinct);
    run("1 core, cache, 1M titles (30k distinct, Zipf)", Some(&one), &coder, &titles);
    run(&format!("{cores} cores, no cache, 30k distinct titles"), None, &nocache, &distinct);
    run(&format!("{cores} cores, cache, 1M titles (30k distinct, Zipf)"), None, &coder, &titles);
}
