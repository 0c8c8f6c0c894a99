//! Throughput of the coder on a realistic mix of one million titles: drawn with a seed from
//! O*NET's reported and alternate titles, mangled the way HR systems write them (abbreviations,
//! level suffixes, org and place suffixes, case, typos), with a Zipf repeat pattern over 30,000
//! distinct strings (an HRIS export repeats its titles heavily). Prints titles per second on one
//! core and on all cores, with and without the cache. `cargo bench -p culprit-titles`
//!
//! Wall-clock rates on a shared machine move with the load of other processes, so each run also
//! prints the rate per CPU-second the process actually got (`/proc/self/task/*/schedstat`, in
//! nanoseconds): on the one-core
//! runs that is the per-core speed of the coder, whatever else the machine is doing.
//! The second corpus is issue 17's: posting-style titles from `culprit_titles::corpus` (pay,
//! places, schedules, requisition codes, employers), 1 M rows over 309,423 distinct strings.
//! `BENCH_RUNS=1nc,1c,nnc,nc,p1nc,p1c,pnc` picks runs (1 core / n cores, no cache / cache,
//! p: the postings corpus); `BENCH_REPEAT=k`
//! repeats each (for profiling).
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
    let runs = std::env::var("BENCH_RUNS").unwrap_or_else(|_| "1nc,1c,nnc,nc,p1nc,p1c,pnc".into());
    let repeat: usize = std::env::var("BENCH_REPEAT").ok().and_then(|s| s.parse().ok()).unwrap_or(1);
    let run = |id: &str, name: &str, pool: Option<&rayon::ThreadPool>, c: &Coder, xs: &[&str]| {
        if !runs.split(',').any(|r| r == id) {
            return;
        }
        for _ in 0..repeat {
            let (t, cpu) = (Instant::now(), cpu_seconds());
            let out = match pool {
                Some(p) => p.install(|| c.code_many(xs)),
                None => c.code_many(xs),
            };
            let (s, cpu) = (t.elapsed().as_secs_f64(), cpu_seconds() - cpu);
            let coded = out.iter().filter(|x| x.soc.is_some()).count();
            println!(
                "{name:50} {:>9.0} titles/s wall, {:>9.0} per CPU-second  ({} titles, {:.2} s, {:.2} CPU-s, {:.1}% coded)",
                xs.len() as f64 / s,
                xs.len() as f64 / cpu.max(1e-9),
                xs.len(),
                s,
                cpu,
                100.0 * coded as f64 / xs.len() as f64
            );
        }
    };
    // The second corpus: posting-style titles (pay, places, schedules, codes; `corpus`), 1 M rows
    // over 309,423 distinct strings, shuffled: the file of issue 17.
    let noisy = culprit_titles::corpus::titles(&cat, &culprit_titles::corpus::CorpusOptions { rows: TOTAL, distinct: 309_423, seed: 7, postings: true });
    let noisy: Vec<&str> = noisy.iter().map(String::as_str).collect();
    let mut seen_noisy = ahash::AHashSet::new();
    let noisy_distinct: Vec<&str> = noisy.iter().copied().filter(|t| seen_noisy.insert(*t)).collect();
    run("1nc", "1 core, no cache, 30k distinct titles", Some(&one), &nocache, &distinct);
    run("p1nc", "postings: 1 core, no cache, 50k distinct", Some(&one), &nocache, &noisy_distinct[..50_000]);
    run("p1c", "postings: 1 core, cache, 309k distinct", Some(&one), &coder, &noisy_distinct);
    run("pnc", &format!("postings: {cores} cores, cache, 1M rows (309k distinct)"), None, &coder, &noisy);
    run("1c", "1 core, cache, 1M titles (30k distinct, Zipf)", Some(&one), &coder, &titles);
    run("nnc", &format!("{cores} cores, no cache, 30k distinct titles"), None, &nocache, &distinct);
    run("nc", &format!("{cores} cores, cache, 1M titles (30k distinct, Zipf)"), None, &coder, &titles);
}

/// CPU seconds this process has used: the sum over its threads of the nanosecond run time in
/// `/proc/self/task/*/schedstat`; where that is missing, user + system time from
/// `/proc/self/stat` (10 ms ticks, too coarse for runs of a fraction of a second); 0 elsewhere.
fn cpu_seconds() -> f64 {
    if let Ok(dir) = std::fs::read_dir("/proc/self/task") {
        let mut ns = 0u64;
        let mut any = false;
        for e in dir.flatten() {
            if let Some(v) = std::fs::read_to_string(e.path().join("schedstat")).ok().and_then(|s| s.split_whitespace().next().and_then(|x| x.parse::<u64>().ok())) {
                ns += v;
                any = true;
            }
        }
        if any {
            return ns as f64 / 1e9;
        }
    }
    let Ok(s) = std::fs::read_to_string("/proc/self/stat") else { return 0.0 };
    // Fields after the parenthesised command name; utime and stime are the 12th and 13th.
    let rest = s.rsplit_once(')').map_or("", |x| x.1);
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = f.get(11).and_then(|x| x.parse::<f64>().ok()).unwrap_or(0.0) + f.get(12).and_then(|x| x.parse::<f64>().ok()).unwrap_or(0.0);
    ticks / 100.0 // USER_HZ is 100 on Linux
}
